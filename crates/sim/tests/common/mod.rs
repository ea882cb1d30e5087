//! Shared helpers for the scenario tests: a cluster that checks invariants after every event
//! and a compact transcript of the watch log (`t=12.3s MODIFIED pod/web-0 Running 1/1`).
#![allow(dead_code)]

use ordinal_api::{Object, Pod, StatefulSet};
use ordinal_sim::{Cluster, ClusterConfig, Duration, ObjectKey};

pub const WEB: &str = include_str!("../../../../tests/scenarios/web.yaml");

pub fn cluster() -> Cluster {
    seeded(1)
}

pub fn seeded(seed: u64) -> Cluster {
    let mut cluster = Cluster::new(ClusterConfig {
        seed,
        ..ClusterConfig::default()
    });
    cluster.check_invariants_each_step = true;
    cluster
}

pub fn settle(cluster: &mut Cluster) {
    let steps = cluster.run_until_idle(100_000);
    assert!(steps < 100_000, "simulation did not go idle");
}

pub fn advance(cluster: &mut Cluster, secs: u64) {
    cluster.advance(Duration::from_secs(secs));
}

/// The STATUS column of `kubectl get pods` (R-4.4, without the rarer branches).
pub fn pod_status(pod: &Pod) -> String {
    let s = &pod.status;
    let mut reason = s
        .reason
        .clone()
        .or(s.phase.clone())
        .unwrap_or("Pending".into());
    let reason_of = |state: &serde_json::Value, path: &str| {
        state
            .pointer(path)
            .and_then(|r| r.as_str())
            .map(str::to_string)
    };
    let mut initializing = false;
    let total_init = s.init_container_statuses.len();
    for (i, c) in s.init_container_statuses.iter().enumerate() {
        let state = c.state.clone().unwrap_or_default();
        let code = state
            .pointer("/terminated/exitCode")
            .and_then(|c| c.as_i64());
        if code == Some(0) {
            continue;
        }
        initializing = true;
        reason = match (code, reason_of(&state, "/waiting/reason")) {
            (Some(_), _) => format!(
                "Init:{}",
                reason_of(&state, "/terminated/reason").unwrap_or_default()
            ),
            (None, Some(r)) if r != "PodInitializing" => format!("Init:{r}"),
            _ => format!("Init:{i}/{total_init}"),
        };
        break;
    }
    let mut ready = 0;
    let mut running = false;
    if !initializing {
        for c in s.container_statuses.iter().rev() {
            let state = c.state.clone().unwrap_or_default();
            if let Some(r) = reason_of(&state, "/waiting/reason") {
                reason = r;
            } else if let Some(r) = reason_of(&state, "/terminated/reason") {
                reason = r;
            } else if state.get("running").is_some() {
                running = true;
                if c.ready {
                    ready += 1;
                }
            }
        }
        if reason == "Completed" && running {
            reason = "Running".into();
        }
    }
    if pod.metadata.deletion_timestamp.is_some()
        && !matches!(s.phase.as_deref(), Some("Succeeded" | "Failed"))
    {
        reason = "Terminating".into();
    }
    let restarts: i32 = s.container_statuses.iter().map(|c| c.restart_count).sum();
    let restarts = if restarts > 0 {
        format!(" restarts={restarts}")
    } else {
        String::new()
    };
    format!("{reason} {ready}/{}{restarts}", pod.spec.containers.len())
}

fn seconds(ms: u64) -> String {
    format!("{}.{}s", ms / 1000, (ms % 1000) / 100)
}

