//! `kubectl cordon|uncordon|drain NODE` and the playground's `sim node add|stop|start NAME`.

use crate::args::Args;
use crate::backend;
use crate::shell::{Output, Shell};
use ordinal_api::{Object, Pod};
use ordinal_sim::{Cluster, DeleteOptions, ObjectKey};
use serde_json::Value;

fn node(cluster: &Cluster, name: &str) -> Result<Object, String> {
    cluster
        .store()
        .get(&ObjectKey::new("Node", "", name))
        .cloned()
        .ok_or_else(|| format!("Error from server (NotFound): nodes \"{name}\" not found\n"))
}

fn is_cordoned(node: &Object) -> bool {
    matches!(node, Object::Other { body, .. }
        if body.pointer("/spec/unschedulable").and_then(Value::as_bool) == Some(true))
}

/// Sets `spec.unschedulable`; the message kubectl prints for the node.
fn set_unschedulable(cluster: &mut Cluster, name: &str, cordon: bool) -> Result<String, String> {
    let mut object = node(cluster, name)?;
    let verb = if cordon { "cordoned" } else { "uncordoned" };
    if is_cordoned(&object) == cordon {
        return Ok(format!("node/{name} already {verb}\n"));
    }
    if let Object::Other { body, .. } = &mut object {
        match body.get_mut("spec").and_then(Value::as_object_mut) {
            Some(spec) if cordon => {
                spec.insert("unschedulable".into(), Value::Bool(true));
            }
            Some(spec) => {
                spec.remove("unschedulable");
            }
            None => {}
        }
    }
    backend::update(cluster, &object).map_err(|e| format!("Error from server: {e}\n"))?;
    Ok(format!("node/{name} {verb}\n"))
}

/// `kubectl cordon NODE…` / `kubectl uncordon NODE…`.
pub fn cordon(cluster: &mut Cluster, args: &Args, cordon: bool) -> Output {
    if args.positional.is_empty() {
        let verb = if cordon { "cordon" } else { "uncordon" };
        return Output::err(
            format!(
                "error: USAGE: {verb} NODE [flags]\nSee 'kubectl {verb} -h' for help and examples\n"
            ),
            1,
        );
    }
    let mut out = Output::default();
    for name in &args.positional {
        match set_unschedulable(cluster, name, cordon) {
            Ok(line) => out.stdout.push_str(&line),
            Err(e) => {
                out.stderr.push_str(&e);
                out.exit_code = 1;
            }
        }
    }
    out
}

fn pods_on(cluster: &Cluster, name: &str) -> Vec<Pod> {
    cluster
        .store()
        .list("Pod", None)
        .filter_map(|o| match o {
            Object::Pod(p) if p.spec.node_name.as_deref() == Some(name) => Some(p.clone()),
            _ => None,
        })
        .collect()
}

fn pod_id(pod: &Pod) -> String {
    format!(
        "{}/{}",
        pod.metadata.namespace.as_deref().unwrap_or("default"),
        pod.metadata.name
    )
}

fn controller_kind(pod: &Pod) -> Option<&str> {
    pod.metadata
        .owner_references
        .iter()
        .find(|o| o.controller == Some(true))
        .map(|o| o.kind.as_str())
}

