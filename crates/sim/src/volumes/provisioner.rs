//! StorageClasses and the simulated external provisioners: every
//! class's provisioner works (the default `standard` class's `rancher.io/local-path`, the
//! tutorials' NFS client provisioner, any CSI driver), except the static-only
//! `kubernetes.io/no-provisioner`. A provisioned volume is `pvc-<claim uid>`.

use super::{CONTROLLER, DEFAULT_CLASS, PROVISIONED_BY, PV_PROTECTION, SELECTED_NODE, binder};
use crate::cluster::{Cluster, Timer};
use crate::store::{ObjectKey, Store};
use crate::timing;
use ordinal_api::{
    Object, ObjectMeta, PersistentVolume, PersistentVolumeClaim, PersistentVolumeSpec,
    PersistentVolumeStatus, StorageClass,
};
use serde_json::json;
use std::collections::BTreeMap;

/// The class a kind/minikube-like playground starts with (SPEC §0 "Storage").
pub const DEFAULT_CLASS_NAME: &str = "standard";
pub const DEFAULT_PROVISIONER: &str = "rancher.io/local-path";
const NO_PROVISIONER: &str = "kubernetes.io/no-provisioner";

/// The built-in default StorageClass, stored when the cluster starts. Its uid is fixed so
/// it does not draw from the seeded RNG (every other uid stays what it was).
pub fn default_storage_class(created: &str) -> StorageClass {
    StorageClass {
        metadata: ObjectMeta {
            name: DEFAULT_CLASS_NAME.into(),
            uid: Some("5f0c1b6e-4d2a-4c8e-9a51-0c0ffee00001".into()),
            creation_timestamp: Some(created.to_string()),
            annotations: BTreeMap::from([(DEFAULT_CLASS.to_string(), "true".to_string())]),
            ..ObjectMeta::default()
        },
        provisioner: DEFAULT_PROVISIONER.into(),
        reclaim_policy: Some("Delete".into()),
        volume_binding_mode: Some("WaitForFirstConsumer".into()),
        allow_volume_expansion: None,
        parameters: BTreeMap::new(),
    }
}

pub fn install_default_class(cluster: &mut Cluster) {
    let class = default_storage_class(&cluster.now().rfc3339());
    cluster.write(Object::StorageClass(class));
}

/// The default class's name (the newest, if several are marked, as the API server picks).
pub fn default_class(store: &Store) -> Option<String> {
    store
        .list("StorageClass", None)
        .filter_map(|o| match o {
            Object::StorageClass(c)
                if c.metadata
                    .annotations
                    .get(DEFAULT_CLASS)
                    .map(String::as_str)
                    == Some("true") =>
            {
                Some(c)
            }
            _ => None,
        })
        .max_by(|a, b| {
            a.metadata
                .creation_timestamp
                .cmp(&b.metadata.creation_timestamp)
        })
        .map(|c| c.metadata.name.clone())
}

fn class_of<'a>(store: &'a Store, claim: &PersistentVolumeClaim) -> Option<&'a StorageClass> {
    let name = claim
        .spec
        .storage_class_name
        .as_deref()
        .filter(|n| !n.is_empty())?;
    match store.get(&ObjectKey::new("StorageClass", "", name)) {
        Some(Object::StorageClass(c)) => Some(c),
        _ => None,
    }
}

/// The claim's class's `volumeBindingMode`, if it has a class that exists.
pub fn binding_mode(store: &Store, claim: &PersistentVolumeClaim) -> Option<String> {
    class_of(store, claim).map(|c| {
        c.volume_binding_mode
            .clone()
            .unwrap_or_else(|| "Immediate".into())
    })
}

pub fn can_provision(store: &Store, claim: &PersistentVolumeClaim) -> bool {
    class_of(store, claim).is_some_and(|c| c.provisioner != NO_PROVISIONER)
}

/// The `From` column of a provisioner's events (a `&'static str` in the event log; unknown
/// provisioners share one name).
fn provisioner_source(provisioner: &str) -> &'static str {
    const KNOWN: &[&str] = &[
        DEFAULT_PROVISIONER,
        "fuseim.pri/ifs",
        "k8s-sigs.io/nfs-subdir-external-provisioner",
        "cluster.local/nfs-subdir-external-provisioner",
        "nfs.csi.k8s.io",
        "hostpath.csi.k8s.io",
        "k8s.io/minikube-hostpath",
        "ebs.csi.aws.com",
        "pd.csi.storage.gke.io",
        "disk.csi.azure.com",
        "driver.longhorn.io",
        "rook-ceph.rbd.csi.ceph.com",
    ];
    KNOWN
        .iter()
        .copied()
        .find(|k| *k == provisioner)
        .unwrap_or("external-provisioner")
}

