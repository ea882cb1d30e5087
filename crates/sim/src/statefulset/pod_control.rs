//! Effects on pods and claims (`stateful_pod_control.go`): create claims then the pod, delete
//! pods, keep claim ownerReferences per the retention policy (R-3.6a, R-3.7), with the events
//! the real controller records (§3.11).

use super::SOURCE;
use super::history;
use super::revision::controller_ref;
use super::utils::{
    POD_INDEX_LABEL, POD_NAME_LABEL, REVISION_LABEL, claim_name, get_ordinal, pod_name, replicas,
    start_ordinal,
};
use crate::cluster::{Cluster, DeleteOptions};
use crate::store::ObjectKey;
use ordinal_api::{
    Object, ObjectMeta, OwnerReference, PersistentVolumeClaim, Pod, PodStatus, PvcVolumeSource,
    StatefulSet, Volume,
};

fn namespace(set: &StatefulSet) -> String {
    set.metadata
        .namespace
        .clone()
        .unwrap_or_else(|| "default".into())
}

fn set_key(set: &StatefulSet) -> ObjectKey {
    ObjectKey::new("StatefulSet", &namespace(set), &set.metadata.name)
}

fn retention(set: &StatefulSet) -> (bool, bool) {
    let policy = set.spec.persistent_volume_claim_retention_policy.as_ref();
    let delete = |v: Option<&String>| v.map(String::as_str) == Some("Delete");
    (
        delete(policy.and_then(|p| p.when_deleted.as_ref())),
        delete(policy.and_then(|p| p.when_scaled.as_ref())),
    )
}

/// A new pod for `ordinal` from the revision's template.
fn new_stateful_pod(cluster: &Cluster, set: &StatefulSet, ordinal: u32, revision: &str) -> Pod {
    let ns = namespace(set);
    let set_name = &set.metadata.name;
    let name = pod_name(set_name, ordinal);
    let template = if set.status.update_revision.as_deref() == Some(revision) {
        (*set.spec.template).clone()
    } else {
        history::template_of(cluster, &ns, revision).unwrap_or_else(|| (*set.spec.template).clone())
    };
    let mut spec = template.spec;
    for claim in &set.spec.volume_claim_templates {
        spec.volumes.retain(|v| v.name != claim.metadata.name);
        spec.volumes.push(Volume {
            name: claim.metadata.name.clone(),
            persistent_volume_claim: Some(PvcVolumeSource {
                claim_name: claim_name(&claim.metadata.name, set_name, ordinal),
                read_only: None,
            }),
            ..Volume::default()
        });
    }
    spec.hostname = Some(name.clone());
    spec.subdomain = set.spec.service_name.clone().filter(|s| !s.is_empty());
    let mut labels = template.metadata.labels;
    labels.insert(REVISION_LABEL.into(), revision.to_string());
    labels.insert(POD_NAME_LABEL.into(), name.clone());
    labels.insert(POD_INDEX_LABEL.into(), ordinal.to_string());
    Pod {
        metadata: ObjectMeta {
            name,
            namespace: Some(ns),
            labels,
            annotations: template.metadata.annotations,
            owner_references: vec![controller_ref(set)].into(),
            ..ObjectMeta::default()
        },
        spec: spec.into(),
        status: PodStatus {
            phase: Some("Pending".into()),
            ..PodStatus::default()
        },
    }
}

/// The claim for template `t` and `ordinal`.
fn new_claim(
    set: &StatefulSet,
    template: &PersistentVolumeClaim,
    ordinal: u32,
) -> PersistentVolumeClaim {
    let mut claim = template.clone();
    let mut labels = template.metadata.labels.clone();
    if let Some(selector) = &set.spec.selector {
        labels.extend(selector.match_labels.clone());
    }
    claim.metadata = ObjectMeta {
        name: claim_name(&template.metadata.name, &set.metadata.name, ordinal),
        namespace: Some(namespace(set)),
        labels,
        annotations: template.metadata.annotations.clone(),
        ..ObjectMeta::default()
    };
    claim.status = Default::default();
    claim
}

