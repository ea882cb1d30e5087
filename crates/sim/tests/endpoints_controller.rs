//! The endpoints and EndpointSlice controllers keep stored objects: they appear in
//! the watch log, follow pod readiness, pod deletion and re-creation, selector and
//! `publishNotReadyAddresses` edits, are written only when their content changes, and go
//! with their Service.

mod common;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use common::*;
use ordinal_api::{Object, Service};
use ordinal_sim::services;
use ordinal_sim::{Cluster, ClusterConfig, DeleteOptions, ObjectKey, WatchEventType};

fn service(cluster: &Cluster, name: &str) -> Service {
    match cluster
        .store()
        .get(&ObjectKey::new("Service", "default", name))
    {
        Some(Object::Service(s)) => s.clone(),
        _ => panic!("no service {name}"),
    }
}

/// The stored slice's endpoints are what a look at every pod would give now.
fn assert_slice_is_current(cluster: &Cluster, name: &str) {
    let svc = service(cluster, name);
    let stored = services::endpoints(cluster.store(), &svc);
    let fresh: Vec<services::Endpoint> = services::selected_endpoints(cluster.store(), &svc)
        .into_values()
        .collect();
    assert_eq!(stored, fresh, "at {}", cluster.now());
}

/// The watch events of one kind, as (type, body) pairs.
fn watched(cluster: &Cluster, kind: &str) -> Vec<(WatchEventType, serde_json::Value)> {
    cluster
        .store()
        .watch_log()
        .iter()
        .filter(|e| e.object.kind() == kind)
        .map(|e| match &*e.object {
            Object::Other { body, .. } => (e.kind, body.clone()),
            _ => panic!("{kind} is not an untyped object"),
        })
        .collect()
}

fn addresses(cluster: &Cluster, list: &str) -> usize {
    match cluster
        .store()
        .get(&ObjectKey::new("Endpoints", "default", "nginx"))
    {
        Some(Object::Other { body, .. }) => body
            .pointer(&format!("/subsets/0/{list}"))
            .and_then(|a| a.as_array())
            .map_or(0, Vec::len),
        _ => panic!("no Endpoints object"),
    }
}

#[test]
fn slices_are_stored_and_follow_every_pod_change() {
    let mut cluster = cluster();
    cluster.apply(WEB).expect("applies");
    while cluster.step() {
        assert_slice_is_current(&cluster, "nginx");
    }
    cluster
        .delete(
            &ObjectKey::new("Pod", "default", "web-1"),
            DeleteOptions::default(),
        )
        .expect("delete");
    assert_slice_is_current(&cluster, "nginx");
    while cluster.step() {
        assert_slice_is_current(&cluster, "nginx");
    }
    let slices = watched(&cluster, "EndpointSlice");
    assert_eq!(slices[0].0, WatchEventType::Added);
    // Three pods each appear with an IP and then turn Ready; web-1 goes terminating, goes,
    // comes back with an IP and turns Ready again: every one of those is a write.
    assert!(slices.len() >= 1 + 6 + 4, "{} slice events", slices.len());
    // No write without a change.
    for pair in slices.windows(2) {
        assert_ne!(
            pair[0].1, pair[1].1,
            "a MODIFIED event that changes nothing"
        );
    }
    let endpoints = watched(&cluster, "Endpoints");
    assert_eq!(endpoints[0].0, WatchEventType::Added);
    for pair in endpoints.windows(2) {
        assert_ne!(
            pair[0].1, pair[1].1,
            "a MODIFIED event that changes nothing"
        );
    }
    assert_eq!(addresses(&cluster, "addresses"), 3);
}

#[test]
fn quiet_pod_changes_write_nothing() {
    let mut cluster = cluster();
    cluster.apply(WEB).expect("applies");
    settle(&mut cluster);
    let before = cluster.store().watch_log().len();
    // Another Service that selects none of the pods: its own objects only, nginx's untouched.
    cluster
        .apply(
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: other\nspec:\n  selector:\n    app: none\n  ports:\n  - port: 80\n",
        )
        .expect("applies");
    let after: Vec<String> = cluster.store().watch_log()[before..]
        .iter()
        .map(|e| format!("{} {}", e.kind.as_str(), e.object.kind()))
        .collect();
    assert!(
        !after.iter().any(|e| e.contains("nginx")),
        "nginx's objects were rewritten: {after:?}"
    );
    assert_eq!(
        after
            .iter()
            .filter(|e| e.ends_with("EndpointSlice"))
            .count(),
        1,
        "{after:?}"
    );
}

