//! StatefulSet controller scenarios (SPEC §3), each a transcript of the watch log or a
//! precise assertion on the order of things. Every cluster checks the invariants after
//! every event.

mod common;

use common::*;
use ordinal_api::Object;
use ordinal_sim::{Cascade, DeleteOptions};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn web() -> ordinal_sim::Cluster {
    let mut c = cluster();
    c.apply(WEB).expect("web.yaml applies");
    settle(&mut c);
    c
}

#[test]
fn scale_up_and_down_keeps_claims_r_3_8_r_5_11() {
    let mut c = web();
    let from = c.store().watch_log().len();
    c.scale(&key("StatefulSet", "web"), 5).expect("scales");
    settle(&mut c);
    assert_eq!(pod_names(&c), ["web-0", "web-1", "web-2", "web-3", "web-4"]);
    let mid = c.store().watch_log().len();
    c.scale(&key("StatefulSet", "web"), 2).expect("scales");
    settle(&mut c);
    assert_eq!(pod_names(&c), ["web-0", "web-1"]);
    // Highest ordinal first, each gone before the next is deleted.
    assert_eq!(deletion_order(&c, mid), ["web-4", "web-3", "web-2"]);
    // Claims survive the scale-down (default Retain).
    assert_eq!(
        claim_names(&c),
        [
            "www-web-0",
            "www-web-1",
            "www-web-2",
            "www-web-3",
            "www-web-4"
        ]
    );
    assert_transcript!(transcript(&c, from, false));
}

#[test]
fn deleted_pod_returns_with_same_name_and_claim_new_uid_r_4_10() {
    let mut c = web();
    let old = pod(&c, "web-1").expect("web-1");
    let from = c.store().watch_log().len();
    c.delete(&key("Pod", "web-1"), DeleteOptions::default())
        .expect("deletes");
    // Graceful: still there, Terminating, and no replacement while the name is taken.
    let terminating = pod(&c, "web-1").expect("still present");
    assert!(terminating.metadata.deletion_timestamp.is_some());
    settle(&mut c);
    let new = pod(&c, "web-1").expect("re-created");
    assert_ne!(old.metadata.uid, new.metadata.uid);
    assert_eq!(new.spec.hostname.as_deref(), Some("web-1"));
    assert_eq!(
        new.spec.volumes[0]
            .persistent_volume_claim
            .as_ref()
            .map(|v| v.claim_name.as_str()),
        Some("www-web-1")
    );
    assert_ne!(old.status.pod_ip, new.status.pod_ip, "IPs are not reused");
    assert_transcript!(transcript(&c, from, false));
}

#[test]
fn rolling_update_goes_from_the_highest_ordinal_down_r_3_11() {
    let mut c = web();
    let from = c.store().watch_log().len();
    set_image(&mut c, "web", "registry.k8s.io/nginx-slim:0.9");
    settle(&mut c);
    assert_eq!(deletion_order(&c, from), ["web-2", "web-1", "web-0"]);
    let s = set(&c, "web");
    assert_eq!(s.status.current_revision, s.status.update_revision);
    assert_eq!(s.status.updated_replicas, Some(3));
    for name in ["web-0", "web-1", "web-2"] {
        let p = pod(&c, name).expect("pod");
        assert_eq!(
            p.spec.containers[0].image.as_deref(),
            Some("registry.k8s.io/nginx-slim:0.9")
        );
    }
    // Each replacement is Ready before the next lower pod is deleted.
    let log = &c.store().watch_log()[from..];
    let ready_at = |name: &str| {
        log.iter()
            .position(|e| matches!(&*e.object, Object::Pod(p) if p.metadata.name == name
                && p.metadata.deletion_timestamp.is_none()
                && p.status.container_statuses.iter().all(|s| s.ready)
                && !p.status.container_statuses.is_empty()
                && p.metadata.labels.get("controller-revision-hash") == s.status.update_revision.as_ref()))
            .expect("replacement ready")
    };
    let deleted_at = |name: &str| {
        log.iter()
            .position(|e| {
                matches!(&*e.object, Object::Pod(p) if p.metadata.name == name
                && p.metadata.deletion_timestamp.is_some())
            })
            .expect("deleted")
    };
    assert!(ready_at("web-2") < deleted_at("web-1"));
    assert!(ready_at("web-1") < deleted_at("web-0"));
    assert_transcript!(transcript(&c, from, true));
}

