//! Volume phases after binding and the reclaim policies, with the protection
//! finalizers: a deleted claim in use stays Terminating; a bound volume being
//! deleted stays Terminating until released; a released volume is kept (`Retain`), deleted
//! (`Delete`) or scrubbed and made Available again (`Recycle`).

use super::{CONTROLLER, PROVISIONED_BY, PV_PROTECTION, PVC_PROTECTION, TreeId, claim_in_use};
use crate::cluster::{Cluster, Timer};
use crate::store::ObjectKey;
use ordinal_api::{Object, PersistentVolume};

/// How long a provisioner or the recycler takes to act on a released volume.
pub const RECLAIM: crate::Duration = crate::Duration::from_secs(1);

fn volume_key(name: &str) -> ObjectKey {
    ObjectKey::new("PersistentVolume", "", name)
}

/// The claim a volume's `claimRef` names still exists with the same uid.
fn claim_exists(cluster: &Cluster, volume: &PersistentVolume) -> bool {
    let Some(r) = &volume.spec.claim_ref else {
        return false;
    };
    let key = ObjectKey::new(
        "PersistentVolumeClaim",
        r.namespace.as_deref().unwrap_or("default"),
        r.name.as_deref().unwrap_or(""),
    );
    matches!(cluster.store.get(&key), Some(Object::PersistentVolumeClaim(c))
        if r.uid.is_none() || c.metadata.uid == r.uid)
}

fn set_phase(cluster: &mut Cluster, mut volume: PersistentVolume, phase: &str) {
    if volume.status.phase.as_deref() == Some(phase) {
        return;
    }
    volume.status.phase = Some(phase.into());
    cluster.write(Object::PersistentVolume(volume));
    if phase == "Available" {
        cluster.storage.recheck_pending = true;
    }
}

/// Looks at one volume: admission of a new one, release, reclaim, deletion.
pub(crate) fn sync_volume(cluster: &mut Cluster, name: &str) {
    let key = volume_key(name);
    let Some(Object::PersistentVolume(volume)) = cluster.store.get(&key) else {
        cluster
            .storage
            .trees
            .remove(&TreeId::Volume(name.to_string()));
        return;
    };
    let mut volume = volume.clone();
    if volume.metadata.deletion_timestamp.is_none()
        && !volume
            .metadata
            .finalizers
            .iter()
            .any(|f| f == PV_PROTECTION)
    {
        // What the PV protection admission plugin adds to every volume.
        volume.metadata.finalizers.push(PV_PROTECTION.into());
        cluster.write(Object::PersistentVolume(volume.clone()));
    }
    let bound_to_live_claim = claim_exists(cluster, &volume);
    if volume.metadata.deletion_timestamp.is_some() {
        if !bound_to_live_claim {
            cluster.erase(&key);
            cluster
                .storage
                .trees
                .remove(&TreeId::Volume(name.to_string()));
        }
        return;
    }
    match &volume.spec.claim_ref {
        None => {
            if volume.status.phase.as_deref() != Some("Failed") {
                set_phase(cluster, volume, "Available");
            }
        }
        // Pre-bound by name only: Available to that claim (the binder matches it).
        Some(r) if r.uid.is_none() => set_phase(cluster, volume, "Available"),
        Some(_) if bound_to_live_claim => {
            if volume.status.phase.as_deref() != Some("Bound") {
                // A claimRef with uid to a live claim: the claim side binds it; a volume
                // created pre-bound waits Available until then.
                if volume.status.phase.is_none()
                    || volume.status.phase.as_deref() == Some("Pending")
                {
                    set_phase(cluster, volume, "Available");
                }
            }
        }
        Some(_) => {
            let phase = volume.status.phase.clone().unwrap_or_default();
            if phase == "Bound" {
                release(cluster, volume);
            } else if phase.is_empty() || phase == "Pending" {
                // Created pointing at a claim that is gone: Released at once.
                release(cluster, volume);
            }
        }
    }
}

/// The claim is gone: Released, then the reclaim policy.
fn release(cluster: &mut Cluster, mut volume: PersistentVolume) {
    volume.status.phase = Some("Released".into());
    let policy = volume
        .spec
        .persistent_volume_reclaim_policy
        .clone()
        .unwrap_or_else(|| "Retain".into());
    let name = volume.metadata.name.clone();
    let uid = volume.metadata.uid.clone().unwrap_or_default();
    cluster.write(Object::PersistentVolume(volume));
    if policy == "Delete" || policy == "Recycle" {
        cluster.schedule_timer(RECLAIM, Timer::Reclaim { volume: name, uid });
    }
}

