//! The StatefulSet controller's `ClaimPods` and `PodClaimIsStale` (issue #5 §3): a pod whose
//! labels stop matching the selector is released and keeps its name, so the set cannot
//! re-create it; a matching orphan is adopted; a claim still owned by an earlier pod of the
//! same name (whenScaled: Delete) makes the controller wait instead of reusing it.

mod common;

use common::*;
use ordinal_api::{Object, Pod};
use ordinal_sim::{Cluster, DeleteOptions};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn relabel(c: &mut Cluster, name: &str, change: impl FnOnce(&mut Pod)) {
    let mut p = pod(c, name).expect("pod");
    change(&mut p);
    c.update_object(Object::Pod(p)).expect("update accepted");
}

fn controller(c: &Cluster, name: &str) -> Option<String> {
    pod(c, name).and_then(|p| {
        p.metadata
            .owner_references
            .iter()
            .find(|o| o.controller == Some(true))
            .map(|o| o.name.clone())
    })
}

#[test]
fn a_relabeled_pod_is_released_and_keeps_its_name_until_it_is_deleted() {
    let mut c = cluster();
    c.apply(WEB).expect("applies");
    settle(&mut c);
    let uid = pod(&c, "web-1").and_then(|p| p.metadata.uid).expect("uid");
    relabel(&mut c, "web-1", |p| {
        p.metadata.labels.remove("app");
    });
    settle(&mut c);
    assert_eq!(controller(&c, "web-1"), None, "released");
    let released = pod(&c, "web-1").expect("still there");
    assert_eq!(released.metadata.uid.as_deref(), Some(uid.as_str()));
    assert!(released.metadata.owner_references.is_empty());
    // The set counts two pods and cannot create a new web-1 while the name is taken.
    let s = set(&c, "web");
    assert_eq!(s.status.replicas, 2);
    let why = c.why(&key("Pod", "web-1"));
    assert!(
        why.iter().any(|r| r.message.contains("does not own")),
        "{why:?}"
    );
    // Matching again: adopted back, nothing else changes.
    relabel(&mut c, "web-1", |p| {
        p.metadata.labels.insert("app".into(), "nginx".into());
    });
    settle(&mut c);
    assert_eq!(controller(&c, "web-1").as_deref(), Some("web"));
    assert_eq!(set(&c, "web").status.replicas, 3);
    // Released again and deleted: the name is free and the set creates a new web-1.
    relabel(&mut c, "web-1", |p| {
        p.metadata.labels.remove("app");
    });
    settle(&mut c);
    c.delete(&key("Pod", "web-1"), DeleteOptions::default())
        .expect("deletes");
    settle(&mut c);
    let new = pod(&c, "web-1").expect("re-created");
    assert_ne!(new.metadata.uid.as_deref(), Some(uid.as_str()));
    assert_eq!(controller(&c, "web-1").as_deref(), Some("web"));
    assert_eq!(set(&c, "web").status.ready_replicas, Some(3));
}

const DELETE_WHEN_SCALED: &str = "
  persistentVolumeClaimRetentionPolicy:
    whenScaled: Delete
    whenDeleted: Retain
";

const READER: &str = "apiVersion: v1
kind: Pod
metadata:
  name: reader
spec:
  containers:
  - name: nginx
    image: registry.k8s.io/nginx-slim:0.8
    volumeMounts:
    - name: www
      mountPath: /data
  volumes:
  - name: www
    persistentVolumeClaim:
      claimName: www-web-2
";

#[test]
fn a_stale_claim_makes_the_controller_wait_instead_of_failing() {
    let mut c = cluster();
    let web = WEB.replace(
        "  serviceName: \"nginx\"\n",
        &format!(
            "  serviceName: \"nginx\"\n{}",
            DELETE_WHEN_SCALED.trim_start_matches('\n')
        ),
    );
    assert_ne!(web, WEB);
    c.apply(&web).expect("applies");
    settle(&mut c);
    // Another pod uses the claim, so once the garbage collector deletes it the claim stays
    // Terminating (pvc-protection) with its owner reference to the old web-2.
    c.apply(READER).expect("applies");
    settle(&mut c);
    let claim_key = key("PersistentVolumeClaim", "www-web-2");
    c.scale(&key("StatefulSet", "web"), 2).expect("scales");
    settle(&mut c);
    assert!(pod(&c, "web-2").is_none());
    let claim = c.store().get(&claim_key).expect("held by the finalizer");
    assert!(claim.metadata().deletion_timestamp.is_some());
    assert!(
        claim
            .metadata()
            .owner_references
            .iter()
            .any(|o| o.kind == "Pod" && o.name == "web-2")
    );
    let events_before = c.events().len();
    c.scale(&key("StatefulSet", "web"), 3).expect("scales");
    settle(&mut c);
    assert!(pod(&c, "web-2").is_none(), "waits for the stale claim");
    let new_events: Vec<_> = c.events()[events_before..]
        .iter()
        .filter(|e| e.reason == "FailedCreate")
        .collect();
    assert!(new_events.is_empty(), "no FailedCreate: {new_events:?}");
    let why = c.why(&key("Pod", "web-2"));
    assert!(
        why.iter()
            .any(|r| r.message.contains("still belongs to the previous web-2")),
        "{why:?}"
    );
    // The reader goes, the claim goes, and web-2 comes back with a fresh claim.
    let old_uid = c
        .store()
        .get(&claim_key)
        .and_then(|o| o.metadata().uid.clone());
    c.delete(&key("Pod", "reader"), DeleteOptions::default())
        .expect("deletes");
    settle(&mut c);
    assert!(pod(&c, "web-2").is_some());
    let fresh = c.store().get(&claim_key).expect("new claim");
    assert_ne!(fresh.metadata().uid, old_uid);
}