#[test]
fn partition_canary_updates_only_high_ordinals_r_3_13() {
    let mut c = web();
    edit_set(&mut c, "web", |s| {
        if let Some(strategy) = &mut s.spec.update_strategy
            && let Some(rolling) = &mut strategy.rolling_update
        {
            rolling.partition = Some(2);
        }
    });
    let from = c.store().watch_log().len();
    set_image(&mut c, "web", "registry.k8s.io/nginx-slim:0.9");
    settle(&mut c);
    assert_eq!(deletion_order(&c, from), ["web-2"]);
    let image = |c: &ordinal_sim::Cluster, n: &str| {
        pod(c, n).expect("pod").spec.containers[0]
            .image
            .clone()
            .unwrap_or_default()
    };
    assert_eq!(image(&c, "web-2"), "registry.k8s.io/nginx-slim:0.9");
    assert_eq!(image(&c, "web-1"), "registry.k8s.io/nginx-slim:0.8");
    // A pod below the partition comes back at the old revision (R-3.9, trap 8).
    c.delete(&key("Pod", "web-0"), DeleteOptions::default())
        .expect("deletes");
    settle(&mut c);
    assert_eq!(image(&c, "web-0"), "registry.k8s.io/nginx-slim:0.8");
    let s = set(&c, "web");
    assert_ne!(s.status.current_revision, s.status.update_revision);
    assert_eq!(s.status.updated_replicas, Some(1));
    assert_eq!(s.status.current_replicas, Some(2));
    // Lowering the partition rolls the rest.
    edit_set(&mut c, "web", |s| {
        if let Some(strategy) = &mut s.spec.update_strategy
            && let Some(rolling) = &mut strategy.rolling_update
        {
            rolling.partition = Some(0);
        }
    });
    settle(&mut c);
    assert_eq!(image(&c, "web-0"), "registry.k8s.io/nginx-slim:0.9");
    let s = set(&c, "web");
    assert_eq!(s.status.current_revision, s.status.update_revision);
}

#[test]
fn broken_rollout_needs_a_manual_delete_after_revert_r_3_14() {
    let mut c = web();
    let from = c.store().watch_log().len();
    set_image(&mut c, "web", "registry.k8s.io/nginx-slim:0.99");
    advance(&mut c, 120);
    let broken = pod(&c, "web-2").expect("web-2");
    let status = pod_status(&broken);
    assert!(
        status.starts_with("ImagePullBackOff") || status.starts_with("ErrImagePull"),
        "{status}"
    );
    assert_eq!(deletion_order(&c, from), ["web-2"], "the rollout halted");
    let why = c.why(&key("StatefulSet", "web"));
    assert!(
        why.iter()
            .any(|r| r.message.contains("web-2") && r.message.contains("Ready")),
        "{why:?}"
    );
    // Revert: the stuck pod stays stuck.
    set_image(&mut c, "web", "registry.k8s.io/nginx-slim:0.8");
    advance(&mut c, 300);
    let still = pod(&c, "web-2").expect("web-2");
    assert_eq!(still.metadata.uid, broken.metadata.uid);
    assert!(
        pod_status(&still).contains("ImagePullBackOff")
            || pod_status(&still).contains("ErrImagePull")
    );
    // Deleting it lets the controller re-create it from the reverted template.
    c.delete(&key("Pod", "web-2"), DeleteOptions::default())
        .expect("deletes");
    settle(&mut c);
    let fixed = pod(&c, "web-2").expect("web-2");
    assert_eq!(pod_status(&fixed), "Running 1/1");
    assert_eq!(
        fixed.spec.containers[0].image.as_deref(),
        Some("registry.k8s.io/nginx-slim:0.8")
    );
    assert_transcript!(transcript(&c, from, false));
}

#[test]
fn parallel_self_heals_a_broken_rollout_r_3_14() {
    let mut c = cluster();
    c.apply(&WEB.replace(
        "serviceName: \"nginx\"",
        "serviceName: \"nginx\"\n  podManagementPolicy: Parallel",
    ))
    .expect("applies");
    settle(&mut c);
    set_image(&mut c, "web", "registry.k8s.io/nginx-slim:0.99");
    advance(&mut c, 60);
    set_image(&mut c, "web", "registry.k8s.io/nginx-slim:0.8");
    settle(&mut c);
    for name in ["web-0", "web-1", "web-2"] {
        assert_eq!(
            pod_status(&pod(&c, name).expect("pod")),
            "Running 1/1",
            "{name}"
        );
    }
}

#[test]
fn on_delete_changes_pods_only_when_deleted_r_3_10() {
    let mut c = cluster();
    c.apply(&WEB.replace(
        "replicas: 3",
        "replicas: 3\n  updateStrategy:\n    type: OnDelete",
    ))
    .expect("applies");
    settle(&mut c);
    let from = c.store().watch_log().len();
    set_image(&mut c, "web", "registry.k8s.io/nginx-slim:0.9");
    settle(&mut c);
    assert!(deletion_order(&c, from).is_empty());
    c.delete(&key("Pod", "web-1"), DeleteOptions::default())
        .expect("deletes");
    settle(&mut c);
    let image = |n: &str| pod(&c, n).expect("pod").spec.containers[0].image.clone();
    assert_eq!(
        image("web-1").as_deref(),
        Some("registry.k8s.io/nginx-slim:0.9")
    );
    assert_eq!(
        image("web-0").as_deref(),
        Some("registry.k8s.io/nginx-slim:0.8")
    );
    // OnDelete never advances currentRevision.
    let s = set(&c, "web");
    assert_ne!(s.status.current_revision, s.status.update_revision);
}

