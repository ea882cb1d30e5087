//! Inter-pod affinity and anti-affinity (the InterPodAffinity plugin): required terms filter,
//! preferred terms score. A term matches pods (by label selector, in the term's namespaces)
//! running in the same topology domain (nodes sharing the `topologyKey` label's value).

use super::filters::Rejection;
use super::selectors;
use crate::cluster::Cluster;
use crate::store::ObjectKey;
use ordinal_api::{Object, Pod};
use serde_json::Value;
use std::collections::BTreeMap;

const REQUIRED: &str = "requiredDuringSchedulingIgnoredDuringExecution";
const PREFERRED: &str = "preferredDuringSchedulingIgnoredDuringExecution";

fn terms<'a>(pod: &'a Pod, kind: &str, mode: &str) -> Vec<&'a Value> {
    pod.spec
        .affinity
        .as_ref()
        .and_then(|a| a.get(kind))
        .and_then(|k| k.get(mode))
        .and_then(Value::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default()
}

/// Whether `other` is selected by `term` of `owner`, in the term's namespaces: those listed
/// in `namespaces` plus those whose labels `namespaceSelector` matches (`{}`: every
/// namespace); with neither, the owner's own namespace (upstream `AffinityTerm`).
fn term_selects(cluster: &Cluster, term: &Value, owner: &Pod, other: &Pod) -> bool {
    let own_ns = owner.metadata.namespace.as_deref().unwrap_or("default");
    let other_ns = other.metadata.namespace.as_deref().unwrap_or("default");
    let namespaces: Vec<&str> = term
        .get("namespaces")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let ns_ok = match term.get("namespaceSelector").filter(|s| !s.is_null()) {
        None if namespaces.is_empty() => own_ns == other_ns,
        None => namespaces.contains(&other_ns),
        Some(selector) => {
            namespaces.contains(&other_ns)
                || selectors::label_selector_matches(
                    Some(selector),
                    &namespace_labels(cluster, other_ns),
                )
        }
    };
    ns_ok && selectors::label_selector_matches(term.get("labelSelector"), &other.metadata.labels)
}

/// A namespace's labels: those of its stored Namespace object, if any, and the
/// `kubernetes.io/metadata.name` label the API server gives every namespace.
fn namespace_labels(cluster: &Cluster, namespace: &str) -> BTreeMap<String, String> {
    let mut labels = cluster
        .store
        .get(&ObjectKey::new("Namespace", "", namespace))
        .map(|ns| (*ns.metadata().labels).clone())
        .unwrap_or_default();
    labels.insert("kubernetes.io/metadata.name".into(), namespace.into());
    labels
}

fn topology_key(term: &Value) -> &str {
    term.get("topologyKey")
        .and_then(Value::as_str)
        .unwrap_or("")
}

/// The assigned pods in `node`'s domain for `key` (none if the node lacks the label).
fn pods_in_domain<'a>(cluster: &'a Cluster, node: &Object, key: &str) -> Vec<&'a Pod> {
    let Some(value) = node.metadata().labels.get(key) else {
        return Vec::new();
    };
    cluster
        .store
        .list("Node", None)
        .filter(|n| n.metadata().labels.get(key) == Some(value))
        .flat_map(|n| cluster.nodes.pods_on(&n.metadata().name))
        .filter_map(|k| match cluster.store.get(k) {
            Some(Object::Pod(p)) => Some(p),
            _ => None,
        })
        .collect()
}

/// All assigned pods, for the "does any pod match" checks.
fn assigned_pods(cluster: &Cluster) -> impl Iterator<Item = &Pod> {
    cluster
        .store
        .list("Node", None)
        .flat_map(|n| cluster.nodes.pods_on(&n.metadata().name))
        .filter_map(|k| match cluster.store.get(k) {
            Some(Object::Pod(p)) => Some(p),
            _ => None,
        })
}

fn is_self(a: &Pod, b: &Pod) -> bool {
    a.metadata.uid.is_some() && a.metadata.uid == b.metadata.uid
}

/// Whether a pod has required anti-affinity terms (the scheduler indexes such pods).
pub fn has_required_anti_affinity(pod: &Pod) -> bool {
    !terms(pod, "podAntiAffinity", REQUIRED).is_empty()
}

