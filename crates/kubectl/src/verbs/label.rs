//! `kubectl label` and `kubectl annotate`: `KEY=VALUE` sets, `KEY-` removes, `--overwrite`.

use crate::args::Args;
use crate::backend;
use crate::shell::Output;
use crate::verbs::resolve;
use ordinal_sim::Cluster;
use std::collections::BTreeMap;

/// Which metadata map the verb edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Labels,
    Annotations,
}

pub fn run(cluster: &mut Cluster, args: &Args, namespace: &str, field: Field) -> Output {
    let (changes, resources): (Vec<&String>, Vec<&String>) = args
        .positional
        .iter()
        .partition(|w| w.contains('=') || (w.ends_with('-') && !w.contains('/')));
    // `kubectl label pods web-0 app-`: the type and name come first, the changes last.
    let resources: Vec<String> = resources.into_iter().cloned().collect();
    let verb = if field == Field::Labels {
        "label"
    } else {
        "annotate"
    };
    if changes.is_empty() {
        return Output::err(
            format!(
                "error: at least one {} update is required\nSee 'kubectl {verb} -h' for help and examples\n",
                if field == Field::Labels {
                    "label"
                } else {
                    "annotation"
                }
            ),
            1,
        );
    }
    let targets = match resolve(cluster, &resources, namespace) {
        Ok(t) => t,
        Err(e) => return Output::err(e, 1),
    };
    let done = if field == Field::Labels {
        "labeled"
    } else {
        "annotated"
    };
    let mut out = Output::default();
    for (t, mut object) in targets {
        let name = object.metadata().name.clone();
        let meta = object.metadata_mut();
        let map: &mut BTreeMap<String, String> = match field {
            Field::Labels => &mut meta.labels,
            Field::Annotations => &mut meta.annotations,
        };
        let before = map.clone();
        let mut failed = false;
        for change in &changes {
            if let Some((key, value)) = change.split_once('=') {
                if let Some(old) = map
                    .get(key)
                    .filter(|old| *old != value && !args.is_set("overwrite"))
                {
                    out.stderr.push_str(&format!(
                        "error: '{key}' already has a value ({old}), and --overwrite is false\n"
                    ));
                    failed = true;
                    break;
                }
                map.insert(key.to_string(), value.to_string());
            } else if let Some(key) = change.strip_suffix('-') {
                map.remove(key);
            }
        }
        if failed {
            out.exit_code = 1;
            continue;
        }
        if *map == before {
            out.stdout
                .push_str(&format!("{}/{name} not {done}\n", t.qualified()));
            continue;
        }
        match backend::update(cluster, &object) {
            Ok(_) => out
                .stdout
                .push_str(&format!("{}/{name} {done}\n", t.qualified())),
            Err(e) => {
                out.stderr.push_str(&e);
                out.exit_code = 1;
            }
        }
    }
    out
}
