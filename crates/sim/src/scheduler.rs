//! The default scheduler: filter the nodes (`filters`: unschedulable, taints, node affinity,
//! resources, volume node affinity, inter-pod (anti-)affinity), score the feasible ones
//! (`affinity::score`, then the fewest pods), bind. A pod no node can take stays Pending with
//! PodScheduled=False and a `FailedScheduling` event until the cluster changes.

mod affinity;
pub(crate) mod filters;
pub(crate) mod node_info;
pub(crate) mod queue;
pub(crate) mod resources;
mod selectors;
#[cfg(test)]
mod usage_tests;

use crate::cluster::{Cluster, Timer};
use crate::store::ObjectKey;
use crate::timing;
use crate::volumes;
use ordinal_api::{Object, Pod, PodCondition};
use std::collections::BTreeMap;

/// Where a pod can go: the best node, or the `FailedScheduling` message.
pub(crate) fn place(cluster: &Cluster, pod: &Pod) -> Result<String, String> {
    if pod.spec.affinity.is_none() {
        // Without affinity terms every node scores 0, so the best node is the first feasible
        // one in (pods, index) order: look at nodes in that order and stop at the first that
        // fits. Only when none fits are all nodes visited (below) for the message.
        for (_, _, name) in cluster.nodes.by_load() {
            if let Some(node) = cluster.store.get(&ObjectKey::new("Node", "", name))
                && filters::run(cluster, pod, name, node).is_ok()
            {
                return Ok(name.to_string());
            }
        }
    }
    // Borrowed names: a placement looks at every node, so no String per node.
    let mut feasible: Vec<(i64, usize, u32, &str)> = Vec::new();
    let mut rejections = Vec::new();
    for node in cluster.store.list("Node", None) {
        let name = &node.metadata().name;
        let Some(index) = cluster.nodes.index(name) else {
            continue;
        };
        match filters::run(cluster, pod, name, node) {
            Ok(()) => {
                let score = affinity::score(cluster, pod, node);
                let load = cluster.nodes.pod_count(name);
                feasible.push((-score, load, index, name.as_str()));
            }
            Err(rejection) => rejections.push(rejection),
        }
    }
    match feasible.into_iter().min() {
        Some((_, _, _, name)) => Ok(name.to_string()),
        None => Err(failed_scheduling_message(&rejections)),
    }
}

/// `0/4 nodes are available: 1 node(s) had untolerated taint {…}, 3 …. preemption: 0/4
/// nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims
/// found for incoming pod.` Reasons are counted per node and sorted as strings.
pub fn failed_scheduling_message(rejections: &[filters::Rejection]) -> String {
    let total = rejections.len();
    if total == 0 {
        return "no nodes available to schedule pods".into();
    }
    let mut reasons: BTreeMap<&str, usize> = BTreeMap::new();
    let mut preemption: BTreeMap<&str, usize> = BTreeMap::new();
    for rejection in rejections {
        for reason in &rejection.reasons {
            *reasons.entry(reason).or_default() += 1;
        }
        let why = if rejection.unresolvable {
            "Preemption is not helpful for scheduling"
        } else {
            // Every pod has the default priority 0, so there is never a lower-priority victim.
            "No preemption victims found for incoming pod"
        };
        *preemption.entry(why).or_default() += 1;
    }
    let join = |counts: BTreeMap<&str, usize>| {
        let mut items: Vec<String> = counts
            .into_iter()
            .map(|(text, n)| format!("{n} {text}"))
            .collect();
        ordinal_api::order::sort(&mut items);
        items.join(", ")
    };
    format!(
        "0/{total} nodes are available: {}. preemption: 0/{total} nodes are available: {}.",
        join(reasons),
        join(preemption)
    )
}

