//! Which nodes a DaemonSet runs on (`NodeShouldRunDaemonPod` and its `predicates` in
//! `daemon_controller.go`), the tolerations every daemon pod gets
//! (`AddOrUpdateDaemonPodTolerations`) and the node affinity that pins a pod to its node
//! (`ReplaceDaemonSetPodNodeNameNodeAffinity`, `GetTargetNodeName` in `daemon/util`).

use super::types::DaemonSet;
use ordinal_api::{Object, Pod, PodSpec};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The automatic tolerations: (key, effect), operator Exists. The last one only for
/// hostNetwork pods.
const DAEMON_TOLERATIONS: [(&str, &str); 6] = [
    ("node.kubernetes.io/not-ready", "NoExecute"),
    ("node.kubernetes.io/unreachable", "NoExecute"),
    ("node.kubernetes.io/disk-pressure", "NoSchedule"),
    ("node.kubernetes.io/memory-pressure", "NoSchedule"),
    ("node.kubernetes.io/pid-pressure", "NoSchedule"),
    ("node.kubernetes.io/unschedulable", "NoSchedule"),
];
const NETWORK_UNAVAILABLE: &str = "node.kubernetes.io/network-unavailable";

fn uses_host_network(spec: &PodSpec) -> bool {
    spec.extra.get("hostNetwork").and_then(Value::as_bool) == Some(true)
}

/// Adds the daemon tolerations the template does not already have.
pub fn add_daemon_pod_tolerations(spec: &mut PodSpec) {
    let mut wanted: Vec<(&str, &str)> = DAEMON_TOLERATIONS.to_vec();
    if uses_host_network(spec) {
        wanted.push((NETWORK_UNAVAILABLE, "NoSchedule"));
    }
    for (key, effect) in wanted {
        let present = spec.tolerations.iter().any(|t| {
            t.get("key").and_then(Value::as_str) == Some(key)
                && t.get("effect").and_then(Value::as_str) == Some(effect)
        });
        if !present {
            spec.tolerations
                .push(json!({"key": key, "operator": "Exists", "effect": effect}));
        }
    }
}

/// Pins the pod to `node` with a required `matchFields metadata.name In [node]` term,
/// replacing any other required node affinity (the template's was already honoured when the
/// controller chose the node).
pub fn replace_node_name_affinity(spec: &mut PodSpec, node: &str) {
    let term = json!({"nodeSelectorTerms": [{"matchFields": [
        {"key": "metadata.name", "operator": "In", "values": [node]}
    ]}]});
    let mut affinity = spec.affinity.clone().unwrap_or_else(|| json!({}));
    if let Some(map) = affinity.as_object_mut() {
        let node_affinity = map.entry("nodeAffinity").or_insert_with(|| json!({}));
        if let Some(na) = node_affinity.as_object_mut() {
            na.insert(
                "requiredDuringSchedulingIgnoredDuringExecution".into(),
                term,
            );
        }
    }
    spec.affinity = Some(affinity);
}

/// `GetTargetNodeName`: the node a daemon pod is bound to, or pinned to by its affinity.
pub fn target_node_name(pod: &Pod) -> Option<String> {
    if let Some(node) = &pod.spec.node_name {
        return Some(node.clone());
    }
    let terms = pod
        .spec
        .affinity
        .as_ref()?
        .pointer("/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms")?
        .as_array()?;
    terms.iter().find_map(|term| {
        term.get("matchFields")?.as_array()?.iter().find_map(|f| {
            (f.get("key")?.as_str()? == "metadata.name")
                .then(|| {
                    f.get("values")?
                        .as_array()?
                        .first()?
                        .as_str()
                        .map(String::from)
                })
                .flatten()
        })
    })
}

fn node_labels(node: &Object) -> &BTreeMap<String, String> {
    &node.metadata().labels
}

