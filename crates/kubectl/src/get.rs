//! `kubectl get`.

use crate::age::format_age;
use crate::table;
use ordinal_api::{Object, Pod};
use ordinal_sim::{Cluster, Time};

/// The STATUS column of `kubectl get pods`.
pub fn pod_status(pod: &Pod) -> String {
    if pod.metadata.deletion_timestamp.is_some() {
        return "Terminating".into();
    }
    let waiting = pod.status.container_statuses.iter().find_map(|s| {
        s.state
            .as_ref()?
            .get("waiting")?
            .get("reason")?
            .as_str()
            .map(str::to_string)
    });
    waiting.unwrap_or_else(|| pod.status.phase.clone().unwrap_or_else(|| "Pending".into()))
}

fn age(now: Time, timestamp: Option<&str>) -> String {
    timestamp
        .and_then(Time::from_rfc3339)
        .map_or_else(|| "<unknown>".into(), |t| format_age(now.since(t)))
}

pub fn get_pods(cluster: &Cluster, namespace: &str) -> Result<String, String> {
    let mut rows = vec![
        ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
            .map(String::from)
            .to_vec(),
    ];
    for object in cluster.store().list("Pod", Some(namespace)) {
        let Object::Pod(pod) = object else { continue };
        let total = pod.spec.containers.len();
        let ready = pod
            .status
            .container_statuses
            .iter()
            .filter(|s| s.ready)
            .count();
        let restarts: i32 = pod
            .status
            .container_statuses
            .iter()
            .map(|s| s.restart_count)
            .sum();
        rows.push(vec![
            pod.metadata.name.clone(),
            format!("{ready}/{total}"),
            pod_status(pod),
            restarts.to_string(),
            age(cluster.now(), pod.metadata.creation_timestamp.as_deref()),
        ]);
    }
    if rows.len() == 1 {
        return Err(format!("No resources found in {namespace} namespace."));
    }
    Ok(table::render(&rows))
}