/// Starts the bind timer for each pod to look at whose claims are ready; the others wait
/// on their claims (`volumes::provisioned` wakes them).
pub(crate) fn schedule_pending(cluster: &mut Cluster) {
    for node in std::mem::take(&mut cluster.nodes.deleted) {
        crate::node_lifecycle::node_deleted(cluster, &node);
    }
    if cluster.nodes.retry {
        crate::node_lifecycle::sync_unschedulable_taints(cluster);
    }
    if std::mem::take(&mut cluster.nodes.retry) {
        // Something changed (a pod went away, a node came, a taint went): look again.
        let parked = std::mem::take(&mut cluster.nodes.unschedulable);
        cluster.unscheduled.extend(parked);
    }
    if cluster.unscheduled.is_empty() {
        return;
    }
    let pending = std::mem::take(&mut cluster.unscheduled);
    for key in pending {
        // The stored pod, shared (not copied) while the cluster changes around it.
        let Some(shared) = cluster.store.get_shared(&key) else {
            continue;
        };
        let Object::Pod(pod) = &*shared else {
            continue;
        };
        if pod.spec.node_name.is_some() || pod.metadata.deletion_timestamp.is_some() {
            continue;
        }
        let uid = pod.metadata.uid.clone().unwrap_or_default();
        if let Err(reason) = volumes::pod_volumes_ready(cluster, pod)
            && let Some(message) = volume_failure_message(cluster, &reason)
        {
            // The pod cannot go anywhere until its claims change: it waits on them.
            for claim in volumes::unbound_claims(&cluster.store, pod) {
                let claim = ObjectKey::new("PersistentVolumeClaim", &key.namespace, &claim);
                let waiting = cluster.waiting_on_claims.entry(claim).or_default();
                waiting.insert(key.clone());
            }
            unschedulable(cluster, &key, pod.clone(), message);
            continue;
        }
        // WaitForFirstConsumer claims start binding once a consumer is being placed;
        // with no node for it, the bind attempt reports why. A pod without claims has
        // nothing to bind: it is placed once, when the bind timer fires.
        let has_claims = (pod.spec.volumes.iter()).any(|v| v.persistent_volume_claim.is_some());
        let placed = if has_claims {
            place(cluster, pod)
        } else {
            Err(String::new())
        };
        if let Ok(node) = &placed {
            volumes::select_node_for_claims(cluster, pod, node);
        }
        let waiting = volumes::unbound_claims(&cluster.store, pod);
        if let (Ok(node), false) = (&placed, waiting.is_empty()) {
            // The pod holds its place on the node while its volumes are made there.
            cluster
                .nodes
                .assume(node, &key, crate::nodes::PodShare::of(pod));
            if affinity::has_required_anti_affinity(pod) {
                cluster.nodes.anti_affinity.insert(key.clone());
            }
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
        if !cluster.nodes.unschedulable.contains(&key) {
            cluster.explain(&key, "scheduler", Vec::new());
        }
        let delay = cluster.jitter(timing::SCHEDULE_MS);
        cluster.schedule_timer(delay, Timer::Schedule { pod: key, uid });
    }
}

/// The `FailedScheduling` message for a pod whose volumes are not ready, or `None` when
/// their provisioning is under way (an empty reason: the pod waits without an event).
/// Claim problems found before the node filters (an unbound Immediate claim, a missing
/// claim) carry no node count; a WaitForFirstConsumer claim with nothing to bind to is a
/// per-node filter failure. None of them is helped by preemption.
fn volume_failure_message(cluster: &Cluster, reason: &str) -> Option<String> {
    if reason.is_empty() {
        return None;
    }
    let total = cluster
        .store
        .list("Node", None)
        .filter(|n| cluster.nodes.index(&n.metadata().name).is_some())
        .count();
    if total == 0 {
        return Some("no nodes available to schedule pods".into());
    }
    let reasons = if reason.starts_with("node(s)") {
        format!("{total} {reason}")
    } else {
        reason.to_string()
    };
    Some(format!(
        "0/{total} nodes are available: {reasons}. preemption: 0/{total} nodes are available: \
         {total} Preemption is not helpful for scheduling."
    ))
}

/// A claim was bound: the pods waiting for it get another look.
pub(crate) fn claim_bound(cluster: &mut Cluster, claim: &ObjectKey) {
    if let Some(pods) = cluster.waiting_on_claims.remove(claim) {
        for pod in &pods {
            cluster.nodes.unschedulable.remove(pod);
        }
        cluster.unscheduled.extend(pods);
    }
}

/// The pod cannot be placed: PodScheduled=False, a `FailedScheduling` event, a "why", and
/// it waits for the cluster to change.
fn unschedulable(cluster: &mut Cluster, key: &ObjectKey, mut pod: Pod, message: String) {
    let uid = pod.metadata.uid.clone().unwrap_or_default();
    let now = cluster.now().rfc3339();
    let condition = PodCondition {
        type_: "PodScheduled".into(),
        status: "False".into(),
        last_transition_time: Some(now),
        reason: Some("Unschedulable".into()),
        message: Some(message.clone()),
    };
    match pod
        .status
        .conditions
        .iter_mut()
        .find(|c| c.type_ == "PodScheduled")
    {
        Some(existing) if existing.message == condition.message => {}
        Some(existing) => *existing = condition,
        None => pod.status.conditions.push(condition),
    }
    if pod.status.phase.is_none() {
        pod.status.phase = Some("Pending".into());
    }
    cluster.write(Object::Pod(pod));
    cluster.record_event(
        key,
        "Warning",
        "FailedScheduling",
        message.clone(),
        "default-scheduler",
    );
    cluster.explain(
        key,
        "scheduler",
        vec![("R-4.12", format!("not scheduled: {message}"))],
    );
    queue::park(cluster, key, &uid);
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
    let assumed = cluster.nodes.take_assumed(key);
    let node = match (&pod.spec.node_name, assumed) {
        (Some(node), _) => node.clone(),
        (None, Some(node)) => node,
        (None, None) => match place(cluster, &pod) {
            Ok(node) => node,
            Err(message) => return unschedulable(cluster, key, pod, message),
        },
    };
    cluster
        .nodes
        .assign(&node, key, crate::nodes::PodShare::of(&pod));
    if affinity::has_required_anti_affinity(&pod) {
        cluster.nodes.anti_affinity.insert(key.clone());
    }
    let now = cluster.now().rfc3339();
    pod.spec.node_name = Some(node.clone());
    pod.status.conditions.retain(|c| c.type_ != "PodScheduled");
    pod.status.conditions.push(PodCondition {
        type_: "PodScheduled".into(),
        status: "True".into(),
        last_transition_time: Some(now),
        ..PodCondition::default()
    });
    let namespace = key.namespace.clone();
    cluster.write(Object::Pod(pod));
    cluster.explain(key, "scheduler", Vec::new());
    cluster.record_event(
        key,
        "Normal",
        "Scheduled",
        format!("Successfully assigned {namespace}/{} to {node}", key.name),
        "default-scheduler",
    );
    crate::kubelet::admit(cluster, key, uid);
}