/// `PodClaimIsStale` (R-3.4 step 2): under `whenScaled: Delete` a claim of the pod to create
/// that still has an ownerReference to a Pod of that name belongs to an earlier pod (the new
/// one has no uid yet) and is about to be deleted: the controller waits for it to go rather
/// than reuse it. Returns that claim's name.
fn stale_claim(cluster: &Cluster, set: &StatefulSet, ordinal: u32) -> Option<String> {
    let (_, delete_when_scaled) = retention(set);
    if !delete_when_scaled {
        return None;
    }
    let ns = namespace(set);
    let pod = pod_name(&set.metadata.name, ordinal);
    set.spec.volume_claim_templates.iter().find_map(|template| {
        let name = claim_name(&template.metadata.name, &set.metadata.name, ordinal);
        let claim = cluster
            .store
            .get(&ObjectKey::new("PersistentVolumeClaim", &ns, &name))?;
        claim
            .metadata()
            .owner_references
            .iter()
            .any(|o| o.kind == "Pod" && o.name == pod)
            .then_some(name)
    })
}

/// Creates the claims, then the pod (R-3.6a). A same-named pod still present (terminating)
/// makes the create fail with AlreadyExists, silently.
pub(crate) fn create_stateful_pod(
    cluster: &mut Cluster,
    set: &StatefulSet,
    ordinal: u32,
    revision: &str,
) {
    let ns = namespace(set);
    let name = pod_name(&set.metadata.name, ordinal);
    let pod_key = ObjectKey::new("Pod", &ns, &name);
    if let Some(claim) = stale_claim(cluster, set, ordinal) {
        // `PodClaimIsStale`: no more work this round, and no event.
        cluster.explain(
            &pod_key,
            SOURCE,
            vec![(
                "R-3.4",
                format!(
                    "{name} not created yet: claim {claim} still belongs to the previous {name} (whenScaled: Delete); waiting for the garbage collector to delete it"
                ),
            )],
        );
        return;
    }
    if !create_missing_claims(cluster, set, ordinal) {
        return;
    }
    if let Some(existing) = cluster.store.get(&pod_key) {
        // The create fails with AlreadyExists, which the controller sinks without an event.
        let why = if existing.metadata().deletion_timestamp.is_some() {
            (
                "R-4.10",
                format!("{name} not re-created yet: the previous {name} is still terminating"),
            )
        } else {
            (
                "R-3.2",
                format!(
                    "{name} not created: a pod named {name} exists that StatefulSet {} does not own (its labels do not match the selector); delete it or relabel it to free the name",
                    set.metadata.name
                ),
            )
        };
        cluster.explain(&pod_key, SOURCE, vec![why]);
        return;
    }
    let mut pod = new_stateful_pod(cluster, set, ordinal, revision);
    pod.metadata.uid = Some(cluster.new_uid());
    pod.metadata.creation_timestamp = Some(cluster.now().rfc3339());
    cluster.write(Object::Pod(pod));
    cluster.record_event(
        &set_key(set),
        "Normal",
        "SuccessfulCreate",
        format!(
            "create Pod {name} in StatefulSet {} successful",
            set.metadata.name
        ),
        SOURCE,
    );
    set_claim_owners(cluster, set, ordinal, true, None);
}

