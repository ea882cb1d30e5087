//! Status (`stateful_set_status_updater.go`, R-3.15): counters over the owned pods, rollout
//! completion, and a write only when something differs.

use crate::clock::Duration;
use crate::cluster::Cluster;
use crate::store::ObjectKey;
use ordinal_api::{Object, StatefulSet, StatefulSetStatus};

pub(crate) fn write_status(
    cluster: &mut Cluster,
    key: &ObjectKey,
    set: &StatefulSet,
    current: &str,
    update: &str,
) {
    let now = cluster.now();
    let min_ready =
        Duration::from_secs(u64::try_from(set.spec.min_ready_seconds.unwrap_or(0)).unwrap_or(0));
    let mut status = StatefulSetStatus {
        observed_generation: set.metadata.generation,
        current_revision: Some(current.to_string()),
        update_revision: Some(update.to_string()),
        collision_count: Some(set.status.collision_count.unwrap_or(0)),
        ..StatefulSetStatus::default()
    };
    let (mut replicas, mut ready, mut available, mut current_n, mut updated) = (0, 0, 0, 0, 0);
    let uid = set.metadata.uid.as_deref().unwrap_or("");
    let counted = cluster.pod_cache.set(uid);
    if min_ready.as_millis() == 0
        && let Some(pods) = counted
    {
        // Without minReadySeconds, available is ready: the cache's counters say it all.
        let live = |revision: &str| pods.live_by_revision.get(revision).copied().unwrap_or(0);
        (replicas, ready, available) = (pods.created, pods.ready, pods.ready);
        (current_n, updated) = (live(current), live(update));
    }
    for pod in counted
        .filter(|_| min_ready.as_millis() > 0)
        .into_iter()
        .flat_map(|p| p.views())
    {
        if !pod.created {
            continue;
        }
        replicas += 1;
        if pod.running_and_ready {
            ready += 1;
            if pod.is_available(min_ready, now) {
                available += 1;
            }
        }
        if !pod.terminating {
            let revision = pod.revision.as_str();
            if revision == current {
                current_n += 1;
            }
            if revision == update {
                updated += 1;
            }
        }
    }
    status.replicas = replicas;
    status.ready_replicas = Some(ready);
    status.available_replicas = Some(available);
    status.current_replicas = Some(current_n);
    status.updated_replicas = Some(updated);
    // completeRollingUpdate: the rollout is done once every pod is updated and ready.
    let rolling = set
        .spec
        .update_strategy
        .as_ref()
        .and_then(|s| s.type_.as_deref())
        != Some("OnDelete");
    let desired = set.spec.replicas.unwrap_or(1);
    if rolling && updated == ready && ready == replicas && replicas == desired {
        status.current_revision = Some(update.to_string());
        status.current_replicas = Some(updated);
    }
    let Some(Object::StatefulSet(stored)) = cluster.store.get(key) else {
        return;
    };
    if stored.status == status {
        return;
    }
    // The new version: metadata and spec copied, the old status not (it is replaced).
    let updated = StatefulSet {
        metadata: stored.metadata.clone(),
        spec: stored.spec.clone(),
        status,
    };
    cluster.write(Object::StatefulSet(updated));
}
