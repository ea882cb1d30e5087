//! DefaultTolerationSeconds admission and taint-based eviction: a new pod gets
//! 300 s tolerations of the `not-ready` and `unreachable` NoExecute taints unless it
//! tolerates them itself, and the taint eviction controller marks each pod of an unreachable
//! node for deletion when *its* toleration runs out (never, without a time limit).

mod common;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use common::*;
use ordinal_api::{Object, Pod};
use ordinal_sim::{Cluster, ClusterConfig, ObjectKey};
use serde_json::json;

fn pod(cluster: &Cluster, name: &str) -> Pod {
    match cluster.store().get(&ObjectKey::new("Pod", "default", name)) {
        Some(Object::Pod(pod)) => pod.clone(),
        _ => panic!("no pod {name}"),
    }
}

fn manifest(name: &str, tolerations: &str) -> String {
    format!(
        "apiVersion: v1
kind: Pod
metadata:
  name: {name}
spec:
  containers:
  - name: app
    image: nginx
{tolerations}"
    )
}

const SHORT: &str = "  tolerations:
  - key: node.kubernetes.io/unreachable
    operator: Exists
    effect: NoExecute
    tolerationSeconds: 30
";
const FOREVER: &str = "  tolerations:
  - key: node.kubernetes.io/unreachable
    operator: Exists
    effect: NoExecute
";
const EVERYTHING: &str = "  tolerations:
  - operator: Exists
";

#[test]
fn admission_adds_the_default_tolerations_a_pod_lacks() {
    let mut cluster = cluster();
    for (name, tolerations) in [
        ("plain", ""),
        ("short", SHORT),
        ("forever", FOREVER),
        ("everything", EVERYTHING),
    ] {
        cluster
            .apply(&manifest(name, tolerations))
            .expect("applies");
    }
    let default = |key: &str| json!({"key": key, "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300});
    let not_ready = default("node.kubernetes.io/not-ready");
    let unreachable = default("node.kubernetes.io/unreachable");
    assert_eq!(
        *pod(&cluster, "plain").spec.tolerations,
        [not_ready.clone(), unreachable]
    );
    let short = pod(&cluster, "short").spec.tolerations.clone();
    assert_eq!(short.len(), 2);
    assert_eq!(short[0]["tolerationSeconds"], 30);
    assert_eq!(short[1], not_ready);
    assert_eq!(pod(&cluster, "forever").spec.tolerations.len(), 2);
    assert_eq!(pod(&cluster, "everything").spec.tolerations.len(), 1);
    // Controllers' pods go through the same admission.
    cluster.apply(WEB).expect("applies");
    settle(&mut cluster);
    assert_eq!(pod(&cluster, "web-0").spec.tolerations.len(), 2);
}

#[test]
fn each_pod_is_evicted_when_its_own_toleration_runs_out() {
    let mut cluster = Cluster::new(ClusterConfig {
        worker_nodes: 1,
        ..ClusterConfig::default()
    });
    cluster.check_invariants_each_step = true;
    for (name, tolerations) in [("plain", ""), ("short", SHORT), ("forever", FOREVER)] {
        cluster
            .apply(&manifest(name, tolerations))
            .expect("applies");
    }
    settle(&mut cluster);
    let marked =
        |cluster: &Cluster, name: &str| pod(cluster, name).metadata.deletion_timestamp.is_some();
    cluster.stop_node("node-1").expect("stops");
    // The 50 s grace period, then 30 s of toleration for `short`.
    advance(&mut cluster, 79);
    assert!(!marked(&cluster, "short"));
    advance(&mut cluster, 2);
    assert!(marked(&cluster, "short"));
    assert!(!marked(&cluster, "plain"));
    advance(&mut cluster, 270);
    assert!(marked(&cluster, "plain"));
    advance(&mut cluster, 3600);
    assert!(!marked(&cluster, "forever"));
    let why = cluster.why(&ObjectKey::new("Pod", "default", "forever"));
    assert!(
        why.iter()
            .any(|r| r.message.contains("without a time limit")),
        "{why:?}"
    );
}

#[test]
fn a_timer_from_an_earlier_outage_does_not_evict_early() {
    let mut cluster = Cluster::new(ClusterConfig {
        worker_nodes: 1,
        ..ClusterConfig::default()
    });
    cluster.apply(&manifest("plain", "")).expect("applies");
    settle(&mut cluster);
    cluster.stop_node("node-1").expect("stops");
    advance(&mut cluster, 100);
    cluster.start_node("node-1").expect("starts");
    advance(&mut cluster, 10);
    cluster.stop_node("node-1").expect("stops");
    // The first outage's deadline (t≈350 s) passes during the second outage.
    advance(&mut cluster, 300);
    assert!(pod(&cluster, "plain").metadata.deletion_timestamp.is_none());
    advance(&mut cluster, 60);
    assert!(pod(&cluster, "plain").metadata.deletion_timestamp.is_some());
}
