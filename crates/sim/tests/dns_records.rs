//! The DNS model: headless Service names, per-pod names, SRV records,
//! search-path resolution and the nslookup / dig output formats.

mod common;

use common::*;
use ordinal_api::Object;
use ordinal_sim::{Cluster, ClusterConfig, DeleteOptions, DnsRecordKind, ObjectKey};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn pod_ip(cluster: &Cluster, name: &str) -> String {
    match cluster.store().get(&ObjectKey::new("Pod", "default", name)) {
        Some(Object::Pod(pod)) => pod.status.pod_ip.clone().expect("pod has an IP"),
        _ => panic!("no pod {name}"),
    }
}

fn ips(cluster: &Cluster, name: &str) -> Vec<String> {
    let mut ips: Vec<String> = cluster
        .lookup(name, "default")
        .expect("name resolves")
        .into_iter()
        .filter(|r| r.kind == DnsRecordKind::A)
        .map(|r| r.value)
        .collect();
    ips.sort();
    ips
}

#[test]
fn per_pod_names_resolve_through_the_search_path() {
    let mut cluster = cluster();
    cluster.apply(WEB).expect("web.yaml applies");
    settle(&mut cluster);
    let ip = pod_ip(&cluster, "web-0");
    assert_eq!(ips(&cluster, "web-0.nginx"), vec![ip.clone()]);
    assert_eq!(ips(&cluster, "web-0.nginx.default"), vec![ip.clone()]);
    assert_eq!(
        ips(&cluster, "web-0.nginx.default.svc.cluster.local"),
        vec![ip.clone()]
    );
    let records = cluster.lookup("web-0.nginx", "default").expect("resolves");
    assert_eq!(records[0].name, "web-0.nginx.default.svc.cluster.local");
    // From another namespace the short name does not reach default's Service.
    assert!(cluster.lookup("web-0.nginx", "other").is_err());
    assert!(cluster.lookup("web-3.nginx", "default").is_err());
}

#[test]
fn a_headless_service_name_resolves_to_every_ready_pod() {
    let mut cluster = cluster();
    cluster.apply(WEB).expect("web.yaml applies");
    settle(&mut cluster);
    let mut expected: Vec<String> = ["web-0", "web-1", "web-2"]
        .iter()
        .map(|n| pod_ip(&cluster, n))
        .collect();
    expected.sort();
    assert_eq!(ips(&cluster, "nginx"), expected);
}

#[test]
fn a_pod_is_in_dns_only_while_ready() {
    let mut cluster = cluster();
    cluster.apply(WEB).expect("web.yaml applies");
    // Before anything is Ready there is no answer at all (NXDOMAIN).
    assert!(cluster.lookup("nginx", "default").is_err());
    let (_, stderr, code) = cluster.nslookup("web-0.nginx", "default");
    assert_eq!(
        (stderr.as_str(), code),
        ("nslookup: can't resolve 'web-0.nginx'\n", 1)
    );
    settle(&mut cluster);
    let before = pod_ip(&cluster, "web-0");
    cluster
        .delete(
            &ObjectKey::new("Pod", "default", "web-0"),
            DeleteOptions::default(),
        )
        .expect("delete");
    // Terminating: out of DNS at once.
    assert!(cluster.lookup("web-0.nginx", "default").is_err());
    settle(&mut cluster);
    let after = pod_ip(&cluster, "web-0");
    assert_ne!(before, after, "a re-created pod gets a new IP");
    assert_eq!(ips(&cluster, "web-0.nginx"), [after]);
}

#[test]
fn srv_records_name_each_ready_pod_for_a_named_port() {
    let mut cluster = cluster();
    cluster.apply(WEB).expect("web.yaml applies");
    settle(&mut cluster);
    let records = cluster
        .lookup("_web._tcp.nginx.default.svc.cluster.local", "default")
        .expect("SRV resolves");
    let mut targets: Vec<String> = records
        .iter()
        .map(|r| {
            assert_eq!(r.kind, DnsRecordKind::Srv);
            r.value.clone()
        })
        .collect();
    targets.sort();
    assert_eq!(
        targets,
        [
            "0 33 80 web-0.nginx.default.svc.cluster.local.",
            "0 33 80 web-1.nginx.default.svc.cluster.local.",
            "0 33 80 web-2.nginx.default.svc.cluster.local.",
        ]
    );
    assert!(
        cluster
            .lookup("_http._tcp.nginx.default.svc.cluster.local", "default")
            .is_err()
    );
}

