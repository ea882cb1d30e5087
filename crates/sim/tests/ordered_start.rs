//! The thin slice of ordered creation: web-0, then web-1, then web-2 (R-3.6b).

use ordinal_api::Object;
use ordinal_sim::{Cluster, ClusterConfig};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const WEB: &str = include_str!("../../../tests/scenarios/web.yaml");

fn pod_names(cluster: &Cluster) -> Vec<String> {
    cluster
        .store()
        .list("Pod", Some("default"))
        .map(|p| p.metadata().name.clone())
        .collect()
}

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
    let mut cluster = Cluster::new(ClusterConfig::default());
    let outcomes = cluster.apply(WEB).expect("web.yaml applies");
    assert_eq!(outcomes.len(), 2);
    assert_eq!(pod_names(&cluster), ["web-0"]);
    // web-1 must not exist until web-0 is Running and Ready.
    while ready_count(&cluster) == 0 {
        assert_eq!(pod_names(&cluster), ["web-0"]);
        assert!(cluster.step(), "simulation stalled");
    }
    assert_eq!(pod_names(&cluster), ["web-0", "web-1"]);
    cluster.run_until_idle(1000);
    assert_eq!(pod_names(&cluster), ["web-0", "web-1", "web-2"]);
    assert_eq!(ready_count(&cluster), 3);
}

#[test]
fn same_seed_same_history() {
    let run = || {
        let mut cluster = Cluster::new(ClusterConfig::default());
        cluster.apply(WEB).expect("applies");
        cluster.run_until_idle(1000);
        cluster
            .store()
            .watch_log()
            .iter()
            .map(|e| format!("{} {:?} {}", e.time, e.kind, e.object.metadata().name))
            .collect::<Vec<_>>()
    };
    assert_eq!(run(), run());
}

#[test]
fn bad_manifest_changes_nothing() {
    let mut cluster = Cluster::new(ClusterConfig::default());
    let err = cluster
        .apply("apiVersion: v1\nkind: Service\nmetadata: [\n")
        .expect_err("syntax error");
    assert!(err[0].span.line >= 3);
    assert!(cluster.store().is_empty());
}
