//! Deletion as the API server and the garbage collector do it: graceful pod deletion through
//! the kubelet, finalizers (`kubernetes.io/pvc-protection`, `foregroundDeletion`), and
//! cascading along ownerReferences — background, foreground or orphan.

use crate::cluster::{Cascade, Cluster, DeleteOptions};
use crate::store::ObjectKey;
use crate::timing;
use crate::volumes::{self, PVC_PROTECTION};
use ordinal_api::Object;

const FOREGROUND: &str = "foregroundDeletion";

/// `<plural> "<name>" not found`, the API server's NotFound message.
fn not_found(key: &ObjectKey) -> String {
    let plural = match key.kind.as_str() {
        "StatefulSet" => "statefulsets.apps".to_string(),
        "PersistentVolumeClaim" => "persistentvolumeclaims".to_string(),
        "PersistentVolume" => "persistentvolumes".to_string(),
        "ControllerRevision" => "controllerrevisions.apps".to_string(),
        other => format!("{}s", other.to_ascii_lowercase()),
    };
    format!("{plural} \"{}\" not found", key.name)
}

pub(crate) fn delete(
    cluster: &mut Cluster,
    key: &ObjectKey,
    options: DeleteOptions,
) -> Result<(), String> {
    let Some(object) = cluster.store.get(key).cloned() else {
        return Err(not_found(key));
    };
    match object {
        Object::Pod(pod) => {
            if options.force || pod.spec.node_name.is_none() {
                // Force deletion, or a pod no kubelet has: gone at once.
                cluster.erase(key);
                return Ok(());
            }
            if pod.metadata.deletion_timestamp.is_some() {
                return Ok(());
            }
            let grace = options
                .grace_period
                .or(pod.spec.termination_grace_period_seconds)
                .unwrap_or(timing::DEFAULT_GRACE_SECONDS)
                .max(1);
            let mut pod = pod;
            let deadline = cluster.now() + crate::Duration::from_secs(grace.unsigned_abs());
            pod.metadata.deletion_timestamp = Some(deadline.rfc3339());
            pod.metadata.deletion_grace_period_seconds = Some(grace);
            cluster.write(Object::Pod(pod));
            crate::kubelet::terminate(cluster, key, grace);
            Ok(())
        }
        Object::PersistentVolumeClaim(mut claim) => {
            if claim.metadata.deletion_timestamp.is_some() {
                return Ok(());
            }
            if claim
                .metadata
                .finalizers
                .iter()
                .any(|f| f == PVC_PROTECTION)
                && volumes::claim_in_use(&cluster.store, key)
            {
                claim.metadata.deletion_timestamp = Some(cluster.now().rfc3339());
                claim.metadata.deletion_grace_period_seconds = Some(0);
                cluster.write(Object::PersistentVolumeClaim(claim));
                return Ok(());
            }
            erase_claim(cluster, key);
            Ok(())
        }
        Object::PersistentVolume(_) => {
            volumes::reclaim::delete_volume(cluster, key);
            Ok(())
        }
        other => {
            let uid = other.metadata().uid.clone().unwrap_or_default();
            match options.cascade {
                Cascade::Background => {
                    erase_unless_finalized(cluster, key, other);
                }
                Cascade::Orphan => {
                    orphan_dependents(cluster, &uid);
                    erase_unless_finalized(cluster, key, other);
                }
                Cascade::Foreground => {
                    let mut other = other;
                    let meta = other.metadata_mut();
                    if meta.deletion_timestamp.is_none() {
                        meta.deletion_timestamp = Some(cluster.now().rfc3339());
                        meta.deletion_grace_period_seconds = Some(0);
                        meta.finalizers.push(FOREGROUND.into());
                        cluster.write(other);
                    }
                    cluster.gc_queue.insert(uid);
                }
            }
            Ok(())
        }
    }
}

