//! Nodes joining, failing and leaving: the default nodes at start, `add_node`,
//! `stop_node` / `start_node` (a kubelet that stops heartbeating), the node lifecycle
//! controller (Ready=Unknown and the `unreachable` taints after the grace period), the taint
//! eviction controller (pods marked for deletion after their 300 s toleration) and the pod
//! garbage collector (a deleted Node's pods are force-deleted).

use crate::clock::{Duration, Time};
use crate::cluster::{Cluster, DeleteOptions, Timer};
use crate::kubelet::KubeletAction;
use crate::nodes::{self, node_object};
use crate::scheduler::filters;
use crate::store::ObjectKey;
use ordinal_api::{Object, Shared};
use serde_json::{Value, json};

/// node-monitor-grace-period (50 s since Kubernetes 1.32, PR #126287; SPEC ).
pub const NODE_MONITOR_GRACE: Duration = Duration(50_000);
/// The default `tolerationSeconds` admission gives pods for not-ready / unreachable nodes.
pub const DEFAULT_TOLERATION_SECONDS: i64 = 300;
pub const UNREACHABLE_TAINT: &str = "node.kubernetes.io/unreachable";
pub const NOT_READY_TAINT: &str = "node.kubernetes.io/not-ready";

/// The DefaultTolerationSeconds admission plugin: a new pod that does not tolerate the
/// `not-ready` / `unreachable` NoExecute taints gets tolerations of both for 300 s, so the
/// taint eviction controller waits that long before marking it for deletion.
pub(crate) fn admit_default_tolerations(
    pod: &mut ordinal_api::Pod,
    last: &mut Option<AdmittedTolerations>,
) {
    if let Some((given, admitted)) = last.as_ref()
        && Shared::ptr_eq(given, &pod.spec.tolerations)
    {
        pod.spec.tolerations = admitted.clone();
        return;
    }
    let given = pod.spec.tolerations.clone();
    for key in [NOT_READY_TAINT, UNREACHABLE_TAINT] {
        let tolerated = pod.spec.tolerations.iter().any(|t| {
            let field = |f: &str| t.get(f).and_then(Value::as_str).unwrap_or("");
            (field("key") == key || field("key").is_empty())
                && (field("effect") == "NoExecute" || field("effect").is_empty())
        });
        if !tolerated {
            pod.spec.tolerations.push(json!({
                "key": key,
                "operator": "Exists",
                "effect": "NoExecute",
                "tolerationSeconds": DEFAULT_TOLERATION_SECONDS,
            }));
        }
    }
    *last = Some((given, pod.spec.tolerations.clone()));
}

/// A pod's tolerations as written and as admission completed them (kept while the written
/// list is alive, so a pointer match cannot be a different list at a reused address).
pub(crate) type AdmittedTolerations = (Shared<Vec<Value>>, Shared<Vec<Value>>);

/// How long a pod tolerates a NoExecute taint (upstream `getMinTolerationTime`): `Some(0)`
/// without a matching toleration, `None` (forever) when no matching one has
/// `tolerationSeconds`, else the shortest of those (negative counts as 0).
pub(crate) fn toleration_time(pod: &ordinal_api::Pod, key: &str) -> Option<u64> {
    let matching: Vec<&Value> = pod
        .spec
        .tolerations
        .iter()
        .filter(|t| {
            let field = |f: &str| t.get(f).and_then(Value::as_str).unwrap_or("");
            let key_ok = match field("operator") {
                "Exists" => field("key").is_empty() || field("key") == key,
                // Equal: the unreachable taint has no value.
                _ => field("key") == key && field("value").is_empty(),
            };
            key_ok && (field("effect").is_empty() || field("effect") == "NoExecute")
        })
        .collect();
    if matching.is_empty() {
        return Some(0);
    }
    matching
        .iter()
        .filter_map(|t| t.get("tolerationSeconds").and_then(Value::as_i64))
        .map(|s| s.max(0).unsigned_abs())
        .min()
}

/// What the node controllers do next for a node.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum NodeStep {
    /// The grace period since the last heartbeat ran out.
    GraceExpired,
    /// The taint eviction controller's deadline for one pod: its toleration of the
    /// `unreachable:NoExecute` taint added at `tainted` ran out.
    Evict {
        pod: ObjectKey,
        uid: String,
        tainted: Time,
    },
}