/// One `NodeSelectorRequirement` against a label (or field) value.
fn requirement_matches(req: &Value, value: Option<&str>) -> bool {
    let values: Vec<&str> = req
        .get("values")
        .and_then(Value::as_array)
        .map(|v| v.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let number = |s: &str| s.parse::<i64>().ok();
    match req.get("operator").and_then(Value::as_str).unwrap_or("") {
        "In" => value.is_some_and(|v| values.contains(&v)),
        "NotIn" => value.is_none_or(|v| !values.contains(&v)),
        "Exists" => value.is_some(),
        "DoesNotExist" => value.is_none(),
        "Gt" => {
            matches!((value.and_then(number), values.first().and_then(|v| number(v))), (Some(a), Some(b)) if a > b)
        }
        "Lt" => {
            matches!((value.and_then(number), values.first().and_then(|v| number(v))), (Some(a), Some(b)) if a < b)
        }
        _ => false,
    }
}

/// A `NodeSelectorTerm`: every expression and field requirement holds; an empty term matches
/// nothing.
fn term_matches(term: &Value, node: &Object) -> bool {
    let labels = node_labels(node);
    let name = node.metadata().name.as_str();
    let expressions = term.get("matchExpressions").and_then(Value::as_array);
    let fields = term.get("matchFields").and_then(Value::as_array);
    if expressions.is_none_or(|e| e.is_empty()) && fields.is_none_or(|f| f.is_empty()) {
        return false;
    }
    expressions.is_none_or(|e| {
        e.iter().all(|r| {
            let key = r.get("key").and_then(Value::as_str).unwrap_or("");
            requirement_matches(r, labels.get(key).map(String::as_str))
        })
    }) && fields.is_none_or(|f| {
        f.iter().all(|r| {
            let value =
                (r.get("key").and_then(Value::as_str) == Some("metadata.name")).then_some(name);
            requirement_matches(r, value)
        })
    })
}

/// `GetRequiredNodeAffinity(pod).Match(node)`: the nodeSelector and the required node
/// affinity (terms ORed).
fn fits_node_affinity(spec: &PodSpec, node: &Object) -> bool {
    let labels = node_labels(node);
    let selector_ok = spec
        .node_selector
        .iter()
        .all(|(k, v)| labels.get(k) == Some(v));
    let terms = spec.affinity.as_ref().and_then(|a| {
        a.pointer("/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms")
            .and_then(Value::as_array)
    });
    selector_ok && terms.is_none_or(|t| t.iter().any(|term| term_matches(term, node)))
}

/// The node's taints as (key, value, effect); a cordoned node carries the unschedulable
/// taint (TaintNodesByCondition) even before the node controller writes it.
pub fn taints(node: &Object) -> Vec<(String, String, String)> {
    let Object::Other { body, .. } = node else {
        return Vec::new();
    };
    let field = |t: &Value, f: &str| t.get(f).and_then(Value::as_str).unwrap_or("").to_string();
    let mut taints: Vec<(String, String, String)> = body
        .pointer("/spec/taints")
        .and_then(Value::as_array)
        .map(|ts| {
            ts.iter()
                .map(|t| (field(t, "key"), field(t, "value"), field(t, "effect")))
                .collect()
        })
        .unwrap_or_default();
    let unschedulable = body.pointer("/spec/unschedulable").and_then(Value::as_bool) == Some(true);
    let key = "node.kubernetes.io/unschedulable";
    if unschedulable && !taints.iter().any(|(k, _, _)| k == key) {
        taints.push((key.into(), String::new(), "NoSchedule".into()));
    }
    taints
}

/// `ToleratesTaint` for one toleration.
fn tolerates(toleration: &Value, (key, value, effect): &(String, String, String)) -> bool {
    let field = |f: &str| toleration.get(f).and_then(Value::as_str).unwrap_or("");
    if !field("effect").is_empty() && field("effect") != effect {
        return false;
    }
    match field("operator") {
        "Exists" => field("key").is_empty() || field("key") == key,
        _ => field("key") == key && field("value") == value,
    }
}

/// `FindMatchingUntoleratedTaint` over the taints `effects` selects.
fn has_untolerated_taint(
    spec: &PodSpec,
    taints: &[(String, String, String)],
    effects: &[&str],
) -> bool {
    taints
        .iter()
        .filter(|t| effects.contains(&t.2.as_str()))
        .any(|t| !spec.tolerations.iter().any(|tol| tolerates(tol, t)))
}

/// The pod the DaemonSet would run on `node` (`NewPod`): its template with the daemon
/// tolerations.
pub fn new_pod_spec(ds: &DaemonSet) -> PodSpec {
    let mut spec = ds.spec.template.spec.clone();
    add_daemon_pod_tolerations(&mut spec);
    spec
}

/// `NodeShouldRunDaemonPod`: (shouldRun, shouldContinueRunning). A pod that tolerates the
/// node's NoExecute taints but not a NoSchedule one keeps running where it already is.
pub fn node_should_run_daemon_pod(node: &Object, ds: &DaemonSet) -> (bool, bool) {
    let spec = new_pod_spec(ds);
    let name = &node.metadata().name;
    if spec.node_name.as_ref().is_some_and(|n| n != name) {
        return (false, false);
    }
    if !fits_node_affinity(&spec, node) {
        return (false, false);
    }
    let taints = taints(node);
    if has_untolerated_taint(&spec, &taints, &["NoSchedule", "NoExecute"]) {
        return (
            false,
            !has_untolerated_taint(&spec, &taints, &["NoExecute"]),
        );
    }
    (true, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ordinal_api::ObjectMeta;

    fn node(name: &str, labels: &[(&str, &str)], spec: Value) -> Object {
        Object::Other {
            api_version: "v1".into(),
            kind: "Node".into(),
            metadata: ObjectMeta {
                name: name.into(),
                labels: labels
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
                ..ObjectMeta::default()
            },
            body: json!({ "spec": spec }),
        }
    }

    fn ds(template_spec: Value) -> DaemonSet {
        let mut ds = DaemonSet::default();
        ds.spec.template.spec = serde_json::from_value(template_spec).expect("pod spec");
        ds
    }

    #[test]
    fn control_plane_taint_needs_a_toleration() {
        let cp = node(
            "control-plane",
            &[],
            json!({"taints": [{"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}]}),
        );
        let plain = ds(json!({"containers": []}));
        assert_eq!(node_should_run_daemon_pod(&cp, &plain), (false, true));
        let tolerant = ds(json!({"containers": [], "tolerations": [
            {"key": "node-role.kubernetes.io/control-plane", "operator": "Exists", "effect": "NoSchedule"}
        ]}));
        assert_eq!(node_should_run_daemon_pod(&cp, &tolerant), (true, true));
    }

    #[test]
    fn automatic_tolerations_keep_pods_on_cordoned_and_unreachable_nodes() {
        let cordoned = node("node-1", &[], json!({"unschedulable": true}));
        let unreachable = node(
            "node-2",
            &[],
            json!({"taints": [{"key": "node.kubernetes.io/unreachable", "effect": "NoExecute"}]}),
        );
        let plain = ds(json!({"containers": []}));
        assert_eq!(node_should_run_daemon_pod(&cordoned, &plain), (true, true));
        assert_eq!(
            node_should_run_daemon_pod(&unreachable, &plain),
            (true, true)
        );
        let untolerated_no_execute = node(
            "node-3",
            &[],
            json!({"taints": [{"key": "dedicated", "value": "db", "effect": "NoExecute"}]}),
        );
        assert_eq!(
            node_should_run_daemon_pod(&untolerated_no_execute, &plain),
            (false, false)
        );
    }

    #[test]
    fn node_selector_and_required_affinity_choose_nodes() {
        let ssd = node("node-1", &[("disk", "ssd")], json!({}));
        let hdd = node("node-2", &[("disk", "hdd")], json!({}));
        let by_selector = ds(json!({"containers": [], "nodeSelector": {"disk": "ssd"}}));
        assert!(node_should_run_daemon_pod(&ssd, &by_selector).0);
        assert!(!node_should_run_daemon_pod(&hdd, &by_selector).0);
        let by_affinity = ds(json!({"containers": [], "affinity": {"nodeAffinity": {
        "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
            {"matchExpressions": [{"key": "disk", "operator": "NotIn", "values": ["ssd"]}]}
        ]}}}}));
        assert!(!node_should_run_daemon_pod(&ssd, &by_affinity).0);
        assert!(node_should_run_daemon_pod(&hdd, &by_affinity).0);
    }

    #[test]
    fn pods_are_pinned_by_match_fields_and_host_network_tolerates_network_unavailable() {
        let mut spec: PodSpec =
            serde_json::from_value(json!({"containers": [], "hostNetwork": true})).expect("spec");
        add_daemon_pod_tolerations(&mut spec);
        assert_eq!(spec.tolerations.len(), 7);
        replace_node_name_affinity(&mut spec, "node-2");
        let pod = Pod {
            spec: spec.into(),
            ..Pod::default()
        };
        assert_eq!(target_node_name(&pod).as_deref(), Some("node-2"));
    }
}