/// Records a waiting event once per claim and reason (a real controller repeats it every
/// resync; the count would only grow).
fn note(
    cluster: &mut Cluster,
    claim: &PersistentVolumeClaim,
    type_: &'static str,
    reason: &str,
    message: String,
) {
    let Some(uid) = claim.metadata.uid.clone() else {
        return;
    };
    let key = ObjectKey::of(&Object::PersistentVolumeClaim(claim.clone()));
    let seen = (uid, reason.to_string());
    if cluster.storage.noted.get(&key) == Some(&seen) {
        return;
    }
    cluster.storage.noted.insert(key.clone(), seen);
    // `sim why pvc/NAME` says the same, with the rule it follows.
    let rule = match reason {
        "FailedBinding" => "R-5.6",
        "WaitForFirstConsumer" => "R-5.8",
        _ => "R-5.7",
    };
    cluster.explain(&key, CONTROLLER, vec![(rule, message.clone())]);
    cluster.record_event(&key, type_, reason, message, CONTROLLER);
}

/// No volume matched the claim: wait for a consumer, provision, or say why nothing happens.
pub(crate) fn claim_unmatched(cluster: &mut Cluster, claim: &PersistentVolumeClaim, delayed: bool) {
    let class_name = claim.spec.storage_class_name.clone().unwrap_or_default();
    if class_name.is_empty() {
        note(
            cluster,
            claim,
            "Normal",
            "FailedBinding",
            "no persistent volumes available for this claim and no storage class is set".into(),
        );
        return;
    }
    let Some(class) = class_of(&cluster.store, claim).cloned() else {
        note(
            cluster,
            claim,
            "Warning",
            "ProvisioningFailed",
            format!("storageclass.storage.k8s.io \"{class_name}\" not found"),
        );
        return;
    };
    if delayed {
        note(
            cluster,
            claim,
            "Normal",
            "WaitForFirstConsumer",
            "waiting for first consumer to be created before binding".into(),
        );
        return;
    }
    if class.provisioner == NO_PROVISIONER {
        note(
            cluster,
            claim,
            "Normal",
            "FailedBinding",
            "no persistent volumes available for this claim and no storage class is set".into(),
        );
        return;
    }
    let Some(uid) = claim.metadata.uid.clone() else {
        return;
    };
    if cluster.storage.provisioning.contains(&uid) {
        return;
    }
    let key = ObjectKey::of(&Object::PersistentVolumeClaim(claim.clone()));
    note(
        cluster,
        claim,
        "Normal",
        "ExternalProvisioning",
        format!(
            "Waiting for a volume to be created either by the external provisioner '{}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.",
            class.provisioner
        ),
    );
    if cluster
        .storage
        .broken_classes
        .contains(&class.metadata.name)
    {
        // Nobody answers: the claim waits with the controller's event only.
        return;
    }
    cluster.storage.provisioning.insert(uid.clone());
    cluster.record_event(
        &key,
        "Normal",
        "Provisioning",
        format!(
            "External provisioner is provisioning volume for claim \"{}/{}\"",
            key.namespace, key.name
        ),
        provisioner_source(&class.provisioner),
    );
    let mut annotated = claim.clone();
    for a in [
        "volume.beta.kubernetes.io/storage-provisioner",
        "volume.kubernetes.io/storage-provisioner",
    ] {
        annotated
            .metadata
            .annotations
            .insert(a.into(), class.provisioner.clone());
    }
    cluster.write(Object::PersistentVolumeClaim(annotated));
    cluster.schedule_timer(timing::PROVISION, Timer::Provisioned { claim: key, uid });
}