/// Stores a Node object for each node the runtime state knows (at cluster start).
pub(crate) fn install_default_nodes(cluster: &mut Cluster) {
    let seed = cluster.config().seed;
    for name in cluster.nodes.names() {
        if let Some(index) = cluster.nodes.index(&name) {
            let node = node_object(seed, &name, index, cluster.now());
            cluster.write(node);
        }
    }
}

fn node_key(name: &str) -> ObjectKey {
    ObjectKey::new("Node", "", name)
}

fn node_body_mut(node: &mut Object) -> Option<&mut Value> {
    match node {
        Object::Other { body, .. } => Some(body),
        _ => None,
    }
}

/// A controller's event about a node (the involved object is the Node).
fn node_event(
    cluster: &mut Cluster,
    name: &str,
    reason: &str,
    message: String,
    source: &'static str,
) {
    cluster.record_event(&node_key(name), "Normal", reason, message, source);
}

impl Cluster {
    /// Adds a Ready worker node (`sim node add NAME`). Pending pods get another look.
    pub fn add_node(&mut self, name: &str) -> Result<(), String> {
        let valid = !name.is_empty()
            && name.len() <= 253
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
            && !name.starts_with(['-', '.'])
            && !name.ends_with(['-', '.']);
        if !valid {
            return Err(format!(
                "invalid node name \"{name}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'"
            ));
        }
        if self.store.get(&node_key(name)).is_some() {
            return Err(format!("nodes \"{name}\" already exists"));
        }
        let index = self.nodes.add(name);
        let node = node_object(self.config().seed, name, index, self.now());
        self.write(node);
        node_event(
            self,
            name,
            "RegisteredNode",
            format!("Node {name} event: Registered Node {name} in Controller"),
            "node-controller",
        );
        self.after_change();
        Ok(())
    }

    /// Stops the node's kubelet (a crashed or partitioned machine): it stops heartbeating
    /// and acting on its pods. After the grace period the node turns NotReady.
    pub fn stop_node(&mut self, name: &str) -> Result<(), String> {
        self.known_node(name)?;
        if !self.nodes.kubelet_running(name) {
            return Ok(());
        }
        self.nodes.set_kubelet_running(name, false);
        self.schedule_timer(
            NODE_MONITOR_GRACE,
            Timer::Node {
                node: name.to_string(),
                step: NodeStep::GraceExpired,
            },
        );
        self.after_change();
        Ok(())
    }

    /// Restarts the node's kubelet: the node is Ready again, its taints go, and the kubelet
    /// finishes what it could not do meanwhile (pods marked for deletion finally terminate).
    pub fn start_node(&mut self, name: &str) -> Result<(), String> {
        self.known_node(name)?;
        if self.nodes.kubelet_running(name) {
            return Ok(());
        }
        self.nodes.set_kubelet_running(name, true);
        let now = self.now().rfc3339();
        if let Some(mut node) = self.store.get(&node_key(name)).cloned() {
            if let Some(body) = node_body_mut(&mut node) {
                body["status"]["conditions"] = nodes::conditions(true, &now);
                remove_taint(body, UNREACHABLE_TAINT);
            }
            let was_ready = self
                .store
                .get(&node_key(name))
                .is_some_and(|n| nodes::ready_status(n) == "True");
            self.write(node);
            if !was_ready {
                node_event(
                    self,
                    name,
                    "NodeReady",
                    format!("Node {name} status is now: NodeReady"),
                    "kubelet",
                );
            }
        }
        for (pod, uid, action) in self.nodes.take_deferred(name) {
            self.schedule_timer(Duration(0), Timer::Kubelet { pod, uid, action });
        }
        // The kubelet reports its pods' real readiness again.
        let pods: Vec<ObjectKey> = self.nodes.pods_on(name).cloned().collect();
        for key in pods {
            if let Some(Object::Pod(pod)) = self.store.get(&key) {
                let mut pod = pod.clone();
                crate::kubelet::refresh_ready_after_restart(&mut pod, &now);
                self.write(Object::Pod(pod));
                self.explain(&key, "node-lifecycle-controller", Vec::new());
            }
        }
        self.after_change();
        Ok(())
    }

    fn known_node(&self, name: &str) -> Result<(), String> {
        if self.nodes.exists(name) {
            Ok(())
        } else {
            Err(format!("nodes \"{name}\" not found"))
        }
    }

    fn after_change(&mut self) {
        self.nodes.retry = true;
        self.settle();
        self.checkpoint_now();
    }
}

