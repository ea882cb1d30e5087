//! What the Network panel shows, read from the cluster: each Service with its endpoints, and
//! the DNS records cluster DNS serves for it (the Service name, the per-pod names of a headless
//! Service, SRV records per named port). Plain data, tested natively.

use ordinal_api::Object;
use ordinal_sim::dns::resolve_fqdn;
use ordinal_sim::services::{self, Endpoint};
use ordinal_sim::{Cluster, DnsRecord};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceView {
    pub name: String,
    pub namespace: String,
    /// `None` for a headless Service, as `kubectl get svc` prints it.
    pub cluster_ip: String,
    /// `80/TCP`, comma-separated.
    pub ports: String,
    /// `ip (pod)` of each endpoint; not-ready ones are marked.
    pub endpoints: Vec<(String, bool)>,
}

/// One row of the DNS table: a name and type with every value it answers (a headless
/// Service's name answers one A record per ready pod; one row lists them all, so the name
/// does not look duplicated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordView {
    pub name: String,
    pub kind: &'static str,
    pub values: Vec<String>,
}

pub fn services(cluster: &Cluster) -> Vec<ServiceView> {
    let store = cluster.store();
    store
        .list("Service", None)
        .filter_map(|o| match o {
            Object::Service(svc) => Some(svc),
            _ => None,
        })
        .map(|svc| {
            let ports = svc
                .spec
                .ports
                .iter()
                .map(|p| format!("{}/{}", p.port, p.protocol.as_deref().unwrap_or("TCP")))
                .collect::<Vec<_>>()
                .join(",");
            let endpoints = services::endpoints(store, svc)
                .into_iter()
                .map(|e: Endpoint| (format!("{} ({})", e.ip, e.pod_name), e.ready))
                .collect();
            ServiceView {
                name: svc.metadata.name.clone(),
                namespace: svc
                    .metadata
                    .namespace
                    .clone()
                    .unwrap_or_else(|| "default".into()),
                cluster_ip: services::cluster_ip(svc).unwrap_or_else(|| "<pending>".into()),
                ports,
                endpoints,
            }
        })
        .collect()
}

/// Every record cluster DNS answers for the stored Services.
pub fn records(cluster: &Cluster) -> Vec<RecordView> {
    let store = cluster.store();
    let domain = &cluster.config().cluster_domain;
    let mut names = Vec::new();
    for object in store.list("Service", None) {
        let Object::Service(svc) = object else {
            continue;
        };
        let namespace = svc.metadata.namespace.as_deref().unwrap_or("default");
        let base = format!("{}.{namespace}.svc.{domain}", svc.metadata.name);
        names.push(base.clone());
        for port in &svc.spec.ports {
            if let Some(name) = &port.name {
                let proto = port
                    .protocol
                    .as_deref()
                    .unwrap_or("TCP")
                    .to_ascii_lowercase();
                names.push(format!("_{name}._{proto}.{base}"));
            }
        }
        if services::is_headless(svc) {
            for endpoint in services::endpoints(store, svc) {
                if let Some(host) = endpoint.hostname {
                    names.push(format!("{host}.{base}"));
                }
            }
        }
    }
    let mut rows: Vec<RecordView> = Vec::new();
    for record in names
        .iter()
        .filter_map(|name| resolve_fqdn(store, domain, name))
        .flatten()
    {
        let DnsRecord {
            name, kind, value, ..
        } = record;
        let kind = kind.as_str();
        // resolve_fqdn answers one name at a time, so a name's records are adjacent.
        match rows.last_mut() {
            Some(row) if row.name == name && row.kind == kind => row.values.push(value),
            _ => rows.push(RecordView {
                name,
                kind,
                values: vec![value],
            }),
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands;
    use crate::state::Playground;

    const WEB: &str = include_str!("../../../tests/scenarios/web.yaml");

    #[test]
    fn headless_service_has_per_pod_names_and_srv() {
        let mut p = Playground::default();
        p.run(&commands::apply(), Some(WEB));
        p.settle();
        let services = services(p.cluster());
        let nginx = services.iter().find(|s| s.name == "nginx").expect("nginx");
        assert_eq!(nginx.cluster_ip, "None");
        assert_eq!(nginx.ports, "80/TCP");
        assert_eq!(nginx.endpoints.len(), 3);
        assert!(nginx.endpoints.iter().all(|(_, ready)| *ready));
        let records = records(p.cluster());
        let names: Vec<&str> = records.iter().map(|r| r.name.as_str()).collect();
        for pod in ["web-0", "web-1", "web-2"] {
            let name = format!("{pod}.nginx.default.svc.cluster.local");
            assert!(names.contains(&name.as_str()), "{names:?}");
        }
        let service_a: Vec<&RecordView> = records
            .iter()
            .filter(|r| r.name == "nginx.default.svc.cluster.local" && r.kind == "A")
            .collect();
        assert_eq!(
            service_a.len(),
            1,
            "one row for the Service name: {records:?}"
        );
        assert_eq!(
            service_a[0].values.len(),
            3,
            "a headless name answers every ready pod"
        );
        let pod_ips: Vec<&String> = records
            .iter()
            .filter(|r| r.name.starts_with("web-") && r.kind == "A")
            .flat_map(|r| &r.values)
            .collect();
        assert!(
            service_a[0].values.iter().all(|ip| pod_ips.contains(&ip)),
            "{records:?}"
        );
        assert!(
            records
                .iter()
                .any(|r| r.kind == "SRV" && r.name == "_web._tcp.nginx.default.svc.cluster.local"),
            "{records:?}"
        );
    }
}
