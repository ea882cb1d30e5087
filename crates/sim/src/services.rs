//! Services: ClusterIP allocation from the Service CIDR and the endpoints a Service selects
//! (what the EndpointSlice controller publishes and what DNS answers with), R-6.1 / R-6.2.

use crate::rng::Rng;
use crate::store::Store;
use ordinal_api::{Object, Pod, Service};
use std::collections::BTreeSet;

/// The ClusterIP of the cluster DNS Service (`kube-dns.kube-system`), SPEC §0.
pub const KUBE_DNS_IP: &str = "10.96.0.10";
/// The ClusterIP of the `kubernetes` Service in `default` (the API server).
pub const KUBERNETES_IP: &str = "10.96.0.1";

/// One address a Service selects, as an EndpointSlice endpoint describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub ip: String,
    /// `spec.hostname` of the pod, only if its `spec.subdomain` names this Service.
    pub hostname: Option<String>,
    pub node_name: Option<String>,
    pub pod_name: String,
    /// Ready ∧ ¬terminating, or forced true by `publishNotReadyAddresses`.
    pub ready: bool,
    /// The pod's Ready condition.
    pub serving: bool,
    pub terminating: bool,
}

/// Whether the Service is headless (`clusterIP: None`).
pub fn is_headless(svc: &Service) -> bool {
    cluster_ip(svc).as_deref() == Some("None")
}

/// `spec.clusterIP`, whether the intake kept it in the typed field or in pass-through.
pub fn cluster_ip(svc: &Service) -> Option<String> {
    svc.spec.cluster_ip.clone().or_else(|| {
        svc.spec
            .extra
            .get("clusterIP")
            .and_then(|v| v.as_str())
            .map(String::from)
    })
}

/// Whether a pod's Ready condition is True.
pub fn pod_ready(pod: &Pod) -> bool {
    pod.status
        .conditions
        .iter()
        .any(|c| c.type_ == "Ready" && c.status == "True")
}

/// The endpoints of a Service with a selector: one per selected pod that has an IP and is not
/// in a terminal phase, in pod-name order. A Service without a selector has none.
pub fn endpoints(store: &Store, svc: &Service) -> Vec<Endpoint> {
    if svc.spec.selector.is_empty() {
        return Vec::new();
    }
    let namespace = svc.metadata.namespace.as_deref().unwrap_or("default");
    let publish_not_ready = svc.spec.publish_not_ready_addresses.unwrap_or(false);
    store
        .list("Pod", Some(namespace))
        .filter_map(|o| match o {
            Object::Pod(pod) => Some(pod),
            _ => None,
        })
        .filter(|pod| {
            svc.spec
                .selector
                .iter()
                .all(|(k, v)| pod.metadata.labels.get(k) == Some(v))
        })
        .filter(|pod| {
            !matches!(
                pod.status.phase.as_deref(),
                Some("Succeeded") | Some("Failed")
            )
        })
        .filter_map(|pod| {
            let ip = pod.status.pod_ip.clone().filter(|ip| !ip.is_empty())?;
            let serving = pod_ready(pod);
            let terminating = pod.metadata.deletion_timestamp.is_some();
            let hostname = match (&pod.spec.hostname, &pod.spec.subdomain) {
                (Some(host), Some(sub)) if *sub == svc.metadata.name => Some(host.clone()),
                _ => None,
            };
            Some(Endpoint {
                ip,
                hostname,
                node_name: pod.spec.node_name.clone(),
                pod_name: pod.metadata.name.clone(),
                ready: publish_not_ready || (serving && !terminating),
                serving,
                terminating,
            })
        })
        .collect()
}

/// Picks a free ClusterIP in 10.96.0.0/12 (random like the API server's allocator, but drawn
/// from a stream seeded by the Service's uid so that allocating does not shift the cluster's
/// other random draws), avoiding .0.1 (`kubernetes`) and .0.10 (kube-dns).
pub(crate) fn allocate_cluster_ip(uid: &str, store: &Store) -> String {
    let mut rng = Rng::new(fnv1a(uid));
    let taken: BTreeSet<String> = store
        .list("Service", None)
        .filter_map(|o| match o {
            Object::Service(s) => cluster_ip(s),
            _ => None,
        })
        .chain([KUBERNETES_IP.to_string(), KUBE_DNS_IP.to_string()])
        .collect();
    // The /12 holds 2^20 addresses; skip the network address and the first 16 (reserved for
    // the static band, as the API server does), and retry on a collision.
    for _ in 0..64 {
        let offset = rng.range(16, (1 << 20) - 1) as u32;
        let ip = ipv4(0x0A60_0000 + offset);
        if !taken.contains(&ip) {
            return ip;
        }
    }
    // Astronomically unlikely; fall back to a linear scan so the result is still free.
    (16..(1u32 << 20) - 1)
        .map(|o| ipv4(0x0A60_0000 + o))
        .find(|ip| !taken.contains(ip))
        .unwrap_or_else(|| ipv4(0x0A60_0000 + 16))
}