fn remove_taint(body: &mut Value, key: &str) {
    if let Some(taints) = body
        .pointer_mut("/spec/taints")
        .and_then(Value::as_array_mut)
    {
        taints.retain(|t| t.get("key").and_then(Value::as_str) != Some(key));
    }
}

/// A node timer fired.
pub(crate) fn fire(cluster: &mut Cluster, name: &str, step: NodeStep) {
    if cluster.nodes.kubelet_running(name) || !cluster.nodes.exists(name) {
        return;
    }
    match step {
        NodeStep::GraceExpired => grace_expired(cluster, name),
        NodeStep::Evict { pod, uid, tainted } => evict(cluster, name, &pod, &uid, tainted),
    }
}

/// The node lifecycle controller: Ready=Unknown, the `unreachable` taints, pods not Ready.
fn grace_expired(cluster: &mut Cluster, name: &str) {
    let now = cluster.now().rfc3339();
    let Some(mut node) = cluster.store.get(&node_key(name)).cloned() else {
        return;
    };
    if let Some(body) = node_body_mut(&mut node) {
        body["status"]["conditions"] = nodes::conditions(false, &now);
        remove_taint(body, UNREACHABLE_TAINT);
        let taints = body["spec"]
            .as_object_mut()
            .map(|spec| spec.entry("taints").or_insert_with(|| json!([])));
        if let Some(Value::Array(taints)) = taints {
            taints
                .push(json!({"key": UNREACHABLE_TAINT, "effect": "NoSchedule", "timeAdded": now}));
            taints.push(json!({"key": UNREACHABLE_TAINT, "effect": "NoExecute", "timeAdded": now}));
        }
    }
    cluster.write(node);
    node_event(
        cluster,
        name,
        "NodeNotReady",
        format!("Node {name} status is now: NodeNotReady"),
        "node-controller",
    );
    let pods: Vec<ObjectKey> = cluster.nodes.pods_on(name).cloned().collect();
    let tainted = cluster.now();
    for key in &pods {
        let Some(Object::Pod(pod)) = cluster.store.get(key) else {
            continue;
        };
        let mut pod = pod.clone();
        for condition in &mut pod.status.conditions {
            if condition.type_ == "Ready" && condition.status != "False" {
                condition.status = "False".into();
                condition.last_transition_time = Some(now.clone());
            }
        }
        let uid = pod.metadata.uid.clone().unwrap_or_default();
        let toleration = toleration_time(&pod, UNREACHABLE_TAINT);
        cluster.write(Object::Pod(pod));
        cluster.record_event(
            key,
            "Warning",
            "NodeNotReady",
            "Node is not ready".into(),
            "node-controller",
        );
        let grace = NODE_MONITOR_GRACE.as_millis() / 1000;
        let then = match toleration {
            Some(seconds) => format!(
                "it will be marked for deletion after its {seconds}s toleration of {UNREACHABLE_TAINT}"
            ),
            None => format!(
                "it tolerates {UNREACHABLE_TAINT} without a time limit, so it stays bound to the node"
            ),
        };
        cluster.explain(
            key,
            "node-lifecycle-controller",
            vec![(
                "R-4.14",
                format!(
                    "node {name} is unreachable (no kubelet heartbeat for {grace}s): the pod is not Ready; {then}"
                ),
            )],
        );
        if let Some(seconds) = toleration {
            cluster.schedule_timer(
                Duration::from_secs(seconds),
                Timer::Node {
                    node: name.to_string(),
                    step: NodeStep::Evict {
                        pod: key.clone(),
                        uid,
                        tainted,
                    },
                },
            );
        }
    }
}

