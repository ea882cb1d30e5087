//! `kubectl logs POD [-c CONTAINER] [--previous] [--tail N] [-f]`: what the container
//! printed. `-f` prints what is there now (a script's transcript does not block on it).

use crate::args::Args;
use crate::shell::Output;
use crate::verbs::exec::pod_name;
use ordinal_api::Object;
use ordinal_sim::{Cluster, ObjectKey};

/// `kubectl logs sts/web` (or a Deployment, ReplicaSet, DaemonSet): the first of the pods
/// it owns, by name, and how many there are. `None` when the target names a pod.
fn owner_pod(
    cluster: &Cluster,
    target: &str,
    namespace: &str,
) -> Option<Result<(String, usize), String>> {
    let (kind_word, name) = target.split_once('/')?;
    let (kind, resource) = match kind_word {
        "statefulset" | "statefulsets" | "sts" => ("StatefulSet", "statefulsets.apps"),
        "deployment" | "deployments" | "deploy" => ("Deployment", "deployments.apps"),
        "replicaset" | "replicasets" | "rs" => ("ReplicaSet", "replicasets.apps"),
        "daemonset" | "daemonsets" | "ds" => ("DaemonSet", "daemonsets.apps"),
        _ => return None,
    };
    let Some(owner) = cluster.store().get(&ObjectKey::new(kind, namespace, name)) else {
        return Some(Err(format!(
            "Error from server (NotFound): {resource} \"{name}\" not found\n"
        )));
    };
    let owner_uid = owner.metadata().uid.clone();
    // A Deployment's pods belong to its ReplicaSets.
    let owners: Vec<Option<String>> = if kind == "Deployment" {
        cluster
            .store()
            .list("ReplicaSet", Some(namespace))
            .filter(|rs| {
                rs.metadata()
                    .owner_references
                    .iter()
                    .any(|o| Some(&o.uid) == owner_uid.as_ref())
            })
            .map(|rs| rs.metadata().uid.clone())
            .collect()
    } else {
        vec![owner_uid]
    };
    let mut pods: Vec<String> = cluster
        .store()
        .list("Pod", Some(namespace))
        .filter(|p| matches!(p, Object::Pod(_)))
        .filter(|p| {
            p.metadata()
                .owner_references
                .iter()
                .any(|o| owners.contains(&Some(o.uid.clone())))
        })
        .map(|p| p.metadata().name.clone())
        .collect();
    ordinal_api::order::sort(&mut pods);
    match pods.first() {
        Some(first) => Some(Ok((first.clone(), pods.len()))),
        None => Some(Err("error: timed out waiting for the condition\n".into())),
    }
}

pub fn run(cluster: &mut Cluster, args: &Args, namespace: &str) -> Output {
    let Some(target) = args.positional.first() else {
        return Output::err(
            "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n".into(),
            1,
        );
    };
    let mut notice = String::new();
    let pod = match owner_pod(cluster, target, namespace) {
        Some(Ok((pod, count))) => {
            if count > 1 {
                notice = format!("Found {count} pods, using pod/{pod}\n");
            }
            pod
        }
        Some(Err(message)) => return Output::err(message, 1),
        None => pod_name(target).to_string(),
    };
    let key = ObjectKey::new("Pod", namespace, &pod);
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
            let mut out = Output::ok(text);
            out.stderr = notice;
            out.stderr_first = true;
            out
        }
        Err(message) => Output::err(format!("{message}\n"), 1),
    }
}
