//! `kubectl describe`: the tabwriter-aligned reports for statefulsets, pods, services, claims
//! and volumes, each ending in an Events section.

use crate::age::format_age;
use crate::args::Args;
use crate::backend;
use crate::print::columns::access_modes;
use crate::print::jsonpath::value_text;
use crate::print::object::to_json;
use crate::shell::Output;
use crate::verbs::resolve;
use ordinal_api::{
    Container, ContainerStatus, Object, ObjectMeta, PersistentVolume, PersistentVolumeClaim, Pod,
    PodTemplateSpec, Service, StatefulSet,
};
use ordinal_sim::{Cluster, Time};
use serde_json::Value;
use std::collections::BTreeMap;

/// Lines of tab-separated cells; consecutive lines with cells form a block aligned together
/// (Go tabwriter, padding 2); a line without a tab ends the block.
#[derive(Debug, Default)]
pub(crate) struct Report(Vec<Vec<String>>);

impl Report {
    pub(crate) fn line(&mut self, level: usize, text: &str) {
        self.0.push(vec![format!("{}{text}", "  ".repeat(level))]);
    }
    pub(crate) fn field(&mut self, level: usize, key: &str, value: impl Into<String>) {
        self.0
            .push(vec![format!("{}{key}:", "  ".repeat(level)), value.into()]);
    }
    pub(crate) fn raw(&mut self, cells: Vec<String>) {
        self.0.push(cells);
    }
    /// A multi-value field (`Labels:`) prints one value per line under the first.
    pub(crate) fn map_field(&mut self, level: usize, key: &str, map: &BTreeMap<String, String>) {
        // kubectl prints labels and selectors as `key=value` but annotations as
        // `key: value` (printAnnotationsMultiline).
        let separator = if key == "Annotations" { ": " } else { "=" };
        let mut entries = map.iter().map(|(k, v)| format!("{k}{separator}{v}"));
        match entries.next() {
            None => self.field(level, key, "<none>"),
            Some(first) => {
                self.field(level, key, first);
                for rest in entries {
                    self.raw(vec![String::new(), rest]);
                }
            }
        }
    }

    pub(crate) fn render(&self) -> String {
        let mut out = String::new();
        let mut start = 0;
        while start < self.0.len() {
            if self.0[start].len() < 2 {
                out.push_str(&self.0[start][0]);
                out.push('\n');
                start += 1;
                continue;
            }
            let end = (start..self.0.len())
                .find(|&i| self.0[i].len() < 2)
                .unwrap_or(self.0.len());
            let block = &self.0[start..end];
            let columns = block.iter().map(Vec::len).max().unwrap_or(0);
            let widths: Vec<usize> = (0..columns)
                .map(|c| {
                    block
                        .iter()
                        .filter(|r| c + 1 < r.len())
                        .map(|r| r[c].chars().count() + 2)
                        .max()
                        .unwrap_or(0)
                })
                .collect();
            for row in block {
                for (c, cell) in row.iter().enumerate() {
                    out.push_str(cell);
                    if c + 1 < row.len() {
                        out.extend(std::iter::repeat_n(
                            ' ',
                            widths[c].saturating_sub(cell.chars().count()),
                        ));
                    }
                }
                out.push('\n');
            }
            start = end;
        }
        out
    }
}

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `2026-01-01T00:00:05Z` → `Thu, 01 Jan 2026 00:00:05 +0000` (RFC 1123Z, as describe prints).
pub fn rfc1123(timestamp: &str) -> String {
    let parse = |r: std::ops::Range<usize>| timestamp.get(r).and_then(|s| s.parse::<i64>().ok());
    let (Some(y), Some(m), Some(d)) = (parse(0..4), parse(5..7), parse(8..10)) else {
        return timestamp.to_string();
    };
    let time = timestamp.get(11..19).unwrap_or("00:00:00");
    // Days since 1970-01-01 (Howard Hinnant's days_from_civil); 1970-01-01 was a Thursday.
    let yy = if m <= 2 { y - 1 } else { y };
    let era = yy.div_euclid(400);
    let yoe = yy - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let weekday = WEEKDAYS[(days + 3).rem_euclid(7) as usize];
    let month = MONTHS[((m - 1).clamp(0, 11)) as usize];
    format!("{weekday}, {d:02} {month} {y} {time} +0000")
}

