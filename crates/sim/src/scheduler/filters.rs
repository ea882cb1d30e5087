//! The scheduler's filter plugins in the default profile's order. A node fails at the first
//! plugin that rejects it, with that plugin's reason (as the framework reports it in
//! `FailedScheduling`), and whether preemption could help there.

use super::affinity;
use super::node_info::NodeInfo;
use super::resources;
use super::selectors;
use crate::cluster::Cluster;
use crate::store::ObjectKey;
use ordinal_api::{Object, Pod};
use serde_json::Value;
use std::borrow::Cow;

pub const UNSCHEDULABLE_TAINT: &str = "node.kubernetes.io/unschedulable";

/// Why one node cannot take the pod.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub reasons: Vec<String>,
    /// UnschedulableAndUnresolvable: evicting pods would not help (taints, selectors, …).
    pub unresolvable: bool,
}

fn reject(reason: &str, unresolvable: bool) -> Result<(), Rejection> {
    Err(Rejection {
        reasons: vec![reason.to_string()],
        unresolvable,
    })
}

fn tolerates(pod: &Pod, key: &str, value: &str, effect: &str) -> bool {
    pod.spec.tolerations.iter().any(|t| {
        let field = |f: &str| t.get(f).and_then(Value::as_str).unwrap_or("");
        let effect_ok = field("effect").is_empty() || field("effect") == effect;
        let operator = if field("operator").is_empty() {
            "Equal"
        } else {
            field("operator")
        };
        let key_ok = match operator {
            "Exists" => field("key").is_empty() || field("key") == key,
            _ => field("key") == key && field("value") == value,
        };
        effect_ok && key_ok
    })
}

/// The first of `taints` (NoSchedule / NoExecute) the pod does not tolerate.
fn first_untolerated<'a>(
    pod: &Pod,
    taints: &'a [(String, String, String)],
) -> Option<&'a (String, String, String)> {
    taints.iter().find(|(key, value, effect)| {
        matches!(effect.as_str(), "NoSchedule" | "NoExecute") && !tolerates(pod, key, value, effect)
    })
}

fn node_affinity_matches(pod: &Pod, name: &str, node: &Object) -> bool {
    let labels = &node.metadata().labels;
    let selector_ok = pod
        .spec
        .node_selector
        .iter()
        .all(|(k, v)| labels.get(k) == Some(v));
    let required =
        pod.spec.affinity.as_ref().and_then(|a| {
            a.pointer("/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution")
        });
    selector_ok && required.is_none_or(|r| selectors::node_selector_matches(Some(r), name, labels))
}

fn fits_resources(
    cluster: &Cluster,
    pod: &Pod,
    name: &str,
    node: &NodeInfo,
) -> Result<(), Rejection> {
    let mut reasons = Vec::new();
    let wants_resources = ["cpu", "memory"]
        .iter()
        .any(|r| resources::pod_request(pod, r) > 0);
    if !wants_resources {
        // Only the pod count can be exceeded; no need to add up the node's pods.
        let count = cluster.nodes.pod_count(name) as u128;
        if node.allocatable("pods").is_some_and(|max| count + 1 > max) {
            return Err(Rejection {
                reasons: vec!["Too many pods".into()],
                unresolvable: false,
            });
        }
        return Ok(());
    }
    // The node's running totals over its pods that have not finished (Succeeded/Failed).
    let usage = cluster.nodes.usage(name);
    if let Some(max) = node.allocatable("pods")
        && usage.pods as u128 + 1 > max
    {
        reasons.push("Too many pods".to_string());
    }
    for resource in ["cpu", "memory"] {
        let wanted = resources::pod_request(pod, resource);
        if wanted == 0 {
            continue;
        }
        let used = if resource == "cpu" {
            usage.cpu
        } else {
            usage.memory
        };
        if let Some(allocatable) = node.allocatable(resource)
            && used + wanted > allocatable
        {
            reasons.push(format!("Insufficient {resource}"));
        }
    }
    if reasons.is_empty() {
        Ok(())
    } else {
        Err(Rejection {
            reasons,
            unresolvable: false,
        })
    }
}

/// Bound claims whose volume is pinned to other nodes, and WaitForFirstConsumer claims
/// already promised to another node.
fn volumes_fit(cluster: &Cluster, pod: &Pod, name: &str, node: &Object) -> bool {
    let namespace = pod.metadata.namespace.as_deref().unwrap_or("default");
    pod.spec
        .volumes
        .iter()
        .filter_map(|v| v.persistent_volume_claim.as_ref())
        .all(|source| {
            let key = ObjectKey::new("PersistentVolumeClaim", namespace, &source.claim_name);
            let Some(Object::PersistentVolumeClaim(claim)) = cluster.store.get(&key) else {
                return true;
            };
            if let Some(selected) = claim
                .metadata
                .annotations
                .get("volume.kubernetes.io/selected-node")
                && claim.status.phase.as_deref() != Some("Bound")
                && selected != name
            {
                return false;
            }
            let Some(volume) = claim.spec.volume_name.as_deref() else {
                return true;
            };
            match cluster
                .store
                .get(&ObjectKey::new("PersistentVolume", "", volume))
            {
                Some(Object::PersistentVolume(pv)) => pv
                    .spec
                    .node_affinity
                    .as_ref()
                    .and_then(|a| a.get("required"))
                    .is_none_or(|r| {
                        selectors::node_selector_matches(Some(r), name, &node.metadata().labels)
                    }),
                _ => true,
            }
        })
}

/// Runs the filters for one node.
pub fn run(cluster: &Cluster, pod: &Pod, name: &str, node: &Object) -> Result<(), Rejection> {
    // Every stored Node has its facts cached by `Cluster::write`; parse as a fallback only.
    let info = match cluster.nodes.info(name) {
        Some(info) => Cow::Borrowed(info),
        None => Cow::Owned(NodeInfo::of(node)),
    };
    if info.unschedulable && !tolerates(pod, UNSCHEDULABLE_TAINT, "", "NoSchedule") {
        return reject("node(s) were unschedulable", true);
    }
    if pod.spec.node_name.as_deref().is_some_and(|n| n != name) {
        return reject("node(s) didn't match the requested node name", true);
    }
    if let Some((key, value, _)) = first_untolerated(pod, &info.taints) {
        return reject(
            &format!("node(s) had untolerated taint {{{key}: {value}}}"),
            true,
        );
    }
    if !node_affinity_matches(pod, name, node) {
        return reject("node(s) didn't match Pod's node affinity/selector", true);
    }
    fits_resources(cluster, pod, name, &info)?;
    if !volumes_fit(cluster, pod, name, node) {
        return reject("node(s) had volume node affinity conflict", true);
    }
    affinity::filter(cluster, pod, node)
}