/// The reclaim timer: delete or recycle a volume still Released.
pub(crate) fn reclaim(cluster: &mut Cluster, name: &str, uid: &str) {
    let key = volume_key(name);
    let Some(Object::PersistentVolume(volume)) = cluster.store.get(&key) else {
        return;
    };
    if volume.metadata.uid.as_deref() != Some(uid)
        || volume.status.phase.as_deref() != Some("Released")
    {
        return;
    }
    let mut volume = volume.clone();
    let policy = volume
        .spec
        .persistent_volume_reclaim_policy
        .clone()
        .unwrap_or_default();
    let provisioned = volume.metadata.annotations.contains_key(PROVISIONED_BY);
    // Recycling scrubs NFS and hostPath volumes only (the recycler pod mounts them).
    let recyclable =
        volume.spec.extra.contains_key("nfs") || volume.spec.extra.contains_key("hostPath");
    match policy.as_str() {
        "Delete" if provisioned => {
            volume.metadata.finalizers.retain(|f| f != PV_PROTECTION);
            cluster.write(Object::PersistentVolume(volume));
            cluster.erase(&key);
            cluster
                .storage
                .trees
                .remove(&TreeId::Volume(name.to_string()));
        }
        "Delete" => fail(
            cluster,
            volume,
            "VolumeFailedDelete",
            format!(
                "error getting deleter volume plugin for volume \"{name}\": no deletable volume plugin matched"
            ),
        ),
        "Recycle" if recyclable => {
            cluster
                .storage
                .trees
                .remove(&TreeId::Volume(name.to_string()));
            volume.spec.claim_ref = None;
            volume.status.phase = Some("Available".into());
            volume
                .metadata
                .annotations
                .remove("pv.kubernetes.io/bound-by-controller");
            cluster.write(Object::PersistentVolume(volume));
            cluster.record_event(
                &key,
                "Normal",
                "VolumeRecycled",
                "Volume recycled".into(),
                CONTROLLER,
            );
            cluster.storage.recheck_pending = true;
        }
        "Recycle" => fail(
            cluster,
            volume,
            "VolumeFailedRecycle",
            "No recycler plugin found for the volume!".into(),
        ),
        _ => {}
    }
}

fn fail(cluster: &mut Cluster, mut volume: PersistentVolume, reason: &str, message: String) {
    let key = volume_key(&volume.metadata.name);
    volume.status.phase = Some("Failed".into());
    volume.status.message = Some(message.clone());
    cluster.write(Object::PersistentVolume(volume));
    cluster.record_event(&key, "Warning", reason, message, CONTROLLER);
}

/// A claim marked for deletion goes once no pod uses it (the pvc-protection controller
/// removes its finalizer); its volume is then released by `sync_volume`.
pub(crate) fn release_claim_if_unused(cluster: &mut Cluster, key: &ObjectKey) {
    if claim_in_use(&cluster.store, key) {
        cluster.explain(
            key,
            "pvc-protection-controller",
            vec![(
                "R-5.10",
                "kubernetes.io/pvc-protection holds the claim while a pod uses it".into(),
            )],
        );
        return;
    }
    if let Some(Object::PersistentVolumeClaim(claim)) = cluster.store.get(key) {
        let mut claim = claim.clone();
        claim.metadata.finalizers.retain(|f| f != PVC_PROTECTION);
        if let Some(volume) = &claim.spec.volume_name {
            cluster.storage.dirty_volumes.insert(volume.clone());
        }
        if claim.metadata.finalizers.is_empty() {
            cluster.erase(key);
        } else {
            cluster.write(Object::PersistentVolumeClaim(claim));
        }
    }
}

/// `kubectl delete pv`: a volume bound to a live claim stays Terminating (pv-protection).
pub(crate) fn delete_volume(cluster: &mut Cluster, key: &ObjectKey) {
    let Some(Object::PersistentVolume(volume)) = cluster.store.get(key) else {
        return;
    };
    if volume.metadata.deletion_timestamp.is_some() {
        return;
    }
    let protected = volume
        .metadata
        .finalizers
        .iter()
        .any(|f| f == PV_PROTECTION)
        && volume.status.phase.as_deref() == Some("Bound")
        && claim_exists(cluster, volume);
    if protected {
        let mut volume = volume.clone();
        volume.metadata.deletion_timestamp = Some(cluster.now().rfc3339());
        volume.metadata.deletion_grace_period_seconds = Some(0);
        cluster.write(Object::PersistentVolume(volume));
    } else {
        cluster.erase(key);
        cluster
            .storage
            .trees
            .remove(&TreeId::Volume(key.name.clone()));
    }
}
