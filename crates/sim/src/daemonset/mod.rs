//! The DaemonSet controller (`pkg/controller/daemon/`): one pod `<ds>-<5 chars>` per node
//! that should run it (`predicates`), pinned to that node by node affinity; revisions as
//! ControllerRevisions (`history`); RollingUpdate within maxUnavailable / maxSurge
//! (`update`) or OnDelete; status (`status`). `predicates` and `update` decide, this module
//! acts.
//!
//! Upstream map (Kubernetes 1.35, `pkg/controller/daemon/`):
//! - `sync` ↔ `syncDaemonSet` (`constructHistory`, `manage`, `rollingUpdate`,
//!   `cleanupHistory`, `updateDaemonSetStatus`); `manage` ↔ `manage`/`podsShouldBeOnNode`
//!   (failed pods replaced without the back-off, surplus pods kept oldest first, the
//!   surge pair rule), `nodes_to_daemon_pods` ↔ `getNodesToDaemonPods`.
//! - `predicates::node_should_run_daemon_pod` ↔ `NodeShouldRunDaemonPod`/`predicates`;
//!   `add_daemon_pod_tolerations` ↔ `util.AddOrUpdateDaemonPodTolerations`;
//!   `replace_node_name_affinity` ↔ `util.ReplaceDaemonSetPodNodeNameNodeAffinity`;
//!   `target_node_name` ↔ `util.GetTargetNodeName`.
//! - `update::rolling_update` ↔ `rollingUpdate` (both the maxSurge = 0 and the surge
//!   branch, `findUpdatedPodsOnNode`); `update::surge_and_unavailable` ↔
//!   `updatedDesiredNodeCounts`; `is_pod_updated` ↔ `util.IsPodUpdated`.
//! - Not modelled: the `deprecated.daemonset.template.generation` annotation the API server
//!   adds (the pods' `pod-template-generation` label uses `metadata.generation`), expectations
//!   and the failed-pod back-off.

pub mod history;
pub mod predicates;
pub mod status;
pub mod types;
pub mod update;

use crate::clock::Duration;
use crate::cluster::{Cluster, DeleteOptions, Timer};
use crate::replicaset::controller_utils::{
    controlled_pods, controller_ref, create_pod, generate_pod_name, pod_from_template,
};
use crate::statefulset::utils::{is_available, is_ready};
use crate::store::ObjectKey;
use history::DEFAULT_DAEMON_SET_UNIQUE_LABEL_KEY;
use ordinal_api::{Object, Pod};
use predicates::{node_should_run_daemon_pod, replace_node_name_affinity, target_node_name};
use std::collections::{BTreeMap, BTreeSet};
pub use types::{DaemonSet, DaemonSetSpec, DaemonSetStatus, get_daemon_set};
use update::DaemonPod;

pub const SOURCE: &str = "daemonset-controller";
pub const KIND: &str = "DaemonSet";
/// The deprecated template-generation label daemon pods still carry.
pub const TEMPLATE_GENERATION_LABEL: &str = "pod-template-generation";

/// A node as the controller sees it: its object and (shouldRun, shouldContinueRunning).
struct NodeFit {
    should_run: bool,
    should_continue_running: bool,
}

fn min_ready(ds: &DaemonSet) -> Duration {
    Duration::from_secs(u64::try_from(ds.spec.min_ready_seconds.unwrap_or(0)).unwrap_or(0))
}

fn generation(ds: &DaemonSet) -> String {
    ds.metadata.generation.unwrap_or(1).to_string()
}

/// `IsPodUpdated`: the pod carries the current revision hash or template generation.
fn is_pod_updated(pod: &Pod, hash: &str, generation: &str) -> bool {
    pod.metadata
        .labels
        .get(DEFAULT_DAEMON_SET_UNIQUE_LABEL_KEY)
        .map(String::as_str)
        == Some(hash)
        || pod
            .metadata
            .labels
            .get(TEMPLATE_GENERATION_LABEL)
            .map(String::as_str)
            == Some(generation)
}

/// `getNodesToDaemonPods`: the DaemonSet's pods by target node, oldest first
/// (`podByCreationTimestampAndPhase`: bound pods before unbound ones).
fn nodes_to_daemon_pods<'a>(pods: &[&'a Pod]) -> BTreeMap<String, Vec<&'a Pod>> {
    let mut by_node: BTreeMap<String, Vec<&Pod>> = BTreeMap::new();
    for pod in pods.iter().copied() {
        if let Some(node) = target_node_name(pod) {
            by_node.entry(node).or_default().push(pod);
        }
    }
    for pods in by_node.values_mut() {
        ordinal_api::order::sort_by(pods, |a, b| {
            b.spec
                .node_name
                .is_some()
                .cmp(&a.spec.node_name.is_some())
                .then_with(|| {
                    a.metadata
                        .creation_timestamp
                        .cmp(&b.metadata.creation_timestamp)
                })
                .then_with(|| a.metadata.name.cmp(&b.metadata.name))
        });
    }
    by_node
}

