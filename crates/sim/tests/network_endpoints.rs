//! Endpoints and EndpointSlices follow pod readiness: only ready pods are ready
//! addresses unless `publishNotReadyAddresses`; hostname only when the pod's subdomain names
//! the Service; pods without an IP are absent.

mod common;

use common::*;
use ordinal_api::{Object, Service};
use ordinal_sim::services::{self, endpoint_views};
use ordinal_sim::{Cluster, DeleteOptions, ObjectKey};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn service(cluster: &Cluster, name: &str) -> Service {
    match cluster
        .store()
        .get(&ObjectKey::new("Service", "default", name))
    {
        Some(Object::Service(s)) => s.clone(),
        _ => panic!("no service {name}"),
    }
}

/// Every endpoint is ready iff its pod is Ready and not terminating (or the Service
/// publishes not-ready addresses).
fn assert_readiness_invariant(cluster: &Cluster, name: &str) {
    let svc = service(cluster, name);
    let publish = svc.spec.publish_not_ready_addresses.unwrap_or(false);
    for e in services::endpoints(cluster.store(), &svc) {
        let Some(Object::Pod(pod)) =
            cluster
                .store()
                .get(&ObjectKey::new("Pod", "default", &e.pod_name))
        else {
            panic!("endpoint for a missing pod {}", e.pod_name);
        };
        let ready = services::pod_ready(pod) && pod.metadata.deletion_timestamp.is_none();
        assert_eq!(e.ready, publish || ready, "{e:?}");
        assert_eq!(pod.status.pod_ip.as_deref(), Some(e.ip.as_str()));
    }
}

#[test]
fn endpoints_follow_readiness_through_a_pod_deletion() {
    let mut cluster = cluster();
    cluster.apply(WEB).expect("applies");
    while cluster.step() {
        assert_readiness_invariant(&cluster, "nginx");
    }
    let svc = service(&cluster, "nginx");
    let all = services::endpoints(cluster.store(), &svc);
    assert_eq!(all.len(), 3);
    assert!(all.iter().all(|e| e.ready));
    let hosts: Vec<Option<String>> = all.iter().map(|e| e.hostname.clone()).collect();
    assert_eq!(
        hosts,
        [
            Some("web-0".into()),
            Some("web-1".into()),
            Some("web-2".into())
        ]
    );
    cluster
        .delete(
            &ObjectKey::new("Pod", "default", "web-1"),
            DeleteOptions::default(),
        )
        .expect("delete");
    let e = services::endpoints(cluster.store(), &svc);
    let web1 = e
        .iter()
        .find(|e| e.pod_name == "web-1")
        .expect("still listed");
    // Terminating: not ready at once (serving follows the Ready condition until the kubelet
    // reports the containers stopping).
    assert!(!web1.ready && web1.terminating);
    while cluster.step() {
        assert_readiness_invariant(&cluster, "nginx");
    }
}

#[test]
fn publish_not_ready_addresses_marks_every_endpoint_ready() {
    let mut cluster = cluster();
    let web = WEB.replace(
        "  clusterIP: None\n",
        "  clusterIP: None\n  publishNotReadyAddresses: true\n",
    );
    cluster.apply(&web).expect("applies");
    // Run until web-0 has an IP but is not Ready yet.
    loop {
        let svc = service(&cluster, "nginx");
        if let Some(e) = services::endpoints(cluster.store(), &svc).first() {
            assert!(e.ready, "published although not ready");
            assert!(!e.serving);
            break;
        }
        assert!(cluster.step(), "web-0 never got an IP");
    }
    // DNS follows the published addresses too.
    assert!(cluster.lookup("web-0.nginx", "default").is_ok());
}

#[test]
fn endpoint_objects_describe_the_service() {
    let mut cluster = cluster();
    cluster.apply(WEB).expect("applies");
    settle(&mut cluster);
    let slices = endpoint_views(cluster.store(), "EndpointSlice", Some("default"));
    assert_eq!(slices.len(), 1);
    let Object::Other { metadata, body, .. } = &slices[0] else {
        panic!("not an untyped object");
    };
    assert!(metadata.name.starts_with("nginx-") && metadata.name.len() == "nginx-".len() + 5);
    assert_eq!(
        metadata
            .labels
            .get("kubernetes.io/service-name")
            .map(String::as_str),
        Some("nginx")
    );
    assert_eq!(body["endpoints"].as_array().map(Vec::len), Some(3));
    let eps = endpoint_views(cluster.store(), "Endpoints", None);
    let Object::Other { body, .. } = &eps[0] else {
        panic!("not an untyped object");
    };
    assert_eq!(
        body["subsets"][0]["addresses"].as_array().map(Vec::len),
        Some(3)
    );
    assert_eq!(body["subsets"][0]["ports"][0]["port"], 80);
}