/// Creates any missing claim of `ordinal`; false when one is being deleted (the pod must
/// wait: `pvc www-web-0 is being deleted`).
pub(crate) fn create_missing_claims(
    cluster: &mut Cluster,
    set: &StatefulSet,
    ordinal: u32,
) -> bool {
    let ns = namespace(set);
    let pod = pod_name(&set.metadata.name, ordinal);
    let mut ok = true;
    for template in &set.spec.volume_claim_templates {
        let claim = new_claim(set, template, ordinal);
        let key = ObjectKey::new("PersistentVolumeClaim", &ns, &claim.metadata.name);
        match cluster.store.get(&key) {
            Some(existing) if existing.metadata().deletion_timestamp.is_some() => {
                cluster.record_event(
                    &set_key(set),
                    "Warning",
                    "FailedCreate",
                    format!(
                        "create Pod {pod} in StatefulSet {} failed error: pvc {} is being deleted",
                        set.metadata.name, claim.metadata.name
                    ),
                    SOURCE,
                );
                cluster.explain(
                    &ObjectKey::new("Pod", &ns, &pod),
                    SOURCE,
                    vec![(
                        "R-3.6a",
                        format!(
                            "{pod} not created: pvc {} is being deleted",
                            claim.metadata.name
                        ),
                    )],
                );
                ok = false;
            }
            Some(_) => {}
            None => {
                let mut claim = claim;
                claim.metadata.uid = Some(cluster.new_uid());
                claim.metadata.creation_timestamp = Some(cluster.now().rfc3339());
                let claim_name = claim.metadata.name.clone();
                crate::volumes::admit_claim(&mut claim);
                cluster.write(Object::PersistentVolumeClaim(claim));
                cluster.record_event(
                    &set_key(set),
                    "Normal",
                    "SuccessfulCreate",
                    format!(
                        "create Claim {claim_name} Pod {pod} in StatefulSet {} success",
                        set.metadata.name
                    ),
                    SOURCE,
                );
            }
        }
    }
    ok
}

/// Sets the controller ownerReferences of one pod's claims per the retention policy.
/// `pod_uid` is the owning pod for condemned pods under whenScaled: Delete.
fn set_claim_owners(
    cluster: &mut Cluster,
    set: &StatefulSet,
    ordinal: u32,
    in_range: bool,
    pod_uid: Option<(&str, &str)>,
) {
    let (when_deleted, when_scaled) = retention(set);
    let ns = namespace(set);
    let set_uid = set.metadata.uid.clone().unwrap_or_default();
    let mut desired: Vec<OwnerReference> = Vec::new();
    if in_range {
        if when_deleted {
            desired.push(controller_ref(set));
        }
    } else if when_scaled {
        if let Some((name, uid)) = pod_uid {
            desired.push(OwnerReference {
                api_version: "v1".into(),
                kind: "Pod".into(),
                name: name.into(),
                uid: uid.into(),
                controller: Some(true),
                block_owner_deletion: Some(true),
            });
        }
    } else if when_deleted {
        desired.push(controller_ref(set));
    }
    for template in &set.spec.volume_claim_templates {
        let name = claim_name(&template.metadata.name, &set.metadata.name, ordinal);
        let key = ObjectKey::new("PersistentVolumeClaim", &ns, &name);
        let Some(Object::PersistentVolumeClaim(claim)) = cluster.store.get(&key) else {
            continue;
        };
        let others_control = claim
            .metadata
            .owner_references
            .iter()
            .any(|o| o.controller == Some(true) && o.uid != set_uid && o.kind != "Pod");
        if others_control {
            cluster.record_event(
                &set_key(set),
                "Warning",
                "ConflictingController",
                format!("PersistentVolumeClaim {name} has a conflicting OwnerReference that acts as a manging controller, the retention policy is ignored for this claim"),
                SOURCE,
            );
            continue;
        }
        // Keep non-controller refs; replace the controller refs we manage.
        let mut refs: Vec<OwnerReference> = claim
            .metadata
            .owner_references
            .iter()
            .filter(|o| o.controller != Some(true))
            .cloned()
            .collect();
        refs.extend(desired.iter().cloned());
        if refs != *claim.metadata.owner_references {
            let mut claim = claim.clone();
            claim.metadata.owner_references = refs.into();
            cluster.write(Object::PersistentVolumeClaim(claim));
        }
    }
}