/// Annotations as describe shows them: without kubectl's own last-applied-configuration.
pub(crate) fn shown_annotations(meta: &ObjectMeta) -> BTreeMap<String, String> {
    meta.annotations
        .iter()
        .filter(|(k, _)| k.as_str() != "kubectl.kubernetes.io/last-applied-configuration")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

pub(crate) fn header(r: &mut Report, meta: &ObjectMeta, namespaced: bool) {
    r.field(0, "Name", meta.name.clone());
    if namespaced {
        r.field(0, "Namespace", meta.namespace.clone().unwrap_or_default());
    }
}

fn selector_text(map: &BTreeMap<String, String>) -> String {
    map.iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

pub(crate) fn pod_template(r: &mut Report, template: &PodTemplateSpec) {
    r.line(0, "Pod Template:");
    r.map_field(1, "Labels", &template.metadata.labels);
    let annotations = shown_annotations(&template.metadata);
    if !annotations.is_empty() {
        r.map_field(1, "Annotations", &annotations);
    }
    // DescribePodTemplate: the same container blocks as a pod's, indented, without
    // statuses or values resolved from a pod.
    if !template.spec.init_containers.is_empty() {
        containers(r, "Init Containers", &template.spec.init_containers, None);
    }
    containers(r, "Containers", &template.spec.containers, None);
    let volumes = &template.spec.volumes;
    if volumes.is_empty() {
        r.field(1, "Volumes", "<none>");
    } else {
        r.line(1, "Volumes:");
        for v in volumes {
            r.raw(vec![format!("   {}:", v.name)]);
            volume_source(r, &v.persistent_volume_claim, &v.extra);
        }
    }
    r.map_field(1, "Node-Selectors", &template.spec.node_selector);
    tolerations(r, 1, &template.spec.tolerations);
}

/// `Tolerations:` as kubectl's printTolerationsMultilineWithIndent: sorted by key, one per
/// line, `key=value:effect op=Exists for Ns`.
fn tolerations(r: &mut Report, level: usize, tolerations: &[Value]) {
    let field = |t: &Value, f: &str| t.get(f).and_then(Value::as_str).unwrap_or("").to_string();
    let mut sorted: Vec<&Value> = tolerations.iter().collect();
    ordinal_api::order::sort_by_key(&mut sorted, |t| field(t, "key"));
    let mut lines = sorted.into_iter().map(|t| {
        let (key, value, effect) = (field(t, "key"), field(t, "value"), field(t, "effect"));
        let mut line = key.clone();
        if !value.is_empty() {
            line.push_str(&format!("={value}"));
        }
        if !effect.is_empty() {
            line.push_str(&format!(":{effect}"));
        }
        if field(t, "operator") == "Exists" && value.is_empty() {
            // A bare `operator: Exists` tolerates everything.
            let space = if key.is_empty() && effect.is_empty() {
                ""
            } else {
                " "
            };
            line.push_str(&format!("{space}op=Exists"));
        }
        if let Some(seconds) = t.get("tolerationSeconds").and_then(Value::as_i64) {
            line.push_str(&format!(" for {seconds}s"));
        }
        line
    });
    match lines.next() {
        None => r.field(level, "Tolerations", "<none>"),
        Some(first) => {
            r.field(level, "Tolerations", first);
            for rest in lines {
                r.raw(vec![String::new(), rest]);
            }
        }
    }
}

fn ports(r: &mut Report, ports: &[ordinal_api::ContainerPort]) {
    let text = |p: &ordinal_api::ContainerPort, port: i32| {
        let protocol = p.protocol.as_deref().unwrap_or("TCP");
        match &p.name {
            Some(name) => format!("{port}/{protocol} ({name})"),
            None => format!("{port}/{protocol}"),
        }
    };
    // describeContainerPorts: every port, joined; the plural title once there is a comma.
    let joined = |port: fn(&ordinal_api::ContainerPort) -> i32| {
        ports
            .iter()
            .map(|p| text(p, port(p)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (container, host) = (joined(|p| p.container_port), joined(|_| 0));
    if ports.len() > 1 {
        r.field(2, "Ports", container);
        r.field(2, "Host Ports", host);
    } else if ports.is_empty() {
        r.field(2, "Port", "<none>");
        r.field(2, "Host Port", "<none>");
    } else {
        r.field(2, "Port", container);
        r.field(2, "Host Port", host);
    }
}

fn volume_source(
    r: &mut Report,
    pvc: &Option<ordinal_api::PvcVolumeSource>,
    extra: &BTreeMap<String, Value>,
) {
    if let Some(pvc) = pvc {
        r.field(
            2,
            "Type",
            "PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)",
        );
        r.field(2, "ClaimName", pvc.claim_name.clone());
        r.field(2, "ReadOnly", pvc.read_only.unwrap_or(false).to_string());
    } else if extra.contains_key("emptyDir") {
        r.field(
            2,
            "Type",
            "EmptyDir (a temporary directory that shares a pod's lifetime)",
        );
        r.field(2, "Medium", "");
        r.field(2, "SizeLimit", "<unset>");
    } else if let Some(host) = extra.get("hostPath") {
        // kubectl's printHostPathVolumeSource.
        let text = |k: &str| host.get(k).map(value_text).unwrap_or_default();
        r.field(2, "Type", "HostPath (bare host directory volume)");
        r.field(2, "Path", text("path"));
        r.field(2, "HostPathType", text("type"));
    } else if let Some(cm) = extra.get("configMap") {
        r.field(2, "Type", "ConfigMap (a volume populated by a ConfigMap)");
        r.field(
            2,
            "Name",
            cm.get("name").map(value_text).unwrap_or_default(),
        );
        r.field(2, "Optional", "false");
    } else {
        r.field(2, "Type", extra.keys().next().cloned().unwrap_or_default());
    }
}

/// A probe as kubectl's `DescribeProbe` prints it: `http-get http://:80/healthz delay=3s
/// timeout=1s period=3s #success=1 #failure=3` (exec, http-get or tcp-socket first).
fn probe_text(probe: &ordinal_api::Probe) -> String {
    let text = |v: Option<&Value>| v.map(value_text).unwrap_or_default();
    let handler = if let Some(exec) = probe.extra.get("exec") {
        let command: Vec<String> = exec
            .get("command")
            .and_then(Value::as_array)
            .map(|a| a.iter().map(value_text).collect())
            .unwrap_or_default();
        format!("exec [{}]", command.join(" "))
    } else if let Some(http) = probe.extra.get("httpGet") {
        let scheme = text(http.get("scheme")).to_ascii_lowercase();
        let scheme = if scheme.is_empty() {
            "http".into()
        } else {
            scheme
        };
        format!(
            "http-get {scheme}://{}:{}{}",
            text(http.get("host")),
            text(http.get("port")),
            text(http.get("path"))
        )
    } else if let Some(tcp) = probe.extra.get("tcpSocket") {
        format!(
            "tcp-socket {}:{}",
            text(tcp.get("host")),
            text(tcp.get("port"))
        )
    } else {
        "unknown".into()
    };
    format!(
        "{handler} delay={}s timeout={}s period={}s #success={} #failure={}",
        probe.initial_delay_seconds.unwrap_or(0),
        probe.timeout_seconds.unwrap_or(1),
        probe.period_seconds.unwrap_or(10),
        probe.success_threshold.unwrap_or(1),
        probe.failure_threshold.unwrap_or(3)
    )
}

/// A container state as kubectl's `describeStatus` prints it: Running with Started; Waiting
/// with its Reason; Terminated with Reason, Message, Exit Code, Signal, Started, Finished;
/// an empty state is a bare Waiting.
fn container_state(r: &mut Report, title: &str, state: Option<&Value>) {
    let Some((name, detail)) = state
        .and_then(Value::as_object)
        .and_then(|m| m.iter().next())
    else {
        r.field(2, title, "Waiting");
        return;
    };
    let text = |k: &str| detail.get(k).map(value_text).filter(|t| !t.is_empty());
    match name.as_str() {
        "running" => {
            r.field(2, title, "Running");
            r.field(
                3,
                "Started",
                rfc1123(&text("startedAt").unwrap_or_default()),
            );
        }
        "terminated" => {
            r.field(2, title, "Terminated");
            if let Some(reason) = text("reason") {
                r.field(3, "Reason", reason);
            }
            if let Some(message) = text("message") {
                r.field(3, "Message", message);
            }
            r.field(
                3,
                "Exit Code",
                text("exitCode").unwrap_or_else(|| "0".into()),
            );
            if let Some(signal) = text("signal").filter(|s| s != "0") {
                r.field(3, "Signal", signal);
            }
            r.field(
                3,
                "Started",
                rfc1123(&text("startedAt").unwrap_or_default()),
            );
            r.field(
                3,
                "Finished",
                rfc1123(&text("finishedAt").unwrap_or_default()),
            );
        }
        _ => {
            r.field(2, title, "Waiting");
            if let Some(reason) = text("reason") {
                r.field(3, "Reason", reason);
            }
        }
    }
}

/// The Events section: events whose involvedObject is this object, oldest first. As
/// kubectl's `SearchEvents`, the involved object's uid must match too, so a pod re-created
/// under the same name does not show its predecessor's events.
pub(crate) fn events(r: &mut Report, cluster: &Cluster, kind: &str, meta: &ObjectMeta) {
    let now = cluster.now();
    // Cluster-scoped objects' events are in `default`, as the API server files them.
    let namespace = meta.namespace.as_deref().unwrap_or("default");
    let mut rows: Vec<(String, Vec<String>)> =
        crate::events::event_objects(cluster, Some(namespace))
            .iter()
            .map(to_json)
            .filter(|e| {
                let field = |f: &str| {
                    e.pointer(&format!("/involvedObject/{f}"))
                        .and_then(Value::as_str)
                };
                field("kind") == Some(kind)
                    && field("name") == Some(meta.name.as_str())
                    && (meta.uid.is_none()
                        || field("uid").is_none()
                        || field("uid") == meta.uid.as_deref())
            })
            .map(|e| {
                let s = |k: &str| e.get(k).map(value_text).unwrap_or_default();
                let last = s("lastTimestamp");
                let age = Time::from_rfc3339(&last)
                    .map_or_else(|| "<unknown>".into(), |t| format_age(now.since(t)));
                let count = e.get("count").and_then(Value::as_i64).unwrap_or(1);
                let age = if count > 1 {
                    let first = Time::from_rfc3339(&s("firstTimestamp"))
                        .map_or_else(|| "<unknown>".into(), |t| format_age(now.since(t)));
                    format!("{age} (x{count} over {first})")
                } else {
                    age
                };
                let from = e
                    .pointer("/source/component")
                    .map(value_text)
                    .unwrap_or_default();
                (
                    last.clone(),
                    vec![
                        format!("  {}", s("type")),
                        s("reason"),
                        age,
                        from,
                        s("message"),
                    ],
                )
            })
            .collect();
    if rows.is_empty() {
        r.field(0, "Events", "<none>");
        return;
    }
    ordinal_api::order::sort_by(&mut rows, |a, b| a.0.cmp(&b.0));
    r.line(0, "Events:");
    r.raw(
        ["  Type", "Reason", "Age", "From", "Message"]
            .map(String::from)
            .to_vec(),
    );
    r.raw(
        ["  ----", "------", "----", "----", "-------"]
            .map(String::from)
            .to_vec(),
    );
    for (_, row) in rows {
        r.raw(row);
    }
}

fn statefulset(cluster: &Cluster, set: &StatefulSet) -> String {
    let mut r = Report::default();
    let meta = &set.metadata;
    header(&mut r, meta, true);
    r.field(
        0,
        "CreationTimestamp",
        rfc1123(meta.creation_timestamp.as_deref().unwrap_or("")),
    );
    let selector = set
        .spec
        .selector
        .as_ref()
        .map(|s| selector_text(&s.match_labels))
        .unwrap_or_default();
    r.field(0, "Selector", selector);
    r.map_field(0, "Labels", &meta.labels);
    r.map_field(0, "Annotations", &shown_annotations(meta));
    r.field(
        0,
        "Service Name",
        set.spec.service_name.clone().unwrap_or_default(),
    );
    r.field(
        0,
        "Pod Management Policy",
        set.spec
            .pod_management_policy
            .clone()
            .unwrap_or_else(|| "OrderedReady".into()),
    );
    r.field(
        0,
        "Replicas",
        format!(
            "{} desired | {} total",
            set.spec.replicas.unwrap_or(1),
            set.status.replicas
        ),
    );
    let strategy = set.spec.update_strategy.clone().unwrap_or_default();
    r.field(
        0,
        "Update Strategy",
        strategy
            .type_
            .clone()
            .unwrap_or_else(|| "RollingUpdate".into()),
    );
    if let Some(rolling) = &strategy.rolling_update {
        r.field(1, "Partition", rolling.partition.unwrap_or(0).to_string());
        if let Some(max) = &rolling.max_unavailable {
            r.field(1, "MaxUnavailable", value_text(max));
        }
    }
    let retention = set
        .spec
        .persistent_volume_claim_retention_policy
        .clone()
        .unwrap_or_default();
    r.line(0, "Persistent Volume Claim Retention Policy:");
    r.field(
        1,
        "WhenDeleted",
        retention.when_deleted.unwrap_or_else(|| "Retain".into()),
    );
    r.field(
        1,
        "WhenScaled",
        retention.when_scaled.unwrap_or_else(|| "Retain".into()),
    );
    let owned: Vec<Object> = backend::list(cluster, "Pod", meta.namespace.as_deref())
        .into_iter()
        .filter(|p| {
            p.metadata()
                .owner_references
                .iter()
                .any(|o| o.kind == "StatefulSet" && o.name == meta.name)
        })
        .collect();
    let phase_count = |phase: &str| {
        owned
            .iter()
            .filter(|p| matches!(p, Object::Pod(pod) if pod.status.phase.as_deref().unwrap_or("Pending") == phase))
            .count()
    };
    r.field(
        0,
        "Pods Status",
        format!(
            "{} Running / {} Waiting / {} Succeeded / {} Failed",
            phase_count("Running"),
            phase_count("Pending"),
            phase_count("Succeeded"),
            phase_count("Failed")
        ),
    );
    pod_template(&mut r, &set.spec.template);
    if set.spec.volume_claim_templates.is_empty() {
        r.field(0, "Volume Claims", "<none>");
    } else {
        r.line(0, "Volume Claims:");
        for claim in &set.spec.volume_claim_templates {
            r.field(1, "Name", claim.metadata.name.clone());
            r.field(
                1,
                "StorageClass",
                claim.spec.storage_class_name.clone().unwrap_or_default(),
            );
            r.map_field(1, "Labels", &claim.metadata.labels);
            r.map_field(1, "Annotations", &claim.metadata.annotations);
            let capacity = claim
                .spec
                .resources
                .as_ref()
                .and_then(|v| v.pointer("/requests/storage"))
                .map(value_text)
                .unwrap_or_default();
            r.field(1, "Capacity", capacity);
            r.field(
                1,
                "Access Modes",
                format!("[{}]", claim.spec.access_modes.join(" ")),
            );
        }
    }
    events(&mut r, cluster, "StatefulSet", meta);
    r.render()
}

fn service(cluster: &Cluster, svc: &Service) -> String {
    let mut r = Report::default();
    header(&mut r, &svc.metadata, true);
    r.map_field(0, "Labels", &svc.metadata.labels);
    r.map_field(0, "Annotations", &shown_annotations(&svc.metadata));
    let selector = if svc.spec.selector.is_empty() {
        "<none>".into()
    } else {
        selector_text(&svc.spec.selector)
    };
    r.field(0, "Selector", selector);
    r.field(
        0,
        "Type",
        svc.spec.type_.clone().unwrap_or_else(|| "ClusterIP".into()),
    );
    r.field(0, "IP Family Policy", "SingleStack");
    r.field(0, "IP Families", "IPv4");
    let ip = crate::print::columns::service_cluster_ip(svc);
    r.field(0, "IP", ip.clone());
    r.field(0, "IPs", ip);
    for p in &svc.spec.ports {
        let protocol = p.protocol.as_deref().unwrap_or("TCP");
        r.field(
            0,
            "Port",
            format!(
                "{}  {}/{protocol}",
                p.name.as_deref().unwrap_or("<unset>"),
                p.port
            ),
        );
        let target = p
            .target_port
            .as_ref()
            .map(value_text)
            .unwrap_or_else(|| p.port.to_string());
        r.field(0, "TargetPort", format!("{target}/{protocol}"));
        if !svc.spec.selector.is_empty() {
            // Ready addresses only, as the endpoints controller publishes them.
            let ready: Vec<String> = ordinal_sim::services::endpoints(cluster.store(), svc)
                .iter()
                .filter(|e| e.ready)
                .map(|e| format!("{}:{target}", e.ip))
                .collect();
            r.field(0, "Endpoints", ready.join(","));
        }
    }
    r.field(0, "Session Affinity", "None");
    r.field(0, "Internal Traffic Policy", "Cluster");
    events(&mut r, cluster, "Service", &svc.metadata);
    r.render()
}

fn claim(cluster: &Cluster, pvc: &PersistentVolumeClaim) -> String {
    let mut r = Report::default();
    header(&mut r, &pvc.metadata, true);
    r.field(
        0,
        "StorageClass",
        pvc.spec.storage_class_name.clone().unwrap_or_default(),
    );
    let status = if pvc.metadata.deletion_timestamp.is_some() {
        "Terminating".into()
    } else {
        pvc.status.phase.clone().unwrap_or_else(|| "Pending".into())
    };
    r.field(0, "Status", status);
    r.field(
        0,
        "Volume",
        pvc.spec.volume_name.clone().unwrap_or_default(),
    );
    r.map_field(0, "Labels", &pvc.metadata.labels);
    r.map_field(0, "Annotations", &shown_annotations(&pvc.metadata));
    let finalizers = format!("[{}]", pvc.metadata.finalizers.join(" "));
    r.field(0, "Finalizers", finalizers);
    r.field(
        0,
        "Capacity",
        pvc.status
            .capacity
            .get("storage")
            .cloned()
            .unwrap_or_default(),
    );
    r.field(0, "Access Modes", access_modes(&pvc.status.access_modes));
    r.field(
        0,
        "VolumeMode",
        pvc.spec
            .volume_mode
            .clone()
            .unwrap_or_else(|| "Filesystem".into()),
    );
    let users: Vec<String> = backend::list(cluster, "Pod", pvc.metadata.namespace.as_deref())
        .into_iter()
        .filter_map(|o| match o {
            Object::Pod(p)
                if p.spec.volumes.iter().any(|v| {
                    v.persistent_volume_claim
                        .as_ref()
                        .is_some_and(|c| c.claim_name == pvc.metadata.name)
                }) =>
            {
                Some(p.metadata.name)
            }
            _ => None,
        })
        .collect();
    r.field(
        0,
        "Used By",
        if users.is_empty() {
            "<none>".into()
        } else {
            users.join(",")
        },
    );
    events(&mut r, cluster, "PersistentVolumeClaim", &pvc.metadata);
    r.render()
}

fn volume(cluster: &Cluster, pv: &PersistentVolume) -> String {
    let mut r = Report::default();
    header(&mut r, &pv.metadata, false);
    r.map_field(0, "Labels", &pv.metadata.labels);
    r.map_field(0, "Annotations", &shown_annotations(&pv.metadata));
    r.field(
        0,
        "Finalizers",
        format!("[{}]", pv.metadata.finalizers.join(" ")),
    );
    r.field(
        0,
        "StorageClass",
        pv.spec.storage_class_name.clone().unwrap_or_default(),
    );
    r.field(
        0,
        "Status",
        pv.status.phase.clone().unwrap_or_else(|| "Pending".into()),
    );
    let claim = pv
        .spec
        .claim_ref
        .as_ref()
        .map(|c| {
            format!(
                "{}/{}",
                c.namespace.as_deref().unwrap_or(""),
                c.name.as_deref().unwrap_or("")
            )
        })
        .unwrap_or_default();
    r.field(0, "Claim", claim);
    r.field(
        0,
        "Reclaim Policy",
        pv.spec
            .persistent_volume_reclaim_policy
            .clone()
            .unwrap_or_else(|| "Retain".into()),
    );
    r.field(0, "Access Modes", access_modes(&pv.spec.access_modes));
    r.field(
        0,
        "VolumeMode",
        pv.spec
            .volume_mode
            .clone()
            .unwrap_or_else(|| "Filesystem".into()),
    );
    r.field(
        0,
        "Capacity",
        pv.spec.capacity.get("storage").cloned().unwrap_or_default(),
    );
    node_affinity_terms(&mut r, pv);
    r.field(0, "Message", pv.status.message.clone().unwrap_or_default());
    crate::verbs::describe_storage::volume_source(
        &mut |level, key, value| match value {
            Some(v) => r.field(level, key, v),
            None => r.line(level, &format!("{key}:")),
        },
        &pv.spec.extra,
    );
    events(&mut r, cluster, "PersistentVolume", &pv.metadata);
    r.render()
}

/// `Node Affinity:` with its required terms (`kubernetes.io/hostname in [node-1]`).
fn node_affinity_terms(r: &mut Report, pv: &PersistentVolume) {
    let terms = pv
        .spec
        .node_affinity
        .as_ref()
        .and_then(|a| a.pointer("/required/nodeSelectorTerms"))
        .and_then(|t| t.as_array());
    let Some(terms) = terms else {
        r.field(0, "Node Affinity", "<none>");
        return;
    };
    r.field(0, "Node Affinity", "");
    r.field(1, "Required Terms", "");
    for (i, term) in terms.iter().enumerate() {
        let exprs: Vec<String> = term
            .get("matchExpressions")
            .and_then(|e| e.as_array())
            .map(|list| {
                list.iter()
                    .map(|e| {
                        let text = |k: &str| e.get(k).and_then(|v| v.as_str()).unwrap_or("");
                        let values: Vec<&str> = e
                            .get("values")
                            .and_then(|v| v.as_array())
                            .map(|v| v.iter().filter_map(|x| x.as_str()).collect())
                            .unwrap_or_default();
                        format!(
                            "{} {} [{}]",
                            text("key"),
                            text("operator").to_ascii_lowercase(),
                            values.join(", ")
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        r.field(2, &format!("Term {i}"), exprs.join(", "));
    }
}

fn pod(cluster: &Cluster, pod: &Pod) -> String {
    let mut r = Report::default();
    let meta = &pod.metadata;
    header(&mut r, meta, true);
    r.field(0, "Priority", "0");
    r.field(0, "Service Account", "default");
    let node = match (&pod.spec.node_name, &pod.status.host_ip) {
        (Some(n), Some(ip)) => format!("{n}/{ip}"),
        (Some(n), None) => n.clone(),
        _ => "<none>".into(),
    };
    r.field(0, "Node", node);
    if let Some(start) = &pod.status.start_time {
        r.field(0, "Start Time", rfc1123(start));
    }
    r.map_field(0, "Labels", &meta.labels);
    r.map_field(0, "Annotations", &shown_annotations(meta));
    let status = if meta.deletion_timestamp.is_some() {
        "Terminating".into()
    } else {
        pod.status.phase.clone().unwrap_or_else(|| "Pending".into())
    };
    r.field(0, "Status", status);
    r.field(0, "IP", pod.status.pod_ip.clone().unwrap_or_default());
    match &pod.status.pod_ip {
        Some(ip) => {
            r.line(0, "IPs:");
            r.field(1, "IP", ip.clone());
        }
        None => r.field(0, "IPs", "<none>"),
    }
    if let Some(owner) = meta
        .owner_references
        .iter()
        .find(|o| o.controller == Some(true))
    {
        r.field(0, "Controlled By", format!("{}/{}", owner.kind, owner.name));
    }
    // describePod: the init containers' block first, when there are any.
    if !pod.spec.init_containers.is_empty() {
        containers(
            &mut r,
            "Init Containers",
            &pod.spec.init_containers,
            Some((pod, &pod.status.init_container_statuses)),
        );
    }
    containers(
        &mut r,
        "Containers",
        &pod.spec.containers,
        Some((pod, &pod.status.container_statuses)),
    );
    if !pod.status.conditions.is_empty() {
        r.line(0, "Conditions:");
        r.raw(vec!["  Type".into(), "Status".into()]);
        for c in &pod.status.conditions {
            r.raw(vec![format!("  {}", c.type_), c.status.clone()]);
        }
    }
    if pod.spec.volumes.is_empty() {
        r.field(0, "Volumes", "<none>");
    } else {
        r.line(0, "Volumes:");
        for v in &pod.spec.volumes {
            r.line(1, &format!("{}:", v.name));
            volume_source(&mut r, &v.persistent_volume_claim, &v.extra);
        }
    }
    let qos = pod
        .status
        .qos_class
        .unwrap_or_else(|| ordinal_api::qos::pod_qos(pod));
    r.field(0, "QoS Class", qos.as_str());
    r.map_field(0, "Node-Selectors", &pod.spec.node_selector);
    tolerations(&mut r, 0, &pod.spec.tolerations);
    events(&mut r, cluster, "Pod", meta);
    r.render()
}

/// describe.go's describeContainers: one block per container — image, ports, command and
/// args, then (only with a status) its state, readiness and restarts, probes, environment
/// and mounts. `pod` is the described pod and its statuses for this list; `None` is a pod
/// template's block (DescribePodTemplate), indented one level with each name one more space.
fn containers(
    r: &mut Report,
    label: &str,
    list: &[Container],
    pod: Option<(&Pod, &[ContainerStatus])>,
) {
    let statuses = pod.map_or(&[][..], |(_, statuses)| statuses);
    match pod {
        Some(_) => r.line(0, &format!("{label}:")),
        None => r.line(1, &format!("{label}:")),
    }
    for c in list {
        match pod {
            Some(_) => r.line(1, &format!("{}:", c.name)),
            None => r.raw(vec![format!("   {}:", c.name)]),
        }
        r.field(2, "Image", c.image.clone().unwrap_or_default());
        ports(r, &c.ports);
        command(r, "Command", &c.command);
        command(r, "Args", &c.args);
        let status = statuses.iter().find(|s| s.name == c.name);
        // describeContainerState runs only for a container with a status: a pod never
        // scheduled (no kubelet has written one) shows no State, Ready or Restart Count.
        if let Some(status) = status {
            container_state(r, "State", status.state.as_ref());
            // kubectl prints the last state only when the container terminated before.
            if let Some(last) = &status.last_state
                && last.get("terminated").is_some()
            {
                container_state(r, "Last State", Some(last));
            }
            r.field(2, "Ready", if status.ready { "True" } else { "False" });
            r.field(2, "Restart Count", status.restart_count.to_string());
        }
        resources(r, c, pod.is_some());
        if let Some(probe) = &c.liveness_probe {
            r.field(2, "Liveness", probe_text(probe));
        }
        if let Some(probe) = &c.readiness_probe {
            r.field(2, "Readiness", probe_text(probe));
        }
        if let Some(probe) = c
            .extra
            .get("startupProbe")
            .and_then(|p| ordinal_api::decode::from_value::<ordinal_api::Probe>(p.clone()).ok())
        {
            r.field(2, "Startup", probe_text(&probe));
        }
        environment(r, c, pod.map(|(pod, _)| pod));
        if c.volume_mounts.is_empty() {
            r.field(2, "Mounts", "<none>");
        } else {
            r.line(2, "Mounts:");
            for m in &c.volume_mounts {
                let mode = if m.read_only == Some(true) {
                    "ro"
                } else {
                    "rw"
                };
                r.line(3, &format!("{} from {} ({mode})", m.mount_path, m.name));
            }
        }
    }
}

/// describeResources: `Limits:` then `Requests:`, one resource per line in name order. A
/// pod's requests include those the API server defaulted from its limits (SetDefaults_Pod);
/// quantities are shown as written, not re-canonicalised (`0.5` stays `0.5`).
fn resources(r: &mut Report, c: &Container, in_pod: bool) {
    let list = |field: &str| -> BTreeMap<String, String> {
        c.resources
            .as_ref()
            .and_then(|res| res.get(field))
            .and_then(Value::as_object)
            .map(|m| m.iter().map(|(k, v)| (k.clone(), value_text(v))).collect())
            .unwrap_or_default()
    };
    let limits = list("limits");
    let mut requests = list("requests");
    if in_pod {
        for (name, quantity) in &limits {
            requests
                .entry(name.clone())
                .or_insert_with(|| quantity.clone());
        }
    }
    for (title, list) in [("Limits", limits), ("Requests", requests)] {
        if list.is_empty() {
            continue;
        }
        r.line(2, &format!("{title}:"));
        for (name, quantity) in list {
            r.field(3, &name, quantity);
        }
    }
}

/// describeContainerEnvVars: `NAME:  value` per variable (a multi-line value continues on
/// lines of its own); a `valueFrom` prints its source, a field reference with the value read
/// from the pod (EnvValueRetriever; empty in a template or for a field it cannot read).
fn environment(r: &mut Report, c: &Container, pod: Option<&Pod>) {
    let env = c
        .extra
        .get("env")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    if env.is_empty() {
        r.field(2, "Environment", "<none>");
        return;
    }
    r.line(2, "Environment:");
    let text = |v: Option<&Value>| v.map(value_text).unwrap_or_default();
    for e in env {
        let name = text(e.get("name"));
        let Some(from) = e.get("valueFrom") else {
            let value = text(e.get("value"));
            let mut lines = value.split('\n');
            r.field(3, &name, lines.next().unwrap_or_default());
            for line in lines {
                r.raw(vec!["      ".into(), line.to_string()]);
            }
            continue;
        };
        let optional =
            |source: &Value| source.get("optional").and_then(Value::as_bool) == Some(true);
        if let Some(field) = from.get("fieldRef") {
            let path = text(field.get("fieldPath"));
            let value = pod.map(|pod| pod_field(pod, &path)).unwrap_or_default();
            let version = field
                .get("apiVersion")
                .map_or_else(|| "v1".into(), value_text);
            r.field(3, &name, format!("{value} ({version}:{path})"));
        } else if let Some(reference) = from.get("resourceFieldRef") {
            r.field(3, &name, resource_field(c, reference));
        } else if let Some(secret) = from.get("secretKeyRef") {
            r.raw(vec![
                format!("      {name}:"),
                format!(
                    "<set to the key '{}' in secret '{}'>",
                    text(secret.get("key")),
                    text(secret.get("name"))
                ),
                format!("Optional: {}", optional(secret)),
            ]);
        } else if let Some(map) = from.get("configMapKeyRef") {
            r.raw(vec![
                format!("      {name}:"),
                format!(
                    "<set to the key '{}' of config map '{}'>",
                    text(map.get("key")),
                    text(map.get("name"))
                ),
                format!("Optional: {}", optional(map)),
            ]);
        }
    }
}

/// A `resourceFieldRef` variable as describe prints it: `VALUE (RESOURCE)`, an unset limit
/// being "node allocatable" and an unset request 0. A set quantity is shown as written
/// (ExtractContainerResourceValue's divisor rounding is not modelled).
fn resource_field(c: &Container, reference: &Value) -> String {
    let resource = reference
        .get("resource")
        .map(value_text)
        .unwrap_or_default();
    let set = resource
        .split_once('.')
        .and_then(|(kind, name)| c.resources.as_ref()?.get(kind)?.get(name).map(value_text));
    let value = match set {
        Some(quantity) => quantity,
        None if matches!(resource.as_str(), "limits.cpu" | "limits.memory") => {
            "node allocatable".into()
        }
        None => "0".into(),
    };
    format!("{value} ({resource})")
}

/// fieldpath.ExtractFieldPathAsString as describe uses it: the pod's metadata fields only
/// (name, namespace, uid, a label or an annotation); anything else reads as empty.
fn pod_field(pod: &Pod, path: &str) -> String {
    let meta = &pod.metadata;
    let keyed = |prefix: &str| {
        path.strip_prefix(prefix)
            .and_then(|rest| rest.strip_prefix("['"))
            .and_then(|rest| rest.strip_suffix("']"))
    };
    match path {
        "metadata.name" => meta.name.clone(),
        "metadata.namespace" => meta.namespace.clone().unwrap_or_default(),
        "metadata.uid" => meta.uid.clone().unwrap_or_default(),
        _ => {
            if let Some(key) = keyed("metadata.labels") {
                meta.labels.get(key).cloned().unwrap_or_default()
            } else if let Some(key) = keyed("metadata.annotations") {
                meta.annotations.get(key).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        }
    }
}

/// describeContainerCommand: `Command:` / `Args:` with one line per word (a word's own lines
/// each on a line).
fn command(r: &mut Report, title: &str, words: &[String]) {
    if words.is_empty() {
        return;
    }
    r.line(2, &format!("{title}:"));
    for line in words.iter().flat_map(|w| w.split('\n')) {
        r.line(3, line);
    }
}

/// The `Pod Template:` block alone (`rollout history --revision=N`).
pub fn template_report(template: &PodTemplateSpec) -> String {
    let mut r = Report::default();
    pod_template(&mut r, template);
    r.render()
}

pub fn run(cluster: &Cluster, args: &Args, namespace: &str) -> Output {
    let targets = match resolve(cluster, &args.positional, namespace) {
        Ok(t) => t,
        Err(e) => return Output::err(e, 1),
    };
    let mut reports = Vec::new();
    let mut out = Output::default();
    for (t, object) in targets {
        let report = match &object {
            Object::StatefulSet(s) => statefulset(cluster, s),
            Object::Pod(p) => pod(cluster, p),
            Object::Service(s) => service(cluster, s),
            Object::PersistentVolumeClaim(c) => claim(cluster, c),
            Object::PersistentVolume(v) => volume(cluster, v),
            Object::StorageClass(c) => crate::verbs::describe_storage::storage_class(cluster, c),
            o @ Object::Other { kind, .. } if kind == "Node" => {
                crate::verbs::describe_node::describe(cluster, o)
            }
            o if crate::verbs::describe_workloads::supports(o) => {
                crate::verbs::describe_workloads::describe(cluster, o)
            }
            _ => {
                out.stderr.push_str(&format!(
                    "error: describing {} is not supported by Ordinal yet\n",
                    t.plural
                ));
                out.exit_code = 1;
                continue;
            }
        };
        reports.push(report);
    }
    out.stdout = reports.join("\n\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc1123_dates() {
        assert_eq!(
            rfc1123("2026-01-01T00:00:05Z"),
            "Thu, 01 Jan 2026 00:00:05 +0000"
        );
        assert_eq!(
            rfc1123("2025-10-07T10:00:00Z"),
            "Tue, 07 Oct 2025 10:00:00 +0000"
        );
    }

    #[test]
    fn blocks_align_until_a_header_line() {
        let mut r = Report::default();
        r.field(0, "Name", "web");
        r.field(0, "Pod Management Policy", "OrderedReady");
        r.line(0, "Persistent Volume Claim Retention Policy:");
        r.field(1, "WhenDeleted", "Retain");
        r.field(0, "Pods Status", "3 Running");
        assert_eq!(
            r.render(),
            "Name:                   web\nPod Management Policy:  OrderedReady\nPersistent Volume Claim Retention Policy:\n  WhenDeleted:  Retain\nPods Status:    3 Running\n"
        );
    }
}
