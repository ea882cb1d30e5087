//! Claim binding (`syncUnboundClaim` / `FindMatchingVolume`, R-5.5, R-5.6): pre-bound
//! volumes first, then the smallest Available volume of the fewest access modes that
//! satisfies class, size, mode, selector and access modes.

use super::{CONTROLLER, SELECTED_NODE, provisioner, reclaim};
use crate::cluster::Cluster;
use crate::store::{ObjectKey, Store};
use ordinal_api::{Object, ObjectReference, PersistentVolume, PersistentVolumeClaim};

/// `1Gi`, `500Mi`, `10G`, `1.5Gi`, plain bytes; `None` when it is not a quantity.
pub fn quantity_bytes(text: &str) -> Option<u128> {
    let text = text.trim();
    const SUFFIXES: &[(&str, f64)] = &[
        ("Ki", 1024.0),
        ("Mi", 1048576.0),
        ("Gi", 1073741824.0),
        ("Ti", 1099511627776.0),
        ("Pi", 1125899906842624.0),
        ("k", 1e3),
        ("K", 1e3),
        ("M", 1e6),
        ("G", 1e9),
        ("T", 1e12),
        ("P", 1e15),
        ("m", 1e-3),
    ];
    let (number, factor) = SUFFIXES
        .iter()
        .find_map(|(s, f)| text.strip_suffix(s).map(|n| (n, *f)))
        .unwrap_or((text, 1.0));
    let value: f64 = number.parse().ok()?;
    if !value.is_finite() || value < 0.0 {
        return None;
    }
    Some((value * factor).ceil() as u128)
}

pub fn requested_storage(claim: &PersistentVolumeClaim) -> Option<String> {
    claim
        .spec
        .resources
        .as_ref()
        .and_then(|r| r.pointer("/requests/storage"))
        .and_then(|s| {
            s.as_str()
                .map(str::to_string)
                .or_else(|| s.as_i64().map(|n| n.to_string()))
        })
}

fn claim_class(claim: &PersistentVolumeClaim) -> &str {
    claim.spec.storage_class_name.as_deref().unwrap_or("")
}

fn names_claim(reference: &ObjectReference, claim: &PersistentVolumeClaim) -> bool {
    reference.name.as_deref() == Some(claim.metadata.name.as_str())
        && reference.namespace.as_deref() == claim.metadata.namespace.as_deref()
        && reference
            .uid
            .as_deref()
            .is_none_or(|uid| Some(uid) == claim.metadata.uid.as_deref())
}

/// The volume the claim should bind to now, if any.
pub fn find_matching_volume<'a>(
    store: &'a Store,
    claim: &PersistentVolumeClaim,
) -> Option<&'a PersistentVolume> {
    let volumes = store
        .list("PersistentVolume", None)
        .filter_map(|o| match o {
            Object::PersistentVolume(v) => Some(v),
            _ => None,
        });
    // The claim names its volume (`spec.volumeName`): that one or none.
    if let Some(name) = claim.spec.volume_name.as_deref().filter(|n| !n.is_empty()) {
        let key = ObjectKey::new("PersistentVolume", "", name);
        return match store.get(&key) {
            Some(Object::PersistentVolume(v))
                if v.metadata.deletion_timestamp.is_none()
                    && v.spec
                        .claim_ref
                        .as_ref()
                        .is_none_or(|r| names_claim(r, claim)) =>
            {
                Some(v)
            }
            _ => None,
        };
    }
    let request = requested_storage(claim)
        .and_then(|q| quantity_bytes(&q))
        .unwrap_or(0);
    let mode = claim.spec.volume_mode.as_deref().unwrap_or("Filesystem");
    let mut best: Option<(usize, u128, &PersistentVolume)> = None;
    for v in volumes {
        if v.metadata.deletion_timestamp.is_some() {
            continue;
        }
        // Pre-bound to this claim: wins at once.
        if let Some(r) = &v.spec.claim_ref {
            if names_claim(r, claim) {
                return Some(v);
            }
            continue;
        }
        if v.status.phase.as_deref() != Some("Available") {
            continue;
        }
        let size = v
            .spec
            .capacity
            .get("storage")
            .and_then(|q| quantity_bytes(q))
            .unwrap_or(0);
        let fits = size >= request
            && v.spec.volume_mode.as_deref().unwrap_or("Filesystem") == mode
            && v.spec.storage_class_name.as_deref().unwrap_or("") == claim_class(claim)
            && claim
                .spec
                .selector
                .as_ref()
                .is_none_or(|s| s.matches(&v.metadata.labels))
            && claim
                .spec
                .access_modes
                .iter()
                .all(|m| v.spec.access_modes.contains(m));
        if !fits {
            continue;
        }
        let rank = (v.spec.access_modes.len(), size);
        if best.is_none_or(|(modes, bytes, _)| rank < (modes, bytes)) {
            best = Some((rank.0, rank.1, v));
        }
    }
    best.map(|(_, _, v)| v)
}