/// Where the provisioned volume lives, as its provisioner writes it: a directory on the node
/// for local-path, a subdirectory of the export for the NFS client provisioners
/// (`<namespace>-<claim>-<pv>`, the tutorial's layout), a CSI handle otherwise.
fn volume_source(class: &StorageClass, claim: &ObjectKey, name: &str) -> ordinal_api::types::Extra {
    let (namespace, claim_name) = (&claim.namespace, &claim.name);
    let source = match class.provisioner.as_str() {
        DEFAULT_PROVISIONER => (
            "hostPath",
            json!({
                "path": format!("/var/local-path-provisioner/{name}_{namespace}_{claim_name}"),
                "type": "DirectoryOrCreate",
            }),
        ),
        p if p.contains("nfs") || p == "fuseim.pri/ifs" => {
            let server = class
                .parameters
                .get("server")
                .cloned()
                .unwrap_or_else(|| "nfs-server.example".into());
            let base = class
                .parameters
                .get("share")
                .or(class.parameters.get("path"))
                .cloned()
                .unwrap_or_else(|| "/data/nfs".into());
            (
                "nfs",
                json!({
                    "server": server,
                    "path": format!("{}/{namespace}-{claim_name}-{name}", base.trim_end_matches('/')),
                }),
            )
        }
        p => (
            "csi",
            json!({"driver": p, "volumeHandle": name, "fsType": "ext4"}),
        ),
    };
    ordinal_api::types::Extra::from([(source.0.to_string(), source.1)])
}

/// The provisioner finished: store `pvc-<uid>` pre-bound to the claim and bind them.
pub(crate) fn provisioned(cluster: &mut Cluster, key: &ObjectKey, uid: &str) {
    cluster.storage.provisioning.remove(uid);
    let Some(Object::PersistentVolumeClaim(claim)) = cluster.store.get(key) else {
        return;
    };
    if claim.metadata.uid.as_deref() != Some(uid)
        || claim.status.phase.as_deref() == Some("Bound")
        || claim.metadata.deletion_timestamp.is_some()
    {
        return;
    }
    let claim = claim.clone();
    let Some(class) = class_of(&cluster.store, &claim).cloned() else {
        return;
    };
    let storage = binder::requested_storage(&claim).unwrap_or_else(|| "1Gi".into());
    let name = format!("pvc-{uid}");
    let node_affinity = claim
        .metadata
        .annotations
        .get(SELECTED_NODE)
        .and_then(|node| {
            // local-path volumes live on one node's disk; network storage does not.
            (class.provisioner == DEFAULT_PROVISIONER).then(|| {
                json!({"required": {"nodeSelectorTerms": [{"matchExpressions": [
                    {"key": "kubernetes.io/hostname", "operator": "In", "values": [node]}
                ]}]}})
            })
        });
    let volume = PersistentVolume {
        metadata: ObjectMeta {
            name: name.clone(),
            uid: Some(cluster.new_uid()),
            creation_timestamp: Some(cluster.now().rfc3339()),
            annotations: BTreeMap::from([(PROVISIONED_BY.to_string(), class.provisioner.clone())]),
            finalizers: vec![PV_PROTECTION.into()],
            ..ObjectMeta::default()
        },
        spec: PersistentVolumeSpec {
            capacity: BTreeMap::from([("storage".to_string(), storage)]),
            access_modes: claim.spec.access_modes.clone(),
            persistent_volume_reclaim_policy: Some(
                class
                    .reclaim_policy
                    .clone()
                    .unwrap_or_else(|| "Delete".into()),
            ),
            storage_class_name: Some(class.metadata.name.clone()),
            volume_mode: Some(
                claim
                    .spec
                    .volume_mode
                    .clone()
                    .unwrap_or_else(|| "Filesystem".into()),
            ),
            node_affinity,
            // The provisioner creates the volume already pointing at its claim.
            claim_ref: Some(ordinal_api::ObjectReference {
                api_version: Some("v1".into()),
                kind: Some("PersistentVolumeClaim".into()),
                name: Some(key.name.clone()),
                namespace: Some(key.namespace.clone()),
                uid: Some(uid.to_string()),
                resource_version: None,
            }),
            extra: volume_source(&class, key, &name),
        },
        status: PersistentVolumeStatus {
            phase: Some("Pending".into()),
            ..PersistentVolumeStatus::default()
        },
    };
    cluster.record_event(
        key,
        "Normal",
        "ProvisioningSucceeded",
        format!("Successfully provisioned volume {name}"),
        provisioner_source(&class.provisioner),
    );
    binder::bind(cluster, claim, volume);
}
