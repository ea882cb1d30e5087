//! The cluster's nodes: the v1 Node objects in the store (what the scheduler and kubectl read)
//! and each node's runtime bookkeeping (pods bound to it, pod IPs handed out from its podCIDR,
//! never reused within a run (SPEC §0), images pulled, whether its kubelet is running).
//!
//! The default cluster is SPEC §0's: `control-plane` (tainted NoSchedule) and workers
//! `node-1` … `node-N`; node-N's pods get 10.244.N.0/24, the control plane 10.244.0.0/24.

use crate::clock::Time;
use crate::kubelet::KubeletAction;
use crate::rng::Rng;
use crate::scheduler::node_info::NodeInfo;
use crate::store::ObjectKey;
use ordinal_api::{Object, ObjectMeta};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

pub const CONTROL_PLANE: &str = "control-plane";
pub const CONTROL_PLANE_LABEL: &str = "node-role.kubernetes.io/control-plane";
pub const KUBELET_VERSION: &str = "v1.35.0";
/// Zones the workers are spread over, round-robin (kind has one; three shows topology keys).
const ZONES: [&str; 3] = ["zone-a", "zone-b", "zone-c"];

/// Runtime state of one node.
#[derive(Debug, Clone)]
struct NodeState {
    name: String,
    /// N of the node's podCIDR 10.244.N.0/24 and of its InternalIP 172.18.0.(N+2).
    index: u32,
    next_host: u32,
    /// The pods bound (or assumed) here, each with what it asks of the node.
    pods: BTreeMap<ObjectKey, PodShare>,
    /// The sum of the active shares, kept current as pods come, go and finish.
    used: NodeUsage,
    /// The kubelet heartbeats (false after `sim node stop`).
    kubelet_running: bool,
}

/// What one pod on a node asks of it: its effective requests (read when it is assigned; a
/// bound pod's resources do not change, as in-place resize is not modelled) and whether it
/// still counts (not Succeeded or Failed).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct PodShare {
    pub cpu: u128,
    pub memory: u128,
    pub active: bool,
}

impl PodShare {
    pub(crate) fn of(pod: &ordinal_api::Pod) -> Self {
        PodShare {
            cpu: crate::scheduler::resources::pod_request(pod, "cpu"),
            memory: crate::scheduler::resources::pod_request(pod, "memory"),
            active: !is_finished(pod),
        }
    }
}

/// Succeeded or Failed: the pod's resources are free although it is still bound.
pub(crate) fn is_finished(pod: &ordinal_api::Pod) -> bool {
    matches!(pod.status.phase.as_deref(), Some("Succeeded" | "Failed"))
}

/// The scheduler's running totals for one node (upstream `NodeInfo.Requested`): active
/// pods and their summed requests, so a fit check is O(1) instead of a pass over the
/// node's pods.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct NodeUsage {
    pub pods: usize,
    pub cpu: u128,
    pub memory: u128,
}

impl NodeUsage {
    fn add(&mut self, share: &PodShare) {
        if share.active {
            self.pods += 1;
            self.cpu += share.cpu;
            self.memory += share.memory;
        }
    }

    fn sub(&mut self, share: &PodShare) {
        if share.active {
            self.pods = self.pods.saturating_sub(1);
            self.cpu = self.cpu.saturating_sub(share.cpu);
            self.memory = self.memory.saturating_sub(share.memory);
        }
    }
}

