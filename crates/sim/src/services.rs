//! Services: ClusterIP allocation from the Service CIDR and the endpoints a Service selects
//! (what the EndpointSlice controller publishes and what DNS answers with), R-6.1 / R-6.2.

use crate::rng::Rng;
use crate::store::Store;
use ordinal_api::{Object, Pod, Service};
use std::collections::{BTreeMap, BTreeSet};

/// The ClusterIP of the cluster DNS Service (`kube-dns.kube-system`), SPEC §0.
pub const KUBE_DNS_IP: &str = "10.96.0.10";
/// The ClusterIP of the `kubernetes` Service in `default` (the API server).
pub const KUBERNETES_IP: &str = "10.96.0.1";
/// The label naming an EndpointSlice's Service.
pub const SERVICE_NAME_LABEL: &str = "kubernetes.io/service-name";
/// The label saying which controller manages an EndpointSlice, and its value for ours.
pub const MANAGED_BY_LABEL: &str = "endpointslice.kubernetes.io/managed-by";
pub const MANAGED_BY: &str = "endpointslice-controller.k8s.io";

/// One address a Service selects, as an EndpointSlice endpoint describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub ip: String,
    /// `spec.hostname` of the pod, only if its `spec.subdomain` names this Service.
    pub hostname: Option<String>,
    pub node_name: Option<String>,
    pub pod_name: String,
    pub pod_uid: String,
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

/// Whether the Service's selector picks the pod (a Service without a selector picks none:
/// its endpoints are managed by hand, not by the controllers).
pub(crate) fn selects(svc: &Service, pod: &Pod) -> bool {
    !svc.spec.selector.is_empty()
        && svc.metadata.namespace == pod.metadata.namespace
        && svc
            .spec
            .selector
            .iter()
            .all(|(k, v)| pod.metadata.labels.get(k) == Some(v))
}

/// The endpoint the controllers publish for one pod of a Service: `None` unless the Service
/// selects the pod, the pod has an IP and is not in a terminal phase.
pub(crate) fn endpoint_of(svc: &Service, pod: &Pod) -> Option<Endpoint> {
    if !selects(svc, pod)
        || matches!(
            pod.status.phase.as_deref(),
            Some("Succeeded") | Some("Failed")
        )
    {
        return None;
    }
    let ip = pod.status.pod_ip.clone().filter(|ip| !ip.is_empty())?;
    let serving = pod_ready(pod);
    let terminating = pod.metadata.deletion_timestamp.is_some();
    let publish_not_ready = svc.spec.publish_not_ready_addresses.unwrap_or(false);
    let hostname = match (&pod.spec.hostname, &pod.spec.subdomain) {
        (Some(host), Some(sub)) if *sub == svc.metadata.name => Some(host.clone()),
        _ => None,
    };
    Some(Endpoint {
        ip,
        hostname,
        node_name: pod.spec.node_name.clone(),
        pod_name: pod.metadata.name.clone(),
        pod_uid: pod.metadata.uid.clone().unwrap_or_default(),
        ready: publish_not_ready || (serving && !terminating),
        serving,
        terminating,
    })
}

/// Every endpoint of a Service, by pod name, from a look at all the pods of its namespace
/// (when the Service itself is created or changed; pod changes are applied one at a time).
/// Public so tests can hold the controllers' incremental result against it.
pub fn selected_endpoints(store: &Store, svc: &Service) -> BTreeMap<String, Endpoint> {
    if svc.spec.selector.is_empty() {
        return BTreeMap::new();
    }
    let namespace = svc.metadata.namespace.as_deref().unwrap_or("default");
    store
        .list("Pod", Some(namespace))
        .filter_map(|o| match o {
            Object::Pod(pod) => endpoint_of(svc, pod),
            _ => None,
        })
        .map(|e| (e.pod_name.clone(), e))
        .collect()
}

/// The endpoints of a Service as its stored EndpointSlice says (what DNS and kubectl read),
/// in pod-name order. A Service without a selector has none.
pub fn endpoints(store: &Store, svc: &Service) -> Vec<Endpoint> {
    match managed_slice(store, svc) {
        Some(Object::Other { body, .. }) => endpoints_from_slice(body),
        _ => Vec::new(),
    }
}

/// The EndpointSlice the controller keeps for a Service, found by its labels.
pub(crate) fn managed_slice<'a>(store: &'a Store, svc: &'a Service) -> Option<&'a Object> {
    let namespace = svc.metadata.namespace.as_deref().unwrap_or("default");
    store.list("EndpointSlice", Some(namespace)).find(|o| {
        let labels = &o.metadata().labels;
        labels.get(SERVICE_NAME_LABEL) == Some(&svc.metadata.name)
            && labels.get(MANAGED_BY_LABEL).map(String::as_str) == Some(MANAGED_BY)
    })
}

/// Reads the endpoints back out of an EndpointSlice body.
fn endpoints_from_slice(body: &serde_json::Value) -> Vec<Endpoint> {
    let text = |v: &serde_json::Value, pointer: &str| {
        v.pointer(pointer)
            .and_then(serde_json::Value::as_str)
            .map(String::from)
    };
    let flag = |v: &serde_json::Value, pointer: &str| {
        v.pointer(pointer)
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false)
    };
    body.get("endpoints")
        .and_then(serde_json::Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|e| {
                    Some(Endpoint {
                        ip: text(e, "/addresses/0")?,
                        hostname: text(e, "/hostname"),
                        node_name: text(e, "/nodeName"),
                        pod_name: text(e, "/targetRef/name").unwrap_or_default(),
                        pod_uid: text(e, "/targetRef/uid").unwrap_or_default(),
                        ready: flag(e, "/conditions/ready"),
                        serving: flag(e, "/conditions/serving"),
                        terminating: flag(e, "/conditions/terminating"),
                    })
                })
                .collect()
        })
        .unwrap_or_default()
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
pub(crate) fn fnv1a(text: &str) -> u64 {
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

/// The stored Endpoints or EndpointSlices (`kind`) in `namespace` (`None`: all), as the
/// endpoints and EndpointSlice controllers keep them (`crate::network::endpoints`).
pub fn endpoint_views(store: &Store, kind: &str, namespace: Option<&str>) -> Vec<Object> {
    match kind {
        "Endpoints" | "EndpointSlice" => store.list(kind, namespace).cloned().collect(),
        _ => Vec::new(),
    }
}