#[test]
fn parallel_creates_every_pod_at_once_ordered_ready_one_by_one_r_3_6b() {
    let mut parallel = cluster();
    parallel
        .apply(&WEB.replace(
            "serviceName: \"nginx\"",
            "serviceName: \"nginx\"\n  podManagementPolicy: Parallel",
        ))
        .expect("applies");
    assert_eq!(pod_names(&parallel), ["web-0", "web-1", "web-2"]);
    let mut ordered = cluster();
    ordered.apply(WEB).expect("applies");
    assert_eq!(pod_names(&ordered), ["web-0"]);
}

#[test]
fn events_use_the_controller_messages_3_11() {
    let c = web();
    let messages: Vec<String> = c
        .events_about(&key("StatefulSet", "web"))
        .map(|e| format!("{} {} {}", e.type_, e.reason, e.message))
        .collect();
    assert_eq!(
        messages[..2],
        [
            "Normal SuccessfulCreate create Claim www-web-0 Pod web-0 in StatefulSet web success",
            "Normal SuccessfulCreate create Pod web-0 in StatefulSet web successful",
        ]
    );
    let pod_events: Vec<String> = c
        .events_about(&key("Pod", "web-0"))
        .map(|e| format!("{} {}", e.reason, e.message))
        .collect();
    assert!(pod_events[0].starts_with("Scheduled Successfully assigned default/web-0 to node-"));
    assert!(
        pod_events
            .iter()
            .any(|m| m == "Started Started container nginx")
    );
}

#[test]
fn why_explains_ordered_ready_waits() {
    let mut c = cluster();
    c.apply(WEB).expect("applies");
    advance(&mut c, 3);
    let why = c.why(&key("StatefulSet", "web"));
    assert_eq!(why.len(), 1, "{why:?}");
    assert_eq!(why[0].rule, "R-3.6b");
    assert!(
        why[0]
            .message
            .starts_with("web-1 not created: OrderedReady waits for web-0 to be Running and Ready"),
        "{}",
        why[0].message
    );
}

#[test]
fn revisions_are_named_by_template_hash_and_pruned_r_1_6_r_3_17() {
    let mut c = web();
    edit_set(&mut c, "web", |s| s.spec.revision_history_limit = Some(1));
    for tag in ["0.9", "0.10", "0.20", "0.21"] {
        set_image(&mut c, "web", &format!("registry.k8s.io/nginx-slim:{tag}"));
        settle(&mut c);
    }
    let revisions: Vec<Object> = c
        .store()
        .list("ControllerRevision", Some("default"))
        .cloned()
        .collect();
    // Live (current = update) plus one of history.
    assert_eq!(
        revisions.len(),
        2,
        "{:?}",
        revisions
            .iter()
            .map(|r| r.metadata().name.clone())
            .collect::<Vec<_>>()
    );
    for r in &revisions {
        let hash = r.metadata().name.strip_prefix("web-").expect("prefix");
        assert!(hash.chars().all(|ch| "456789bcdf".contains(ch)), "{hash}");
    }
    // Undo to the first template renumbers nothing old but creates a new number.
    set_image(&mut c, "web", "registry.k8s.io/nginx-slim:0.20");
    settle(&mut c);
    let numbers: Vec<i64> = c
        .store()
        .list("ControllerRevision", Some("default"))
        .map(|r| match r {
            Object::Other { body, .. } => body["revision"].as_i64().unwrap_or(0),
            _ => 0,
        })
        .collect();
    assert!(numbers.contains(&6), "{numbers:?}");
}

#[test]
fn failed_pod_is_deleted_and_recreated_r_3_4() {
    let mut c = web();
    let old = pod(&c, "web-0").expect("web-0");
    // A pod whose phase turns Failed (e.g. evicted) is replaced by the controller.
    let mut failed = old.clone();
    failed.status.phase = Some("Failed".into());
    c.update_object(Object::Pod(failed)).expect("update");
    // update_object keeps status, so the status write needs the store path: use
    // delete with force to model the kubelet-reported failure's end instead.
    c.delete(
        &key("Pod", "web-0"),
        DeleteOptions {
            force: true,
            ..DeleteOptions::default()
        },
    )
    .expect("force delete");
    settle(&mut c);
    let new = pod(&c, "web-0").expect("re-created");
    assert_ne!(new.metadata.uid, old.metadata.uid);
}