#[derive(Debug, Clone)]
pub struct Nodes {
    nodes: Vec<NodeState>,
    pulled: BTreeSet<(String, String)>,
    /// Pods the scheduler found no node for; they get another look when the cluster changes.
    pub(crate) unschedulable: BTreeSet<ObjectKey>,
    /// When each unschedulable pod last failed (the 5-minute flush counts from there).
    pub(crate) parked_at: BTreeMap<ObjectKey, Time>,
    /// Something changed that may make an unschedulable pod schedulable.
    pub(crate) retry: bool,
    /// Kubelet actions due while the node's kubelet was stopped, by node.
    deferred: BTreeMap<String, Vec<(ObjectKey, String, KubeletAction)>>,
    /// Node objects deleted since the pod garbage collector last looked.
    pub(crate) deleted: Vec<String>,
    /// Pods the scheduler placed while their WaitForFirstConsumer volumes are provisioned
    /// (upstream's "assumed" pods): they count on the node before they are bound.
    assumed: BTreeMap<ObjectKey, String>,
    /// Placed pods with required anti-affinity terms (the only ones an incoming pod can
    /// violate), so the scheduler does not scan every pod.
    pub(crate) anti_affinity: BTreeSet<ObjectKey>,
    /// Where each node's state sits in `nodes`, so a lookup by name is not a scan (the
    /// scheduler looks up every node for every pod it places).
    positions: BTreeMap<String, usize>,
    /// Each Node object's scheduling facts, refreshed when the object is written.
    info: BTreeMap<String, NodeInfo>,
    /// The nodes by pod count, for the scheduler's least-loaded choice.
    loads: crate::scheduler::resources::NodeLoads,
    /// Nodes whose `spec.unschedulable` and `node.kubernetes.io/unschedulable` taint disagree
    /// as of their last write: all the taint controller has to look at, so a pod going away
    /// (which asks the scheduler to look again) does not make it walk every Node.
    pub(crate) cordon_mismatch: BTreeSet<String>,
    /// How many nodes' kubelets are stopped: while none is, the kubelet acts at once without
    /// looking up the pod's node first (every kubelet step of every pod asks).
    kubelets_down: usize,
}

impl Nodes {
    /// The control plane and `workers` worker nodes.
    pub fn new(workers: u32) -> Self {
        let mut nodes = Nodes {
            nodes: Vec::new(),
            pulled: BTreeSet::new(),
            unschedulable: BTreeSet::new(),
            parked_at: BTreeMap::new(),
            retry: false,
            deferred: BTreeMap::new(),
            deleted: Vec::new(),
            assumed: BTreeMap::new(),
            anti_affinity: BTreeSet::new(),
            positions: BTreeMap::new(),
            info: BTreeMap::new(),
            loads: Default::default(),
            cordon_mismatch: BTreeSet::new(),
            kubelets_down: 0,
        };
        nodes.push(CONTROL_PLANE);
        for i in 1..=workers.max(1) {
            nodes.push(&format!("node-{i}"));
        }
        nodes
    }

    fn push(&mut self, name: &str) -> u32 {
        let index = if name == CONTROL_PLANE {
            0
        } else {
            self.nodes
                .iter()
                .map(|n| n.index)
                .max()
                .map_or(1, |m| m + 1)
        };
        self.positions.insert(name.to_string(), self.nodes.len());
        self.loads.added(index, name, 0);
        self.nodes.push(NodeState {
            name: name.to_string(),
            index,
            next_host: 2,
            pods: BTreeMap::new(),
            used: NodeUsage::default(),
            kubelet_running: true,
        });
        index
    }

    /// Adds a node's runtime state (the caller stores its Node object). Returns its index.
    pub(crate) fn add(&mut self, name: &str) -> u32 {
        if let Some(n) = self.state(name) {
            return n.index;
        }
        self.retry = true;
        self.push(name)
    }

    pub(crate) fn remove(&mut self, name: &str) {
        if let Some(n) = self.state(name) {
            let (index, pods, down) = (n.index, n.pods.len(), !n.kubelet_running);
            self.loads.removed(index, pods);
            if down {
                self.kubelets_down = self.kubelets_down.saturating_sub(1);
            }
        }
        self.nodes.retain(|n| n.name != name);
        self.deferred.remove(name);
        self.positions = (self.nodes.iter().enumerate())
            .map(|(i, n)| (n.name.clone(), i))
            .collect();
    }

