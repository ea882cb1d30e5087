//! `kubectl describe node NAME`: the node's labels, taints, conditions, addresses, capacity,
//! system info, its non-terminated pods and allocated resources, and events.

use crate::age::format_age;
use crate::verbs::describe::{Report, events, rfc1123};
use ordinal_api::{Object, Pod};
use ordinal_sim::Cluster;
use ordinal_sim::nodes::{allocatable, pod_request};
use serde_json::Value;

fn text(value: &Value, pointer: &str) -> String {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string()
}

fn cpu(millis: u128) -> String {
    if millis.is_multiple_of(1000) {
        (millis / 1000).to_string()
    } else {
        format!("{millis}m")
    }
}

fn memory(bytes: u128) -> String {
    for (suffix, unit) in [("Gi", 1u128 << 30), ("Mi", 1 << 20), ("Ki", 1 << 10)] {
        if bytes >= unit && bytes.is_multiple_of(unit) {
            return format!("{}{suffix}", bytes / unit);
        }
    }
    bytes.to_string()
}

fn percent(used: u128, total: Option<u128>) -> String {
    match total {
        Some(t) if t > 0 => format!("{}%", used * 100 / t),
        _ => "0%".into(),
    }
}

fn quantity_map(r: &mut Report, title: &str, map: Option<&Value>) {
    r.line(0, &format!("{title}:"));
    if let Some(map) = map.and_then(Value::as_object) {
        for (k, v) in map {
            r.field(1, k, v.as_str().unwrap_or("").to_string());
        }
    }
}

