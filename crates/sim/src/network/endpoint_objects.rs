//! The v1 Endpoints and discovery.k8s.io/v1 EndpointSlice objects for a Service and its
//! endpoints, as the endpoints and EndpointSlice controllers write them. Pure: the
//! controller (`super::endpoints`) decides when to write and keeps uid and creation time.

use crate::rng::Rng;
use crate::services::{self, Endpoint, MANAGED_BY, MANAGED_BY_LABEL, SERVICE_NAME_LABEL};
use ordinal_api::{ObjectMeta, OwnerReference, Service, ServicePort};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The label the controllers put on the objects of a headless Service.
const HEADLESS_LABEL: &str = "service.kubernetes.io/headless";

/// The EndpointSlice's name: `<service>-<5 characters>`. The characters come from a stream
/// seeded by the Service's uid (itself from the cluster's seeded RNG), so a Service keeps its
/// slice name and creating it does not shift the cluster's other random draws.
pub(crate) fn slice_name(svc: &Service) -> String {
    // The API server's generateName alphabet (no vowels, no look-alikes).
    const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    let mut rng = Rng::new(services::fnv1a(
        svc.metadata.uid.as_deref().unwrap_or_default(),
    ));
    let suffix: String = (0..5)
        .map(|_| ALPHABET[rng.range(0, ALPHABET.len() as u64 - 1) as usize] as char)
        .collect();
    format!("{}-{suffix}", svc.metadata.name)
}

/// A uid for a controller-made object of this Service, from a stream seeded by the Service's
/// uid and the object's kind (see [`slice_name`] for why not the cluster's RNG).
pub(crate) fn derived_uid(svc: &Service, kind: &str) -> String {
    let seed = format!("{}/{kind}", svc.metadata.uid.as_deref().unwrap_or_default());
    Rng::new(services::fnv1a(&seed)).uid()
}

fn target_port(port: &ServicePort) -> Value {
    match &port.target_port {
        Some(Value::Number(n)) => Value::Number(n.clone()),
        _ => Value::from(port.port),
    }
}

fn target_ref(namespace: &str, e: &Endpoint) -> Value {
    json!({"kind": "Pod", "namespace": namespace, "name": e.pod_name, "uid": e.pod_uid})
}

fn ports(svc: &Service) -> Vec<Value> {
    svc.spec
        .ports
        .iter()
        .map(|p| {
            let mut port = json!({
                "port": target_port(p),
                "protocol": p.protocol.as_deref().unwrap_or("TCP"),
            });
            if let Some(name) = &p.name {
                port["name"] = name.clone().into();
            }
            port
        })
        .collect()
}

fn base_labels(svc: &Service) -> BTreeMap<String, String> {
    let mut labels = (*svc.metadata.labels).clone();
    if services::is_headless(svc) {
        labels.insert(HEADLESS_LABEL.into(), String::new());
    }
    labels
}

/// Metadata and body of the v1 Endpoints object: ready addresses and notReadyAddresses in
/// one subset; no `subsets` at all while the Service selects no pod with an IP.
pub(crate) fn endpoints_object<'a>(
    svc: &Service,
    endpoints: impl Iterator<Item = &'a Endpoint>,
) -> (ObjectMeta, Value) {
    let namespace = svc.metadata.namespace.as_deref().unwrap_or("default");
    let address = |e: &Endpoint| {
        let mut a = json!({"ip": e.ip, "targetRef": target_ref(namespace, e)});
        if let Some(host) = &e.hostname {
            a["hostname"] = host.clone().into();
        }
        if let Some(node) = &e.node_name {
            a["nodeName"] = node.clone().into();
        }
        a
    };
    let (mut ready, mut not_ready) = (Vec::new(), Vec::new());
    for e in endpoints {
        if e.ready {
            ready.push(address(e));
        } else {
            not_ready.push(address(e));
        }
    }
    let mut body = json!({});
    if !ready.is_empty() || !not_ready.is_empty() {
        let mut subset = serde_json::Map::new();
        if !ready.is_empty() {
            subset.insert("addresses".into(), ready.into());
        }
        if !not_ready.is_empty() {
            subset.insert("notReadyAddresses".into(), not_ready.into());
        }
        let ports = ports(svc);
        if !ports.is_empty() {
            subset.insert("ports".into(), ports.into());
        }
        body["subsets"] = json!([subset]);
    }
    let metadata = ObjectMeta {
        name: svc.metadata.name.clone(),
        namespace: svc.metadata.namespace.clone(),
        labels: base_labels(svc).into(),
        ..Default::default()
    };
    (metadata, body)
}

/// Metadata and body of the Service's EndpointSlice: one endpoint per selected pod with an
/// IP, owned by the Service (so the garbage collector removes it with the Service).
pub(crate) fn endpoint_slice_object<'a>(
    svc: &Service,
    endpoints: impl Iterator<Item = &'a Endpoint>,
) -> (ObjectMeta, Value) {
    let namespace = svc.metadata.namespace.as_deref().unwrap_or("default");
    let endpoints: Vec<Value> = endpoints
        .map(|e| {
            let mut v = json!({
                "addresses": [e.ip],
                "conditions": {"ready": e.ready, "serving": e.serving, "terminating": e.terminating},
                "targetRef": target_ref(namespace, e),
            });
            if let Some(host) = &e.hostname {
                v["hostname"] = host.clone().into();
            }
            if let Some(node) = &e.node_name {
                v["nodeName"] = node.clone().into();
            }
            v
        })
        .collect();
    let mut labels = base_labels(svc);
    labels.insert(MANAGED_BY_LABEL.into(), MANAGED_BY.into());
    labels.insert(SERVICE_NAME_LABEL.into(), svc.metadata.name.clone());
    let metadata = ObjectMeta {
        name: slice_name(svc),
        generate_name: Some(format!("{}-", svc.metadata.name)),
        namespace: svc.metadata.namespace.clone(),
        labels: labels.into(),
        owner_references: vec![OwnerReference {
            api_version: "v1".into(),
            kind: "Service".into(),
            name: svc.metadata.name.clone(),
            uid: svc.metadata.uid.clone().unwrap_or_default(),
            controller: Some(true),
            block_owner_deletion: Some(true),
        }]
        .into(),
        ..Default::default()
    };
    let mut body = json!({"addressType": "IPv4", "endpoints": endpoints});
    let ports = ports(svc);
    if !ports.is_empty() {
        body["ports"] = ports.into();
    }
    (metadata, body)
}
