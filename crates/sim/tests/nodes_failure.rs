//! Node failure: a stopped node turns NotReady after the grace period, its pods stop
//! being Ready, are marked for deletion after 300 s and stay Terminating; the StatefulSet does
//! not replace a pod until its object is really gone (at most one pod per identity).

mod common;

use common::*;
use ordinal_api::{Object, Pod};
use ordinal_sim::{Cluster, DeleteOptions, ObjectKey};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const WEB_NO_CLAIMS: &str = "apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  clusterIP: None
  selector:
    app: nginx
  ports:
  - port: 80
    name: web
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  replicas: 3
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.8
";

fn pod(cluster: &Cluster, name: &str) -> Option<Pod> {
    match cluster.store().get(&ObjectKey::new("Pod", "default", name)) {
        Some(Object::Pod(pod)) => Some(pod.clone()),
        _ => None,
    }
}

fn ready(pod: &Pod) -> bool {
    pod.status
        .conditions
        .iter()
        .any(|c| c.type_ == "Ready" && c.status == "True")
}

fn node_ready(cluster: &Cluster, name: &str) -> String {
    match cluster.store().get(&ObjectKey::new("Node", "", name)) {
        Some(Object::Other { body, .. }) => body["status"]["conditions"]
            .as_array()
            .and_then(|cs| cs.iter().find(|c| c["type"] == "Ready"))
            .and_then(|c| c["status"].as_str())
            .unwrap_or("")
            .to_string(),
        _ => panic!("no node {name}"),
    }
}

fn started() -> (Cluster, String) {
    let mut cluster = cluster();
    cluster.apply(WEB_NO_CLAIMS).expect("applies");
    settle(&mut cluster);
    let web1 = pod(&cluster, "web-1").expect("web-1");
    let node = web1.spec.node_name.clone().expect("web-1 is bound");
    (cluster, node)
}

#[test]
fn a_stopped_node_turns_not_ready_after_the_grace_period_and_its_pods_stay_terminating() {
    let (mut cluster, node) = started();
    let uid = pod(&cluster, "web-1")
        .and_then(|p| p.metadata.uid)
        .expect("uid");
    cluster.stop_node(&node).expect("stop");
    advance(&mut cluster, 49);
    assert_eq!(node_ready(&cluster, &node), "True");
    assert!(ready(&pod(&cluster, "web-1").expect("web-1")));
    advance(&mut cluster, 2);
    assert_eq!(node_ready(&cluster, &node), "Unknown");
    let web1 = pod(&cluster, "web-1").expect("web-1");
    assert!(!ready(&web1), "pods on an unreachable node are not Ready");
    assert!(
        cluster.lookup("web-1.nginx", "default").is_err(),
        "and out of DNS"
    );
    advance(&mut cluster, 300);
    let web1 = pod(&cluster, "web-1").expect("web-1 is still there");
    assert!(
        web1.metadata.deletion_timestamp.is_some(),
        "marked for deletion"
    );
    advance(&mut cluster, 3600);
    let web1 = pod(&cluster, "web-1").expect("still there an hour later");
    assert_eq!(
        web1.metadata.uid.as_deref(),
        Some(uid.as_str()),
        "never replaced"
    );
    let why = cluster.why(&ObjectKey::new("Pod", "default", "web-1"));
    assert!(
        why.iter()
            .any(|r| r.rule == "R-4.14" && r.message.contains("--force")),
        "{why:?}"
    );

    // Force deletion: the controller re-creates web-1 on a live node.
    cluster
        .delete(
            &ObjectKey::new("Pod", "default", "web-1"),
            DeleteOptions {
                grace_period: Some(0),
                force: true,
                ..DeleteOptions::default()
            },
        )
        .expect("force delete");
    settle(&mut cluster);
    let web1 = pod(&cluster, "web-1").expect("re-created");
    assert_ne!(web1.metadata.uid.as_deref(), Some(uid.as_str()));
    assert_ne!(web1.spec.node_name.as_deref(), Some(node.as_str()));
    assert!(ready(&web1));
}

#[test]
fn restarting_the_node_lets_the_pod_finish_terminating_and_come_back() {
    let (mut cluster, node) = started();
    let uid = pod(&cluster, "web-1")
        .and_then(|p| p.metadata.uid)
        .expect("uid");
    cluster.stop_node(&node).expect("stop");
    advance(&mut cluster, 400);
    assert!(
        pod(&cluster, "web-1")
            .expect("web-1")
            .metadata
            .deletion_timestamp
            .is_some()
    );
    cluster.start_node(&node).expect("start");
    settle(&mut cluster);
    assert_eq!(node_ready(&cluster, &node), "True");
    let web1 = pod(&cluster, "web-1").expect("re-created");
    assert_ne!(web1.metadata.uid.as_deref(), Some(uid.as_str()));
    assert!(ready(&web1));
}

#[test]
fn deleting_the_node_object_force_deletes_its_pods() {
    let (mut cluster, node) = started();
    cluster.stop_node(&node).expect("stop");
    advance(&mut cluster, 60);
    cluster
        .delete(&ObjectKey::new("Node", "", &node), DeleteOptions::default())
        .expect("delete node");
    settle(&mut cluster);
    let web1 = pod(&cluster, "web-1").expect("re-created");
    assert_ne!(web1.spec.node_name.as_deref(), Some(node.as_str()));
    assert!(ready(&web1));
    assert!(
        cluster
            .store()
            .get(&ObjectKey::new("Node", "", &node))
            .is_none()
    );
}

/// Every bound pod names a node that exists (the pod garbage collector's guarantee).
fn assert_pods_on_existing_nodes(cluster: &Cluster) {
    for object in cluster.store().list("Pod", None) {
        let Object::Pod(pod) = object else { continue };
        if let Some(node) = &pod.spec.node_name {
            assert!(
                cluster
                    .store()
                    .get(&ObjectKey::new("Node", "", node))
                    .is_some(),
                "{} is bound to missing node {node}",
                pod.metadata.name
            );
        }
    }
}

#[test]
fn no_pod_is_left_on_a_deleted_node_at_any_step() {
    let (mut cluster, node) = started();
    cluster.stop_node(&node).expect("stop");
    advance(&mut cluster, 400);
    cluster
        .delete(&ObjectKey::new("Node", "", &node), DeleteOptions::default())
        .expect("delete node");
    assert_pods_on_existing_nodes(&cluster);
    while cluster.step() {
        assert_pods_on_existing_nodes(&cluster);
    }
    assert_eq!(
        cluster.store().list("Pod", Some("default")).count(),
        3,
        "the StatefulSet is whole again"
    );
}
