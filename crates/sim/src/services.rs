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