/// Before a scale-down deletion, point the claims at the condemned pod.
pub(crate) fn condemn_claims(cluster: &mut Cluster, set: &StatefulSet, ordinal: u32, pod: &str) {
    let key = ObjectKey::new("Pod", &namespace(set), pod);
    let uid = cluster
        .store
        .get(&key)
        .and_then(|p| p.metadata().uid.clone())
        .unwrap_or_default();
    set_claim_owners(cluster, set, ordinal, false, Some((pod, &uid)));
}

/// After a policy change, re-label every claim (R-3.7: "changing the policy later re-labels").
pub(crate) fn refresh_claim_owners(cluster: &mut Cluster, set: &StatefulSet) {
    if set.spec.volume_claim_templates.is_empty() {
        return;
    }
    let start = start_ordinal(set);
    let end = start + replicas(set);
    let pods: Vec<(u32, String, String)> = super::owned_pods(cluster, set)
        .into_iter()
        .filter_map(|p| {
            Some((
                get_ordinal(&set.metadata.name, &p.metadata.name)?,
                p.metadata.name.clone(),
                p.metadata.uid.clone()?,
            ))
        })
        .collect();
    // Only the claims of existing pods, as upstream (`ClaimsMatchRetentionPolicy` runs for
    // created replicas and condemned pods): a claim whose pod is not created yet may still
    // carry a stale reference to an earlier pod (`PodClaimIsStale`), which must stay.
    for (ordinal, _, _) in pods.iter().filter(|(o, _, _)| (start..end).contains(o)) {
        set_claim_owners(cluster, set, *ordinal, true, None);
    }
    for (ordinal, name, uid) in pods.iter().filter(|(o, _, _)| *o < start || *o >= end) {
        set_claim_owners(cluster, set, *ordinal, false, Some((name, uid)));
    }
}

pub(crate) fn delete_stateful_pod(cluster: &mut Cluster, set: &StatefulSet, key: &ObjectKey) {
    if crate::gc::delete(cluster, key, DeleteOptions::default()).is_ok() {
        cluster.record_event(
            &set_key(set),
            "Normal",
            "SuccessfulDelete",
            format!(
                "delete Pod {} in StatefulSet {} successful",
                key.name, set.metadata.name
            ),
            SOURCE,
        );
    }
}

/// Adopts orphan ControllerRevisions, then orphan pods, whose labels (and, for pods, name)
/// fit the set (R-3.2 steps 2 and 3), e.g. after `delete --cascade=orphan` and re-creating
/// the set.
pub(crate) fn adopt_orphans(cluster: &mut Cluster, set: &StatefulSet) {
    let Some(selector) = &set.spec.selector else {
        return;
    };
    if selector.is_empty() {
        return;
    }
    let ns = namespace(set);
    let revisions: Vec<Object> = cluster
        .store
        .list(super::revision::KIND, Some(&ns))
        .filter(|r| {
            let meta = r.metadata();
            !meta
                .owner_references
                .iter()
                .any(|o| o.controller == Some(true))
                && selector.matches(&meta.labels)
                && meta.deletion_timestamp.is_none()
        })
        .cloned()
        .collect();
    for mut revision in revisions {
        revision
            .metadata_mut()
            .owner_references
            .push(controller_ref(set));
        cluster.write(revision);
    }
    let orphans: Vec<Pod> = cluster
        .store
        .list("Pod", Some(&ns))
        .filter_map(|o| match o {
            Object::Pod(p) => Some(p),
            _ => None,
        })
        .filter(|p| {
            get_ordinal(&set.metadata.name, &p.metadata.name).is_some()
                && !p
                    .metadata
                    .owner_references
                    .iter()
                    .any(|o| o.controller == Some(true))
                && selector.matches(&p.metadata.labels)
                && p.metadata.deletion_timestamp.is_none()
        })
        .cloned()
        .collect();
    for mut pod in orphans {
        pod.metadata.owner_references.push(controller_ref(set));
        cluster.write(Object::Pod(pod));
    }
}