/// The watch log from `from` on, for pods, claims, revisions and (with `sets`) set status.
pub fn transcript(cluster: &Cluster, from: usize, sets: bool) -> String {
    let mut out = String::new();
    for event in &cluster.store().watch_log()[from..] {
        let line = match &*event.object {
            Object::Pod(pod) => {
                let rev = pod
                    .metadata
                    .labels
                    .get("controller-revision-hash")
                    .map(|r| format!(" rev={}", short_rev(r)))
                    .unwrap_or_default();
                format!("pod/{} {}{rev}", pod.metadata.name, pod_status(pod))
            }
            Object::PersistentVolumeClaim(c) => {
                let phase = if c.metadata.deletion_timestamp.is_some() {
                    "Terminating".into()
                } else {
                    c.status.phase.clone().unwrap_or_default()
                };
                format!("pvc/{} {phase}", c.metadata.name)
            }
            Object::StatefulSet(s) if sets => format!(
                "sts/{} replicas={} ready={} current={} updated={}",
                s.metadata.name,
                s.status.replicas,
                s.status.ready_replicas.unwrap_or(0),
                s.status.current_replicas.unwrap_or(0),
                s.status.updated_replicas.unwrap_or(0),
            ),
            _ => continue,
        };
        out.push_str(&format!(
            "t={} {} {line}\n",
            seconds(event.time.0),
            event.kind.as_str()
        ));
    }
    out
}

/// Revisions are hashes; tests name them by the order they appeared (r1, r2, …).
fn short_rev(name: &str) -> String {
    name.rsplit('-')
        .next()
        .unwrap_or(name)
        .chars()
        .take(4)
        .collect()
}

pub fn pod(cluster: &Cluster, name: &str) -> Option<Pod> {
    match cluster.store().get(&ObjectKey::new("Pod", "default", name)) {
        Some(Object::Pod(p)) => Some(p.clone()),
        _ => None,
    }
}

pub fn set(cluster: &Cluster, name: &str) -> StatefulSet {
    match cluster
        .store()
        .get(&ObjectKey::new("StatefulSet", "default", name))
    {
        Some(Object::StatefulSet(s)) => s.clone(),
        other => panic!("no statefulset {name}: {other:?}"),
    }
}

pub fn pod_names(cluster: &Cluster) -> Vec<String> {
    cluster
        .store()
        .list("Pod", Some("default"))
        .map(|p| p.metadata().name.clone())
        .collect()
}

pub fn claim_names(cluster: &Cluster) -> Vec<String> {
    cluster
        .store()
        .list("PersistentVolumeClaim", Some("default"))
        .map(|p| p.metadata().name.clone())
        .collect()
}

pub fn key(kind: &str, name: &str) -> ObjectKey {
    ObjectKey::new(kind, "default", name)
}

/// Applies a change to the set's spec through `update_object`, as `kubectl patch` would.
pub fn edit_set(cluster: &mut Cluster, name: &str, change: impl FnOnce(&mut StatefulSet)) {
    let mut s = set(cluster, name);
    change(&mut s);
    cluster
        .update_object(Object::StatefulSet(s))
        .expect("update accepted");
}

pub fn set_image(cluster: &mut Cluster, name: &str, image: &str) {
    edit_set(cluster, name, |s| {
        s.spec.template.spec.containers[0].image = Some(image.into());
    });
}

/// Pods in order of the watch events that started their deletion.
pub fn deletion_order(cluster: &Cluster, from: usize) -> Vec<String> {
    let mut seen = Vec::new();
    for e in &cluster.store().watch_log()[from..] {
        if let Object::Pod(p) = &*e.object
            && p.metadata.deletion_timestamp.is_some()
            && seen.last() != Some(&p.metadata.name)
            && !seen.contains(&p.metadata.name)
        {
            seen.push(p.metadata.name.clone());
        }
    }
    seen
}

/// `insta::assert_snapshot!` natively; under wasm (no snapshot files) the transcript is still
/// built, and every other assertion of the test still runs.
#[macro_export]
macro_rules! assert_transcript {
    ($value:expr) => {{
        let value = $value;
        #[cfg(not(target_arch = "wasm32"))]
        insta::assert_snapshot!(value);
        #[cfg(target_arch = "wasm32")]
        assert!(!value.is_empty());
    }};
}
