//! The ReplicaSet controller (`pkg/controller/replicaset/replica_set.go`): keeps
//! `spec.replicas` active pods named `<rs>-<5 chars>`, deleting surplus pods in
//! `ActivePodsWithRanks` order, and writes status. `control` decides, this module acts.
//!
//! Upstream map (Kubernetes 1.35, `pkg/controller/`):
//! - `sync` ↔ `syncReplicaSet`; `adopt_orphans` ↔ `ClaimPods` (adoption only, no release).
//! - `control::manage_replicas` ↔ `manageReplicas` with `burstReplicas` 500, without the
//!   slow-start batches (creation cannot fail here).
//! - `controller_utils::sort_for_deletion` ↔ `ActivePodsWithRanks.Less`/`getPodsToDelete`;
//!   `is_pod_active` ↔ `IsPodActive`; `generate_pod_name` ↔ the API server's
//!   `generateName` (`SimpleNameGenerator`, 5 chars of `rand.SafeEncodeString`'s alphabet).
//! - `write_status` ↔ `calculateStatus` (replicas, fullyLabeled, ready, available,
//!   observedGeneration; no ReplicaFailure condition). Events as `RealPodControl` records
//!   them: `SuccessfulCreate` `Created pod: …`, `SuccessfulDelete` `Deleted pod: …`.

pub mod control;
pub mod controller_utils;
pub mod types;
pub(crate) mod workloads;

use crate::clock::Duration;
use crate::cluster::{Cluster, DeleteOptions, Timer};
use crate::statefulset::utils::{is_available, is_ready};
use crate::store::ObjectKey;
use control::Decision;
use controller_utils::{
    controlled_pods, controller_ref, create_pod, generate_pod_name, is_pod_active,
    pod_from_template,
};
use ordinal_api::{Object, Pod};
pub use types::{ReplicaSet, ReplicaSetSpec, ReplicaSetStatus, get_replica_set};

pub const SOURCE: &str = "replicaset-controller";
pub const KIND: &str = "ReplicaSet";

/// One sync (`syncReplicaSet`): adopt orphans, create or delete pods, write status.
pub(crate) fn sync(cluster: &mut Cluster, key: &ObjectKey) {
    let Some(rs) = get_replica_set(cluster, key) else {
        return;
    };
    let uid = rs.metadata.uid.clone().unwrap_or_default();
    if rs.metadata.deletion_timestamp.is_none() {
        adopt_orphans(cluster, &rs, key);
        let active: Vec<&Pod> = controlled_pods(cluster, &uid)
            .into_iter()
            .filter(|p| is_pod_active(p))
            .collect();
        let decision = control::manage_replicas(active, rs.replicas());
        apply(cluster, &rs, key, decision);
    }
    write_status(cluster, key, &rs);
}

fn apply(cluster: &mut Cluster, rs: &ReplicaSet, key: &ObjectKey, decision: Decision) {
    match decision {
        Decision::Create(count) => {
            for _ in 0..count {
                let prefix = format!("{}-", rs.metadata.name);
                let name = generate_pod_name(cluster, &key.namespace, &prefix);
                let pod = pod_from_template(
                    &rs.spec.template,
                    name.clone(),
                    &key.namespace,
                    controller_ref(KIND, &rs.metadata),
                );
                create_pod(cluster, pod);
                cluster.record_event(
                    key,
                    "Normal",
                    "SuccessfulCreate",
                    format!("Created pod: {name}"),
                    SOURCE,
                );
            }
        }
        Decision::Delete(names) => {
            for name in names {
                let pod = ObjectKey::new("Pod", &key.namespace, &name);
                if crate::gc::delete(cluster, &pod, DeleteOptions::default()).is_ok() {
                    cluster.record_event(
                        key,
                        "Normal",
                        "SuccessfulDelete",
                        format!("Deleted pod: {name}"),
                        SOURCE,
                    );
                }
            }
        }
        Decision::Nothing => {}
    }
}

/// `ClaimPods`: orphans matching the selector get this ReplicaSet as controller.
fn adopt_orphans(cluster: &mut Cluster, rs: &ReplicaSet, key: &ObjectKey) {
    let Some(selector) = rs.spec.selector.as_ref().filter(|s| !s.is_empty()) else {
        return;
    };
    let orphans: Vec<Pod> = cluster
        .store
        .list("Pod", Some(&key.namespace))
        .filter_map(|o| match o {
            Object::Pod(p) => Some(p),
            _ => None,
        })
        .filter(|p| {
            is_pod_active(p)
                && !p
                    .metadata
                    .owner_references
                    .iter()
                    .any(|o| o.controller == Some(true))
                && selector.matches(&p.metadata.labels)
        })
        .cloned()
        .collect();
    for mut pod in orphans {
        pod.metadata
            .owner_references
            .push(controller_ref(KIND, &rs.metadata));
        cluster.write(Object::Pod(pod));
    }
}

/// `calculateStatus` over the active pods; a requeue when a Ready pod becomes available
/// only after `minReadySeconds`.
fn write_status(cluster: &mut Cluster, key: &ObjectKey, rs: &ReplicaSet) {
    let uid = rs.metadata.uid.clone().unwrap_or_default();
    let min_ready =
        Duration::from_secs(u64::try_from(rs.spec.min_ready_seconds.unwrap_or(0)).unwrap_or(0));
    let now = cluster.now();
    let pods: Vec<&Pod> = controlled_pods(cluster, &uid)
        .into_iter()
        .filter(|p| is_pod_active(p))
        .collect();
    let template_labels = &rs.spec.template.metadata.labels;
    let count = |f: &dyn Fn(&Pod) -> bool| pods.iter().filter(|p| f(p)).count() as i32;
    let fully_labeled = count(&|p| {
        template_labels
            .iter()
            .all(|(k, v)| p.metadata.labels.get(k) == Some(v))
    });
    let ready = count(&|p| is_ready(p));
    let available = count(&|p| is_available(p, min_ready, now));
    let nonzero = |n: i32| (n > 0).then_some(n);
    let status = ReplicaSetStatus {
        replicas: pods.len() as i32,
        fully_labeled_replicas: nonzero(fully_labeled),
        ready_replicas: nonzero(ready),
        available_replicas: nonzero(available),
        observed_generation: rs.metadata.generation,
    };
    if ready > available && min_ready.as_millis() > 0 {
        cluster.schedule_timer(
            Duration::from_secs(1),
            Timer::WorkloadResync { key: key.clone() },
        );
    }
    types::write_status(cluster, key, &status);
}