fn node_fits(cluster: &Cluster, ds: &DaemonSet) -> BTreeMap<String, NodeFit> {
    cluster
        .store
        .list("Node", None)
        .filter(|n| n.metadata().deletion_timestamp.is_none())
        .map(|node| {
            let (should_run, should_continue_running) = node_should_run_daemon_pod(node, ds);
            (
                node.metadata().name.clone(),
                NodeFit {
                    should_run,
                    should_continue_running,
                },
            )
        })
        .collect()
}

/// `syncDaemonSet`.
pub(crate) fn sync(cluster: &mut Cluster, key: &ObjectKey) {
    let Some(ds) = get_daemon_set(cluster, key) else {
        return;
    };
    if ds.metadata.deletion_timestamp.is_some() {
        return;
    }
    let hash = history::construct_history(cluster, &ds);
    let fits = node_fits(cluster, &ds);
    manage(cluster, key, &ds, &fits, &hash);
    if !ds.is_on_delete() {
        rolling_update(cluster, key, &ds, &fits, &hash);
    }
    let uid = ds.metadata.uid.clone().unwrap_or_default();
    let live: BTreeSet<String> = controlled_pods(cluster, &uid)
        .iter()
        .filter_map(|p| {
            p.metadata
                .labels
                .get(DEFAULT_DAEMON_SET_UNIQUE_LABEL_KEY)
                .cloned()
        })
        .collect();
    history::cleanup_history(cluster, &ds, &live, &hash);
    let (now, min_ready, generation) = (cluster.now(), min_ready(&ds), generation(&ds));
    let (status, waiting_for_min_ready) = {
        let pods = controlled_pods(cluster, &uid);
        let by_node = nodes_to_daemon_pods(&pods);
        let mut nodes: BTreeMap<String, status::NodeState<'_>> = BTreeMap::new();
        for (name, fit) in &fits {
            let on_node: Vec<&Pod> = by_node
                .get(name)
                .map(|ps| {
                    ps.iter()
                        .copied()
                        .filter(|p| p.metadata.deletion_timestamp.is_none())
                        .collect()
                })
                .unwrap_or_default();
            nodes.insert(
                name.clone(),
                status::NodeState {
                    should_run: fit.should_run,
                    pods: on_node,
                },
            );
        }
        let waiting = pods
            .iter()
            .any(|p| is_ready(p) && !is_available(p, min_ready, now));
        let status = status::compute_status(
            &ds,
            &nodes,
            |p| is_pod_updated(p, &hash, &generation),
            |p| is_available(p, min_ready, now),
        );
        (status, waiting)
    };
    crate::replicaset::types::write_status(cluster, key, &status);
    if waiting_for_min_ready {
        cluster.schedule_timer(
            Duration::from_secs(1),
            Timer::WorkloadResync { key: key.clone() },
        );
    }
}

/// `manage`: a pod on every node that should run one, none where it should not, failed
/// pods replaced, extra pods removed.
fn manage(
    cluster: &mut Cluster,
    key: &ObjectKey,
    ds: &DaemonSet,
    fits: &BTreeMap<String, NodeFit>,
    hash: &str,
) {
    let uid = ds.metadata.uid.clone().unwrap_or_default();
    let pods = controlled_pods(cluster, &uid);
    let by_node = nodes_to_daemon_pods(&pods);
    let allows_surge = !ds.is_on_delete() && update::surge_and_unavailable(ds, 1).0 > 0;
    let now = cluster.now();
    let mut to_create: Vec<String> = Vec::new();
    let mut to_delete: Vec<String> = Vec::new();
    for (node, fit) in fits {
        let daemon_pods = by_node.get(node);
        match daemon_pods {
            None if fit.should_run => to_create.push(node.clone()),
            Some(daemon_pods) if fit.should_continue_running => {
                let mut running: Vec<&Pod> = Vec::new();
                for pod in daemon_pods
                    .iter()
                    .filter(|p| p.metadata.deletion_timestamp.is_none())
                {
                    if matches!(pod.status.phase.as_deref(), Some("Failed" | "Succeeded")) {
                        to_delete.push(pod.metadata.name.clone());
                    } else {
                        running.push(pod);
                    }
                }
                if !allows_surge {
                    to_delete.extend(running.iter().skip(1).map(|p| p.metadata.name.clone()));
                    continue;
                }
                if running.is_empty() && fit.should_run {
                    to_create.push(node.clone());
                }
                if running.len() <= 1 {
                    continue;
                }
                let (mut oldest_new, mut oldest_old): (Option<&Pod>, Option<&Pod>) = (None, None);
                for pod in running {
                    let is_new = pod
                        .metadata
                        .labels
                        .get(DEFAULT_DAEMON_SET_UNIQUE_LABEL_KEY)
                        .map(String::as_str)
                        == Some(hash);
                    let slot = if is_new {
                        &mut oldest_new
                    } else {
                        &mut oldest_old
                    };
                    if slot.is_none() {
                        *slot = Some(pod);
                    } else {
                        to_delete.push(pod.metadata.name.clone());
                    }
                }
                if let (Some(new), Some(old)) = (oldest_new, oldest_old)
                    && (!is_ready(old) || is_available(new, min_ready(ds), now))
                {
                    to_delete.push(old.metadata.name.clone());
                }
            }
            Some(daemon_pods) if !fit.should_continue_running => {
                to_delete.extend(
                    daemon_pods
                        .iter()
                        .filter(|p| p.metadata.deletion_timestamp.is_none())
                        .map(|p| p.metadata.name.clone()),
                );
            }
            _ => {}
        }
    }
    // Pods pinned to nodes that no longer exist, and never bound, go too.
    for (node, daemon_pods) in &by_node {
        if fits.contains_key(node) {
            continue;
        }
        to_delete.extend(
            daemon_pods
                .iter()
                .filter(|p| p.spec.node_name.is_none() && p.metadata.deletion_timestamp.is_none())
                .map(|p| p.metadata.name.clone()),
        );
    }
    sync_nodes(cluster, key, ds, &to_delete, &to_create, hash);
}