/// Looks at one claim: protection on deletion, lost volumes, or binding / provisioning.
pub(crate) fn sync_claim(cluster: &mut Cluster, key: &ObjectKey) {
    let Some(Object::PersistentVolumeClaim(claim)) = cluster.store.get(key) else {
        cluster.storage.noted.remove(key);
        return;
    };
    let claim = claim.clone();
    if claim.metadata.deletion_timestamp.is_some() {
        reclaim::release_claim_if_unused(cluster, key);
        return;
    }
    if claim.status.phase.as_deref() == Some("Bound") {
        check_bound_claim(cluster, &claim);
        return;
    }
    let delayed = provisioner::binding_mode(&cluster.store, &claim).as_deref()
        == Some("WaitForFirstConsumer")
        && !claim.metadata.annotations.contains_key(SELECTED_NODE);
    if !delayed && let Some(volume) = find_matching_volume(&cluster.store, &claim) {
        let volume = volume.clone();
        bind(cluster, claim, volume);
        return;
    }
    provisioner::claim_unmatched(cluster, &claim, delayed);
}

/// A Bound claim whose volume vanished is Lost (`ClaimLost`).
fn check_bound_claim(cluster: &mut Cluster, claim: &PersistentVolumeClaim) {
    let Some(name) = claim.spec.volume_name.as_deref() else {
        return;
    };
    let key = ObjectKey::new("PersistentVolume", "", name);
    if cluster.store.get(&key).is_some() {
        return;
    }
    let mut claim = claim.clone();
    claim.status.phase = Some("Lost".into());
    let claim_key = ObjectKey::of(&Object::PersistentVolumeClaim(claim.clone()));
    cluster.write(Object::PersistentVolumeClaim(claim));
    cluster.record_event(
        &claim_key,
        "Warning",
        "ClaimLost",
        "Bound claim has lost its PersistentVolume. Data on the volume is lost!".into(),
        CONTROLLER,
    );
}

/// Binds volume and claim to each other: the volume's `claimRef` (with the claim's uid) and
/// phase first, then the claim's `volumeName`, capacity and phase.
pub(crate) fn bind(
    cluster: &mut Cluster,
    mut claim: PersistentVolumeClaim,
    mut volume: PersistentVolume,
) {
    let claim_key = ObjectKey::of(&Object::PersistentVolumeClaim(claim.clone()));
    let prebound_volume = volume.spec.claim_ref.is_some();
    volume.spec.claim_ref = Some(ObjectReference {
        api_version: Some("v1".into()),
        kind: Some("PersistentVolumeClaim".into()),
        name: Some(claim.metadata.name.clone()),
        namespace: claim.metadata.namespace.clone(),
        uid: claim.metadata.uid.clone(),
        resource_version: None,
    });
    if !prebound_volume {
        volume
            .metadata
            .annotations
            .insert("pv.kubernetes.io/bound-by-controller".into(), "yes".into());
    }
    volume.status.phase = Some("Bound".into());
    volume.status.reason = None;
    volume.status.message = None;
    let prebound_claim = claim.spec.volume_name.is_some();
    claim.spec.volume_name = Some(volume.metadata.name.clone());
    claim
        .metadata
        .annotations
        .insert("pv.kubernetes.io/bind-completed".into(), "yes".into());
    if !prebound_claim {
        claim
            .metadata
            .annotations
            .insert("pv.kubernetes.io/bound-by-controller".into(), "yes".into());
    }
    claim.status.phase = Some("Bound".into());
    claim.status.access_modes = volume.spec.access_modes.clone();
    claim.status.capacity = volume.spec.capacity.clone();
    cluster.storage.noted.remove(&claim_key);
    cluster.explain(&claim_key, CONTROLLER, Vec::new());
    cluster.write(Object::PersistentVolume(volume));
    cluster.write(Object::PersistentVolumeClaim(claim));
    crate::scheduler::claim_bound(cluster, &claim_key);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities() {
        assert_eq!(quantity_bytes("1Gi"), Some(1 << 30));
        assert_eq!(quantity_bytes("500Mi"), Some(500 << 20));
        assert_eq!(quantity_bytes("1G"), Some(1_000_000_000));
        assert_eq!(quantity_bytes("12"), Some(12));
        assert_eq!(quantity_bytes("x"), None);
    }
}