/// The taint eviction controller: a pod whose toleration of `unreachable:NoExecute` ran out
/// is marked for deletion. The kubelet is gone, so it stays Terminating (at most one pod per
/// StatefulSet identity: the controller waits for the object to be really gone).
fn evict(cluster: &mut Cluster, name: &str, key: &ObjectKey, uid: &str, tainted: Time) {
    // Only for the outage that set the timer: the node may have come back and failed again.
    let same_outage = cluster
        .store
        .get(&node_key(name))
        .is_some_and(|node| nodes::ready_since(node) == Some(tainted.rfc3339()));
    let Some(Object::Pod(pod)) = cluster.store.get(key) else {
        return;
    };
    if !same_outage
        || pod.metadata.uid.as_deref() != Some(uid)
        || pod.spec.node_name.as_deref() != Some(name)
    {
        return;
    }
    if pod.metadata.deletion_timestamp.is_none() {
        cluster.record_event(
            key,
            "Normal",
            "TaintManagerEviction",
            format!("Marking for deletion Pod {}/{}", key.namespace, key.name),
            "taint-eviction-controller",
        );
        let _ = crate::gc::delete(cluster, key, DeleteOptions::default());
    }
    cluster.explain(
        key,
        "node-lifecycle-controller",
        vec![(
            "R-4.14",
            format!(
                "node {name} is unreachable: the pod was marked for deletion but its kubelet cannot confirm it, so it stays Terminating and its StatefulSet will not create a replacement until the pod object is gone (the node comes back, `kubectl delete node {name}`, or `kubectl delete pod {} --grace-period=0 --force`)",
                key.name
            ),
        )],
    );
}

/// A Node object was deleted: the pod garbage collector force-deletes the pods bound to it.
pub(crate) fn node_deleted(cluster: &mut Cluster, name: &str) {
    let pods: Vec<ObjectKey> = cluster.nodes.pods_on(name).cloned().collect();
    let force = DeleteOptions {
        grace_period: Some(0),
        force: true,
        ..DeleteOptions::default()
    };
    for key in pods {
        let _ = crate::gc::delete(cluster, &key, force);
    }
    cluster.nodes.remove(name);
    cluster.nodes.retry = true;
}

/// The kubelet of the pod's node is down: it cannot act now; keep the action for its return.
pub(crate) fn defer_if_node_down(
    cluster: &mut Cluster,
    key: &ObjectKey,
    uid: &str,
    action: &KubeletAction,
) -> bool {
    // The usual case, answered without looking the pod up.
    if cluster.nodes.all_kubelets_running() {
        return false;
    }
    let node = match cluster.store.get(key) {
        Some(Object::Pod(pod)) => pod.spec.node_name.clone(),
        _ => None,
    };
    let Some(node) = node else {
        return false;
    };
    if !cluster.nodes.exists(&node) || cluster.nodes.kubelet_running(&node) {
        return false;
    }
    cluster
        .nodes
        .defer(&node, key.clone(), uid.to_string(), action.clone());
    true
}

/// The node lifecycle controller's `node.kubernetes.io/unschedulable:NoSchedule` taint
/// follows `spec.unschedulable` (cordon / uncordon), with the kubelet's event.
pub(crate) fn sync_unschedulable_taints(cluster: &mut Cluster) {
    if cluster.nodes.cordon_mismatch.is_empty() {
        return;
    }
    // Only the nodes whose last write left cordon and taint apart, in name order as the
    // store lists them.
    let changes: Vec<(Object, bool)> = (cluster.nodes.cordon_mismatch.iter())
        .filter_map(|name| cluster.store.get(&ObjectKey::new("Node", "", name)))
        .filter_map(|node| {
            let cordoned = nodes::unschedulable(node);
            let tainted = nodes::taints(node)
                .iter()
                .any(|(k, _, e)| k == filters::UNSCHEDULABLE_TAINT && e == "NoSchedule");
            (cordoned != tainted).then(|| (node.clone(), cordoned))
        })
        .collect();
    let now = cluster.now().rfc3339();
    for (mut node, cordoned) in changes {
        let name = node.metadata().name.clone();
        if let Some(body) = node_body_mut(&mut node) {
            remove_taint(body, filters::UNSCHEDULABLE_TAINT);
            if cordoned {
                let taints = body["spec"]
                    .as_object_mut()
                    .map(|spec| spec.entry("taints").or_insert_with(|| json!([])));
                if let Some(Value::Array(taints)) = taints {
                    taints.push(json!({"key": filters::UNSCHEDULABLE_TAINT, "effect": "NoSchedule", "timeAdded": now}));
                }
            } else if body
                .pointer("/spec/taints")
                .and_then(Value::as_array)
                .is_some_and(Vec::is_empty)
                && let Some(spec) = body["spec"].as_object_mut()
            {
                spec.remove("taints");
            }
        }
        cluster.write(node);
        let (reason, status) = if cordoned {
            ("NodeNotSchedulable", "NodeNotSchedulable")
        } else {
            ("NodeSchedulable", "NodeSchedulable")
        };
        node_event(
            cluster,
            &name,
            reason,
            format!("Node {name} status is now: {status}"),
            "kubelet",
        );
    }
}
