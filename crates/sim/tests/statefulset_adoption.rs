//! Adoption: after `kubectl delete sts web --cascade=orphan`, re-creating the set
//! adopts the orphaned ControllerRevisions and pods instead of replacing them.

mod common;

use common::*;
use ordinal_api::Object;
use ordinal_sim::{Cascade, Cluster, DeleteOptions};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn revisions(c: &Cluster) -> Vec<(String, Vec<String>)> {
    c.store()
        .list("ControllerRevision", Some("default"))
        .map(|r| {
            let meta = r.metadata();
            let owners = meta
                .owner_references
                .iter()
                .filter(|o| o.controller == Some(true))
                .map(|o| o.uid.clone())
                .collect();
            (meta.name.clone(), owners)
        })
        .collect()
}

fn pod_uids(c: &Cluster) -> Vec<String> {
    c.store()
        .list("Pod", Some("default"))
        .filter_map(|p| p.metadata().uid.clone())
        .collect()
}

#[test]
fn recreated_set_adopts_orphaned_revisions_and_pods_r_3_2() {
    let mut c = cluster();
    c.apply(WEB).expect("applies");
    settle(&mut c);
    let before = revisions(&c);
    assert_eq!(before.len(), 1);
    let pods_before = pod_uids(&c);
    c.delete(
        &key("StatefulSet", "web"),
        DeleteOptions {
            cascade: Cascade::Orphan,
            ..DeleteOptions::default()
        },
    )
    .expect("deletes");
    settle(&mut c);
    assert_eq!(revisions(&c), [(before[0].0.clone(), vec![])], "orphaned");

    c.apply(WEB).expect("re-applies");
    settle(&mut c);
    let uid = set(&c, "web").metadata.uid.expect("uid");
    assert_eq!(revisions(&c), [(before[0].0.clone(), vec![uid.clone()])]);
    assert_eq!(
        pod_uids(&c),
        pods_before,
        "the pods were adopted, not replaced"
    );
    for pod in c.store().list("Pod", Some("default")) {
        let Object::Pod(pod) = pod else { continue };
        assert!(
            pod.metadata
                .owner_references
                .iter()
                .any(|o| o.uid == uid && o.controller == Some(true)),
            "{} adopted",
            pod.metadata.name
        );
    }
    let status = set(&c, "web").status;
    assert_eq!(
        status.current_revision.as_deref(),
        Some(before[0].0.as_str())
    );
    assert_eq!(status.ready_replicas, Some(3));
}
