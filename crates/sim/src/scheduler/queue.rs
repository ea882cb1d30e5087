//! The scheduling queue's unschedulable pods (upstream `unschedulablePods`): a pod no node
//! could take waits until a cluster event that may help it (a node added, uncordoned or
//! untainted, a pod gone that held resources or an anti-affinity match: `Nodes::retry`; a
//! claim bound: `claim_bound`), or until it has waited `podMaxInUnschedulablePodsDuration`,
//! which the queue's flush, every 30 s, checks. Each retry that fails records another
//! `FailedScheduling` event, as upstream's do.

use crate::clock::{Duration, Time};
use crate::cluster::{Cluster, Timer};
use crate::store::ObjectKey;
use ordinal_api::Object;

/// `podMaxInUnschedulablePodsDuration`: the longest a pod waits for a cluster event.
pub(crate) const MAX_UNSCHEDULABLE: Duration = Duration(300_000);
/// How often the queue flushes pods that waited too long (`flushUnschedulablePodsLeftover`).
const FLUSH_PERIOD_MS: u64 = 30_000;

/// The first flush at or after `due` (flushes run every 30 s from the scheduler's start).
fn flush_tick(due: Time) -> Time {
    Time(due.0.div_ceil(FLUSH_PERIOD_MS) * FLUSH_PERIOD_MS)
}

/// The pod could not be placed: it waits among the unschedulable pods, at the latest until
/// the flush that finds it has waited five minutes.
pub(crate) fn park(cluster: &mut Cluster, key: &ObjectKey, uid: &str) {
    let now = cluster.now();
    cluster.nodes.unschedulable.insert(key.clone());
    cluster.nodes.parked_at.insert(key.clone(), now);
    let at = flush_tick(now + MAX_UNSCHEDULABLE);
    cluster.schedule_timer(
        at.since(now),
        Timer::FlushUnschedulable {
            pod: key.clone(),
            uid: uid.to_string(),
        },
    );
}

/// A flush found the pod (if it still waits and has waited long enough): it gets another
/// scheduling attempt.
pub(crate) fn flush(cluster: &mut Cluster, key: &ObjectKey, uid: &str) {
    let Some(parked) = cluster.nodes.parked_at.get(key).copied() else {
        return;
    };
    if flush_tick(parked + MAX_UNSCHEDULABLE) > cluster.now() {
        // Parked again since this timer was set; the newer timer is the one that counts.
        return;
    }
    cluster.nodes.parked_at.remove(key);
    let waiting = matches!(
        cluster.store.get(key),
        Some(Object::Pod(pod)) if pod.metadata.uid.as_deref() == Some(uid)
            && pod.spec.node_name.is_none()
            && pod.metadata.deletion_timestamp.is_none()
    );
    if waiting && cluster.nodes.unschedulable.remove(key) {
        cluster.unscheduled.insert(key.clone());
    }
}
