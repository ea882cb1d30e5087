//! `kubectl wait --for=condition=Ready|delete|jsonpath='{…}'=VALUE TYPE/NAME… [--timeout]`:
//! advances virtual time until every object meets the condition.

use crate::args::Args;
use crate::kubectl::timeout;
use crate::print::jsonpath;
use crate::print::object::to_json;
use crate::resource::ResourceType;
use crate::shell::{Output, Shell};
use crate::verbs::resolve;
use ordinal_api::Object;
use ordinal_sim::ObjectKey;
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Condition {
    /// `condition=Ready` (`=false` waits for it to be False).
    Status(String, String),
    Delete,
    /// `jsonpath={.status.phase}=Running`
    JsonPath(String, String),
}

fn parse(text: &str) -> Result<Condition, String> {
    if text == "delete" {
        return Ok(Condition::Delete);
    }
    if let Some(rest) = text.strip_prefix("condition=") {
        let (name, value) = rest.split_once('=').unwrap_or((rest, "true"));
        return Ok(Condition::Status(
            name.to_ascii_lowercase(),
            value.to_ascii_lowercase(),
        ));
    }
    if let Some(rest) = text.strip_prefix("jsonpath=") {
        let split = rest
            .rfind("}=")
            .ok_or("jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3")?;
        return Ok(Condition::JsonPath(
            rest[..=split].to_string(),
            rest[split + 2..].to_string(),
        ));
    }
    Err(format!("unrecognized condition: \"{text}\""))
}

fn met(condition: &Condition, object: &Object) -> bool {
    let json = to_json(object);
    match condition {
        Condition::Delete => false,
        Condition::Status(name, value) => json
            .pointer("/status/conditions")
            .and_then(Value::as_array)
            .is_some_and(|cs| {
                cs.iter().any(|c| {
                    c.get("type")
                        .and_then(Value::as_str)
                        .is_some_and(|t| t.eq_ignore_ascii_case(name))
                        && c.get("status")
                            .and_then(Value::as_str)
                            .is_some_and(|s| s.eq_ignore_ascii_case(value))
                })
            }),
        Condition::JsonPath(path, want) => {
            jsonpath::evaluate(path, &json).is_ok_and(|got| got == *want)
        }
    }
}

/// `kubectl wait TYPE -l SELECTOR` / `--all`: the objects of the type that match, now.
fn selected(
    shell: &Shell,
    args: &Args,
    namespace: &str,
) -> Result<Vec<(&'static ResourceType, Object)>, String> {
    let targets = crate::get::parse_targets(&args.positional)?;
    let filter = crate::get::Filter::from_args(args, namespace)?;
    let (found, errors) = crate::get::collect(&shell.cluster, &targets, &filter);
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(found
        .into_iter()
        .flat_map(|(t, objects)| objects.into_iter().map(move |o| (t, o.into_owned())))
        .collect())
}

pub fn run(shell: &mut Shell, args: &Args, namespace: &str) -> Output {
    let Some(for_text) = args.value("for") else {
        return Output::err("error: --for must be specified\n".into(), 1);
    };
    let condition = match parse(for_text) {
        Ok(c) => c,
        Err(e) => return Output::err(format!("error: {e}\n"), 1),
    };
    let by_selector = args.value("selector").is_some() || args.is_set("all");
    let targets: Vec<(&'static ResourceType, Object)> = if by_selector {
        match selected(shell, args, namespace) {
            Ok(t) if t.is_empty() && condition != Condition::Delete => {
                // wait.go's errNoMatchingResources.
                return Output::err("error: no matching resources found\n".into(), 1);
            }
            Ok(t) => t,
            Err(e) => return Output::err(e, 1),
        }
    } else {
        match resolve(&shell.cluster, &args.positional, namespace) {
            Ok(t) => t,
            Err(e) if condition == Condition::Delete && e.contains("(NotFound)") => Vec::new(),
            Err(e) => return Output::err(e, 1),
        }
    };
    let deadline = shell.cluster.now() + timeout(args);
    let mut out = Output::default();
    for (t, object) in targets {
        let key = ObjectKey::of(&object);
        let uid = object.metadata().uid.clone();
        loop {
            let current = shell
                .cluster
                .store()
                .get(&key)
                .filter(|o| o.metadata().uid == uid)
                .cloned();
            let done = match (&condition, &current) {
                (Condition::Delete, None) => true,
                (_, Some(o)) => met(&condition, o),
                (_, None) => false,
            };
            if done {
                // kubectl's printer says "condition met" for every condition, deletion included.
                out.stdout
                    .push_str(&format!("{}/{} condition met\n", t.qualified(), key.name));
                break;
            }
            if !shell.advance_towards(deadline) && shell.cluster.now() >= deadline {
                // wait.go's extendErrWaitTimeout names the plain resource (no API group).
                out.stderr.push_str(&format!(
                    "error: timed out waiting for the condition on {}/{}\n",
                    t.plural, key.name
                ));
                out.exit_code = 1;
                break;
            }
        }
    }
    out
}