/// FNV-1a: a stable 64-bit hash to seed a per-object stream.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

fn ipv4(n: u32) -> String {
    let [a, b, c, d] = n.to_be_bytes();
    format!("{a}.{b}.{c}.{d}")
}

/// Gives a newly created ClusterIP Service its address (`clusterIP` and `clusterIPs`), unless
/// it is headless, an ExternalName Service or asked for a specific address.
pub(crate) fn admit_service(store: &Store, svc: &mut Service) {
    if svc.spec.type_.as_deref() == Some("ExternalName") {
        return;
    }
    let ip = match cluster_ip(svc) {
        Some(ip) if !ip.is_empty() => ip,
        _ => allocate_cluster_ip(svc.metadata.uid.as_deref().unwrap_or_default(), store),
    };
    svc.spec.extra.remove("clusterIP");
    svc.spec.cluster_ip = Some(ip.clone());
    if svc.spec.cluster_ips.is_empty() {
        svc.spec.cluster_ips = vec![ip];
    }
}

/// An update that does not name a ClusterIP keeps the allocated one (the API server defaults
/// it from the stored object, so re-applying the same manifest is `unchanged`).
pub(crate) fn keep_cluster_ip(old: &Service, new: &mut Service) {
    if cluster_ip(new).is_none_or(|ip| ip.is_empty()) {
        new.spec.extra.remove("clusterIP");
        new.spec.cluster_ip = old.spec.cluster_ip.clone();
        if new.spec.cluster_ips.is_empty() {
            new.spec.cluster_ips = old.spec.cluster_ips.clone();
        }
    }
}

fn target_port(port: &ordinal_api::ServicePort) -> serde_json::Value {
    match &port.target_port {
        Some(serde_json::Value::Number(n)) => serde_json::Value::Number(n.clone()),
        _ => serde_json::Value::from(port.port),
    }
}

fn target_ref(svc: &Service, e: &Endpoint, store: &Store) -> serde_json::Value {
    let namespace = svc.metadata.namespace.as_deref().unwrap_or("default");
    let uid = store
        .get(&crate::store::ObjectKey::new("Pod", namespace, &e.pod_name))
        .and_then(|p| p.metadata().uid.clone())
        .unwrap_or_default();
    serde_json::json!({"kind": "Pod", "namespace": namespace, "name": e.pod_name, "uid": uid})
}

/// The v1 Endpoints object the endpoints controller keeps for a Service with a selector
/// (`None` without one), computed from the pods now: ready addresses and notReadyAddresses.
pub fn endpoints_object(store: &Store, svc: &Service) -> Option<Object> {
    if svc.spec.selector.is_empty() {
        return None;
    }
    let endpoints = endpoints(store, svc);
    let address = |e: &Endpoint| {
        let mut a = serde_json::json!({"ip": e.ip, "targetRef": target_ref(svc, e, store)});
        if let Some(host) = &e.hostname {
            a["hostname"] = host.clone().into();
        }
        if let Some(node) = &e.node_name {
            a["nodeName"] = node.clone().into();
        }
        a
    };
    let ready: Vec<serde_json::Value> = endpoints.iter().filter(|e| e.ready).map(address).collect();
    let not_ready: Vec<serde_json::Value> =
        endpoints.iter().filter(|e| !e.ready).map(address).collect();
    let ports: Vec<serde_json::Value> = svc
        .spec
        .ports
        .iter()
        .map(|p| {
            let mut port = serde_json::json!({
                "port": target_port(p),
                "protocol": p.protocol.as_deref().unwrap_or("TCP"),
            });
            if let Some(name) = &p.name {
                port["name"] = name.clone().into();
            }
            port
        })
        .collect();
    let mut subset = serde_json::Map::new();
    if !ready.is_empty() {
        subset.insert("addresses".into(), ready.into());
    }
    if !not_ready.is_empty() {
        subset.insert("notReadyAddresses".into(), not_ready.into());
    }
    if !ports.is_empty() {
        subset.insert("ports".into(), ports.into());
    }
    let subsets = if endpoints.is_empty() {
        serde_json::Value::Null
    } else {
        serde_json::Value::Array(vec![subset.into()])
    };
    let mut labels = svc.metadata.labels.clone();
    if is_headless(svc) {
        labels.insert("service.kubernetes.io/headless".into(), String::new());
    }
    let metadata = ordinal_api::ObjectMeta {
        name: svc.metadata.name.clone(),
        namespace: svc.metadata.namespace.clone(),
        labels,
        creation_timestamp: svc.metadata.creation_timestamp.clone(),
        ..Default::default()
    };
    let mut body = serde_json::json!({});
    if !subsets.is_null() {
        body["subsets"] = subsets;
    }
    Some(Object::Other {
        api_version: "v1".into(),
        kind: "Endpoints".into(),
        metadata,
        body,
    })
}