    /// A Node object was written: parse what the scheduler reads from it once, here.
    pub(crate) fn node_written(&mut self, node: &Object) {
        let name = &node.metadata().name;
        let info = NodeInfo::of(node);
        let tainted = (info.taints.iter()).any(|(key, _, effect)| {
            key == crate::scheduler::filters::UNSCHEDULABLE_TAINT && effect == "NoSchedule"
        });
        if info.unschedulable != tainted {
            self.cordon_mismatch.insert(name.clone());
        } else {
            self.cordon_mismatch.remove(name);
        }
        self.info.insert(name.clone(), info);
    }

    /// A Node object was erased.
    pub(crate) fn node_erased(&mut self, name: &str) {
        self.info.remove(name);
        self.cordon_mismatch.remove(name);
    }

    /// The scheduling facts of the stored Node object `name`, as of its last write.
    pub(crate) fn info(&self, name: &str) -> Option<&NodeInfo> {
        self.info.get(name)
    }

    pub fn names(&self) -> Vec<String> {
        self.nodes.iter().map(|n| n.name.clone()).collect()
    }

    fn state(&self, node: &str) -> Option<&NodeState> {
        self.positions.get(node).and_then(|&i| self.nodes.get(i))
    }

    fn state_mut(&mut self, node: &str) -> Option<&mut NodeState> {
        let i = *self.positions.get(node)?;
        self.nodes.get_mut(i)
    }

    pub fn exists(&self, node: &str) -> bool {
        self.state(node).is_some()
    }

    /// The node's index N (podCIDR 10.244.N.0/24), if it exists.
    pub fn index(&self, node: &str) -> Option<u32> {
        self.state(node).map(|n| n.index)
    }

    /// The keys of the pods bound to `node`.
    pub fn pods_on(&self, node: &str) -> impl Iterator<Item = &ObjectKey> {
        self.state(node).into_iter().flat_map(|n| n.pods.keys())
    }

    /// The active pods on `node` and what they request, summed.
    pub(crate) fn usage(&self, node: &str) -> NodeUsage {
        self.state(node).map_or_else(NodeUsage::default, |n| n.used)
    }

    /// The running totals recomputed from scratch (tests check the kept ones against it).
    #[cfg(test)]
    pub(crate) fn usage_recomputed(&self, node: &str) -> NodeUsage {
        let mut used = NodeUsage::default();
        for share in self.state(node).into_iter().flat_map(|n| n.pods.values()) {
            used.add(share);
        }
        used
    }

    /// A pod on a node was written: if it finished (Succeeded or Failed), its requests no
    /// longer count there.
    pub(crate) fn pod_status_written(&mut self, key: &ObjectKey, pod: &ordinal_api::Pod) {
        let node = match pod.spec.node_name.as_deref() {
            Some(node) => node,
            None => match self.assumed.get(key) {
                Some(node) => node.as_str(),
                None => return,
            },
        };
        let Some(n) = self
            .positions
            .get(node)
            .and_then(|&i| self.nodes.get_mut(i))
        else {
            return;
        };
        let Some(share) = n.pods.get_mut(key) else {
            return;
        };
        let active = !is_finished(pod);
        if share.active != active {
            n.used.sub(share);
            share.active = active;
            n.used.add(share);
        }
    }

    pub fn pod_count(&self, node: &str) -> usize {
        self.state(node).map_or(0, |n| n.pods.len())
    }

    /// (pods, index, name) of every node, fewest pods first, then by index.
    pub(crate) fn by_load(&self) -> impl Iterator<Item = (usize, u32, &str)> {
        self.loads.ascending()
    }

    /// Changes the set of pods on `node`, keeping the by-load order current.
    fn change_pods(&mut self, node: &str, pod: &ObjectKey, share: Option<PodShare>) {
        let Some(n) = self
            .positions
            .get(node)
            .and_then(|&i| self.nodes.get_mut(i))
        else {
            return;
        };
        let before = n.pods.len();
        let old = match share {
            Some(share) => {
                n.used.add(&share);
                n.pods.insert(pod.clone(), share)
            }
            None => n.pods.remove(pod),
        };
        if let Some(old) = old {
            n.used.sub(&old);
        }
        self.loads.moved(n.index, before, n.pods.len());
    }