#[test]
fn nslookup_prints_busybox_1_28_output_with_reverse_names() {
    let mut cluster = cluster();
    cluster.apply(WEB).expect("web.yaml applies");
    settle(&mut cluster);
    let ip = pod_ip(&cluster, "web-0");
    let (stdout, stderr, code) = cluster.nslookup("web-0.nginx", "default");
    assert_eq!(code, 0);
    assert_eq!(stderr, "");
    assert_eq!(
        stdout,
        format!(
            "Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\nName:      web-0.nginx\nAddress 1: {ip} web-0.nginx.default.svc.cluster.local\n"
        )
    );
}

#[test]
fn the_cluster_domain_is_configurable() {
    let mut cluster = Cluster::new(ClusterConfig {
        cluster_domain: "kube.local".into(),
        ..ClusterConfig::default()
    });
    cluster.apply(WEB).expect("web.yaml applies");
    settle(&mut cluster);
    let records = cluster.lookup("web-1.nginx", "default").expect("resolves");
    assert_eq!(records[0].name, "web-1.nginx.default.svc.kube.local");
    assert!(
        cluster
            .lookup("web-1.nginx.default.svc.cluster.local", "default")
            .is_err()
    );
    let (stdout, _, _) = cluster.nslookup("web-1.nginx", "default");
    assert!(
        stdout.contains("kube-dns.kube-system.svc.kube.local"),
        "{stdout}"
    );
}

#[test]
fn a_cluster_ip_service_gets_an_address_from_the_service_cidr_and_keeps_it() {
    let svc = "apiVersion: v1\nkind: Service\nmetadata:\n  name: front\nspec:\n  selector:\n    app: nginx\n  ports:\n  - port: 80\n    name: http\n";
    let mut cluster = cluster();
    cluster.apply(svc).expect("service applies");
    let ip = ips(&cluster, "front");
    assert_eq!(ip.len(), 1);
    let octets: Vec<u32> = ip[0]
        .split('.')
        .map(|o| o.parse().expect("octet"))
        .collect();
    assert_eq!(octets[0], 10);
    assert!((96..112).contains(&octets[1]), "{ip:?} not in 10.96.0.0/12");
    let again = cluster.apply(svc).expect("re-apply");
    assert_eq!(again[0].action, "unchanged");
    assert_eq!(ips(&cluster, "front"), ip);
    // SRV of a ClusterIP Service targets the Service name.
    let srv = cluster
        .lookup("_http._tcp.front", "default")
        .expect("SRV resolves");
    assert_eq!(srv[0].value, "0 100 80 front.default.svc.cluster.local.");
}

#[test]
fn dig_does_not_search_without_plus_search() {
    let mut cluster = cluster();
    cluster.apply(WEB).expect("web.yaml applies");
    settle(&mut cluster);
    let ip = pod_ip(&cluster, "web-0");
    let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let (short, _, code) = cluster.dig(&args(&["+short", "web-0.nginx"]), "default");
    assert_eq!((short.as_str(), code), ("", 0));
    let (short, _, _) = cluster.dig(&args(&["+short", "+search", "web-0.nginx"]), "default");
    assert_eq!(short, format!("{ip}\n"));
    let (full, _, _) = cluster.dig(&args(&["web-0.nginx.default.svc.cluster.local"]), "default");
    assert!(full.contains("status: NOERROR"), "{full}");
    assert!(
        full.contains(&format!(
            "web-0.nginx.default.svc.cluster.local. 30 IN A\t{ip}\n"
        )),
        "{full}"
    );
    assert!(
        full.contains(";web-0.nginx.default.svc.cluster.local. IN A\n"),
        "{full}"
    );
    let (missing, _, _) = cluster.dig(&args(&["web-9.nginx.default.svc.cluster.local"]), "default");
    assert!(missing.contains("status: NXDOMAIN"), "{missing}");
    assert!(
        missing.contains(";; AUTHORITY SECTION:\ncluster.local.\t\t30\tIN\tSOA\t"),
        "{missing}"
    );
}
