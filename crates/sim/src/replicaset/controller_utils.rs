//! Helpers shared by the ReplicaSet, Deployment and DaemonSet controllers, named after
//! `pkg/controller/controller_utils.go`: generated pod names, controller references, the
//! active-pod filter and the order in which surplus pods are deleted (`ActivePodsWithRanks`).

use crate::cluster::Cluster;
use crate::statefulset::utils::{is_ready, ready_since};
use crate::store::ObjectKey;
use ordinal_api::{Object, ObjectMeta, OwnerReference, Pod, PodStatus, PodTemplateSpec};
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// `k8s.io/apimachinery/pkg/util/rand`'s alphabet: no vowels, no 0/1/3, so generated names
/// never spell words.
const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// `generateName` as the API server completes it: the prefix plus 5 characters from the
/// seeded RNG, drawn again on a clash with a stored pod.
pub(crate) fn generate_pod_name(cluster: &mut Cluster, namespace: &str, prefix: &str) -> String {
    loop {
        let suffix: String = (0..5)
            .map(|_| {
                let i = cluster.rng.range(0, ALPHABET.len() as u64 - 1) as usize;
                char::from(ALPHABET[i % ALPHABET.len()])
            })
            .collect();
        let name = format!("{prefix}{suffix}");
        if cluster
            .store
            .get(&ObjectKey::new("Pod", namespace, &name))
            .is_none()
        {
            return name;
        }
    }
}

