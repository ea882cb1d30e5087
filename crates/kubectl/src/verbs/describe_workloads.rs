//! `kubectl describe` for Deployments, ReplicaSets and DaemonSets (`DeploymentDescriber`,
//! `ReplicaSetDescriber`, `DaemonSetDescriber`), on the Report of `describe.rs`.

use crate::backend;
use crate::print::workloads::{format_labels, format_selector};
use crate::verbs::describe::{Report, events, header, pod_template, rfc1123, shown_annotations};
use ordinal_api::{Object, ObjectMeta};
use ordinal_sim::Cluster;
use ordinal_sim::daemonset::DaemonSet;
use ordinal_sim::deployment::Deployment;
use ordinal_sim::replicaset::ReplicaSet;
use ordinal_sim::replicaset::types::decode;
use serde_json::Value;
use std::collections::BTreeMap;

pub fn supports(object: &Object) -> bool {
    matches!(object.kind(), "Deployment" | "ReplicaSet" | "DaemonSet")
}

pub fn describe(cluster: &Cluster, object: &Object) -> String {
    if let Some(d) = decode::<Deployment>(object, "Deployment") {
        return deployment(cluster, &d);
    }
    if let Some(rs) = decode::<ReplicaSet>(object, "ReplicaSet") {
        return replica_set(cluster, &rs);
    }
    match decode::<DaemonSet>(object, "DaemonSet") {
        Some(ds) => daemon_set(cluster, &ds),
        None => String::new(),
    }
}

/// `Annotations:` as describe prints them: `key: value`, one per line.
fn annotations(r: &mut Report, meta: &ObjectMeta) {
    let shown: BTreeMap<String, String> = shown_annotations(meta);
    let mut entries = shown.iter().map(|(k, v)| format!("{k}: {v}"));
    match entries.next() {
        None => r.field(0, "Annotations", "<none>"),
        Some(first) => {
            r.field(0, "Annotations", first);
            for rest in entries {
                r.raw(vec![String::new(), rest]);
            }
        }
    }
}

fn created(r: &mut Report, meta: &ObjectMeta) {
    r.field(
        0,
        "CreationTimestamp",
        rfc1123(meta.creation_timestamp.as_deref().unwrap_or("")),
    );
}

/// `Pods Status:` over the pods a controller owns.
fn pods_status(cluster: &Cluster, meta: &ObjectMeta) -> String {
    let uid = meta.uid.clone().unwrap_or_default();
    let pods: Vec<Object> = backend::list(cluster, "Pod", meta.namespace.as_deref())
        .into_iter()
        .filter(|p| {
            p.metadata()
                .owner_references
                .iter()
                .any(|o| o.uid == uid && o.controller == Some(true))
        })
        .collect();
    let count = |phase: &str| {
        pods.iter()
            .filter(|p| matches!(p, Object::Pod(pod) if pod.status.phase.as_deref().unwrap_or("Pending") == phase))
            .count()
    };
    format!(
        "{} Running / {} Waiting / {} Succeeded / {} Failed",
        count("Running"),
        count("Pending"),
        count("Succeeded"),
        count("Failed")
    )
}

fn text(v: Option<&Value>, default: &str) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => default.into(),
    }
}

/// `name (ready/replicas replicas created)` for the ReplicaSet lines.
fn rs_line(rs: &ReplicaSet) -> String {
    format!(
        "{} ({}/{} replicas created)",
        rs.metadata.name,
        rs.status.replicas,
        rs.replicas()
    )
}

