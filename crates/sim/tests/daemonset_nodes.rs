//! DaemonSet controller driven through the cluster: one pod per eligible node (taints,
//! tolerations, nodeSelector), following nodes added, labelled, stopped and cordoned;
//! RollingUpdate with maxUnavailable and maxSurge, OnDelete, ControllerRevisions.
//! Every cluster checks the invariants after every event (at most one live pod per node).

mod common;

use common::*;
use ordinal_api::{Object, Pod};
use ordinal_sim::daemonset::{DaemonSet, get_daemon_set};
use ordinal_sim::{Cluster, ObjectKey};
use std::collections::BTreeMap;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const FLUENTD: &str = include_str!("../../../tests/scenarios/ds-fluentd.yaml");
const NS: &str = "kube-system";
const DS: &str = "fluentd-elasticsearch";

fn fluentd() -> Cluster {
    let mut c = cluster();
    c.apply(FLUENTD).expect("daemonset applies");
    settle(&mut c);
    c
}

fn ds_key() -> ObjectKey {
    ObjectKey::new("DaemonSet", NS, DS)
}

fn daemon_set(c: &Cluster) -> DaemonSet {
    get_daemon_set(c, &ds_key()).expect("daemonset exists")
}

fn live_pods(c: &Cluster) -> Vec<Pod> {
    c.store()
        .list("Pod", Some(NS))
        .filter_map(|o| match o {
            Object::Pod(p) if p.metadata.deletion_timestamp.is_none() => Some(p.clone()),
            _ => None,
        })
        .collect()
}

/// node → image of the live daemon pod there.
fn placement(c: &Cluster) -> BTreeMap<String, String> {
    live_pods(c)
        .into_iter()
        .map(|p| {
            (
                p.spec
                    .node_name
                    .clone()
                    .unwrap_or_else(|| "<unbound>".into()),
                p.spec.containers[0].image.clone().unwrap_or_default(),
            )
        })
        .collect()
}