#[test]
fn deleting_the_set_cascades_per_option_r_3_19() {
    for (cascade, pods_left, set_left) in [
        (Cascade::Background, 0, false),
        (Cascade::Foreground, 0, false),
        (Cascade::Orphan, 3, false),
    ] {
        let mut c = web();
        c.delete(
            &key("StatefulSet", "web"),
            DeleteOptions {
                cascade,
                ..DeleteOptions::default()
            },
        )
        .expect("deletes");
        if cascade == Cascade::Foreground {
            // The set waits, with a deletionTimestamp, for its pods.
            assert!(set(&c, "web").metadata.deletion_timestamp.is_some());
        }
        if cascade == Cascade::Background {
            // All pods terminate concurrently (trap 5).
            let terminating = pod_names(&c)
                .iter()
                .filter(|n| pod(&c, n).is_some_and(|p| p.metadata.deletion_timestamp.is_some()))
                .count();
            assert_eq!(terminating, 3);
        }
        settle(&mut c);
        assert_eq!(pod_names(&c).len(), pods_left, "{cascade:?}");
        assert_eq!(
            c.store().get(&key("StatefulSet", "web")).is_some(),
            set_left,
            "{cascade:?}"
        );
        // Default retention keeps claims in every case.
        assert_eq!(claim_names(&c).len(), 3, "{cascade:?}");
        if cascade == Cascade::Orphan {
            // A new set adopts the orphans instead of re-creating them.
            let uids: Vec<_> = pod_names(&c)
                .iter()
                .map(|n| pod(&c, n).and_then(|p| p.metadata.uid))
                .collect();
            c.apply(WEB).expect("re-apply");
            settle(&mut c);
            let after: Vec<_> = pod_names(&c)
                .iter()
                .map(|n| pod(&c, n).and_then(|p| p.metadata.uid))
                .collect();
            assert_eq!(uids, after);
        }
    }
}

/// table, across both pod management policies.
#[test]
fn retention_policies_table_r_3_7() {
    for policy in ["OrderedReady", "Parallel"] {
        for (when_deleted, when_scaled, after_scale, after_delete) in [
            ("Retain", "Retain", 3, 3),
            ("Delete", "Retain", 3, 0),
            ("Retain", "Delete", 1, 1),
            ("Delete", "Delete", 1, 0),
        ] {
            let manifest = WEB.replace(
                "serviceName: \"nginx\"",
                &format!(
                    "serviceName: \"nginx\"\n  podManagementPolicy: {policy}\n  persistentVolumeClaimRetentionPolicy:\n    whenDeleted: {when_deleted}\n    whenScaled: {when_scaled}"
                ),
            );
            let mut c = cluster();
            c.apply(&manifest).expect("applies");
            settle(&mut c);
            c.scale(&key("StatefulSet", "web"), 1).expect("scale");
            settle(&mut c);
            let case = format!("{policy} whenDeleted={when_deleted} whenScaled={when_scaled}");
            assert_eq!(
                claim_names(&c).len(),
                after_scale,
                "after scale-down: {case}"
            );
            c.delete(&key("StatefulSet", "web"), DeleteOptions::default())
                .expect("deletes");
            settle(&mut c);
            assert_eq!(claim_names(&c).len(), after_delete, "after delete: {case}");
            assert!(pod_names(&c).is_empty());
        }
    }
}

#[test]
fn min_ready_seconds_delays_the_next_pod_and_available_replicas_r_3_5() {
    let mut c = cluster();
    c.apply(&WEB.replace("replicas: 3", "replicas: 2\n  minReadySeconds: 10"))
        .expect("applies");
    while pod(&c, "web-0").is_none_or(|p| pod_status(&p) != "Running 1/1") {
        assert!(c.step());
    }
    let ready_at = c.now();
    assert_eq!(set(&c, "web").status.available_replicas, Some(0));
    while pod(&c, "web-1").is_none() {
        assert!(c.step());
    }
    // lastTransitionTime has second precision, as in Kubernetes, so "Ready for 10 s" can
    // be judged up to 1 s early.
    assert!(c.now().since(ready_at).as_millis() >= 9_000);
    assert_eq!(set(&c, "web").status.available_replicas, Some(1));
}

#[test]
fn ordinals_start_names_pods_from_the_start_r_3_4() {
    let mut c = cluster();
    c.apply(&WEB.replace("replicas: 3", "replicas: 2\n  ordinals:\n    start: 5"))
        .expect("applies");
    settle(&mut c);
    assert_eq!(pod_names(&c), ["web-5", "web-6"]);
    assert_eq!(claim_names(&c), ["www-web-5", "www-web-6"]);
    let p = pod(&c, "web-6").expect("web-6");
    assert_eq!(p.metadata.labels["apps.kubernetes.io/pod-index"], "6");
}