/// The InterPodAffinity filter for one node, in upstream's order: the pod's affinity, its
/// anti-affinity, then the existing pods' anti-affinity.
pub fn filter(cluster: &Cluster, pod: &Pod, node: &Object) -> Result<(), Rejection> {
    if pod.spec.affinity.is_none() && cluster.nodes.anti_affinity.is_empty() {
        // No terms of its own and no placed pod with anti-affinity: nothing to check.
        return Ok(());
    }
    let reject = |reason: &str, unresolvable: bool| {
        Err(Rejection {
            reasons: vec![reason.to_string()],
            unresolvable,
        })
    };
    for term in terms(pod, "podAffinity", REQUIRED) {
        let in_domain = pods_in_domain(cluster, node, topology_key(term))
            .into_iter()
            .any(|other| !is_self(other, pod) && term_selects(cluster, term, pod, other));
        if !in_domain {
            // The first pod of a group that selects itself may go anywhere (upstream special
            // case), as long as no matching pod exists anywhere yet.
            let anywhere = assigned_pods(cluster)
                .any(|other| !is_self(other, pod) && term_selects(cluster, term, pod, other));
            let self_match = term_selects(cluster, term, pod, pod);
            let has_key = node.metadata().labels.contains_key(topology_key(term));
            if anywhere || !self_match || !has_key {
                return reject("node(s) didn't match pod affinity rules", true);
            }
        }
    }
    for term in terms(pod, "podAntiAffinity", REQUIRED) {
        let clash = pods_in_domain(cluster, node, topology_key(term))
            .into_iter()
            .any(|other| !is_self(other, pod) && term_selects(cluster, term, pod, other));
        if clash {
            return reject("node(s) didn't match pod anti-affinity rules", false);
        }
    }
    // Existing pods whose required anti-affinity the incoming pod would violate.
    let with_anti_affinity =
        cluster
            .nodes
            .anti_affinity
            .iter()
            .filter_map(|k| match cluster.store.get(k) {
                Some(Object::Pod(p)) => Some(p),
                _ => None,
            });
    for other in with_anti_affinity {
        if is_self(other, pod) {
            continue;
        }
        for term in terms(other, "podAntiAffinity", REQUIRED) {
            let key = topology_key(term);
            let Some(other_node) = other
                .spec
                .node_name
                .as_ref()
                .and_then(|n| cluster.store.get(&ObjectKey::new("Node", "", n)))
            else {
                continue;
            };
            let same_domain = match (
                node.metadata().labels.get(key),
                other_node.metadata().labels.get(key),
            ) {
                (Some(a), Some(b)) => a == b,
                _ => false,
            };
            if same_domain && term_selects(cluster, term, other, pod) {
                return reject(
                    "node(s) didn't satisfy existing pods anti-affinity rules",
                    false,
                );
            }
        }
    }
    Ok(())
}

/// Preferred terms: +weight per matching pod in the domain for affinity, −weight for
/// anti-affinity; plus preferred node affinity weights.
pub fn score(cluster: &Cluster, pod: &Pod, node: &Object) -> i64 {
    if pod.spec.affinity.is_none() {
        // Only the pod's own preferred terms score.
        return 0;
    }
    let mut total = 0i64;
    for (kind, sign) in [("podAffinity", 1i64), ("podAntiAffinity", -1i64)] {
        for weighted in terms(pod, kind, PREFERRED) {
            let weight = weighted.get("weight").and_then(Value::as_i64).unwrap_or(0);
            let Some(term) = weighted.get("podAffinityTerm") else {
                continue;
            };
            let count = pods_in_domain(cluster, node, topology_key(term))
                .into_iter()
                .filter(|other| !is_self(other, pod) && term_selects(cluster, term, pod, other))
                .count() as i64;
            total += sign * weight * count;
        }
    }
    let preferred_nodes = pod
        .spec
        .affinity
        .as_ref()
        .and_then(|a| a.pointer(&format!("/nodeAffinity/{PREFERRED}")))
        .and_then(Value::as_array);
    for preference in preferred_nodes.into_iter().flatten() {
        let weight = preference
            .get("weight")
            .and_then(Value::as_i64)
            .unwrap_or(0);
        if let Some(term) = preference.get("preference")
            && selectors::node_selector_term_matches(
                term,
                &node.metadata().name,
                &node.metadata().labels,
            )
        {
            total += weight;
        }
    }
    total
}