fn deployment(cluster: &Cluster, d: &Deployment) -> String {
    let mut r = Report::default();
    let meta = &d.metadata;
    header(&mut r, meta, true);
    created(&mut r, meta);
    r.map_field(0, "Labels", &meta.labels);
    annotations(&mut r, meta);
    r.field(0, "Selector", format_selector(d.spec.selector.as_ref()));
    let s = &d.status;
    r.field(
        0,
        "Replicas",
        format!(
            "{} desired | {} updated | {} total | {} available | {} unavailable",
            d.replicas(),
            s.updated_replicas.unwrap_or(0),
            s.replicas.unwrap_or(0),
            s.available_replicas.unwrap_or(0),
            s.unavailable_replicas.unwrap_or(0)
        ),
    );
    let strategy = if d.is_recreate() {
        "Recreate"
    } else {
        "RollingUpdate"
    };
    r.field(0, "StrategyType", strategy);
    r.field(
        0,
        "MinReadySeconds",
        d.spec.min_ready_seconds.unwrap_or(0).to_string(),
    );
    if !d.is_recreate() {
        let rolling = d
            .spec
            .strategy
            .as_ref()
            .and_then(|s| s.rolling_update.clone())
            .unwrap_or_default();
        r.field(
            0,
            "RollingUpdateStrategy",
            format!(
                "{} max unavailable, {} max surge",
                text(rolling.max_unavailable.as_ref(), "25%"),
                text(rolling.max_surge.as_ref(), "25%")
            ),
        );
    }
    pod_template(&mut r, &d.spec.template);
    if !s.conditions.is_empty() {
        r.line(0, "Conditions:");
        r.raw(vec!["  Type".into(), "Status".into(), "Reason".into()]);
        r.raw(vec!["  ----".into(), "------".into(), "------".into()]);
        for c in &s.conditions {
            r.raw(vec![
                format!("  {}", c.type_),
                c.status.clone(),
                c.reason.clone().unwrap_or_default(),
            ]);
        }
    }
    let uid = meta.uid.clone().unwrap_or_default();
    let mut sets: Vec<ReplicaSet> = backend::list(cluster, "ReplicaSet", meta.namespace.as_deref())
        .iter()
        .filter_map(|o| decode::<ReplicaSet>(o, "ReplicaSet"))
        .filter(|rs| rs.metadata.owner_references.iter().any(|o| o.uid == uid))
        .collect();
    ordinal_api::order::sort_by(&mut sets, |a, b| {
        a.metadata
            .creation_timestamp
            .cmp(&b.metadata.creation_timestamp)
    });
    let new_rs = sets.iter().find(|rs| {
        ordinal_sim::deployment::util::equal_ignore_hash(&rs.spec.template, &d.spec.template)
    });
    let old: Vec<String> = sets
        .iter()
        .filter(|rs| new_rs.is_none_or(|n| n.metadata.name != rs.metadata.name))
        .filter(|rs| rs.replicas() > 0 || rs.status.replicas > 0)
        .map(rs_line)
        .collect();
    r.field(
        0,
        "OldReplicaSets",
        if old.is_empty() {
            "<none>".into()
        } else {
            old.join(", ")
        },
    );
    r.field(
        0,
        "NewReplicaSet",
        new_rs.map_or_else(|| "<none>".into(), rs_line),
    );
    events(&mut r, cluster, "Deployment", meta);
    r.render()
}

fn controlled_by(meta: &ObjectMeta) -> Option<String> {
    meta.owner_references
        .iter()
        .find(|o| o.controller == Some(true))
        .map(|o| format!("{}/{}", o.kind, o.name))
}

fn replica_set(cluster: &Cluster, rs: &ReplicaSet) -> String {
    let mut r = Report::default();
    let meta = &rs.metadata;
    header(&mut r, meta, true);
    r.field(0, "Selector", format_selector(rs.spec.selector.as_ref()));
    r.map_field(0, "Labels", &meta.labels);
    annotations(&mut r, meta);
    if let Some(owner) = controlled_by(meta) {
        r.field(0, "Controlled By", owner);
    }
    r.field(
        0,
        "Replicas",
        format!("{} current / {} desired", rs.status.replicas, rs.replicas()),
    );
    r.field(0, "Pods Status", pods_status(cluster, meta));
    pod_template(&mut r, &rs.spec.template);
    events(&mut r, cluster, "ReplicaSet", meta);
    r.render()
}

fn daemon_set(cluster: &Cluster, ds: &DaemonSet) -> String {
    let mut r = Report::default();
    let meta = &ds.metadata;
    // The DaemonSet describer prints no Namespace line.
    header(&mut r, meta, false);
    r.field(0, "Selector", format_selector(ds.spec.selector.as_ref()));
    r.field(
        0,
        "Node-Selector",
        format_labels(&ds.spec.template.spec.node_selector),
    );
    r.map_field(0, "Labels", &meta.labels);
    annotations(&mut r, meta);
    // kubectl writes these five without a tab: they end the aligned block above.
    let s = &ds.status;
    let counts = [
        (
            "Desired Number of Nodes Scheduled",
            s.desired_number_scheduled,
        ),
        (
            "Current Number of Nodes Scheduled",
            s.current_number_scheduled,
        ),
        (
            "Number of Nodes Scheduled with Up-to-date Pods",
            s.updated_number_scheduled.unwrap_or(0),
        ),
        (
            "Number of Nodes Scheduled with Available Pods",
            s.number_available.unwrap_or(0),
        ),
        ("Number of Nodes Misscheduled", s.number_misscheduled),
    ];
    for (label, n) in counts {
        r.line(0, &format!("{label}: {n}"));
    }
    r.field(0, "Pods Status", pods_status(cluster, meta));
    pod_template(&mut r, &ds.spec.template);
    events(&mut r, cluster, "DaemonSet", meta);
    r.render()
}
