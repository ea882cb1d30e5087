//! `kubectl logs POD [-c CONTAINER] [--previous] [--tail N] [-f]`: what the container
//! printed. `-f` prints what is there now (a script's transcript does not block on it).

use crate::args::Args;
use crate::shell::Output;
use crate::verbs::exec::pod_name;
use ordinal_sim::{Cluster, ObjectKey};

pub fn run(cluster: &mut Cluster, args: &Args, namespace: &str) -> Output {
    let Some(target) = args.positional.first() else {
        return Output::err(
            "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n".into(),
            1,
        );
    };
    let key = ObjectKey::new("Pod", namespace, pod_name(target));
    // `kubectl logs POD CONTAINER` names the container positionally.
    let container = args
        .value("container")
        .or(args.positional.get(1).map(String::as_str));
    match cluster.logs(&key, container, args.has("previous")) {
        Ok(text) => {
            let text = match args.value("tail").and_then(|n| n.parse::<i64>().ok()) {
                Some(n) if n >= 0 => {
                    let lines: Vec<&str> = text.split_inclusive('\n').collect();
                    let keep = usize::try_from(n).unwrap_or(usize::MAX).min(lines.len());
                    lines[lines.len() - keep..].concat()
                }
                _ => text,
            };
            Output::ok(text)
        }
        Err(message) => Output::err(format!("{message}\n"), 1),
    }
}