/// The set a pod named `web-1` can belong to: `web`.
fn parent_name(pod: &str) -> Option<&str> {
    let (parent, digits) = pod.rsplit_once('-')?;
    digits.parse::<u32>().is_ok().then_some(parent)
}

/// Called for every relevant write and every erase (`new` is then the erased object, `old`
/// `None`; else `old` is the version `new` replaces): wakes the StatefulSet that may claim,
/// release or wait for the object, as the controller's event handlers do. A pod whose labels
/// changed, or an orphan pod created or deleted under a member's name, is claimed or released
/// on the set's next sync (`ClaimPods`), and a deleted orphan frees the name the set waits
/// for; a claim a condemned pod owned going away ends a `PodClaimIsStale` wait. Costs nothing
/// for writes that change none of that.
pub(crate) fn pod_written(
    cluster: &mut Cluster,
    key: &ObjectKey,
    old: Option<&Object>,
    new: &Object,
) {
    let set_name = match new {
        Object::Pod(pod) => {
            let relabeled =
                matches!(old, Some(Object::Pod(o)) if o.metadata.labels != pod.metadata.labels);
            let controller = pod
                .metadata
                .owner_references
                .iter()
                .find(|o| o.controller == Some(true));
            match controller {
                Some(owner) if relabeled && owner.kind == "StatefulSet" => owner.name.clone(),
                None if relabeled || old.is_none() => match parent_name(&pod.metadata.name) {
                    Some(parent) => parent.to_string(),
                    None => return,
                },
                _ => return,
            }
        }
        Object::PersistentVolumeClaim(claim) if old.is_none() => {
            let Some(parent) = claim
                .metadata
                .owner_references
                .iter()
                .filter(|o| o.kind == "Pod")
                .find_map(|o| parent_name(&o.name))
            else {
                return;
            };
            let set = ObjectKey::new("StatefulSet", &key.namespace, parent);
            cluster.dirty_sets.insert(set);
            return;
        }
        _ => return,
    };
    cluster.relabeled_pods.insert(key.clone());
    cluster
        .dirty_sets
        .insert(ObjectKey::new("StatefulSet", &key.namespace, &set_name));
}

/// `ClaimPods` for the pods `pod_written` noted for this set: a pod it controls that no longer matches
/// its selector (or is not named as its member) is released — its controller reference
/// removed, so the pod lives on as an orphan; a matching orphan member is adopted.
pub(crate) fn claim_relabeled_pods(cluster: &mut Cluster, set: &StatefulSet) {
    if cluster.relabeled_pods.is_empty() {
        return;
    }
    let ns = namespace(set);
    let set_name = &set.metadata.name;
    let mine: Vec<ObjectKey> = cluster
        .relabeled_pods
        .iter()
        .filter(|k| k.namespace == ns && get_ordinal(set_name, &k.name).is_some())
        .cloned()
        .collect();
    let uid = set.metadata.uid.as_deref().unwrap_or("");
    for key in mine {
        cluster.relabeled_pods.remove(&key);
        let Some(Object::Pod(pod)) = cluster.store.get(&key) else {
            continue;
        };
        let matches = set
            .spec
            .selector
            .as_ref()
            .is_some_and(|s| !s.is_empty() && s.matches(&pod.metadata.labels));
        let controller = pod
            .metadata
            .owner_references
            .iter()
            .find(|o| o.controller == Some(true));
        match controller {
            Some(owner) if owner.uid == uid && !matches => {
                let mut pod = pod.clone();
                pod.metadata.owner_references.retain(|o| o.uid != uid);
                cluster.write(Object::Pod(pod));
            }
            None if matches && pod.metadata.deletion_timestamp.is_none() => {
                let mut pod = pod.clone();
                pod.metadata.owner_references.push(controller_ref(set));
                cluster.write(Object::Pod(pod));
            }
            _ => {}
        }
    }
}
