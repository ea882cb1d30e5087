//! "Why" reasons for every wait of the StatefulSet controller (issue #5 §4): a partition
//! holding pods back, OnDelete waiting for manual deletes, a halted rolling update naming the
//! pod and its state. Every cluster checks the invariants (including that the indexed
//! decision equals the full one) after every event.

mod common;

use common::*;
use ordinal_api::{RollingUpdateStatefulSetStrategy, StatefulSetUpdateStrategy};
use ordinal_sim::{Cluster, DeleteOptions};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn web() -> Cluster {
    let mut c = cluster();
    c.apply(WEB).expect("web.yaml applies");
    settle(&mut c);
    c
}

fn why_messages(c: &Cluster) -> Vec<String> {
    c.why(&key("StatefulSet", "web"))
        .into_iter()
        .map(|r| format!("{}: {}", r.rule, r.message))
        .collect()
}

#[test]
fn partition_holding_pods_back_is_explained_r_3_13() {
    let mut c = web();
    edit_set(&mut c, "web", |s| {
        s.spec.update_strategy = Some(StatefulSetUpdateStrategy {
            type_: Some("RollingUpdate".into()),
            rolling_update: Some(RollingUpdateStatefulSetStrategy {
                partition: Some(2),
                max_unavailable: None,
            }),
        });
        s.spec.template.spec.containers[0].image = Some("registry.k8s.io/nginx-slim:0.9".into());
    });
    settle(&mut c);
    assert_eq!(
        why_messages(&c),
        [
            "R-3.13: partition 2: pods below web-2 keep their revision until the partition is lowered"
        ]
    );
    // Lowering the partition to 0 lets the rollout finish, and the reason goes away.
    edit_set(&mut c, "web", |s| {
        if let Some(r) = s
            .spec
            .update_strategy
            .as_mut()
            .and_then(|u| u.rolling_update.as_mut())
        {
            r.partition = Some(0);
        }
    });
    settle(&mut c);
    assert_eq!(why_messages(&c), Vec::<String>::new());
}

#[test]
fn on_delete_waits_for_manual_deletes_r_3_10() {
    let mut c = web();
    edit_set(&mut c, "web", |s| {
        s.spec.update_strategy = Some(StatefulSetUpdateStrategy {
            type_: Some("OnDelete".into()),
            rolling_update: None,
        });
        s.spec.template.spec.containers[0].image = Some("registry.k8s.io/nginx-slim:0.9".into());
    });
    settle(&mut c);
    assert_eq!(
        why_messages(&c),
        ["R-3.10: OnDelete: web-2 runs an old revision and is updated only when it is deleted"]
    );
    c.delete(&key("Pod", "web-2"), DeleteOptions::default())
        .expect("deletes");
    settle(&mut c);
    assert_eq!(
        why_messages(&c),
        ["R-3.10: OnDelete: web-1 runs an old revision and is updated only when it is deleted"]
    );
}

#[test]
fn halted_rolling_update_names_the_pod_and_its_state_r_3_12() {
    let mut c = web();
    set_image(&mut c, "web", "registry.k8s.io/nginx-slim:0.99");
    advance(&mut c, 120);
    let why = why_messages(&c);
    assert_eq!(why.len(), 1, "{why:?}");
    assert!(
        why[0].starts_with("R-3.6b: OrderedReady waits for web-2 to be Running and Ready (")
            && why[0].contains("ImagePull"),
        "{why:?}"
    );
}

#[test]
fn halted_parallel_rolling_update_names_the_pod_and_its_state_r_3_12() {
    let mut c = cluster();
    c.apply(&WEB.replace(
        "  replicas: 3",
        "  podManagementPolicy: Parallel\n  replicas: 3",
    ))
    .expect("applies");
    settle(&mut c);
    set_image(&mut c, "web", "registry.k8s.io/nginx-slim:0.99");
    advance(&mut c, 120);
    let why = why_messages(&c);
    assert_eq!(why.len(), 1, "{why:?}");
    assert!(
        why[0].starts_with("R-3.12: rolling update halted: web-2 is not Ready (")
            && why[0].contains("ImagePull")
            && why[0].ends_with("(maxUnavailable 1)"),
        "{why:?}"
    );
}
