//! The cluster DNS (CoreDNS `kubernetes` plugin) as the Kubernetes DNS specification defines
//! it: Service names, per-pod names under headless Services, SRV records for
//! named ports, and a pod's search path. Answers are computed from the store on every query,
//! so they always follow pod readiness; `nslookup` and `dig` print them as the tools do.

use crate::cluster::Cluster;
use crate::services::{self, KUBE_DNS_IP, KUBERNETES_IP};
use crate::store::Store;
use ordinal_api::{Object, Service};
use serde::Serialize;

/// CoreDNS answers with this TTL (kubeadm's Corefile: `ttl 30`).
pub const TTL: u32 = 30;
/// A resolv.conf `ndots:5` (kubelet's default for ClusterFirst pods).
const NDOTS: usize = 5;

/// One answer record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DnsRecord {
    /// The fully qualified owner name, without the trailing dot.
    pub name: String,
    pub kind: DnsRecordKind,
    /// A: the address; SRV: `priority weight port target.`; CNAME: the target.
    pub value: String,
    pub ttl: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum DnsRecordKind {
    A,
    Srv,
    Cname,
}

impl DnsRecordKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DnsRecordKind::A => "A",
            DnsRecordKind::Srv => "SRV",
            DnsRecordKind::Cname => "CNAME",
        }
    }
}

/// The names a pod in `namespace` tries for `name`, in order (resolv.conf search path with
/// `ndots:5`; a trailing dot makes the name absolute).
pub fn search_candidates(name: &str, namespace: &str, domain: &str) -> Vec<String> {
    let name = name.trim().to_ascii_lowercase();
    if let Some(absolute) = name.strip_suffix('.') {
        return vec![absolute.to_string()];
    }
    let search = [
        format!("{name}.{namespace}.svc.{domain}"),
        format!("{name}.svc.{domain}"),
        format!("{name}.{domain}"),
    ];
    if name.matches('.').count() >= NDOTS {
        std::iter::once(name.clone()).chain(search).collect()
    } else {
        search
            .into_iter()
            .chain(std::iter::once(name.clone()))
            .collect()
    }
}

/// What a fully qualified name (no trailing dot) answers, or `None` for NXDOMAIN.
pub fn resolve_fqdn(store: &Store, domain: &str, fqdn: &str) -> Option<Vec<DnsRecord>> {
    let fqdn = fqdn.trim_end_matches('.').to_ascii_lowercase();
    let rest = fqdn.strip_suffix(&format!(".{domain}"))?;
    let labels: Vec<&str> = rest.split('.').collect();
    let answers = match labels.as_slice() {
        [service, namespace, "svc"] => service_records(store, domain, namespace, service),
        [port, proto, service, namespace, "svc"]
            if port.starts_with('_') && proto.starts_with('_') =>
        {
            srv_records(store, domain, namespace, service, &port[1..], &proto[1..])
        }
        [host, service, namespace, "svc"] => pod_records(store, domain, namespace, service, host),
        [dashed_ip, _namespace, "pod"] => {
            let ip = dashed_ip.replace('-', ".");
            let valid =
                ip.split('.').count() == 4 && ip.split('.').all(|o| o.parse::<u8>().is_ok());
            if valid {
                vec![a_record(&fqdn, &ip)]
            } else {
                Vec::new()
            }
        }
        _ => Vec::new(),
    };
    (!answers.is_empty()).then_some(answers)
}

fn a_record(name: &str, ip: &str) -> DnsRecord {
    DnsRecord {
        name: name.to_string(),
        kind: DnsRecordKind::A,
        value: ip.to_string(),
        ttl: TTL,
    }
}

fn find_service<'a>(store: &'a Store, namespace: &str, name: &str) -> Option<&'a Service> {
    let key = crate::store::ObjectKey::new("Service", namespace, name);
    match store.get(&key) {
        Some(Object::Service(svc)) => Some(svc),
        _ => None,
    }
}

/// The addresses DNS publishes for a headless Service: ready endpoints only.
fn published(store: &Store, svc: &Service) -> Vec<services::Endpoint> {
    services::endpoints(store, svc)
        .into_iter()
        .filter(|e| e.ready)
        .collect()
}

fn service_records(store: &Store, domain: &str, namespace: &str, name: &str) -> Vec<DnsRecord> {
    let fqdn = format!("{name}.{namespace}.svc.{domain}");
    // The cluster's own Services exist even though Ordinal does not store them.
    match (namespace, name) {
        ("kube-system", "kube-dns") => return vec![a_record(&fqdn, KUBE_DNS_IP)],
        ("default", "kubernetes") => return vec![a_record(&fqdn, KUBERNETES_IP)],
        _ => {}
    }
    let Some(svc) = find_service(store, namespace, name) else {
        return Vec::new();
    };
    if svc.spec.type_.as_deref() == Some("ExternalName") {
        return svc
            .spec
            .extra
            .get("externalName")
            .and_then(|v| v.as_str())
            .map(|target| {
                vec![DnsRecord {
                    name: fqdn.clone(),
                    kind: DnsRecordKind::Cname,
                    value: target.to_string(),
                    ttl: TTL,
                }]
            })
            .unwrap_or_default();
    }
    if services::is_headless(svc) {
        return published(store, svc)
            .iter()
            .map(|e| a_record(&fqdn, &e.ip))
            .collect();
    }
    services::cluster_ip(svc)
        .filter(|ip| !ip.is_empty())
        .map(|ip| vec![a_record(&fqdn, &ip)])
        .unwrap_or_default()
}

