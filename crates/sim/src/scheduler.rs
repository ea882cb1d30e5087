//! A simple scheduler: spread pods over the worker nodes, honour `nodeName`, and wait until
//! every claim the pod uses is bound (the full scheduler with affinity comes later).

use crate::cluster::{Cluster, Timer};
use crate::store::ObjectKey;
use crate::timing;
use crate::volumes;
use ordinal_api::{Object, PodCondition};

/// Starts the bind timer for each pod to look at whose claims are ready; the others wait
/// on their claims (`volumes::provisioned` wakes them).
pub(crate) fn schedule_pending(cluster: &mut Cluster) {
    if cluster.unscheduled.is_empty() {
        return;
    }
    let pending = std::mem::take(&mut cluster.unscheduled);
    for key in pending {
        let Some(Object::Pod(pod)) = cluster.store.get(&key) else {
            continue;
        };
        if pod.spec.node_name.is_some() || pod.metadata.deletion_timestamp.is_some() {
            continue;
        }
        let uid = pod.metadata.uid.clone().unwrap_or_default();
        // WaitForFirstConsumer claims start binding once a consumer is being placed.
        let node = pod
            .spec
            .node_name
            .clone()
            .unwrap_or_else(|| cluster.nodes.least_loaded());
        let pod = pod.clone();
        volumes::select_node_for_claims(cluster, &pod, &node);
        let pod = &pod;
        let waiting = volumes::unbound_claims(&cluster.store, pod);
        if !waiting.is_empty() {
            let mut reasons = Vec::new();
            for claim in waiting {
                reasons.push((
                    "R-5.4",
                    format!("not scheduled: PersistentVolumeClaim {claim} is not Bound yet"),
                ));
                let claim = ObjectKey::new("PersistentVolumeClaim", &key.namespace, &claim);
                cluster
                    .waiting_on_claims
                    .entry(claim)
                    .or_default()
                    .insert(key.clone());
            }
            cluster.explain(&key, "scheduler", reasons);
            continue;
        }
        cluster.explain(&key, "scheduler", Vec::new());
        let delay = cluster.jitter(timing::SCHEDULE_MS);
        cluster.schedule_timer(delay, Timer::Schedule { pod: key, uid });
    }
}

/// A claim was bound: the pods waiting for it get another look.
pub(crate) fn claim_bound(cluster: &mut Cluster, claim: &ObjectKey) {
    if let Some(pods) = cluster.waiting_on_claims.remove(claim) {
        cluster.unscheduled.extend(pods);
    }
}

/// Binds the pod to a node and hands it to that node's kubelet.
pub(crate) fn bind(cluster: &mut Cluster, key: &ObjectKey, uid: &str) {
    let Some(Object::Pod(pod)) = cluster.store.get(key) else {
        return;
    };
    if pod.metadata.uid.as_deref() != Some(uid) || pod.metadata.deletion_timestamp.is_some() {
        return;
    }
    let mut pod = pod.clone();
    let node = match &pod.spec.node_name {
        Some(node) => node.clone(),
        None => cluster.nodes.least_loaded(),
    };
    cluster.nodes.assign(&node);
    let now = cluster.now().rfc3339();
    pod.spec.node_name = Some(node.clone());
    pod.status.conditions.push(PodCondition {
        type_: "PodScheduled".into(),
        status: "True".into(),
        last_transition_time: Some(now),
        ..PodCondition::default()
    });
    let namespace = key.namespace.clone();
    cluster.write(Object::Pod(pod));
    cluster.record_event(
        key,
        "Normal",
        "Scheduled",
        format!("Successfully assigned {namespace}/{} to {node}", key.name),
        "default-scheduler",
    );
    crate::kubelet::admit(cluster, key, uid);
}
