//! The thin slice of ordered creation: web-0, then web-1, then web-2 (R-3.6b).

mod common;

use common::*;
use ordinal_api::Object;
use ordinal_sim::Cluster;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn ready_count(cluster: &Cluster) -> usize {
    cluster
        .store()
        .list("Pod", Some("default"))
        .filter(|p| match p {
            Object::Pod(p) => p.status.phase.as_deref() == Some("Running"),
            _ => false,
        })
        .count()
}

#[test]
fn pods_are_created_one_at_a_time_in_order() {
    let mut cluster = cluster();
    let outcomes = cluster.apply(WEB).expect("web.yaml applies");
    assert_eq!(outcomes.len(), 2);
    assert_eq!(pod_names(&cluster), ["web-0"]);
    // web-1 must not exist until web-0 is Running and Ready.
    while ready_count(&cluster) == 0 {
        assert_eq!(pod_names(&cluster), ["web-0"]);
        assert!(cluster.step(), "simulation stalled");
    }
    assert_eq!(pod_names(&cluster), ["web-0", "web-1"]);
    settle(&mut cluster);
    assert_eq!(pod_names(&cluster), ["web-0", "web-1", "web-2"]);
    assert_eq!(ready_count(&cluster), 3);
}

#[test]
fn creation_transcript_r_4_8() {
    let mut cluster = cluster();
    cluster.apply(WEB).expect("applies");
    settle(&mut cluster);
    assert_transcript!(transcript(&cluster, 0, true));
}

#[test]
fn same_seed_same_history() {
    let run = |seed| {
        let mut cluster = seeded(seed);
        cluster.apply(WEB).expect("applies");
        settle(&mut cluster);
        format!("{:?}", cluster.store().watch_log())
    };
    assert_eq!(run(7), run(7));
    assert_ne!(run(7), run(8));
}

#[test]
fn bad_manifest_changes_nothing() {
    let mut cluster = cluster();
    let err = cluster
        .apply("apiVersion: v1\nkind: Service\nmetadata: [\n")
        .expect_err("syntax error");
    assert!(err[0].span.line >= 3);
    // Only what the cluster starts with (the default StorageClass) is there.
    assert!(cluster.store().list("Service", None).next().is_none());
}
