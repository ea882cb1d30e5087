//! The scheduler's filters and the FailedScheduling message: the control-plane
//! taint, required pod anti-affinity (the ZooKeeper tutorial's zk-3), nodeSelector,
//! resources, tolerations, cordon, and the retry when a node is added.

mod common;

use common::*;
use ordinal_api::{Object, Pod};
use ordinal_sim::{Cluster, ObjectKey};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn zk(replicas: u32, pod_spec_extra: &str) -> String {
    format!(
        "apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: zk
spec:
  serviceName: zk-hs
  replicas: {replicas}
  podManagementPolicy: Parallel
  selector:
    matchLabels:
      app: zk
  template:
    metadata:
      labels:
        app: zk
    spec:
{pod_spec_extra}      containers:
      - name: kubernetes-zookeeper
        image: registry.k8s.io/kubernetes-zookeeper:1.0-3.4.10
"
    )
}

const ANTI_AFFINITY: &str = "      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
          - labelSelector:
              matchExpressions:
              - key: app
                operator: In
                values:
                - zk
            topologyKey: kubernetes.io/hostname
";

fn pod(cluster: &Cluster, name: &str) -> Pod {
    match cluster.store().get(&ObjectKey::new("Pod", "default", name)) {
        Some(Object::Pod(pod)) => pod.clone(),
        _ => panic!("no pod {name}"),
    }
}

fn pods(cluster: &Cluster) -> Vec<Pod> {
    cluster
        .store()
        .list("Pod", Some("default"))
        .filter_map(|o| match o {
            Object::Pod(p) => Some(p.clone()),
            _ => None,
        })
        .collect()
}

fn failed_scheduling(cluster: &Cluster, name: &str) -> Vec<String> {
    cluster
        .events_about(&ObjectKey::new("Pod", "default", name))
        .filter(|e| e.reason == "FailedScheduling")
        .map(|e| e.message.clone())
        .collect()
}

const ZK_MESSAGE: &str = "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 node(s) didn't match pod anti-affinity rules. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.";

#[test]
fn the_default_cluster_has_a_tainted_control_plane_and_three_workers() {
    let cluster = cluster();
    let names: Vec<String> = cluster
        .store()
        .list("Node", None)
        .map(|n| n.metadata().name.clone())
        .collect();
    assert_eq!(names, ["control-plane", "node-1", "node-2", "node-3"]);
}

#[test]
fn anti_affinity_leaves_the_fourth_pod_pending_with_the_real_message() {
    let mut cluster = cluster();
    cluster.apply(&zk(4, ANTI_AFFINITY)).expect("zk applies");
    settle(&mut cluster);
    let all = pods(&cluster);
    let pending: Vec<&Pod> = all.iter().filter(|p| p.spec.node_name.is_none()).collect();
    assert_eq!(pending.len(), 1, "exactly one pod has no node");
    let pending_name = pending[0].metadata.name.clone();
    let mut nodes: Vec<String> = all
        .iter()
        .filter_map(|p| p.spec.node_name.clone())
        .collect();
    nodes.sort();
    assert_eq!(nodes, ["node-1", "node-2", "node-3"]);
    assert_eq!(failed_scheduling(&cluster, &pending_name), [ZK_MESSAGE]);
    let condition = pending[0]
        .status
        .conditions
        .iter()
        .find(|c| c.type_ == "PodScheduled")
        .expect("PodScheduled condition");
    assert_eq!(condition.status, "False");
    assert_eq!(condition.reason.as_deref(), Some("Unschedulable"));
    assert_eq!(condition.message.as_deref(), Some(ZK_MESSAGE));
    let why = cluster.why(&ObjectKey::new("Pod", "default", &pending_name));
    assert!(
        why.iter()
            .any(|r| r.rule == "R-4.12" && r.message.contains(ZK_MESSAGE)),
        "{why:?}"
    );

    // A fourth worker: the pending pod is retried and lands there.
    cluster.add_node("node-4").expect("node added");
    settle(&mut cluster);
    assert_eq!(
        pod(&cluster, &pending_name).spec.node_name.as_deref(),
        Some("node-4")
    );
    assert!(
        cluster
            .why(&ObjectKey::new("Pod", "default", &pending_name))
            .is_empty()
    );
}

