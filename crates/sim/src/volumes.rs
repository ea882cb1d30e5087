//! Claims and volumes, as far as pods need them now: a claim is bound to a freshly provisioned
//! PersistentVolume `pvc-<uid>` `PROVISION` after it is created. The binding policy lives
//! here only, so the PV controller of a later issue (static binding, storage classes,
//! WaitForFirstConsumer) replaces this module without touching the pod path.

use crate::cluster::{Cluster, Timer};
use crate::store::{ObjectKey, Store};
use crate::timing;
use ordinal_api::{
    Object, ObjectMeta, ObjectReference, PersistentVolume, PersistentVolumeClaim,
    PersistentVolumeSpec, PersistentVolumeStatus, Pod,
};
use std::collections::BTreeMap;

pub const PVC_PROTECTION: &str = "kubernetes.io/pvc-protection";

/// What admission adds to every new claim: the protection finalizer, phase Pending.
pub(crate) fn admit_claim(claim: &mut PersistentVolumeClaim) {
    if claim.metadata.deletion_timestamp.is_none()
        && !claim
            .metadata
            .finalizers
            .iter()
            .any(|f| f == PVC_PROTECTION)
    {
        claim.metadata.finalizers.push(PVC_PROTECTION.into());
    }
    claim.status.phase.get_or_insert_with(|| "Pending".into());
}

/// Starts provisioning for a claim just created.
pub(crate) fn claim_created(cluster: &mut Cluster, key: &ObjectKey, uid: &str) {
    cluster.schedule_timer(
        timing::PROVISION,
        Timer::Provisioned {
            claim: key.clone(),
            uid: uid.to_string(),
        },
    );
}

/// The provisioner created the volume: store the PV and bind the claim to it.
pub(crate) fn provisioned(cluster: &mut Cluster, key: &ObjectKey, uid: &str) {
    let Some(Object::PersistentVolumeClaim(claim)) = cluster.store.get(key) else {
        return;
    };
    if claim.metadata.uid.as_deref() != Some(uid) || claim.status.phase.as_deref() == Some("Bound")
    {
        return;
    }
    let mut claim = claim.clone();
    let volume_name = format!("pvc-{uid}");
    let storage = claim
        .spec
        .resources
        .as_ref()
        .and_then(|r| r.pointer("/requests/storage"))
        .and_then(|s| s.as_str())
        .unwrap_or("1Gi")
        .to_string();
    let class = claim
        .spec
        .storage_class_name
        .clone()
        .unwrap_or_else(|| "standard".into());
    let capacity = BTreeMap::from([("storage".to_string(), storage)]);
    let volume = PersistentVolume {
        metadata: ObjectMeta {
            name: volume_name.clone(),
            uid: Some(cluster.new_uid()),
            creation_timestamp: Some(cluster.now().rfc3339()),
            annotations: BTreeMap::from([(
                "pv.kubernetes.io/provisioned-by".to_string(),
                "rancher.io/local-path".to_string(),
            )]),
            finalizers: vec!["kubernetes.io/pv-protection".into()],
            ..ObjectMeta::default()
        },
        spec: PersistentVolumeSpec {
            capacity: capacity.clone(),
            access_modes: claim.spec.access_modes.clone(),
            persistent_volume_reclaim_policy: Some("Delete".into()),
            storage_class_name: Some(class.clone()),
            volume_mode: Some("Filesystem".into()),
            claim_ref: Some(ObjectReference {
                api_version: Some("v1".into()),
                kind: Some("PersistentVolumeClaim".into()),
                name: Some(key.name.clone()),
                namespace: Some(key.namespace.clone()),
                uid: Some(uid.to_string()),
                resource_version: None,
            }),
            ..PersistentVolumeSpec::default()
        },
        status: PersistentVolumeStatus {
            phase: Some("Bound".into()),
            ..PersistentVolumeStatus::default()
        },
    };
    cluster.write(Object::PersistentVolume(volume));
    claim.spec.volume_name = Some(volume_name);
    claim.spec.storage_class_name = Some(class);
    claim.status.phase = Some("Bound".into());
    claim.status.access_modes = claim.spec.access_modes.clone();
    claim.status.capacity = capacity;
    cluster.write(Object::PersistentVolumeClaim(claim));
    crate::scheduler::claim_bound(cluster, key);
}

/// Names of the claims `pod` mounts that are not Bound (missing ones included).
pub(crate) fn unbound_claims(store: &Store, pod: &Pod) -> Vec<String> {
    let namespace = pod.metadata.namespace.as_deref().unwrap_or("default");
    pod.spec
        .volumes
        .iter()
        .filter_map(|v| v.persistent_volume_claim.as_ref())
        .filter(|source| {
            let key = ObjectKey::new("PersistentVolumeClaim", namespace, &source.claim_name);
            !matches!(store.get(&key), Some(Object::PersistentVolumeClaim(c))
                if c.status.phase.as_deref() == Some("Bound"))
        })
        .map(|source| source.claim_name.clone())
        .collect()
}

/// Whether a live pod mounts the claim (the protection finalizer holds it while one does).
pub(crate) fn claim_in_use(store: &Store, key: &ObjectKey) -> bool {
    store.list("Pod", Some(&key.namespace)).any(|p| match p {
        Object::Pod(pod) => pod.spec.volumes.iter().any(|v| {
            v.persistent_volume_claim
                .as_ref()
                .is_some_and(|s| s.claim_name == key.name)
        }),
        _ => false,
    })
}
