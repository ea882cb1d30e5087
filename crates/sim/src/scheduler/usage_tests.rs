//! The nodes' running request totals (`Nodes::usage`) against a pass over the stored pods,
//! which is how the resource filter counted before it kept totals.

use crate::cluster::{Cluster, ClusterConfig, DeleteOptions};
use crate::nodes::NodeUsage;
use crate::store::ObjectKey;
use ordinal_api::Object;

/// What the filter used to add up: the pods on `node` that exist and have not finished.
fn counted_from_the_store(cluster: &Cluster, node: &str) -> NodeUsage {
    let mut used = NodeUsage::default();
    for key in cluster.nodes.pods_on(node) {
        let Some(Object::Pod(pod)) = cluster.store.get(key) else {
            continue;
        };
        if crate::nodes::is_finished(pod) {
            continue;
        }
        used.pods += 1;
        used.cpu += super::resources::pod_request(pod, "cpu");
        used.memory += super::resources::pod_request(pod, "memory");
    }
    used
}

fn assert_totals_agree(cluster: &Cluster) {
    for node in cluster.nodes.names() {
        let kept = cluster.nodes.usage(&node);
        assert_eq!(kept, cluster.nodes.usage_recomputed(&node), "{node}");
        assert_eq!(kept, counted_from_the_store(cluster, &node), "{node}");
    }
}

fn run_checking(cluster: &mut Cluster, until: crate::Duration) {
    let end = cluster.now() + until;
    while cluster.next_timer_at().is_some_and(|t| t <= end) {
        cluster.step();
        assert_totals_agree(cluster);
    }
    cluster.advance(crate::Duration(end.0.saturating_sub(cluster.now().0)));
    assert_totals_agree(cluster);
}

const JOB: &str = "apiVersion: v1
kind: Pod
metadata:
  name: job
spec:
  restartPolicy: Never
  containers:
  - name: job
    image: busybox:1.36
    command: [sh, -c, 'sleep 5']
    resources:
      requests:
        cpu: '3'
        memory: 1Gi
";

const BIG: &str = "apiVersion: v1
kind: Pod
metadata:
  name: big
spec:
  containers:
  - name: big
    image: registry.k8s.io/nginx-slim:0.8
    resources:
      requests:
        cpu: '2'
";

const SET: &str = "apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: registry.k8s.io/nginx-slim:0.8
        resources:
          requests:
            cpu: 100m
            memory: 64Mi
";

fn pod_node(cluster: &Cluster, name: &str) -> Option<String> {
    match cluster.store.get(&ObjectKey::new("Pod", "default", name)) {
        Some(Object::Pod(pod)) => pod.spec.node_name.clone(),
        _ => None,
    }
}

#[test]
fn a_finished_pod_frees_its_requests_and_the_totals_follow_every_change() {
    let mut c = Cluster::new(ClusterConfig {
        worker_nodes: 1,
        ..ClusterConfig::default()
    });
    c.apply(JOB).expect("job applies");
    run_checking(&mut c, crate::Duration::from_secs(2));
    assert_eq!(pod_node(&c, "job").as_deref(), Some("node-1"));
    assert_eq!(c.nodes.usage("node-1").cpu, 3000);
    // 3 of the node's 4 CPUs are taken: the big pod waits.
    c.apply(BIG).expect("big applies");
    run_checking(&mut c, crate::Duration::from_secs(2));
    assert_eq!(pod_node(&c, "big"), None);
    // The job ends (Succeeded): its CPU is free, and the periodic flush places the big pod.
    run_checking(&mut c, crate::Duration::from_secs(6 * 60));
    assert_eq!(c.nodes.usage("node-1").cpu, 2000);
    assert_eq!(pod_node(&c, "big").as_deref(), Some("node-1"));
    // Pods come and go under a StatefulSet: scale up, down, delete one, delete the set.
    c.apply(SET).expect("set applies");
    run_checking(&mut c, crate::Duration::from_secs(60));
    assert_eq!(c.nodes.usage("node-1").cpu, 2300);
    let set = ObjectKey::new("StatefulSet", "default", "web");
    c.scale(&set, 1).expect("scales");
    run_checking(&mut c, crate::Duration::from_secs(60));
    let web0 = ObjectKey::new("Pod", "default", "web-0");
    c.delete(&web0, DeleteOptions::default()).expect("deletes");
    run_checking(&mut c, crate::Duration::from_secs(60));
    assert_eq!(c.nodes.usage("node-1").cpu, 2100);
    c.delete(&set, DeleteOptions::default()).expect("deletes");
    run_checking(&mut c, crate::Duration::from_secs(60));
    assert_eq!(c.nodes.usage("node-1").cpu, 2000);
    assert_eq!(c.nodes.usage("node-1").pods, 1);
}