/// The controller ownerReference a workload puts on what it creates.
pub fn controller_ref(kind: &str, meta: &ObjectMeta) -> OwnerReference {
    OwnerReference {
        api_version: "apps/v1".into(),
        kind: kind.into(),
        name: meta.name.clone(),
        uid: meta.uid.clone().unwrap_or_default(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

/// Whether `meta` names `uid` as its controller.
pub fn is_controlled_by(meta: &ObjectMeta, uid: &str) -> bool {
    meta.owner_references
        .iter()
        .any(|o| o.uid == uid && o.controller == Some(true))
}

/// The pods whose controller is `uid`, in name order (through the owner index, no scan;
/// borrowed, since a sync runs after every pod change).
pub fn controlled_pods<'a>(cluster: &'a Cluster, uid: &str) -> Vec<&'a Pod> {
    cluster
        .store
        .dependents_of(uid)
        .filter(|k| k.kind == "Pod")
        .filter_map(|k| match cluster.store.get(k) {
            Some(Object::Pod(p)) if is_controlled_by(&p.metadata, uid) => Some(p),
            _ => None,
        })
        .collect()
}

/// `IsPodActive`: not terminating and neither Succeeded nor Failed.
pub fn is_pod_active(pod: &Pod) -> bool {
    pod.metadata.deletion_timestamp.is_none()
        && !matches!(pod.status.phase.as_deref(), Some("Succeeded" | "Failed"))
}

/// A pod from a template, as a controller creates it (the API server defaults the spec).
/// `name` was generated from `generateName` `<owner>-`, which the pod keeps.
pub(crate) fn pod_from_template(
    template: &PodTemplateSpec,
    name: String,
    namespace: &str,
    owner: OwnerReference,
) -> Pod {
    let generate_name = Some(format!("{}-", owner.name));
    let mut object = Object::Pod(Pod {
        metadata: ObjectMeta {
            name,
            generate_name,
            namespace: Some(namespace.into()),
            labels: template.metadata.labels.clone(),
            annotations: template.metadata.annotations.clone(),
            owner_references: vec![owner].into(),
            ..ObjectMeta::default()
        },
        spec: template.spec.clone().into(),
        status: PodStatus {
            phase: Some("Pending".into()),
            ..PodStatus::default()
        },
    });
    ordinal_api::defaults::apply_defaults(&mut object);
    match object {
        Object::Pod(pod) => pod,
        _ => Pod::default(),
    }
}

/// Stores a new pod with a uid and creation time.
pub(crate) fn create_pod(cluster: &mut Cluster, mut pod: Pod) {
    pod.metadata.uid = Some(cluster.new_uid());
    pod.metadata.creation_timestamp = Some(cluster.now().rfc3339());
    cluster.write(Object::Pod(pod));
}

fn phase_rank(pod: &Pod) -> u8 {
    match pod.status.phase.as_deref() {
        Some("Pending") | None => 0,
        Some("Unknown") => 1,
        _ => 2,
    }
}

fn restarts(pod: &Pod) -> i32 {
    pod.status
        .container_statuses
        .iter()
        .map(|c| c.restart_count)
        .max()
        .unwrap_or(0)
}

/// `ActivePodsWithRanks.Less`: the pods to delete first come first. Unassigned before
/// assigned; Pending before Unknown before Running; not ready before ready; more pods of the
/// same controller on the node before fewer; ready for less time before longer; more restarts
/// before fewer; newer before older.
pub fn sort_for_deletion(pods: &mut [&Pod]) {
    let mut per_node: BTreeMap<String, usize> = BTreeMap::new();
    for pod in pods.iter() {
        if let Some(node) = &pod.spec.node_name {
            *per_node.entry(node.clone()).or_default() += 1;
        }
    }
    let rank = |p: &Pod| {
        p.spec
            .node_name
            .as_ref()
            .and_then(|n| per_node.get(n))
            .copied()
            .unwrap_or(0)
    };
    ordinal_api::order::sort_by(pods, |a, b| {
        let assigned = |p: &Pod| p.spec.node_name.is_some();
        assigned(a)
            .cmp(&assigned(b))
            .then_with(|| phase_rank(a).cmp(&phase_rank(b)))
            .then_with(|| is_ready(a).cmp(&is_ready(b)))
            .then_with(|| rank(b).cmp(&rank(a)))
            .then_with(|| {
                if is_ready(a) && is_ready(b) {
                    // Later Ready transition = ready for less time = deleted first.
                    ready_since(b).cmp(&ready_since(a))
                } else {
                    Ordering::Equal
                }
            })
            .then_with(|| restarts(b).cmp(&restarts(a)))
            .then_with(|| {
                b.metadata
                    .creation_timestamp
                    .cmp(&a.metadata.creation_timestamp)
            })
            .then_with(|| b.metadata.name.cmp(&a.metadata.name))
    });
}

/// `intstr.GetScaledValueFromIntOrPercent`: an int, or a percentage of `total` rounded up
/// or down.
pub fn scaled_value(
    value: Option<&serde_json::Value>,
    total: i32,
    round_up: bool,
    default: &str,
) -> i32 {
    let fallback = serde_json::Value::String(default.into());
    let value = value.unwrap_or(&fallback);
    if let Some(n) = value.as_i64() {
        return i32::try_from(n).unwrap_or(0).max(0);
    }
    let Some(percent) = value
        .as_str()
        .and_then(|s| s.strip_suffix('%'))
        .and_then(|s| s.parse::<i64>().ok())
    else {
        return 0;
    };
    let scaled = i64::from(total) * percent;
    let result = if round_up {
        (scaled + 99).div_euclid(100)
    } else {
        scaled.div_euclid(100)
    };
    i32::try_from(result).unwrap_or(0).max(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn percentages_round_like_intstr() {
        assert_eq!(scaled_value(None, 3, true, "25%"), 1);
        assert_eq!(scaled_value(None, 3, false, "25%"), 0);
        assert_eq!(scaled_value(Some(&json!("50%")), 5, true, "25%"), 3);
        assert_eq!(scaled_value(Some(&json!(2)), 5, true, "25%"), 2);
        assert_eq!(scaled_value(Some(&json!("x")), 5, true, "25%"), 0);
    }

    fn pod(name: &str, node: Option<&str>, phase: &str, created: &str) -> Pod {
        let mut p = Pod::default();
        p.metadata.name = name.into();
        p.metadata.creation_timestamp = Some(created.into());
        p.spec.node_name = node.map(str::to_string);
        p.status.phase = Some(phase.into());
        p
    }

    #[test]
    fn deletion_order_prefers_unscheduled_then_pending_then_newest() {
        let pods = [
            pod("old-running", Some("n1"), "Running", "2026-01-01T00:00:01Z"),
            pod("new-running", Some("n2"), "Running", "2026-01-01T00:00:09Z"),
            pod("pending", Some("n3"), "Pending", "2026-01-01T00:00:00Z"),
            pod("unscheduled", None, "Pending", "2026-01-01T00:00:00Z"),
        ];
        let mut refs: Vec<&Pod> = pods.iter().collect();
        sort_for_deletion(&mut refs);
        let names: Vec<&str> = refs.iter().map(|p| p.metadata.name.as_str()).collect();
        assert_eq!(
            names,
            ["unscheduled", "pending", "new-running", "old-running"]
        );
    }
}