/// `rollingUpdate`.
fn rolling_update(
    cluster: &mut Cluster,
    key: &ObjectKey,
    ds: &DaemonSet,
    fits: &BTreeMap<String, NodeFit>,
    hash: &str,
) {
    let uid = ds.metadata.uid.clone().unwrap_or_default();
    let pods = controlled_pods(cluster, &uid);
    let (now, min_ready, generation) = (cluster.now(), min_ready(ds), generation(ds));
    let mut by_node: BTreeMap<String, Vec<DaemonPod>> = BTreeMap::new();
    for (node, pods) in nodes_to_daemon_pods(&pods) {
        by_node.insert(
            node,
            pods.iter()
                .map(|p| DaemonPod {
                    name: p.metadata.name.clone(),
                    updated: is_pod_updated(p, hash, &generation),
                    available: is_available(p, min_ready, now),
                    terminating: p.metadata.deletion_timestamp.is_some(),
                })
                .collect(),
        );
    }
    let mut desired = 0;
    for (node, fit) in fits {
        if fit.should_run {
            desired += 1;
            by_node.entry(node.clone()).or_default();
        }
    }
    let (max_surge, max_unavailable) = update::surge_and_unavailable(ds, desired);
    let (delete, create) = update::rolling_update(&by_node, max_surge, max_unavailable);
    sync_nodes(cluster, key, ds, &delete, &create, hash);
}

/// `syncNodes`: creates a pod for each node, deletes the named pods, with the events.
fn sync_nodes(
    cluster: &mut Cluster,
    key: &ObjectKey,
    ds: &DaemonSet,
    delete: &[String],
    create: &[String],
    hash: &str,
) {
    for node in create {
        let mut template = ds.spec.template.clone();
        template.spec = predicates::new_pod_spec(ds);
        replace_node_name_affinity(&mut template.spec, node);
        let labels = &mut template.metadata.labels;
        labels.insert(TEMPLATE_GENERATION_LABEL.into(), generation(ds));
        labels.insert(DEFAULT_DAEMON_SET_UNIQUE_LABEL_KEY.into(), hash.into());
        let prefix = format!("{}-", ds.metadata.name);
        let name = generate_pod_name(cluster, &key.namespace, &prefix);
        let pod = pod_from_template(
            &template,
            name.clone(),
            &key.namespace,
            controller_ref(KIND, &ds.metadata),
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
    for name in delete {
        let pod = ObjectKey::new("Pod", &key.namespace, name);
        let live = matches!(cluster.store.get(&pod), Some(Object::Pod(p)) if p.metadata.deletion_timestamp.is_none());
        if live && crate::gc::delete(cluster, &pod, DeleteOptions::default()).is_ok() {
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

/// A Node changed: every DaemonSet looks again.
pub(crate) fn node_changed(cluster: &mut Cluster) {
    let keys: Vec<ObjectKey> = cluster.store.list(KIND, None).map(ObjectKey::of).collect();
    cluster.dirty_workloads.extend(keys);
}

/// Invariants: at most one live pod of a DaemonSet per node (two while surging), and every
/// live pod on a node that may run it.
pub(crate) fn check_invariants(cluster: &Cluster) -> Result<(), String> {
    for object in cluster.store.list(KIND, None) {
        let Some(ds) = crate::replicaset::types::decode::<DaemonSet>(object, KIND) else {
            return Err(format!(
                "DaemonSet {} does not decode",
                object.metadata().name
            ));
        };
        let uid = ds.metadata.uid.clone().unwrap_or_default();
        let pods = controlled_pods(cluster, &uid);
        let limit = if update::surge_and_unavailable(&ds, 1).0 > 0 {
            2
        } else {
            1
        };
        for (node, on_node) in nodes_to_daemon_pods(&pods) {
            let live = on_node
                .iter()
                .filter(|p| p.metadata.deletion_timestamp.is_none())
                .count();
            if live > limit {
                return Err(format!(
                    "DaemonSet {} runs {live} pods on {node}",
                    ds.metadata.name
                ));
            }
        }
    }
    Ok(())
}
