//! Invariants that hold after every event (checked in tests, and after each step when
//! `Cluster::check_invariants_each_step` is set). The ordering rules are checked on the
//! watch events of the current instant, i.e. on what the last step did.

use crate::cluster::Cluster;
use crate::statefulset::utils::{
    POD_NAME_LABEL, get_ordinal, is_parallel, is_running_and_ready, is_terminating, replicas,
    start_ordinal,
};
use crate::store::WatchEventType;
use ordinal_api::{Object, Pod, StatefulSet};
use std::collections::BTreeMap;

pub fn check_invariants(cluster: &Cluster) -> Result<(), String> {
    let store = cluster.store();
    store.indexes_agree()?;
    let mut fresh = crate::statefulset::cache::PodCache::default();
    for pod in store.list("Pod", None) {
        if let Object::Pod(pod) = pod {
            fresh.insert(pod);
        }
    }
    if fresh != cluster.pod_cache {
        return Err("the controller's pod cache disagrees with the store".into());
    }
    for set in store.list("StatefulSet", None) {
        let Object::StatefulSet(set) = set else {
            return Err("a non-StatefulSet listed as StatefulSet".into());
        };
        let pods = crate::statefulset::owned_pods(cluster, set);
        let name = &set.metadata.name;
        // At most one live pod per identity: every owned pod is one ordinal of the set, once,
        // and carries its own name as identity label.
        let mut by_ordinal: BTreeMap<u32, &Pod> = BTreeMap::new();
        for pod in &pods {
            let Some(ordinal) = get_ordinal(name, &pod.metadata.name) else {
                return Err(format!(
                    "{} is owned by {name} but is not one of its ordinals",
                    pod.metadata.name
                ));
            };
            if by_ordinal.insert(ordinal, pod).is_some() {
                return Err(format!("two pods for {name} ordinal {ordinal}"));
            }
            let identity = pod.metadata.labels.get(POD_NAME_LABEL);
            if identity != Some(&pod.metadata.name) {
                return Err(format!(
                    "{} has pod-name label {identity:?}",
                    pod.metadata.name
                ));
            }
        }
        if !is_parallel(set) {
            check_ordered_ready(cluster, set, &by_ordinal)?;
        }
        check_indexed_decision(cluster, set)?;
    }
    crate::volumes::check_bindings(store)?;
    crate::invariants_workloads::check_workload_invariants(cluster)
}

/// The controller's indexed decision is the full walk's decision, on the state as it stands.
fn check_indexed_decision(cluster: &Cluster, set: &StatefulSet) -> Result<(), String> {
    use crate::statefulset::{cache::SetPods, control, control_indexed};
    let (Some(current), Some(update)) = (
        set.status.current_revision.as_deref(),
        set.status.update_revision.as_deref(),
    ) else {
        return Ok(());
    };
    let empty = SetPods::default();
    let uid = set.metadata.uid.as_deref().unwrap_or("");
    let pods = cluster.pod_cache.set(uid).unwrap_or(&empty);
    let Some(indexed) = control_indexed::decide(set, pods, update) else {
        return Ok(());
    };
    let full = control::decide(&control::Input {
        set,
        pods: pods.views().collect(),
        current_revision: current,
        update_revision: update,
        now: cluster.now(),
    });
    // Without claim templates EnsureClaims does nothing, and a Parallel indexed decision
    // leaves it out.
    let effective = |actions: &[control::Action]| -> Vec<control::Action> {
        actions
            .iter()
            .filter(|a| {
                !set.spec.volume_claim_templates.is_empty()
                    || !matches!(a, control::Action::EnsureClaims { .. })
            })
            .cloned()
            .collect()
    };
    if effective(&indexed.actions) != effective(&full.actions) || indexed.waits != full.waits {
        return Err(format!(
            "{}: indexed decision {:?} / {:?} differs from the full one {:?} / {:?}",
            set.metadata.name, indexed.actions, indexed.waits, full.actions, full.waits
        ));
    }
    Ok(())
}

/// R-3.6b and on what happened at this instant: a pod created only when every lower
/// in-range ordinal is Running and Ready; a scale-down deletion only of the highest pod.
fn check_ordered_ready(
    cluster: &Cluster,
    set: &StatefulSet,
    by_ordinal: &BTreeMap<u32, &Pod>,
) -> Result<(), String> {
    let name = &set.metadata.name;
    let start = start_ordinal(set);
    let end = start + replicas(set);
    let now = cluster.now();
    let uid = set.metadata.uid.as_deref().unwrap_or("");
    let log = cluster.store().watch_log();
    let first_now = log.len() - log.iter().rev().take_while(|e| e.time == now).count();
    for (index, event) in log.iter().enumerate().skip(first_now) {
        let Object::Pod(pod) = &*event.object else {
            continue;
        };
        if event.kind != WatchEventType::Added
            || !pod.metadata.owner_references.iter().any(|o| o.uid == uid)
        {
            continue;
        }
        let Some(ordinal) = get_ordinal(name, &pod.metadata.name) else {
            continue;
        };
        if ordinal >= end || ordinal <= start {
            continue;
        }
        // The lower ordinals as they were when this pod was added (a user may delete one
        // later in the same instant; that is not the controller's doing).
        let mut seen: BTreeMap<u32, Option<&Pod>> = BTreeMap::new();
        for earlier in log[..index].iter().rev() {
            if seen.len() as u32 == ordinal - start {
                break;
            }
            let Object::Pod(p) = &*earlier.object else {
                continue;
            };
            let Some(o) = get_ordinal(name, &p.metadata.name) else {
                continue;
            };
            if o < start || o >= ordinal || seen.contains_key(&o) {
                continue;
            }
            let live = earlier.kind != WatchEventType::Deleted
                && p.metadata.owner_references.iter().any(|r| r.uid == uid);
            seen.insert(o, live.then_some(p));
        }
        for lower in start..ordinal {
            let ok = seen
                .get(&lower)
                .copied()
                .flatten()
                .is_some_and(|p| is_running_and_ready(p) && !is_terminating(p));
            if !ok {
                return Err(format!(
                    "OrderedReady: {name}-{ordinal} created while {name}-{lower} is not Running and Ready"
                ));
            }
        }
    }
    // Scale-down deletions the controller made at this instant (its SuccessfulDelete events;
    // a user may delete any pod, the controller only the highest condemned one).
    for event in cluster
        .events
        .written_at(now)
        .filter(|e| e.reason == "SuccessfulDelete")
    {
        let Some(pod) = event
            .message
            .strip_prefix("delete Pod ")
            .and_then(|m| m.strip_suffix(&format!(" in StatefulSet {name} successful")))
        else {
            continue;
        };
        let Some(ordinal) = get_ordinal(name, pod) else {
            continue;
        };
        if (start..end).contains(&ordinal) {
            continue;
        }
        let higher = by_ordinal
            .range(ordinal + 1..)
            .find(|(_, p)| !is_terminating(p));
        if let Some((h, _)) = higher {
            return Err(format!(
                "scale-down deleted {name}-{ordinal} before the higher {name}-{h}"
            ));
        }
    }
    Ok(())
}
