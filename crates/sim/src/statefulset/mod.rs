//! The StatefulSet controller (SPEC §3). `sync` gathers the set's pods and revisions, asks the
//! pure decision in `control` what to do, applies it through `pod_control`, then writes status.

pub mod cache;
pub mod control;
pub mod control_indexed;
mod history;
mod pod_control;
pub mod revision;
mod status;
pub mod utils;

pub(crate) use pod_control::pod_written;
pub use utils::{claim_name, get_ordinal, pod_name};

use crate::cluster::{Cluster, Timer};
use crate::store::ObjectKey;
use control::{Action, Input};
use ordinal_api::{Object, Pod, StatefulSet};
use std::borrow::Cow;

pub const SOURCE: &str = "statefulset-controller";

/// One sync of one set: idempotent, so it runs after every change that touches it.
pub(crate) fn sync(cluster: &mut Cluster, key: &ObjectKey) {
    // Shared, not copied: a sync that changes nothing about the set costs no clone of it.
    let Some(shared) = cluster.store.get_shared(key) else {
        return;
    };
    let Object::StatefulSet(stored) = &*shared else {
        return;
    };
    let mut set = Cow::Borrowed(stored);
    if set.metadata.deletion_timestamp.is_some() {
        // a set being deleted (foreground) only gets its status computed.
        let current = set.status.current_revision.clone().unwrap_or_default();
        let update = set.status.update_revision.clone().unwrap_or_default();
        cluster.explain(
            key,
            SOURCE,
            vec![("R-3.6", "the StatefulSet is being deleted".into())],
        );
        status::write_status(cluster, key, &set, &current, &update);
        return;
    }
    let generation_changed = set.status.observed_generation != set.metadata.generation;
    if generation_changed {
        pod_control::adopt_orphans(cluster, &set);
    }
    pod_control::claim_relabeled_pods(cluster, &set);
    let (current, update) = history::sync_revisions(cluster, &set);
    if set.status.current_revision.as_deref() != Some(current.as_str())
        || set.status.update_revision.as_deref() != Some(update.as_str())
    {
        let set = set.to_mut();
        set.status.current_revision = Some(current.clone());
        set.status.update_revision = Some(update.clone());
    }

    let decision = {
        let uid = set.metadata.uid.clone().unwrap_or_default();
        let empty = cache::SetPods::default();
        let pods = cluster.pod_cache.set(&uid).unwrap_or(&empty);
        // The indexed decision when it applies; the walk over every pod otherwise.
        control_indexed::decide(&set, pods, &update).unwrap_or_else(|| {
            let input = Input {
                set: &set,
                pods: pods.views().collect(),
                current_revision: &current,
                update_revision: &update,
                now: cluster.now(),
            };
            control::decide(&input)
        })
    };
    for action in &decision.actions {
        apply(cluster, &set, action, &current, &update);
    }
    if generation_changed {
        pod_control::refresh_claim_owners(cluster, &set);
    }
    cluster.explain(key, SOURCE, decision.waits);
    if let Some(after) = decision.requeue_after {
        cluster.schedule_timer(after, Timer::Resync { set: key.clone() });
    }
    status::write_status(cluster, key, &set, &current, &update);
    history::prune(cluster, key);
}

/// Pods whose controller ownerReference is this set. Its pods are named `<set>-<n>`, so one
/// sequential range of the store holds them all (no per-pod lookups).
pub(crate) fn owned_pods<'a>(cluster: &'a Cluster, set: &StatefulSet) -> Vec<&'a Pod> {
    let uid = set.metadata.uid.as_deref().unwrap_or("");
    let namespace = set.metadata.namespace.as_deref().unwrap_or("default");
    let prefix = format!("{}-", set.metadata.name);
    let mut pods: Vec<&Pod> = cluster
        .store
        .list_prefix("Pod", namespace, &prefix)
        .filter_map(|o| match o {
            Object::Pod(p) => Some(p),
            _ => None,
        })
        .filter(|p| {
            p.metadata
                .owner_references
                .iter()
                .any(|o| o.uid == uid && o.controller == Some(true))
        })
        .collect();
    // A controller may also own pods with other names (adopted by hand); keep them too.
    if cluster
        .store
        .dependents_of(uid)
        .filter(|k| k.kind == "Pod")
        .nth(pods.len())
        .is_some()
    {
        pods = cluster
            .store
            .dependents_of(uid)
            .filter(|k| k.kind == "Pod")
            .filter_map(|k| match cluster.store.get(k) {
                Some(Object::Pod(p)) => Some(p),
                _ => None,
            })
            .filter(|p| {
                p.metadata
                    .owner_references
                    .iter()
                    .any(|o| o.uid == uid && o.controller == Some(true))
            })
            .collect();
    }
    pods
}

fn apply(cluster: &mut Cluster, set: &StatefulSet, action: &Action, current: &str, update: &str) {
    let namespace = set.metadata.namespace.clone().unwrap_or_default();
    match action {
        Action::CreatePod { ordinal, revision } => {
            let revision = match revision {
                control::Revision::Current => current,
                control::Revision::Update => update,
            };
            pod_control::create_stateful_pod(cluster, set, *ordinal, revision);
        }
        Action::EnsureClaims { ordinal } => {
            pod_control::create_missing_claims(cluster, set, *ordinal);
        }
        Action::DeleteFailedPod { name } | Action::DeleteForUpdate { name } => {
            pod_control::delete_stateful_pod(
                cluster,
                set,
                &ObjectKey::new("Pod", &namespace, name),
            );
        }
        Action::CondemnPod { name, ordinal } => {
            pod_control::condemn_claims(cluster, set, *ordinal, name);
            pod_control::delete_stateful_pod(
                cluster,
                set,
                &ObjectKey::new("Pod", &namespace, name),
            );
        }
    }
}
