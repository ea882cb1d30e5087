//! Table columns for Deployments, ReplicaSets and DaemonSets, as kubectl's server-side
//! printers (`printDeployment`, `printReplicaSet`, `printDaemonSet`) define them.

use crate::age::format_age;
use ordinal_api::{LabelSelector, Object, PodTemplateSpec};
use ordinal_sim::Time;
use ordinal_sim::daemonset::DaemonSet;
use ordinal_sim::deployment::Deployment;
use ordinal_sim::replicaset::ReplicaSet;
use ordinal_sim::replicaset::types::decode;
use std::collections::BTreeMap;

const NONE: &str = "<none>";

/// `(columns, -o wide columns)` for the kinds this module prints.
pub fn headers(kind: &str) -> Option<(&'static [&'static str], &'static [&'static str])> {
    const WIDE: &[&str] = &["CONTAINERS", "IMAGES", "SELECTOR"];
    match kind {
        "Deployment" => Some((&["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"], WIDE)),
        "ReplicaSet" => Some((&["NAME", "DESIRED", "CURRENT", "READY", "AGE"], WIDE)),
        "DaemonSet" => Some((
            &[
                "NAME",
                "DESIRED",
                "CURRENT",
                "READY",
                "UP-TO-DATE",
                "AVAILABLE",
                "NODE SELECTOR",
                "AGE",
            ],
            WIDE,
        )),
        _ => None,
    }
}

fn age(now: Time, timestamp: Option<&str>) -> String {
    timestamp
        .and_then(Time::from_rfc3339)
        .map_or_else(|| "<unknown>".into(), |t| format_age(now.since(t)))
}

/// `metav1.FormatLabelSelector`: `app=web,tier in (a,b)`, `<none>` when empty.
pub fn format_selector(selector: Option<&LabelSelector>) -> String {
    let Some(selector) = selector.filter(|s| !s.is_empty()) else {
        return NONE.into();
    };
    let mut parts: Vec<String> = selector
        .match_labels
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    for req in &selector.match_expressions {
        let values = req.values.join(",");
        parts.push(match req.operator.as_str() {
            "In" => format!("{} in ({values})", req.key),
            "NotIn" => format!("{} notin ({values})", req.key),
            "Exists" => req.key.clone(),
            "DoesNotExist" => format!("!{}", req.key),
            other => format!("{} {other} ({values})", req.key),
        });
    }
    parts.join(",")
}

/// `labels.FormatLabels`: `k=v,k2=v2`, `<none>` when empty.
pub fn format_labels(labels: &BTreeMap<String, String>) -> String {
    if labels.is_empty() {
        return NONE.into();
    }
    labels
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

fn wide_columns(template: &PodTemplateSpec, selector: Option<&LabelSelector>) -> Vec<String> {
    let containers = &template.spec.containers;
    vec![
        containers
            .iter()
            .map(|c| c.name.clone())
            .collect::<Vec<_>>()
            .join(","),
        containers
            .iter()
            .map(|c| c.image.clone().unwrap_or_default())
            .collect::<Vec<_>>()
            .join(","),
        format_selector(selector),
    ]
}

/// One row, or `None` for kinds this module does not print.
pub fn row(object: &Object, now: Time, wide: bool) -> Option<Vec<String>> {
    let meta = object.metadata();
    let created = age(now, meta.creation_timestamp.as_deref());
    let (mut row, template, selector) = match object.kind() {
        "Deployment" => {
            let d: Deployment = decode(object, "Deployment")?;
            let s = &d.status;
            (
                vec![
                    meta.name.clone(),
                    format!("{}/{}", s.ready_replicas.unwrap_or(0), d.replicas()),
                    s.updated_replicas.unwrap_or(0).to_string(),
                    s.available_replicas.unwrap_or(0).to_string(),
                    created,
                ],
                d.spec.template,
                d.spec.selector,
            )
        }
        "ReplicaSet" => {
            let rs: ReplicaSet = decode(object, "ReplicaSet")?;
            (
                vec![
                    meta.name.clone(),
                    rs.replicas().to_string(),
                    rs.status.replicas.to_string(),
                    rs.status.ready_replicas.unwrap_or(0).to_string(),
                    created,
                ],
                rs.spec.template,
                rs.spec.selector,
            )
        }
        "DaemonSet" => {
            let ds: DaemonSet = decode(object, "DaemonSet")?;
            let s = &ds.status;
            (
                vec![
                    meta.name.clone(),
                    s.desired_number_scheduled.to_string(),
                    s.current_number_scheduled.to_string(),
                    s.number_ready.to_string(),
                    s.updated_number_scheduled.unwrap_or(0).to_string(),
                    s.number_available.unwrap_or(0).to_string(),
                    format_labels(&ds.spec.template.spec.node_selector),
                    created,
                ],
                ds.spec.template,
                ds.spec.selector,
            )
        }
        _ => return None,
    };
    if wide {
        row.extend(wide_columns(&template, selector.as_ref()));
    }
    Some(row)
}