    /// Whether the node's kubelet is running (it heartbeats and acts on its pods).
    pub fn kubelet_running(&self, node: &str) -> bool {
        self.state(node).is_some_and(|n| n.kubelet_running)
    }

    pub(crate) fn set_kubelet_running(&mut self, node: &str, running: bool) {
        let Some(n) = self.state_mut(node) else {
            return;
        };
        if n.kubelet_running != running {
            n.kubelet_running = running;
            if running {
                self.kubelets_down = self.kubelets_down.saturating_sub(1);
            } else {
                self.kubelets_down += 1;
            }
        }
    }

    /// Every node's kubelet is running (no `sim node stop` in effect).
    pub(crate) fn all_kubelets_running(&self) -> bool {
        self.kubelets_down == 0
    }

    pub(crate) fn defer(&mut self, node: &str, pod: ObjectKey, uid: String, action: KubeletAction) {
        self.deferred
            .entry(node.to_string())
            .or_default()
            .push((pod, uid, action));
    }

    pub(crate) fn take_deferred(&mut self, node: &str) -> Vec<(ObjectKey, String, KubeletAction)> {
        self.deferred.remove(node).unwrap_or_default()
    }

    /// Reserves `node` for a pod whose volumes are being provisioned there.
    pub(crate) fn assume(&mut self, node: &str, pod: &ObjectKey, share: PodShare) {
        self.assign(node, pod, share);
        self.assumed.insert(pod.clone(), node.to_string());
    }

    /// The node a pod was assumed on, if any (taking the assumption).
    pub(crate) fn take_assumed(&mut self, pod: &ObjectKey) -> Option<String> {
        let node = self.assumed.remove(pod)?;
        self.change_pods(&node, pod, None);
        Some(node)
    }

    /// `pod` is bound to `node`, asking `share` of it.
    pub(crate) fn assign(&mut self, node: &str, pod: &ObjectKey, share: PodShare) {
        self.change_pods(node, pod, Some(share));
    }

    /// A pod bound to `node` is gone: its resources are free, so waiting pods get a look.
    pub fn release(&mut self, node: &str, pod: &ObjectKey) {
        self.change_pods(node, pod, None);
        self.anti_affinity.remove(pod);
        if let Some(assumed) = self.assumed.remove(pod) {
            self.change_pods(&assumed, pod, None);
        }
        self.retry = true;
    }

    /// The next pod IP on `node` (unknown nodes use the control plane's range).
    pub fn allocate_ip(&mut self, node: &str) -> String {
        let Some(n) = self.state_mut(node) else {
            return "10.244.0.2".into();
        };
        let host = n.next_host;
        n.next_host += 1;
        // A /24 holds 254 hosts; past that, spill into the next octet like a /16 would.
        format!("10.244.{}.{}", n.index + (host / 256) * 16, host % 256)
    }

    /// The node's InternalIP.
    pub fn host_ip(&self, node: &str) -> String {
        match self.index(node) {
            Some(i) => host_ip(i),
            None => "172.18.0.2".into(),
        }
    }

    pub fn has_image(&self, node: &str, image: &str) -> bool {
        self.pulled.contains(&(node.to_string(), image.to_string()))
    }

    pub fn mark_pulled(&mut self, node: &str, image: &str) {
        self.pulled.insert((node.to_string(), image.to_string()));
    }
}

fn host_ip(index: u32) -> String {
    format!("172.18.0.{}", index + 2)
}