fn pod_records(
    store: &Store,
    domain: &str,
    namespace: &str,
    service: &str,
    host: &str,
) -> Vec<DnsRecord> {
    let Some(svc) = find_service(store, namespace, service) else {
        return Vec::new();
    };
    if !services::is_headless(svc) {
        return Vec::new();
    }
    let fqdn = format!("{host}.{service}.{namespace}.svc.{domain}");
    published(store, svc)
        .iter()
        .filter(|e| endpoint_label(e) == host)
        .map(|e| a_record(&fqdn, &e.ip))
        .collect()
}

/// The first label of an endpoint's own name: its hostname, or its dashed IP without one.
fn endpoint_label(e: &services::Endpoint) -> String {
    e.hostname.clone().unwrap_or_else(|| e.ip.replace('.', "-"))
}

fn srv_records(
    store: &Store,
    domain: &str,
    namespace: &str,
    service: &str,
    port_name: &str,
    proto: &str,
) -> Vec<DnsRecord> {
    let Some(svc) = find_service(store, namespace, service) else {
        return Vec::new();
    };
    let Some(port) = svc.spec.ports.iter().find(|p| {
        p.name.as_deref() == Some(port_name)
            && p.protocol
                .as_deref()
                .unwrap_or("TCP")
                .eq_ignore_ascii_case(proto)
    }) else {
        return Vec::new();
    };
    let fqdn = format!("_{port_name}._{proto}.{service}.{namespace}.svc.{domain}");
    let base = format!("{service}.{namespace}.svc.{domain}");
    let srv = |target: String| DnsRecord {
        name: fqdn.clone(),
        kind: DnsRecordKind::Srv,
        value: format!("0 100 {} {target}.", port.port),
        ttl: TTL,
    };
    if services::is_headless(svc) {
        let endpoints = published(store, svc);
        let weight = if endpoints.is_empty() {
            100
        } else {
            100 / endpoints.len()
        };
        endpoints
            .iter()
            .map(|e| DnsRecord {
                value: format!("0 {weight} {} {}.{base}.", port.port, endpoint_label(e)),
                ..srv(String::new())
            })
            .collect()
    } else {
        vec![srv(base)]
    }
}

/// The reverse (PTR) name of an address, as CoreDNS answers it: a pod under a headless
/// Service by its per-pod name, a ClusterIP by its Service name.
pub fn reverse_name(store: &Store, domain: &str, ip: &str) -> Option<String> {
    match ip {
        KUBE_DNS_IP => return Some(format!("kube-dns.kube-system.svc.{domain}")),
        KUBERNETES_IP => return Some(format!("kubernetes.default.svc.{domain}")),
        _ => {}
    }
    for object in store.list("Service", None) {
        let Object::Service(svc) = object else {
            continue;
        };
        let namespace = svc.metadata.namespace.as_deref().unwrap_or("default");
        let name = &svc.metadata.name;
        if services::is_headless(svc) {
            if let Some(e) = published(store, svc).iter().find(|e| e.ip == ip) {
                return Some(format!(
                    "{}.{name}.{namespace}.svc.{domain}",
                    endpoint_label(e)
                ));
            }
        } else if services::cluster_ip(svc).as_deref() == Some(ip) {
            return Some(format!("{name}.{namespace}.svc.{domain}"));
        }
    }
    None
}

impl Cluster {
    /// Resolves `name` as a pod in `from_namespace` would (search path, ndots:5). `Err` is
    /// the NXDOMAIN message.
    pub fn lookup(&self, name: &str, from_namespace: &str) -> Result<Vec<DnsRecord>, String> {
        let domain = self.config().cluster_domain.clone();
        search_candidates(name, from_namespace, &domain)
            .iter()
            .find_map(|candidate| resolve_fqdn(&self.store, &domain, candidate))
            .ok_or_else(|| format!("server can't find {}: NXDOMAIN", name.trim()))
    }

    /// `nslookup NAME` from busybox 1.28 in a pod of `from_namespace`: (stdout, stderr, exit).
    pub fn nslookup(&self, name: &str, from_namespace: &str) -> (String, String, i32) {
        let domain = &self.config().cluster_domain;
        let mut out = format!(
            "Server:    {KUBE_DNS_IP}\nAddress 1: {KUBE_DNS_IP} kube-dns.kube-system.svc.{domain}\n\n"
        );
        let addresses: Vec<String> = match self.lookup(name, from_namespace) {
            Ok(records) => records
                .into_iter()
                .filter(|r| r.kind == DnsRecordKind::A)
                .map(|r| r.value)
                .collect(),
            Err(_) => Vec::new(),
        };
        if addresses.is_empty() {
            return (
                out,
                format!("nslookup: can't resolve '{}'\n", name.trim()),
                1,
            );
        }
        out.push_str(&format!("Name:      {}\n", name.trim()));
        for (i, ip) in addresses.iter().enumerate() {
            match reverse_name(&self.store, domain, ip) {
                Some(reverse) => out.push_str(&format!("Address {}: {ip} {reverse}\n", i + 1)),
                None => out.push_str(&format!("Address {}: {ip}\n", i + 1)),
            }
        }
        (out, String::new(), 0)
    }

    /// `dig [@server] NAME [TYPE] [+short] [+search]` from dnsutils: (stdout, stderr, exit).
    /// Like the real dig, the search path is used only with `+search`.
    pub fn dig(&self, args: &[String], from_namespace: &str) -> (String, String, i32) {
        crate::network::dig::run(self, args, from_namespace)
    }
}