fn nodes(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// Edits the stored DaemonSet's JSON body as `kubectl patch` would.
fn patch(c: &mut Cluster, change: impl FnOnce(&mut serde_json::Value)) {
    let Some(Object::Other {
        api_version,
        kind,
        metadata,
        mut body,
    }) = c.store().get(&ds_key()).cloned()
    else {
        panic!("no daemonset");
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

/// Sets (or removes) a label on a Node, as `kubectl label node` does.
fn label_node(c: &mut Cluster, node: &str, key: &str, value: Option<&str>) {
    let mut object = c
        .store()
        .get(&ObjectKey::new("Node", "", node))
        .cloned()
        .expect("node exists");
    let labels = &mut object.metadata_mut().labels;
    match value {
        Some(v) => labels.insert(key.into(), v.into()),
        None => labels.remove(key),
    };
    c.update_object(object).expect("node update accepted");
}

#[test]
fn one_pod_per_worker_and_the_control_plane_only_with_its_toleration() {
    let mut c = fluentd();
    // The tutorial tolerates the old `master` taint; the control plane is tainted
    // `control-plane` now, so it gets no pod.
    assert_eq!(
        placement(&c).keys().cloned().collect::<Vec<_>>(),
        nodes(&["node-1", "node-2", "node-3"])
    );
    let ds = daemon_set(&c);
    assert_eq!(ds.status.desired_number_scheduled, 3);
    assert_eq!(ds.status.current_number_scheduled, 3);
    assert_eq!(ds.status.number_ready, 3);
    assert_eq!(ds.status.number_available, Some(3));
    assert_eq!(ds.status.updated_number_scheduled, Some(3));
    for pod in live_pods(&c) {
        let suffix = pod
            .metadata
            .name
            .strip_prefix("fluentd-elasticsearch-")
            .expect("name");
        assert_eq!(suffix.len(), 5);
        let node = pod.spec.node_name.clone().expect("bound");
        let pinned = pod
            .spec
            .affinity
            .as_ref()
            .and_then(|a| {
                a.pointer("/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/0/matchFields/0/values/0")
            })
            .and_then(|v| v.as_str())
            .map(str::to_string);
        assert_eq!(pinned, Some(node));
        assert!(
            pod.spec.tolerations.len() >= 7,
            "{:?}",
            pod.spec.tolerations
        );
    }
    patch(&mut c, |b| {
        b["spec"]["template"]["spec"]["tolerations"] = serde_json::json!([
            {"key": "node-role.kubernetes.io/control-plane", "operator": "Exists", "effect": "NoSchedule"}
        ]);
    });
    settle(&mut c);
    assert_eq!(
        placement(&c).keys().cloned().collect::<Vec<_>>(),
        nodes(&["control-plane", "node-1", "node-2", "node-3"])
    );
    assert_eq!(daemon_set(&c).status.desired_number_scheduled, 4);
}

#[test]
fn node_selector_follows_node_labels() {
    let mut c = fluentd();
    patch(&mut c, |b| {
        b["spec"]["template"]["spec"]["nodeSelector"] = serde_json::json!({"disktype": "ssd"});
    });
    settle(&mut c);
    assert!(placement(&c).is_empty());
    label_node(&mut c, "node-2", "disktype", Some("ssd"));
    settle(&mut c);
    assert_eq!(
        placement(&c).keys().cloned().collect::<Vec<_>>(),
        nodes(&["node-2"])
    );
    label_node(&mut c, "node-2", "disktype", None);
    settle(&mut c);
    assert!(placement(&c).is_empty());
    assert_eq!(daemon_set(&c).status.desired_number_scheduled, 0);
}

#[test]
fn pods_follow_nodes_added_stopped_and_cordoned() {
    let mut c = fluentd();
    c.add_node("node-4").expect("node added");
    settle(&mut c);
    assert_eq!(
        placement(&c).keys().cloned().collect::<Vec<_>>(),
        nodes(&["node-1", "node-2", "node-3", "node-4"])
    );
    // A stopped node turns unreachable; daemon pods tolerate that and stay.
    c.stop_node("node-1").expect("node stopped");
    advance(&mut c, 600);
    assert!(placement(&c).contains_key("node-1"));
    // The unreachable NoSchedule taint takes node-1 out of the desired count (daemon pods
    // only tolerate the NoExecute one); its pod keeps running there, counted misscheduled.
    let status = daemon_set(&c).status;
    assert_eq!(
        (status.desired_number_scheduled, status.number_misscheduled),
        (3, 1)
    );
    // A cordoned node keeps its daemon pod, too.
    let mut node = c
        .store()
        .get(&ObjectKey::new("Node", "", "node-2"))
        .cloned()
        .expect("node");
    if let Object::Other { body, .. } = &mut node {
        body["spec"]["unschedulable"] = true.into();
    }
    c.update_object(node).expect("cordon");
    settle(&mut c);
    assert!(placement(&c).contains_key("node-2"));
}

#[test]
fn a_removed_node_takes_its_daemon_pod_with_it() {
    let mut c = fluentd();
    c.delete(&ObjectKey::new("Node", "", "node-3"), Default::default())
        .expect("node deleted");
    settle(&mut c);
    assert_eq!(
        placement(&c).keys().cloned().collect::<Vec<_>>(),
        nodes(&["node-1", "node-2"])
    );
    let status = daemon_set(&c).status;
    assert_eq!(
        (
            status.desired_number_scheduled,
            status.current_number_scheduled
        ),
        (2, 2)
    );
}

#[test]
fn rolling_update_replaces_one_node_at_a_time_and_undo_renumbers() {
    let mut c = fluentd();
    let from = c.store().watch_log().len();
    set_image(&mut c, "quay.io/fluentd_elasticsearch/fluentd:v2.6.0");
    settle(&mut c);
    assert!(placement(&c).values().all(|i| i.ends_with("v2.6.0")));
    // maxUnavailable 1: a node's old pod is deleted only once the previous node's new pod
    // is available, so at most one node lacks an available pod.
    let mut deletions = 0;
    for event in &c.store().watch_log()[from..] {
        if let Object::Pod(p) = &*event.object
            && event.kind == ordinal_sim::WatchEventType::Modified
            && p.metadata.deletion_timestamp.is_some()
            && p.spec.containers[0]
                .image
                .as_deref()
                .is_some_and(|i| i.ends_with("v2.5.2"))
        {
            deletions += 1;
        }
    }
    assert!(deletions >= 3);
    let revisions: Vec<(String, i64)> = c
        .store()
        .list("ControllerRevision", Some(NS))
        .map(|o| {
            (
                o.metadata().labels["controller-revision-hash"].clone(),
                ordinal_sim::statefulset::revision::revision_number(o),
            )
        })
        .collect();
    assert_eq!(revisions.len(), 2);
    let ds = daemon_set(&c);
    assert_eq!(ds.status.updated_number_scheduled, Some(3));
    // Back to the first template: its revision is renumbered 3, no third object.
    set_image(&mut c, "quay.io/fluentd_elasticsearch/fluentd:v2.5.2");
    settle(&mut c);
    let mut numbers: Vec<i64> = c
        .store()
        .list("ControllerRevision", Some(NS))
        .map(ordinal_sim::statefulset::revision::revision_number)
        .collect();
    numbers.sort();
    assert_eq!(numbers, [2, 3]);
}

#[test]
fn max_surge_starts_the_new_pod_before_the_old_one_goes() {
    let mut c = fluentd();
    patch(&mut c, |b| {
        b["spec"]["updateStrategy"] = serde_json::json!({
            "type": "RollingUpdate",
            "rollingUpdate": {"maxSurge": 1, "maxUnavailable": 0}
        });
    });
    settle(&mut c);
    let mut live: BTreeMap<String, (String, bool)> = live_pods(&c)
        .into_iter()
        .map(|p| {
            (
                p.metadata.name,
                (p.spec.node_name.clone().unwrap_or_default(), true),
            )
        })
        .collect();
    let from = c.store().watch_log().len();
    set_image(&mut c, "quay.io/fluentd_elasticsearch/fluentd:v2.6.0");
    settle(&mut c);
    assert!(placement(&c).values().all(|i| i.ends_with("v2.6.0")));
    // Some instant had two live pods on one node.
    let mut surged = false;
    for event in &c.store().watch_log()[from..] {
        let Object::Pod(p) = &*event.object else {
            continue;
        };
        let alive = event.kind != ordinal_sim::WatchEventType::Deleted
            && p.metadata.deletion_timestamp.is_none();
        live.insert(
            p.metadata.name.clone(),
            (p.spec.node_name.clone().unwrap_or_default(), alive),
        );
        let mut per_node: BTreeMap<&str, usize> = BTreeMap::new();
        for (node, alive) in live.values() {
            if *alive && !node.is_empty() {
                *per_node.entry(node).or_default() += 1;
            }
        }
        surged |= per_node.values().any(|n| *n == 2);
    }
    assert!(surged);
}

#[test]
fn on_delete_replaces_only_deleted_pods() {
    let mut c = fluentd();
    patch(&mut c, |b| {
        b["spec"]["updateStrategy"] = serde_json::json!({"type": "OnDelete"});
    });
    settle(&mut c);
    set_image(&mut c, "quay.io/fluentd_elasticsearch/fluentd:v2.6.0");
    settle(&mut c);
    assert!(placement(&c).values().all(|i| i.ends_with("v2.5.2")));
    let victim = live_pods(&c)
        .into_iter()
        .find(|p| p.spec.node_name.as_deref() == Some("node-2"))
        .expect("pod on node-2");
    c.delete(
        &ObjectKey::new("Pod", NS, &victim.metadata.name),
        Default::default(),
    )
    .expect("deleted");
    settle(&mut c);
    let now = placement(&c);
    assert!(now["node-2"].ends_with("v2.6.0"));
    assert!(now["node-1"].ends_with("v2.5.2"));
    assert_eq!(daemon_set(&c).status.updated_number_scheduled, Some(1));
}

#[test]
fn same_seed_gives_a_byte_identical_watch_log() {
    let run = || {
        let mut c = fluentd();
        set_image(&mut c, "quay.io/fluentd_elasticsearch/fluentd:v2.6.0");
        settle(&mut c);
        format!("{:?}", c.store().watch_log())
    };
    assert_eq!(run(), run());
}