#[test]
fn a_selector_edit_and_publish_not_ready_change_the_objects() {
    let mut cluster = cluster();
    cluster.apply(WEB).expect("applies");
    settle(&mut cluster);
    assert_eq!(addresses(&cluster, "addresses"), 3);
    // The Service now selects nothing: the objects stay, with no addresses.
    cluster
        .apply(&WEB.replace(
            "  selector:\n    app: nginx\n---",
            "  selector:\n    app: gone\n---",
        ))
        .expect("applies");
    assert_slice_is_current(&cluster, "nginx");
    assert!(services::endpoints(cluster.store(), &service(&cluster, "nginx")).is_empty());
    assert_eq!(addresses(&cluster, "addresses"), 0);
    // Back, and a pod not Ready is published anyway with publishNotReadyAddresses.
    cluster
        .apply(&WEB.replace(
            "  clusterIP: None\n",
            "  clusterIP: None\n  publishNotReadyAddresses: true\n",
        ))
        .expect("applies");
    assert_slice_is_current(&cluster, "nginx");
    cluster
        .delete(
            &ObjectKey::new("Pod", "default", "web-2"),
            DeleteOptions::default(),
        )
        .expect("delete");
    assert_slice_is_current(&cluster, "nginx");
    // Terminating but published: still an address, not a not-ready one.
    assert_eq!(addresses(&cluster, "addresses"), 3);
    assert_eq!(addresses(&cluster, "notReadyAddresses"), 0);
}

#[test]
fn deleting_the_service_removes_its_objects() {
    let mut cluster = cluster();
    cluster.apply(WEB).expect("applies");
    settle(&mut cluster);
    let slice = services::endpoint_views(cluster.store(), "EndpointSlice", Some("default"));
    assert_eq!(slice.len(), 1);
    let owner = &slice[0].metadata().owner_references[0];
    assert_eq!(
        (owner.kind.as_str(), owner.name.as_str()),
        ("Service", "nginx")
    );
    cluster
        .delete(
            &ObjectKey::new("Service", "default", "nginx"),
            DeleteOptions::default(),
        )
        .expect("delete");
    assert!(services::endpoint_views(cluster.store(), "EndpointSlice", None).is_empty());
    assert!(services::endpoint_views(cluster.store(), "Endpoints", None).is_empty());
    let deleted: Vec<&str> = cluster
        .store()
        .watch_log()
        .iter()
        .filter(|e| e.kind == WatchEventType::Deleted)
        .map(|e| e.object.kind())
        .collect();
    assert!(deleted.contains(&"EndpointSlice") && deleted.contains(&"Endpoints"));
    // The pods keep running; nothing publishes them any more, and DNS has no Service.
    assert!(cluster.lookup("web-0.nginx", "default").is_err());
}

#[test]
fn a_large_service_is_written_at_most_once_a_second() {
    // No invariant checks after every step: 120 pods, kept fast under wasm too.
    let mut cluster = Cluster::new(ClusterConfig::default());
    let big = WEB.replace(
        "replicas: 3 # by default is 1",
        "replicas: 120\n  podManagementPolicy: Parallel",
    );
    // The same set without claims (no volumes to provision for 120 pods).
    let big = big
        .split("  volumeClaimTemplates:")
        .next()
        .expect("manifest")
        .replace(
            "        volumeMounts:\n        - name: www\n          mountPath: /usr/share/nginx/html\n",
            "",
        );
    cluster.apply(&big).expect("applies");
    settle(&mut cluster);
    assert_slice_is_current(&cluster, "nginx");
    let svc = service(&cluster, "nginx");
    let published = services::endpoints(cluster.store(), &svc);
    assert_eq!(published.len(), 120);
    assert!(published.iter().all(|e| e.ready));
    // (instant, endpoints in the slice) of every slice write.
    let writes: Vec<(u64, usize)> = cluster
        .store()
        .watch_log()
        .iter()
        .filter(|e| e.object.kind() == "EndpointSlice")
        .filter_map(|e| match &*e.object {
            Object::Other { body, .. } => {
                Some((e.time.0, body["endpoints"].as_array().map_or(0, Vec::len)))
            }
            _ => None,
        })
        .collect();
    let large: Vec<u64> = writes
        .iter()
        .filter(|(_, n)| *n > services_limit())
        .map(|(t, _)| *t)
        .collect();
    assert!(large.len() >= 2, "{writes:?}");
    for pair in large.windows(2) {
        assert!(
            pair[1] >= pair[0] + 1_000,
            "writes {} ms apart",
            pair[1] - pair[0]
        );
    }
}

/// Services selecting more pods than this are throttled (`IMMEDIATE_LIMIT`).
fn services_limit() -> usize {
    100
}
