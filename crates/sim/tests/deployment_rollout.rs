//! Deployment and ReplicaSet controllers driven through the cluster: creation, scale, rolling
//! update within maxSurge/maxUnavailable, Recreate, pause/resume, rollback, history limit and
//! the progress deadline. Every cluster checks the invariants after every event (a
//! Deployment never above replicas + maxSurge active pods; each ReplicaSet at its size).

mod common;

use common::*;
use ordinal_api::Object;
use ordinal_sim::Cluster;
use ordinal_sim::deployment::{Deployment, get_deployment};
use ordinal_sim::replicaset::{ReplicaSet, get_replica_set};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const DEPLOY: &str = include_str!("../../../tests/scenarios/deploy-web.yaml");

fn web() -> Cluster {
    let mut c = cluster();
    c.apply(DEPLOY).expect("deployment applies");
    settle(&mut c);
    c
}

fn deployment(c: &Cluster) -> Deployment {
    get_deployment(c, &key("Deployment", "web")).expect("deployment exists")
}

fn replica_sets(c: &Cluster) -> Vec<ReplicaSet> {
    c.store()
        .list("ReplicaSet", Some("default"))
        .filter_map(|o| get_replica_set(c, &ordinal_sim::ObjectKey::of(o)))
        .collect()
}

/// Edits the stored Deployment body as `kubectl patch` would.
fn patch(c: &mut Cluster, change: impl FnOnce(&mut serde_json::Value)) {
    let Some(Object::Other {
        api_version,
        kind,
        metadata,
        mut body,
    }) = c.store().get(&key("Deployment", "web")).cloned()
    else {
        panic!("no deployment");
    };
    change(&mut body);
    c.update_object(Object::Other {
        api_version,
        kind,
        metadata,
        body,
    })
    .expect("update accepted");
}

fn set_image(c: &mut Cluster, image: &str) {
    patch(c, |b| {
        b["spec"]["template"]["spec"]["containers"][0]["image"] = image.into();
    });
}

fn events(c: &Cluster, reason: &str) -> Vec<String> {
    c.events()
        .iter()
        .filter(|e| e.reason == reason)
        .map(|e| e.message.clone())
        .collect()
}