#[test]
fn a_deleted_pod_frees_its_node_for_a_pending_one() {
    let mut cluster = cluster();
    cluster.apply(&zk(4, ANTI_AFFINITY)).expect("zk applies");
    settle(&mut cluster);
    // Scale down to 3: the pending (highest) pod goes, nothing else moves.
    cluster
        .scale(&ObjectKey::new("StatefulSet", "default", "zk"), 3)
        .expect("scale");
    settle(&mut cluster);
    assert!(pods(&cluster).iter().all(|p| p.spec.node_name.is_some()));
}

#[test]
fn tolerating_the_control_plane_taint_uses_the_control_plane() {
    let tolerate = format!(
        "      tolerations:
      - key: node-role.kubernetes.io/control-plane
        operator: Exists
        effect: NoSchedule
{ANTI_AFFINITY}"
    );
    let mut cluster = cluster();
    cluster.apply(&zk(4, &tolerate)).expect("zk applies");
    settle(&mut cluster);
    let mut nodes: Vec<String> = pods(&cluster)
        .iter()
        .filter_map(|p| p.spec.node_name.clone())
        .collect();
    nodes.sort();
    assert_eq!(nodes, ["control-plane", "node-1", "node-2", "node-3"]);
}

#[test]
fn node_selector_and_resources_filter_nodes() {
    let selector = "      nodeSelector:
        kubernetes.io/hostname: node-2
";
    let mut cluster = cluster();
    cluster.apply(&zk(2, selector)).expect("zk applies");
    settle(&mut cluster);
    assert!(
        pods(&cluster)
            .iter()
            .all(|p| p.spec.node_name.as_deref() == Some("node-2"))
    );

    let mut cluster = self::cluster();
    let big = zk(1, "").replace(
        "        image: registry.k8s.io/kubernetes-zookeeper:1.0-3.4.10\n",
        "        image: registry.k8s.io/kubernetes-zookeeper:1.0-3.4.10\n        resources:\n          requests:\n            cpu: \"8\"\n",
    );
    cluster.apply(&big).expect("zk applies");
    settle(&mut cluster);
    assert_eq!(
        failed_scheduling(&cluster, "zk-0"),
        [
            "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod."
        ]
    );
}

#[test]
fn soft_anti_affinity_spreads_over_zones() {
    let preferred = "      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 100
            podAffinityTerm:
              labelSelector:
                matchLabels:
                  app: zk
              topologyKey: kubernetes.io/hostname
";
    let mut cluster = cluster();
    cluster.apply(&zk(5, preferred)).expect("zk applies");
    settle(&mut cluster);
    // Five pods, three workers: all scheduled, none on the control plane.
    let placed: Vec<String> = pods(&cluster)
        .iter()
        .filter_map(|p| p.spec.node_name.clone())
        .collect();
    assert_eq!(placed.len(), 5);
    assert!(!placed.iter().any(|n| n == "control-plane"));
}

#[test]
fn a_cordoned_node_gets_the_unschedulable_taint_and_no_new_pods() {
    let mut cluster = cluster();
    let key = ObjectKey::new("Node", "", "node-1");
    let Some(Object::Other {
        api_version,
        kind,
        metadata,
        mut body,
    }) = cluster.store().get(&key).cloned()
    else {
        panic!("no node-1");
    };
    body["spec"]["unschedulable"] = serde_json::Value::Bool(true);
    cluster
        .update_object(Object::Other {
            api_version,
            kind,
            metadata,
            body,
        })
        .expect("cordon");
    let tainted = match cluster.store().get(&key) {
        Some(Object::Other { body, .. }) => body["spec"]["taints"].as_array().is_some_and(|t| {
            t.iter()
                .any(|t| t["key"] == "node.kubernetes.io/unschedulable")
        }),
        _ => false,
    };
    assert!(
        tainted,
        "the node lifecycle controller taints a cordoned node"
    );
    cluster.apply(&zk(4, ANTI_AFFINITY)).expect("zk applies");
    settle(&mut cluster);
    let all = pods(&cluster);
    assert!(
        all.iter()
            .all(|p| p.spec.node_name.as_deref() != Some("node-1"))
    );
    let pending: Vec<&Pod> = all.iter().filter(|p| p.spec.node_name.is_none()).collect();
    assert_eq!(pending.len(), 2);
    let message = failed_scheduling(&cluster, &pending[0].metadata.name);
    assert!(
        message
            .iter()
            .any(|m| m.contains("1 node(s) were unschedulable")
                && m.contains("2 node(s) didn't match pod anti-affinity rules")),
        "{message:?}"
    );
}
