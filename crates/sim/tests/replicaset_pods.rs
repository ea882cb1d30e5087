//! The ReplicaSet controller on its own: generated pod names, replacement of deleted pods,
//! scale-down in `ActivePodsWithRanks` order, adoption of matching orphans, status and
//! events. Every cluster checks the invariants after every event (each ReplicaSet at
//! exactly `spec.replicas` active pods once settled).

mod common;

use common::*;
use ordinal_api::Object;
use ordinal_sim::replicaset::get_replica_set;
use ordinal_sim::{Cluster, DeleteOptions};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const RS: &str = "apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: frontend
spec:
  replicas: 3
  selector:
    matchLabels:
      tier: frontend
  template:
    metadata:
      labels:
        tier: frontend
    spec:
      containers:
      - name: php-redis
        image: nginx:1.25
";

const ORPHAN: &str = "apiVersion: v1
kind: Pod
metadata:
  name: pod1
  labels:
    tier: frontend
spec:
  containers:
  - name: hello1
    image: nginx:1.25
";

fn frontend(c: &mut Cluster) {
    c.apply(RS).expect("replicaset applies");
    settle(c);
}

fn replicas(c: &mut Cluster, n: i64) {
    let Some(Object::Other {
        api_version,
        kind,
        metadata,
        mut body,
    }) = c.store().get(&key("ReplicaSet", "frontend")).cloned()
    else {
        panic!("no replicaset");
    };
    body["spec"]["replicas"] = n.into();
    c.update_object(Object::Other {
        api_version,
        kind,
        metadata,
        body,
    })
    .expect("scaled");
}

fn messages(c: &Cluster, reason: &str) -> Vec<String> {
    c.events()
        .iter()
        .filter(|e| e.reason == reason && e.involved.kind == "ReplicaSet")
        .map(|e| e.message.clone())
        .collect()
}

#[test]
fn pods_get_generated_names_and_status_counts_them() {
    let mut c = cluster();
    frontend(&mut c);
    let names = pod_names(&c);
    assert_eq!(names.len(), 3);
    for name in &names {
        let suffix = name.strip_prefix("frontend-").expect("prefix");
        assert_eq!(suffix.len(), 5);
        assert!(
            suffix
                .chars()
                .all(|ch| "bcdfghjklmnpqrstvwxz2456789".contains(ch))
        );
    }
    let created: Vec<String> = names.iter().map(|n| format!("Created pod: {n}")).collect();
    let mut events = messages(&c, "SuccessfulCreate");
    events.sort();
    assert_eq!(events, created);
    let rs = get_replica_set(&c, &key("ReplicaSet", "frontend")).expect("rs");
    assert_eq!(rs.status.replicas, 3);
    assert_eq!(rs.status.ready_replicas, Some(3));
    assert_eq!(rs.status.available_replicas, Some(3));
    assert_eq!(rs.status.fully_labeled_replicas, Some(3));
    assert_eq!(rs.status.observed_generation, Some(1));
}

#[test]
fn a_deleted_pod_is_replaced_under_a_new_name_at_once() {
    let mut c = cluster();
    frontend(&mut c);
    let victim = pod_names(&c)[0].clone();
    c.delete(&key("Pod", &victim), DeleteOptions::default())
        .expect("deleted");
    // The terminating pod no longer counts: a replacement is created in the same instant.
    let live: Vec<String> = c
        .store()
        .list("Pod", Some("default"))
        .filter(|p| p.metadata().deletion_timestamp.is_none())
        .map(|p| p.metadata().name.clone())
        .collect();
    assert_eq!(live.len(), 3);
    assert!(!live.contains(&victim));
    settle(&mut c);
    assert_eq!(pod_names(&c).len(), 3);
}

#[test]
fn scale_down_deletes_pending_before_running_then_newest() {
    let mut c = cluster();
    frontend(&mut c);
    let first = pod_names(&c);
    advance(&mut c, 30);
    replicas(&mut c, 5);
    // The two new pods are still Pending: they go first.
    let mut added: Vec<String> = pod_names(&c)
        .into_iter()
        .filter(|n| !first.contains(n))
        .collect();
    added.sort();
    replicas(&mut c, 3);
    let mut deleted: Vec<String> = messages(&c, "SuccessfulDelete")
        .iter()
        .filter_map(|m| m.strip_prefix("Deleted pod: ").map(str::to_string))
        .collect();
    deleted.sort();
    assert_eq!(deleted, added);
    settle(&mut c);
    let mut kept = pod_names(&c);
    kept.sort();
    let mut first = first;
    first.sort();
    assert_eq!(kept, first);
}

#[test]
fn a_matching_orphan_pod_is_adopted_and_counts() {
    let mut c = cluster();
    c.apply(ORPHAN).expect("pod applies");
    settle(&mut c);
    frontend(&mut c);
    let names = pod_names(&c);
    assert_eq!(names.len(), 3);
    assert!(names.contains(&"pod1".to_string()));
    let Some(Object::Pod(pod1)) = c.store().get(&key("Pod", "pod1")) else {
        panic!("pod1 kept");
    };
    let owner = &pod1.metadata.owner_references[0];
    assert_eq!(
        (owner.kind.as_str(), owner.name.as_str()),
        ("ReplicaSet", "frontend")
    );
    assert_eq!(messages(&c, "SuccessfulCreate").len(), 2);
}

#[test]
fn deleting_the_replica_set_removes_its_pods() {
    let mut c = cluster();
    frontend(&mut c);
    c.delete(&key("ReplicaSet", "frontend"), DeleteOptions::default())
        .expect("deleted");
    settle(&mut c);
    assert!(pod_names(&c).is_empty());
}

#[test]
fn same_seed_gives_a_byte_identical_watch_log() {
    let run = || {
        let mut c = seeded(7);
        frontend(&mut c);
        replicas(&mut c, 6);
        settle(&mut c);
        replicas(&mut c, 2);
        settle(&mut c);
        format!("{:?}", c.store().watch_log())
    };
    assert_eq!(run(), run());
}