/// Deletes an object at once, unless finalizers hold it: then, as the API server does, it
/// only gets a deletionTimestamp (grace period 0) and stays until an update removes the last
/// finalizer (see `Cluster::apply_object`). A second delete changes nothing.
fn erase_unless_finalized(cluster: &mut Cluster, key: &ObjectKey, mut object: Object) {
    let meta = object.metadata_mut();
    if meta.finalizers.is_empty() {
        cluster.erase(key);
        return;
    }
    if meta.deletion_timestamp.is_none() {
        meta.deletion_timestamp = Some(cluster.now().rfc3339());
        meta.deletion_grace_period_seconds = Some(0);
        cluster.write(object);
    }
}

/// `--cascade=orphan`: dependents lose their ownerReference to `owner_uid` and stay.
fn orphan_dependents(cluster: &mut Cluster, owner_uid: &str) {
    let dependents: Vec<ObjectKey> = cluster.store.dependents_of(owner_uid).cloned().collect();
    for key in dependents {
        if let Some(mut object) = cluster.store.get(&key).cloned() {
            object
                .metadata_mut()
                .owner_references
                .retain(|o| o.uid != owner_uid);
            cluster.write(object);
        }
    }
}

/// Removes a claim that no pod uses; the PV controller then releases its volume and applies
/// the reclaim policy (`volumes::reclaim`).
fn erase_claim(cluster: &mut Cluster, key: &ObjectKey) {
    if let Some(Object::PersistentVolumeClaim(claim)) = cluster.erase(key)
        && let Some(volume) = claim.spec.volume_name
    {
        cluster.storage.dirty_volumes.insert(volume);
    }
}

/// The garbage collector's look at one owner: cascades its deletion or finishes a
/// foreground deletion once its dependents are gone.
pub(crate) fn collect_dependents(cluster: &mut Cluster, owner_uid: &str) {
    // Listed only when needed: a live owner that is not being deleted has nothing to collect,
    // and listing a big set's pods on every pod change would cost the set's size.
    let dependents = |cluster: &Cluster| -> Vec<ObjectKey> {
        cluster.store.dependents_of(owner_uid).cloned().collect()
    };
    match cluster.store.key_of_uid(owner_uid).cloned() {
        Some(owner_key) => {
            let Some(owner) = cluster.store.get(&owner_key) else {
                return;
            };
            let foreground = owner.metadata().deletion_timestamp.is_some()
                && owner.metadata().finalizers.iter().any(|f| f == FOREGROUND);
            if !foreground {
                return;
            }
            let dependents = dependents(cluster);
            if dependents.is_empty() {
                let mut owner = owner.clone();
                owner.metadata_mut().finalizers.retain(|f| f != FOREGROUND);
                let held = !owner.metadata().finalizers.is_empty();
                cluster.write(owner);
                // Other finalizers (a user's) still hold it: removing the last one deletes it.
                if !held {
                    cluster.erase(&owner_key);
                }
            } else {
                for key in dependents {
                    delete_dependent(cluster, &key);
                }
            }
        }
        None => {
            for key in dependents(cluster) {
                // A dependent with another live owner stays (the GC deletes only orphans).
                let has_live_owner = cluster.store.get(&key).is_some_and(|o| {
                    o.metadata()
                        .owner_references
                        .iter()
                        .any(|r| r.uid != owner_uid && cluster.store.key_of_uid(&r.uid).is_some())
                });
                if !has_live_owner {
                    delete_dependent(cluster, &key);
                }
            }
        }
    }
}

fn delete_dependent(cluster: &mut Cluster, key: &ObjectKey) {
    // Errors here mean the dependent is already gone, which is what we want.
    let _ = delete(cluster, key, DeleteOptions::default());
}

/// A pod vanished: claims it kept alive while being deleted can go now.
pub(crate) fn pod_gone(cluster: &mut Cluster, pod: &ordinal_api::Pod) {
    let namespace = pod.metadata.namespace.clone().unwrap_or_default();
    for source in pod
        .spec
        .volumes
        .iter()
        .filter_map(|v| v.persistent_volume_claim.as_ref())
    {
        let key = ObjectKey::new("PersistentVolumeClaim", &namespace, &source.claim_name);
        let terminating = matches!(cluster.store.get(&key),
            Some(Object::PersistentVolumeClaim(c)) if c.metadata.deletion_timestamp.is_some());
        if terminating && !volumes::claim_in_use(&cluster.store, &key) {
            erase_claim(cluster, &key);
        }
    }
}