pub fn describe(cluster: &Cluster, node: &Object) -> String {
    let Object::Other {
        metadata: meta,
        body,
        ..
    } = node
    else {
        return String::new();
    };
    let mut r = Report::default();
    r.field(0, "Name", meta.name.clone());
    let roles: Vec<&str> = meta
        .labels
        .keys()
        .filter_map(|k| k.strip_prefix("node-role.kubernetes.io/"))
        .collect();
    r.field(
        0,
        "Roles",
        if roles.is_empty() {
            "<none>".to_string()
        } else {
            roles.join(",")
        },
    );
    r.map_field(0, "Labels", &meta.labels);
    let annotations: std::collections::BTreeMap<String, String> = meta
        .annotations
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let mut notes = annotations.iter().map(|(k, v)| format!("{k}: {v}"));
    match notes.next() {
        None => r.field(0, "Annotations", "<none>"),
        Some(first) => {
            r.field(0, "Annotations", first);
            for rest in notes {
                r.raw(vec![String::new(), rest]);
            }
        }
    }
    r.field(
        0,
        "CreationTimestamp",
        rfc1123(meta.creation_timestamp.as_deref().unwrap_or("")),
    );
    let taints: Vec<String> = ordinal_sim::nodes::taints(node)
        .into_iter()
        .map(|(k, v, e)| {
            if v.is_empty() {
                format!("{k}:{e}")
            } else {
                format!("{k}={v}:{e}")
            }
        })
        .collect();
    match taints.split_first() {
        None => r.field(0, "Taints", "<none>"),
        Some((first, rest)) => {
            r.field(0, "Taints", first.clone());
            for t in rest {
                r.raw(vec![String::new(), t.clone()]);
            }
        }
    }
    r.field(
        0,
        "Unschedulable",
        ordinal_sim::nodes::unschedulable(node).to_string(),
    );
    r.line(0, "Conditions:");
    r.raw(
        [
            "  Type",
            "Status",
            "LastHeartbeatTime",
            "LastTransitionTime",
            "Reason",
            "Message",
        ]
        .map(String::from)
        .to_vec(),
    );
    r.raw(
        [
            "  ----",
            "------",
            "-----------------",
            "------------------",
            "------",
            "-------",
        ]
        .map(String::from)
        .to_vec(),
    );
    for c in body
        .pointer("/status/conditions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        r.raw(vec![
            format!("  {}", text(c, "/type")),
            text(c, "/status"),
            rfc1123(&text(c, "/lastHeartbeatTime")),
            rfc1123(&text(c, "/lastTransitionTime")),
            text(c, "/reason"),
            text(c, "/message"),
        ]);
    }
    r.line(0, "Addresses:");
    for a in body
        .pointer("/status/addresses")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        r.field(1, &text(a, "/type"), text(a, "/address"));
    }
    quantity_map(&mut r, "Capacity", body.pointer("/status/capacity"));
    quantity_map(&mut r, "Allocatable", body.pointer("/status/allocatable"));
    r.line(0, "System Info:");
    for (label, key) in [
        ("Machine ID", "machineID"),
        ("System UUID", "systemUUID"),
        ("Boot ID", "bootID"),
        ("Kernel Version", "kernelVersion"),
        ("OS Image", "osImage"),
        ("Operating System", "operatingSystem"),
        ("Architecture", "architecture"),
        ("Container Runtime Version", "containerRuntimeVersion"),
        ("Kubelet Version", "kubeletVersion"),
        ("Kube-Proxy Version", "kubeProxyVersion"),
    ] {
        r.field(1, label, text(body, &format!("/status/nodeInfo/{key}")));
    }
    r.field(0, "PodCIDR", text(body, "/spec/podCIDR"));
    let cidrs: Vec<String> = body
        .pointer("/spec/podCIDRs")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(String::from)
                .collect()
        })
        .unwrap_or_default();
    r.field(0, "PodCIDRs", cidrs.join(","));
    r.field(0, "ProviderID", text(body, "/spec/providerID"));
    let pods: Vec<&Pod> = cluster
        .store()
        .list("Pod", None)
        .filter_map(|o| match o {
            Object::Pod(p) if p.spec.node_name.as_deref() == Some(meta.name.as_str()) => Some(p),
            _ => None,
        })
        .filter(|p| !matches!(p.status.phase.as_deref(), Some("Succeeded" | "Failed")))
        .collect();
    let cpu_total = allocatable(node, "cpu");
    let memory_total = allocatable(node, "memory");
    r.field(
        0,
        "Non-terminated Pods",
        format!("({} in total)", pods.len()),
    );
    r.raw(
        [
            "  Namespace",
            "Name",
            "CPU Requests",
            "CPU Limits",
            "Memory Requests",
            "Memory Limits",
            "Age",
        ]
        .map(String::from)
        .to_vec(),
    );
    r.raw(
        [
            "  ---------",
            "----",
            "------------",
            "----------",
            "---------------",
            "-------------",
            "---",
        ]
        .map(String::from)
        .to_vec(),
    );
    let (mut cpu_sum, mut memory_sum) = (0u128, 0u128);
    let now = cluster.now();
    for pod in &pods {
        let (c, m) = (pod_request(pod, "cpu"), pod_request(pod, "memory"));
        cpu_sum += c;
        memory_sum += m;
        let age = pod
            .metadata
            .creation_timestamp
            .as_deref()
            .and_then(ordinal_sim::Time::from_rfc3339)
            .map_or_else(|| "<unknown>".into(), |t| format_age(now.since(t)));
        r.raw(vec![
            format!(
                "  {}",
                pod.metadata.namespace.as_deref().unwrap_or("default")
            ),
            pod.metadata.name.clone(),
            format!("{} ({})", cpu(c), percent(c, cpu_total)),
            "0 (0%)".into(),
            format!("{} ({})", memory(m), percent(m, memory_total)),
            "0 (0%)".into(),
            age,
        ]);
    }
    r.line(0, "Allocated resources:");
    r.line(
        1,
        "(Total limits may be over 100 percent, i.e., overcommitted.)",
    );
    r.raw(
        ["  Resource", "Requests", "Limits"]
            .map(String::from)
            .to_vec(),
    );
    r.raw(
        ["  --------", "--------", "------"]
            .map(String::from)
            .to_vec(),
    );
    r.raw(vec![
        "  cpu".into(),
        format!("{} ({})", cpu(cpu_sum), percent(cpu_sum, cpu_total)),
        "0 (0%)".into(),
    ]);
    r.raw(vec![
        "  memory".into(),
        format!(
            "{} ({})",
            memory(memory_sum),
            percent(memory_sum, memory_total)
        ),
        "0 (0%)".into(),
    ]);
    for resource in ["ephemeral-storage", "hugepages-2Mi"] {
        r.raw(vec![
            format!("  {resource}"),
            "0 (0%)".into(),
            "0 (0%)".into(),
        ]);
    }
    events(&mut r, cluster, "Node", meta);
    r.render()
}
