//! `kubectl VERB …`: parses flags and dispatches to the verbs.

use crate::args::{self, Args};
use crate::get::{self, WatchSpec};
use crate::shell::{Output, Shell};
use crate::verbs::apply::Source;
use crate::verbs::{apply, delete, describe, info, label, patch, rollout, scale, set_image, wait};
use ordinal_sim::Duration;

/// How long a blocking command (`delete` waiting for objects to go, `rollout status`) may run
/// in virtual time when no `--timeout` says otherwise.
pub const DEFAULT_BLOCK_LIMIT: Duration = Duration(10 * 60 * 1000);

/// `--timeout=30s`; `0` or absent means the default limit.
pub fn timeout(args: &Args) -> Duration {
    args.value("timeout")
        .and_then(|t| Duration::parse(t).ok())
        .filter(|d| d.as_millis() > 0)
        .unwrap_or(DEFAULT_BLOCK_LIMIT)
}

/// What running a kubectl command produced, and a watch to drive if it asked for one.
#[derive(Debug)]
pub struct Ran {
    pub output: Output,
    pub watch: Option<WatchSpec>,
}

impl From<Output> for Ran {
    fn from(output: Output) -> Self {
        Ran {
            output,
            watch: None,
        }
    }
}

pub fn unknown_command(verb: &str) -> Output {
    Output::err(
        format!("Error: unknown command \"{verb}\" for \"kubectl\"\n"),
        1,
    )
}

/// Global flags may come before the verb (`kubectl -n zk get pods`).
fn split_verb(words: &[String]) -> Option<(String, Vec<String>)> {
    let mut rest = Vec::new();
    let mut iter = words.iter();
    while let Some(w) = iter.next() {
        if w.starts_with('-') {
            rest.push(w.clone());
            let takes_value = matches!(
                w.as_str(),
                "-n" | "--namespace" | "--request-timeout" | "--context"
            );
            if takes_value && let Some(v) = iter.next() {
                rest.push(v.clone());
            }
            continue;
        }
        rest.extend(iter.cloned());
        return Some((w.clone(), rest));
    }
    None
}

fn sources(shell: &Shell, args: &Args, stdin: &str) -> Result<Vec<Source>, Output> {
    let files = args.values("filename");
    if files.is_empty() {
        return Err(Output::err(
            "error: must specify one of -f and -k\n".into(),
            1,
        ));
    }
    files
        .into_iter()
        .map(|name| {
            let text = if name == "-" {
                Ok(stdin.to_string())
            } else {
                shell.read_file(name)
            };
            text.map(|text| Source {
                name: name.to_string(),
                text,
            })
            .map_err(|_| Output::err(format!("error: the path \"{name}\" does not exist\n"), 1))
        })
        .collect()
}

pub fn run(shell: &mut Shell, words: &[String], stdin: &str) -> Ran {
    let Some((verb, rest)) = split_verb(words) else {
        return Output::err("error: no command given\n".into(), 1).into();
    };
    let parsed = match args::parse(&verb, &rest) {
        Ok(a) => a,
        Err(e) => return Output::err(format!("{e}\n"), 1).into(),
    };
    let namespace = parsed
        .value("namespace")
        .unwrap_or(&shell.namespace)
        .to_string();
    match verb.as_str() {
        "get" => {
            let (output, watch) = get::run(&shell.cluster, &parsed, &shell.namespace);
            Ran { output, watch }
        }
        "apply" | "create" => match sources(shell, &parsed, stdin) {
            Ok(sources) if verb == "apply" => apply::apply(&mut shell.cluster, &sources).into(),
            Ok(sources) => apply::create(&mut shell.cluster, &sources).into(),
            Err(out) => out.into(),
        },
        "delete" => {
            let files = if parsed.has("filename") {
                match sources(shell, &parsed, stdin) {
                    Ok(s) => s.into_iter().map(|s| (s.name, s.text)).collect(),
                    Err(out) => return out.into(),
                }
            } else {
                Vec::new()
            };
            let plan = delete::plan(&shell.cluster, &parsed, &namespace, &files);
            let (mut output, waiting) = delete::run(&mut shell.cluster, &parsed, plan);
            let deadline = shell.cluster.now() + timeout(&parsed);
            // Gone means no object with that uid: a controller may re-create the name at once.
            let present = |shell: &Shell| {
                waiting.iter().any(|(k, uid)| {
                    shell
                        .cluster
                        .store()
                        .get(k)
                        .is_some_and(|o| o.metadata().uid == *uid)
                })
            };
            while present(shell) {
                if !shell.advance_towards(deadline) {
                    if present(shell) {
                        output
                            .stderr
                            .push_str("error: timed out waiting for the condition\n");
                        output.exit_code = 1;
                    }
                    break;
                }
            }
            output.into()
        }
        "rollout" => rollout::run(shell, &parsed, &namespace).into(),
        "scale" => scale::run(&mut shell.cluster, &parsed, &namespace).into(),
        "patch" => patch::run(&mut shell.cluster, &parsed, &namespace).into(),
        "set" => set_image::run(&mut shell.cluster, &parsed, &namespace).into(),
        // describe.go's own message for a missing type, before any lookup.
        "describe" if parsed.positional.is_empty() && !parsed.has("filename") => Output::err(
            "error: You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.\n".into(),
            1,
        )
        .into(),
        "describe" => describe::run(&shell.cluster, &parsed, &namespace).into(),
        "label" => label::run(&mut shell.cluster, &parsed, &namespace, label::Field::Labels).into(),
        "annotate" => {
            label::run(&mut shell.cluster, &parsed, &namespace, label::Field::Annotations).into()
        }
        "wait" => wait::run(shell, &parsed, &namespace).into(),
        "exec" => crate::verbs::exec::run(&mut shell.cluster, &parsed, &namespace, stdin).into(),
        "logs" => crate::verbs::logs::run(&mut shell.cluster, &parsed, &namespace).into(),
        "cordon" => crate::verbs::nodes::cordon(&mut shell.cluster, &parsed, true).into(),
        "uncordon" => crate::verbs::nodes::cordon(&mut shell.cluster, &parsed, false).into(),
        "drain" => crate::verbs::nodes::drain(shell, &parsed).into(),
        "run" => crate::verbs::run::run(shell, &parsed, &namespace).into(),
        "explain" => match parsed.positional.first() {
            Some(path) => match ordinal_api::explain::explain(path) {
                Ok(text) => Output::ok(text).into(),
                Err(e) => Output::err(format!("{e}\n"), 1).into(),
            },
            None => Output::err("You must specify the type of resource to explain. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nSee 'kubectl explain -h' for help and examples\n".into(), 1).into(),
        },
        "version" => crate::verbs::version::version(&parsed).into(),
        "api-resources" => info::api_resources(&parsed).into(),
        "cluster-info" => info::cluster_info().into(),
        other => unknown_command(other).into(),
    }
}
