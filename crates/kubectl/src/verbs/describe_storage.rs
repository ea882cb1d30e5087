//! `kubectl describe storageclass` (`describe.go` `StorageClassDescriber`): one aligned
//! block, ending with the Events line.

use ordinal_api::StorageClass;
use ordinal_sim::Cluster;
use std::collections::BTreeMap;

fn map_text(map: &BTreeMap<String, String>, separator: &str) -> String {
    if map.is_empty() {
        return "<none>".into();
    }
    map.iter()
        .map(|(k, v)| format!("{k}{separator}{v}"))
        .collect::<Vec<_>>()
        .join(",")
}

pub fn storage_class(cluster: &Cluster, class: &StorageClass) -> String {
    let default = class
        .metadata
        .annotations
        .get("storageclass.kubernetes.io/is-default-class")
        .is_some_and(|v| v == "true");
    let annotations: BTreeMap<String, String> = class
        .metadata
        .annotations
        .iter()
        .filter(|(k, _)| k.as_str() != "kubectl.kubernetes.io/last-applied-configuration")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let key = ordinal_sim::ObjectKey::new("StorageClass", "", &class.metadata.name);
    let has_events = cluster.events_about(&key).next().is_some();
    let rows: Vec<(&str, String)> = vec![
        ("Name", class.metadata.name.clone()),
        ("IsDefaultClass", if default { "Yes" } else { "No" }.into()),
        ("Annotations", map_text(&annotations, "=")),
        ("Provisioner", class.provisioner.clone()),
        ("Parameters", map_text(&class.parameters, "=")),
        (
            "AllowVolumeExpansion",
            class
                .allow_volume_expansion
                .map(|b| b.to_string())
                .unwrap_or_else(|| "<unset>".into()),
        ),
        ("MountOptions", "<none>".into()),
        (
            "ReclaimPolicy",
            class
                .reclaim_policy
                .clone()
                .unwrap_or_else(|| "Delete".into()),
        ),
        (
            "VolumeBindingMode",
            class
                .volume_binding_mode
                .clone()
                .unwrap_or_else(|| "Immediate".into()),
        ),
        // A class has no events of its own in the simulator.
        ("Events", if has_events { "" } else { "<none>" }.into()),
    ];
    let width = rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0) + 3;
    rows.iter()
        .map(|(k, v)| format!("{:<width$}{v}\n", format!("{k}:")))
        .collect()
}

/// The `Source:` block of `describe pv` (`printVolumeSource`): NFS, HostPath or CSI. `line`
/// receives (indent level, key, value); a `None` value is a header line.
pub fn volume_source(
    line: &mut dyn FnMut(usize, &str, Option<String>),
    extra: &BTreeMap<String, serde_json::Value>,
) {
    let text = |v: &serde_json::Value, k: &str| {
        v.get(k)
            .map(|x| match x {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .unwrap_or_default()
    };
    let read_only = |v: &serde_json::Value| {
        v.get("readOnly")
            .and_then(|r| r.as_bool())
            .unwrap_or(false)
            .to_string()
    };
    if let Some(nfs) = extra.get("nfs") {
        line(0, "Source", None);
        line(
            2,
            "Type",
            Some("NFS (an NFS mount that lasts the lifetime of a pod)".into()),
        );
        line(2, "Server", Some(text(nfs, "server")));
        line(2, "Path", Some(text(nfs, "path")));
        line(2, "ReadOnly", Some(read_only(nfs)));
    } else if let Some(host) = extra.get("hostPath") {
        line(0, "Source", None);
        line(
            2,
            "Type",
            Some("HostPath (bare host directory volume)".into()),
        );
        line(2, "Path", Some(text(host, "path")));
        line(2, "HostPathType", Some(text(host, "type")));
    } else if let Some(csi) = extra.get("csi") {
        line(0, "Source", None);
        line(
            2,
            "Type",
            Some("CSI (a Container Storage Interface (CSI) volume source)".into()),
        );
        line(2, "Driver", Some(text(csi, "driver")));
        line(2, "FSType", Some(text(csi, "fsType")));
        line(2, "VolumeHandle", Some(text(csi, "volumeHandle")));
        line(2, "ReadOnly", Some(read_only(csi)));
        line(2, "VolumeAttributes", Some("<none>".into()));
    }
}