/// The EndpointSlice the EndpointSlice controller keeps for a Service with a selector
/// named `<service>-<5 characters>` (stable per Service here).
pub fn endpoint_slice_object(store: &Store, svc: &Service) -> Option<Object> {
    if svc.spec.selector.is_empty() {
        return None;
    }
    let suffix: String = {
        const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
        let mut rng = Rng::new(fnv1a(svc.metadata.uid.as_deref().unwrap_or_default()));
        (0..5)
            .map(|_| ALPHABET[rng.range(0, ALPHABET.len() as u64 - 1) as usize] as char)
            .collect()
    };
    let endpoints: Vec<serde_json::Value> = endpoints(store, svc)
        .iter()
        .map(|e| {
            let mut v = serde_json::json!({
                "addresses": [e.ip],
                "conditions": {"ready": e.ready, "serving": e.serving, "terminating": e.terminating},
                "targetRef": target_ref(svc, e, store),
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
    let ports: Vec<serde_json::Value> = svc
        .spec
        .ports
        .iter()
        .map(|p| {
            let mut port = serde_json::json!({
                "port": target_port(p),
                "protocol": p.protocol.as_deref().unwrap_or("TCP"),
            });
            if let Some(name) = &p.name {
                port["name"] = name.clone().into();
            }
            port
        })
        .collect();
    let mut labels = svc.metadata.labels.clone();
    labels.insert(
        "endpointslice.kubernetes.io/managed-by".into(),
        "endpointslice-controller.k8s.io".into(),
    );
    labels.insert(
        "kubernetes.io/service-name".into(),
        svc.metadata.name.clone(),
    );
    if is_headless(svc) {
        labels.insert("service.kubernetes.io/headless".into(), String::new());
    }
    let metadata = ordinal_api::ObjectMeta {
        name: format!("{}-{suffix}", svc.metadata.name),
        generate_name: Some(format!("{}-", svc.metadata.name)),
        namespace: svc.metadata.namespace.clone(),
        labels,
        creation_timestamp: svc.metadata.creation_timestamp.clone(),
        owner_references: vec![ordinal_api::OwnerReference {
            api_version: "v1".into(),
            kind: "Service".into(),
            name: svc.metadata.name.clone(),
            uid: svc.metadata.uid.clone().unwrap_or_default(),
            controller: Some(true),
            block_owner_deletion: Some(true),
        }],
        ..Default::default()
    };
    let mut body = serde_json::json!({"addressType": "IPv4", "endpoints": endpoints});
    if !ports.is_empty() {
        body["ports"] = ports.into();
    }
    Some(Object::Other {
        api_version: "discovery.k8s.io/v1".into(),
        kind: "EndpointSlice".into(),
        metadata,
        body,
    })
}

/// Endpoints or EndpointSlices (`kind`) of every Service with a selector in `namespace`
/// (`None`: all), in Service order.
pub fn endpoint_views(store: &Store, kind: &str, namespace: Option<&str>) -> Vec<Object> {
    store
        .list("Service", namespace)
        .filter_map(|o| match o {
            Object::Service(svc) if kind == "Endpoints" => endpoints_object(store, svc),
            Object::Service(svc) if kind == "EndpointSlice" => endpoint_slice_object(store, svc),
            _ => None,
        })
        .collect()
}
