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