/// FNV-1a, to give each node a uid of its own without drawing from the cluster's RNG (so
/// adding nodes does not shift every later uid and timing draw).
fn stable_seed(seed: u64, name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325 ^ seed, |hash, b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The v1 Node object for a node, Ready, as a kind node reports itself.
pub fn node_object(seed: u64, name: &str, index: u32, now: Time) -> Object {
    let created = now.rfc3339();
    let mut labels = BTreeMap::from([
        ("beta.kubernetes.io/arch".to_string(), "amd64".to_string()),
        ("beta.kubernetes.io/os".to_string(), "linux".to_string()),
        ("kubernetes.io/arch".to_string(), "amd64".to_string()),
        ("kubernetes.io/hostname".to_string(), name.to_string()),
        ("kubernetes.io/os".to_string(), "linux".to_string()),
    ]);
    let control_plane = name == CONTROL_PLANE;
    let mut taints = Vec::new();
    if control_plane {
        labels.insert(CONTROL_PLANE_LABEL.into(), String::new());
        labels.insert(
            "node.kubernetes.io/exclude-from-external-load-balancers".into(),
            String::new(),
        );
        taints.push(json!({"key": CONTROL_PLANE_LABEL, "effect": "NoSchedule"}));
    } else {
        let zone = ZONES[(index as usize + ZONES.len() - 1) % ZONES.len()];
        labels.insert("topology.kubernetes.io/zone".into(), zone.into());
    }
    let metadata = ObjectMeta {
        name: name.to_string(),
        labels: labels.into(),
        annotations: BTreeMap::from([(
            "node.alpha.kubernetes.io/ttl".to_string(),
            "0".to_string(),
        )]),
        uid: Some(Rng::new(stable_seed(seed, name)).uid()),
        creation_timestamp: Some(created.clone()),
        ..ObjectMeta::default()
    };
    let mut spec = json!({
        "podCIDR": format!("10.244.{index}.0/24"),
        "podCIDRs": [format!("10.244.{index}.0/24")],
        "providerID": format!("kind://docker/ordinal/{name}"),
    });
    if !taints.is_empty() {
        spec["taints"] = Value::Array(taints);
    }
    let resources = json!({
        "cpu": "4",
        "ephemeral-storage": "102625208Ki",
        "hugepages-2Mi": "0",
        "memory": "8148440Ki",
        "pods": "110",
    });
    let body = json!({
        "spec": spec,
        "status": {
            "addresses": [
                {"type": "InternalIP", "address": host_ip(index)},
                {"type": "Hostname", "address": name},
            ],
            "allocatable": resources,
            "capacity": resources,
            "conditions": conditions(true, &created),
            "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
            "nodeInfo": {
                "architecture": "amd64",
                "bootID": Rng::new(stable_seed(seed ^ 1, name)).uid(),
                "containerRuntimeVersion": "containerd://2.1.3",
                "kernelVersion": "6.8.0-60-generic",
                "kubeProxyVersion": KUBELET_VERSION,
                "kubeletVersion": KUBELET_VERSION,
                "machineID": format!("{:032x}", stable_seed(seed ^ 2, name)),
                "operatingSystem": "linux",
                "osImage": "Debian GNU/Linux 12 (bookworm)",
                "systemUUID": Rng::new(stable_seed(seed ^ 3, name)).uid(),
            },
        },
    });
    Object::Other {
        api_version: "v1".into(),
        kind: "Node".into(),
        metadata,
        body,
    }
}

/// The node's four kubelet conditions: healthy, or (after the grace period without heartbeat)
/// Unknown with the node controller's "Kubelet stopped posting node status." messages.
pub fn conditions(ready: bool, since: &str) -> Value {
    let healthy = [
        (
            "MemoryPressure",
            "False",
            "KubeletHasSufficientMemory",
            "kubelet has sufficient memory available",
        ),
        (
            "DiskPressure",
            "False",
            "KubeletHasNoDiskPressure",
            "kubelet has no disk pressure",
        ),
        (
            "PIDPressure",
            "False",
            "KubeletHasSufficientPID",
            "kubelet has sufficient PID available",
        ),
        (
            "Ready",
            "True",
            "KubeletReady",
            "kubelet is posting ready status",
        ),
    ];
    Value::Array(
        healthy
            .iter()
            .map(|(type_, status, reason, message)| {
                if ready {
                    json!({"type": type_, "status": status, "reason": reason, "message": message,
                           "lastHeartbeatTime": since, "lastTransitionTime": since})
                } else {
                    json!({"type": type_, "status": "Unknown", "reason": "NodeStatusUnknown",
                           "message": "Kubelet stopped posting node status.",
                           "lastHeartbeatTime": since, "lastTransitionTime": since})
                }
            })
            .collect(),
    )
}

/// A Node object's `spec.taints` as (key, value, effect).
pub fn taints(node: &Object) -> Vec<(String, String, String)> {
    let Object::Other { body, .. } = node else {
        return Vec::new();
    };
    body.pointer("/spec/taints")
        .and_then(Value::as_array)
        .map(|taints| {
            taints
                .iter()
                .map(|t| {
                    let field =
                        |f: &str| t.get(f).and_then(Value::as_str).unwrap_or("").to_string();
                    (field("key"), field("value"), field("effect"))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// `spec.unschedulable` (set by `kubectl cordon`).
pub fn unschedulable(node: &Object) -> bool {
    match node {
        Object::Other { body, .. } => body
            .pointer("/spec/unschedulable")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        _ => false,
    }
}

/// The status of the node's Ready condition (`True`, `False`, `Unknown`).
pub fn ready_status(node: &Object) -> String {
    let Object::Other { body, .. } = node else {
        return "Unknown".into();
    };
    body.pointer("/status/conditions")
        .and_then(Value::as_array)
        .and_then(|cs| {
            cs.iter()
                .find(|c| c.get("type").and_then(Value::as_str) == Some("Ready"))
        })
        .and_then(|c| c.get("status").and_then(Value::as_str))
        .unwrap_or("Unknown")
        .to_string()
}

/// When the node's Ready condition last changed (`lastTransitionTime`).
pub fn ready_since(node: &Object) -> Option<String> {
    let Object::Other { body, .. } = node else {
        return None;
    };
    body.pointer("/status/conditions")
        .and_then(Value::as_array)
        .and_then(|cs| {
            cs.iter()
                .find(|c| c.get("type").and_then(Value::as_str) == Some("Ready"))
        })
        .and_then(|c| c.get("lastTransitionTime").and_then(Value::as_str))
        .map(String::from)
}

/// An allocatable resource of a node in base units (millicores for cpu, bytes for memory,
/// a count for pods).
pub fn allocatable(node: &Object, resource: &str) -> Option<u128> {
    let Object::Other { body, .. } = node else {
        return None;
    };
    let text = body
        .pointer(&format!("/status/allocatable/{resource}"))
        .and_then(Value::as_str)?;
    if resource == "cpu" {
        crate::scheduler::resources::millicores(text)
    } else {
        crate::scheduler::resources::bytes(text)
    }
}

/// A pod's request for `resource` in base units (millicores for cpu, bytes for memory), as
/// the scheduler counts it (max of init containers, sum of app containers).
pub fn pod_request(pod: &ordinal_api::Pod, resource: &str) -> u128 {
    crate::scheduler::resources::pod_request(pod, resource)
}

#[cfg(test)]
mod kubelet_count_tests {
    use super::Nodes;

    #[test]
    fn stopped_kubelets_are_counted_once_and_forgotten_with_their_node() {
        let mut nodes = Nodes::new(2);
        assert!(nodes.all_kubelets_running());
        nodes.set_kubelet_running("node-1", false);
        nodes.set_kubelet_running("node-1", false);
        nodes.set_kubelet_running("node-2", false);
        assert!(!nodes.all_kubelets_running());
        nodes.set_kubelet_running("node-2", true);
        assert!(!nodes.all_kubelets_running());
        // A stopped node that is deleted no longer holds anything up.
        nodes.remove("node-1");
        assert!(nodes.all_kubelets_running());
        nodes.set_kubelet_running("no-such-node", false);
        assert!(nodes.all_kubelets_running());
    }
}