/// `kubectl drain NODE [--ignore-daemonsets] [--delete-emptydir-data] [--force]`: cordon,
/// evict every pod (DaemonSet pods are skipped), wait for each to be gone, as kubectl does.
pub fn drain(shell: &mut Shell, args: &Args) -> Output {
    let Some(name) = args.positional.first().cloned() else {
        return Output::err(
            "error: USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples\n"
                .into(),
            1,
        );
    };
    let mut out = Output::default();
    match set_unschedulable(&mut shell.cluster, &name, true) {
        Ok(line) => out.stdout.push_str(&line),
        Err(e) => return Output::err(e, 1),
    }
    let pods = pods_on(&shell.cluster, &name);
    let mut daemon = Vec::new();
    let mut problems = Vec::new();
    let mut evict = Vec::new();
    for pod in pods {
        if pod
            .status
            .phase
            .as_deref()
            .is_some_and(|p| p == "Succeeded" || p == "Failed")
        {
            evict.push(pod);
            continue;
        }
        match controller_kind(&pod) {
            Some("DaemonSet") => daemon.push(pod_id(&pod)),
            None if !args.is_set("force") => problems.push((
                "cannot delete Pods that declare no controller (use --force to override)",
                pod_id(&pod),
            )),
            _ if pod.spec.volumes.iter().any(|v| v.extra.contains_key("emptyDir"))
                && !args.is_set("delete-emptydir-data") =>
            {
                problems.push((
                    "cannot delete Pods with local storage (use --delete-emptydir-data to override)",
                    pod_id(&pod),
                ))
            }
            _ => evict.push(pod),
        }
    }
    if !daemon.is_empty() && !args.is_set("ignore-daemonsets") {
        problems.push((
            "cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore)",
            daemon.join(", "),
        ));
    }
    if !problems.is_empty() {
        let list: Vec<String> = problems
            .iter()
            .map(|(why, pods)| format!("{why}: {pods}"))
            .collect();
        out.stderr.push_str(&format!(
            "error: unable to drain node \"{name}\" due to error: {}, continuing command...\nThere are pending nodes to be drained:\n {name}\n{}\n",
            list.join(", "),
            list.join("\n")
        ));
        out.exit_code = 1;
        return out;
    }
    if !daemon.is_empty() {
        out.stderr.push_str(&format!(
            "Warning: ignoring DaemonSet-managed Pods: {}\n",
            daemon.join(", ")
        ));
    }
    let mut waiting = Vec::new();
    for pod in &evict {
        out.stdout
            .push_str(&format!("evicting pod {}\n", pod_id(pod)));
        let key = ObjectKey::new(
            "Pod",
            pod.metadata.namespace.as_deref().unwrap_or("default"),
            &pod.metadata.name,
        );
        if shell.cluster.delete(&key, DeleteOptions::default()).is_ok() {
            waiting.push((key, pod.metadata.uid.clone()));
        }
    }
    let deadline = shell.cluster.now() + crate::kubectl::timeout(args);
    let mut pending = waiting;
    loop {
        let (gone, still): (Vec<_>, Vec<_>) = pending.into_iter().partition(|(k, uid)| {
            shell
                .cluster
                .store()
                .get(k)
                .is_none_or(|o| o.metadata().uid != *uid)
        });
        for (key, _) in gone {
            out.stdout.push_str(&format!("pod/{} evicted\n", key.name));
        }
        pending = still;
        if pending.is_empty() || !shell.advance_towards(deadline) {
            break;
        }
    }
    if !pending.is_empty() {
        out.stderr.push_str(&format!(
            "There are pending pods in node \"{name}\" when an error occurred: error when waiting for pod \"{}\" in namespace \"{}\" to terminate: global timeout reached\n",
            pending[0].0.name, pending[0].0.namespace
        ));
        out.exit_code = 1;
        return out;
    }
    out.stdout.push_str(&format!("node/{name} drained\n"));
    out
}

/// `sim node add|stop|start NAME`.
pub fn sim_node(cluster: &mut Cluster, args: &[String]) -> Output {
    let usage = || Output::err("usage: sim node add|stop|start NAME\n".into(), 2);
    let (Some(action), Some(name)) = (args.first(), args.get(1)) else {
        return usage();
    };
    let (result, done) = match action.as_str() {
        "add" => (cluster.add_node(name), "added"),
        "stop" => (cluster.stop_node(name), "stopped"),
        "start" => (cluster.start_node(name), "started"),
        _ => return usage(),
    };
    match result {
        Ok(()) => Output::ok(format!("node/{name} {done}\n")),
        Err(e) => Output::err(format!("sim: {e}\n"), 1),
    }
}