#[test]
fn creates_one_replica_set_named_by_template_hash_and_three_pods() {
    let c = web();
    let rss = replica_sets(&c);
    assert_eq!(rss.len(), 1);
    let rs = &rss[0];
    let hash = rs.spec.template.metadata.labels["pod-template-hash"].clone();
    assert_eq!(rs.metadata.name, format!("web-{hash}"));
    assert_eq!(
        rs.metadata.annotations["deployment.kubernetes.io/revision"],
        "1"
    );
    let pods = pod_names(&c);
    assert_eq!(pods.len(), 3);
    for p in &pods {
        assert!(p.starts_with(&format!("web-{hash}-")), "{p}");
        assert_eq!(p.len(), format!("web-{hash}-").len() + 5);
    }
    let d = deployment(&c);
    assert_eq!(d.status.available_replicas, Some(3));
    assert_eq!(d.status.updated_replicas, Some(3));
    assert_eq!(
        d.metadata.annotations["deployment.kubernetes.io/revision"],
        "1"
    );
    let conditions: Vec<(String, String, String)> = d
        .status
        .conditions
        .iter()
        .map(|c| {
            (
                c.type_.clone(),
                c.status.clone(),
                c.reason.clone().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        conditions,
        [
            (
                "Available".into(),
                "True".into(),
                "MinimumReplicasAvailable".into()
            ),
            (
                "Progressing".into(),
                "True".into(),
                "NewReplicaSetAvailable".into()
            ),
        ]
    );
    assert_eq!(
        events(&c, "ScalingReplicaSet"),
        [format!("Scaled up replica set web-{hash} from 0 to 3")]
    );
    assert_eq!(events(&c, "SuccessfulCreate").len(), 3);
}

#[test]
fn rolling_update_moves_every_pod_to_the_new_template() {
    let mut c = web();
    let old = replica_sets(&c)[0].metadata.name.clone();
    set_image(&mut c, "nginx:1.26");
    settle(&mut c);
    let rss = replica_sets(&c);
    assert_eq!(rss.len(), 2);
    let new = rss
        .iter()
        .find(|rs| rs.metadata.name != old)
        .expect("a new replica set");
    assert_eq!(new.replicas(), 3);
    assert_eq!(
        new.metadata.annotations["deployment.kubernetes.io/revision"],
        "2"
    );
    let old_rs = rss
        .iter()
        .find(|rs| rs.metadata.name == old)
        .expect("old kept");
    assert_eq!(old_rs.replicas(), 0);
    assert!(
        pod_names(&c)
            .iter()
            .all(|p| p.starts_with(&format!("{}-", new.metadata.name)))
    );
    // 3 replicas: maxSurge 1 (25% up), maxUnavailable 0 (25% down): one pod at a time.
    let scaling = events(&c, "ScalingReplicaSet");
    let new_name = &new.metadata.name;
    assert_eq!(
        scaling[1..],
        [
            format!("Scaled up replica set {new_name} from 0 to 1"),
            format!("Scaled down replica set {old} to 2 from 3"),
            format!("Scaled up replica set {new_name} to 2 from 1"),
            format!("Scaled down replica set {old} to 1 from 2"),
            format!("Scaled up replica set {new_name} to 3 from 2"),
            format!("Scaled down replica set {old} to 0 from 1"),
        ]
    );
}

#[test]
fn scale_resizes_the_only_active_replica_set_and_deletes_newest_first() {
    let mut c = web();
    c.scale(&key("Deployment", "web"), 5).expect("scales");
    settle(&mut c);
    assert_eq!(pod_names(&c).len(), 5);
    let before: Vec<(String, String)> = c
        .store()
        .list("Pod", Some("default"))
        .map(|p| {
            (
                p.metadata().creation_timestamp.clone().unwrap_or_default(),
                p.metadata().name.clone(),
            )
        })
        .collect();
    patch(&mut c, |b| b["spec"]["replicas"] = 3.into());
    settle(&mut c);
    assert_eq!(pod_names(&c).len(), 3);
    // The two newest pods went.
    let mut sorted = before.clone();
    sorted.sort();
    let kept: Vec<String> = sorted.iter().take(3).map(|(_, n)| n.clone()).collect();
    let mut now = pod_names(&c);
    now.sort();
    let mut kept_sorted = kept.clone();
    kept_sorted.sort();
    assert_eq!(now, kept_sorted);
    let deleted = events(&c, "SuccessfulDelete");
    assert_eq!(deleted.len(), 2);
    assert!(deleted.iter().all(|m| m.starts_with("Deleted pod: web-")));
}

#[test]
fn recreate_removes_all_old_pods_before_new_ones_start() {
    let mut c = web();
    patch(&mut c, |b| {
        b["spec"]["strategy"] = serde_json::json!({"type": "Recreate"});
    });
    settle(&mut c);
    set_image(&mut c, "nginx:1.26");
    settle(&mut c);
    let mut sizes: Vec<(String, i32)> = replica_sets(&c)
        .iter()
        .map(|rs| {
            (
                rs.metadata.annotations["deployment.kubernetes.io/revision"].clone(),
                rs.replicas(),
            )
        })
        .collect();
    sizes.sort();
    assert_eq!(sizes, [("1".to_string(), 0), ("2".to_string(), 3)]);
    let scaling = events(&c, "ScalingReplicaSet");
    assert!(
        scaling[1].starts_with("Scaled down replica set") && scaling[1].ends_with("to 0 from 3")
    );
    assert!(scaling[2].ends_with("from 0 to 3"), "{scaling:?}");
}

#[test]
fn paused_deployment_does_not_roll_until_resumed() {
    let mut c = web();
    patch(&mut c, |b| b["spec"]["paused"] = true.into());
    settle(&mut c);
    let progressing = deployment(&c)
        .condition("Progressing")
        .and_then(|c| c.reason.clone());
    assert_eq!(progressing.as_deref(), Some("DeploymentPaused"));
    set_image(&mut c, "nginx:1.26");
    settle(&mut c);
    assert_eq!(replica_sets(&c).len(), 1);
    patch(&mut c, |b| b["spec"]["paused"] = false.into());
    settle(&mut c);
    assert_eq!(replica_sets(&c).len(), 2);
    let d = deployment(&c);
    assert_eq!(d.status.updated_replicas, Some(3));
    assert_eq!(
        d.condition("Progressing")
            .and_then(|c| c.reason.clone())
            .as_deref(),
        Some("NewReplicaSetAvailable")
    );
}

#[test]
fn rollback_reuses_the_old_replica_set_with_the_next_revision() {
    let mut c = web();
    let first = replica_sets(&c)[0].metadata.name.clone();
    set_image(&mut c, "nginx:1.26");
    settle(&mut c);
    set_image(&mut c, "nginx:1.25");
    settle(&mut c);
    let rss = replica_sets(&c);
    assert_eq!(rss.len(), 2);
    let back = rss
        .iter()
        .find(|rs| rs.metadata.name == first)
        .expect("reused");
    assert_eq!(back.replicas(), 3);
    assert_eq!(
        back.metadata.annotations["deployment.kubernetes.io/revision"],
        "3"
    );
    assert_eq!(
        deployment(&c).metadata.annotations["deployment.kubernetes.io/revision"],
        "3"
    );
}

#[test]
fn revision_history_limit_prunes_old_empty_replica_sets() {
    let mut c = web();
    patch(&mut c, |b| b["spec"]["revisionHistoryLimit"] = 1.into());
    for tag in ["1.26", "1.27", "1.28"] {
        set_image(&mut c, &format!("nginx:{tag}"));
        settle(&mut c);
    }
    let revisions: Vec<String> = replica_sets(&c)
        .iter()
        .map(|rs| rs.metadata.annotations["deployment.kubernetes.io/revision"].clone())
        .collect();
    let mut revisions = revisions;
    revisions.sort();
    assert_eq!(revisions, ["3", "4"]);
}

#[test]
fn broken_image_exceeds_the_progress_deadline() {
    let mut c = web();
    patch(&mut c, |b| b["spec"]["progressDeadlineSeconds"] = 30.into());
    settle(&mut c);
    c.set_image_broken("nginx:broken", true);
    set_image(&mut c, "nginx:broken");
    advance(&mut c, 120);
    let d = deployment(&c);
    let cond = d.condition("Progressing").expect("progressing condition");
    assert_eq!(cond.status, "False");
    assert_eq!(cond.reason.as_deref(), Some("ProgressDeadlineExceeded"));
    // The old pods stay: maxUnavailable 0 keeps all three available.
    assert_eq!(d.status.available_replicas, Some(3));
}

#[test]
fn same_seed_gives_a_byte_identical_watch_log() {
    let run = || {
        let mut c = web();
        set_image(&mut c, "nginx:1.26");
        settle(&mut c);
        patch(&mut c, |b| b["spec"]["replicas"] = 5.into());
        settle(&mut c);
        format!("{:?}", c.store().watch_log())
    };
    assert_eq!(run(), run());
}

#[test]
fn scaling_mid_rollout_shares_the_new_size_in_proportion() {
    let mut c = web();
    c.set_image_broken("nginx:broken", true);
    set_image(&mut c, "nginx:broken");
    advance(&mut c, 60);
    // Stuck: the old ReplicaSet keeps 3, the new one holds maxSurge's single broken pod.
    let sizes = |c: &Cluster| {
        let mut s: Vec<(String, i32)> = replica_sets(c)
            .iter()
            .map(|rs| {
                (
                    rs.metadata.annotations["deployment.kubernetes.io/revision"].clone(),
                    rs.replicas(),
                )
            })
            .collect();
        s.sort();
        s
    };
    assert_eq!(sizes(&c), [("1".to_string(), 3), ("2".to_string(), 1)]);
    let (old, new) = (replica_sets(&c)[1].clone(), replica_sets(&c)[0].clone());
    let (old, new) = if old.metadata.annotations["deployment.kubernetes.io/revision"] == "1" {
        (old.metadata.name, new.metadata.name)
    } else {
        (new.metadata.name, old.metadata.name)
    };
    let before = events(&c, "ScalingReplicaSet").len();
    patch(&mut c, |b| b["spec"]["replicas"] = 10.into());
    // 10 replicas allow 13 pods (maxSurge 25% of 10 rounds up to 3); each ReplicaSet grows
    // by its share of the old maximum of 4: 3 -> round(3 * 13 / 4) = 10, 1 -> 3.
    assert_eq!(
        events(&c, "ScalingReplicaSet")[before..before + 2],
        [
            format!("Scaled up replica set {old} to 10 from 3"),
            format!("Scaled up replica set {new} to 3 from 1"),
        ]
    );
    // The old ReplicaSet's seven fresh pods are not available yet, so the rolling update
    // takes two of them back at once (cleanupUnhealthyReplicas) for two more broken ones.
    assert_eq!(sizes(&c), [("1".to_string(), 8), ("2".to_string(), 5)]);
}

/// A tiny deterministic generator for the operation mix below (no proptest under wasm).
fn next(state: &mut u64) -> u64 {
    *state = state
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407);
    *state >> 33
}

#[test]
fn random_scales_updates_and_pauses_keep_every_invariant() {
    for seed in 1..=4u64 {
        let mut c = seeded(seed);
        c.apply(DEPLOY).expect("applies");
        let mut state = seed;
        let mut paused = false;
        for step in 0..25 {
            match next(&mut state) % 5 {
                0 => {
                    let n = (next(&mut state) % 7) as i64;
                    patch(&mut c, |b| b["spec"]["replicas"] = n.into());
                }
                1 => set_image(&mut c, &format!("nginx:1.{}", 25 + step % 4)),
                2 => {
                    paused = !paused;
                    patch(&mut c, |b| b["spec"]["paused"] = paused.into());
                }
                3 => {
                    let surge = (next(&mut state) % 3) as i64;
                    patch(&mut c, |b| {
                        b["spec"]["strategy"] = serde_json::json!({
                            "type": "RollingUpdate",
                            "rollingUpdate": {"maxSurge": surge, "maxUnavailable": "50%"}
                        });
                    });
                }
                _ => {}
            }
            advance(&mut c, next(&mut state) % 20);
        }
        patch(&mut c, |b| b["spec"]["paused"] = false.into());
        settle(&mut c);
        let d = deployment(&c);
        assert_eq!(
            d.status.updated_replicas.unwrap_or(0),
            d.replicas(),
            "seed {seed}"
        );
        assert_eq!(
            d.status.available_replicas.unwrap_or(0),
            d.replicas(),
            "seed {seed}"
        );
    }
}
