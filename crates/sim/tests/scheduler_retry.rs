//! The scheduling queue: an unschedulable pod is retried when the cluster changes and, with
//! nothing changing, every 5 minutes (`podMaxInUnschedulablePodsDuration`, found by the
//! 30-second flush), each failed attempt a `FailedScheduling` event; and inter-pod
//! (anti-)affinity terms honour `namespaces` and `namespaceSelector`.

mod common;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use common::*;
use ordinal_api::Object;
use ordinal_sim::{Cluster, ClusterConfig, ObjectKey};

fn one_worker() -> Cluster {
    let mut cluster = Cluster::new(ClusterConfig {
        worker_nodes: 1,
        ..ClusterConfig::default()
    });
    cluster.check_invariants_each_step = true;
    cluster
}

fn failed_attempts(cluster: &Cluster, namespace: &str, name: &str) -> u32 {
    let key = ObjectKey::new("Pod", namespace, name);
    cluster
        .events_about(&key)
        .filter(|e| e.reason == "FailedScheduling")
        .map(|e| e.count)
        .sum()
}

fn node_of(cluster: &Cluster, namespace: &str, name: &str) -> Option<String> {
    match cluster.store().get(&ObjectKey::new("Pod", namespace, name)) {
        Some(Object::Pod(pod)) => pod.spec.node_name.clone(),
        _ => panic!("no pod {namespace}/{name}"),
    }
}

fn pod(namespace: &str, name: &str, labels: &str, spec_extra: &str) -> String {
    format!(
        "apiVersion: v1
kind: Pod
metadata:
  name: {name}
  namespace: {namespace}
  labels: {{{labels}}}
spec:
  containers:
  - name: app
    image: nginx
{spec_extra}"
    )
}

#[test]
fn an_unschedulable_pod_is_retried_every_five_minutes() {
    let mut cluster = cluster();
    cluster
        .apply(&pod(
            "default",
            "picky",
            "",
            "  nodeSelector:\n    disk: ssd\n",
        ))
        .expect("applies");
    // The waiting pod does not keep the cluster busy: the 5-minute flush is background work.
    settle(&mut cluster);
    assert_eq!(failed_attempts(&cluster, "default", "picky"), 1);
    advance(&mut cluster, 240);
    assert_eq!(failed_attempts(&cluster, "default", "picky"), 1);
    // Five minutes after the first attempt (at the next 30-second flush), another attempt.
    advance(&mut cluster, 90);
    assert_eq!(failed_attempts(&cluster, "default", "picky"), 2);
    advance(&mut cluster, 360);
    assert_eq!(failed_attempts(&cluster, "default", "picky"), 3);
    assert_eq!(node_of(&cluster, "default", "picky"), None);
}

#[test]
fn a_retry_after_a_cluster_change_restarts_the_five_minutes() {
    let mut cluster = cluster();
    cluster
        .apply(&pod(
            "default",
            "picky",
            "",
            "  nodeSelector:\n    disk: ssd\n",
        ))
        .expect("applies");
    settle(&mut cluster);
    advance(&mut cluster, 200);
    // A new node without the label: a cluster event, so one more (failed) attempt now.
    cluster.add_node("node-4").expect("adds");
    settle(&mut cluster);
    assert_eq!(failed_attempts(&cluster, "default", "picky"), 2);
    // The flush counts from that attempt: nothing at the first attempt's five minutes.
    advance(&mut cluster, 200);
    assert_eq!(failed_attempts(&cluster, "default", "picky"), 2);
    advance(&mut cluster, 150);
    assert_eq!(failed_attempts(&cluster, "default", "picky"), 3);
}

const ANTI_AFFINITY: &str = "  affinity:
    podAntiAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
      - labelSelector:
          matchLabels:
            app: db
        topologyKey: kubernetes.io/hostname
";

/// One worker holding a pod labelled `app: db` in namespace `other`; then a pod in
/// `default` that refuses to share a node with `app: db` pods in the term's namespaces.
fn placed_beside_other_namespace(namespaces: &str) -> Option<String> {
    let mut cluster = one_worker();
    cluster
        .apply(&pod("other", "db", "app: db", ""))
        .expect("applies");
    settle(&mut cluster);
    assert_eq!(node_of(&cluster, "other", "db").as_deref(), Some("node-1"));
    let term = ANTI_AFFINITY.replace(
        "        topologyKey",
        &format!("{namespaces}        topologyKey"),
    );
    cluster
        .apply(&pod("default", "web", "app: web", &term))
        .expect("applies");
    settle(&mut cluster);
    node_of(&cluster, "default", "web")
}

#[test]
fn affinity_terms_look_in_the_pods_own_namespace_by_default() {
    assert_eq!(placed_beside_other_namespace("").as_deref(), Some("node-1"));
}

#[test]
fn an_empty_namespace_selector_means_every_namespace() {
    assert_eq!(
        placed_beside_other_namespace("        namespaceSelector: {}\n"),
        None
    );
}

#[test]
fn a_namespace_selector_matches_namespace_labels() {
    // Every namespace carries kubernetes.io/metadata.name.
    let by_name = "        namespaceSelector:\n          matchLabels:\n            kubernetes.io/metadata.name: other\n";
    assert_eq!(placed_beside_other_namespace(by_name), None);
    let elsewhere = "        namespaceSelector:\n          matchLabels:\n            team: a\n";
    assert_eq!(
        placed_beside_other_namespace(elsewhere).as_deref(),
        Some("node-1")
    );
    // Listed namespaces count as well as selected ones.
    let listed = "        namespaces: [other]\n        namespaceSelector:\n          matchLabels:\n            team: a\n";
    assert_eq!(placed_beside_other_namespace(listed), None);
}
