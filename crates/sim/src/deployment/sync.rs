//! Effects of the Deployment controller (`sync.go`): find or create the new ReplicaSet, scale
//! ReplicaSets with the `ScalingReplicaSet` events, keep revision annotations, prune history.

use super::types::Deployment;
use super::util::{
    DEFAULT_POD_TEMPLATE_HASH_LABEL, DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION,
    REVISION_ANNOTATION, compute_hash, equal_ignore_hash, max_surge, new_rs_new_replicas, revision,
};
use super::{SOURCE, progress};
use crate::cluster::{Cluster, DeleteOptions};
use crate::replicaset::controller_utils::{controller_ref, is_controlled_by};
use crate::replicaset::types::{decode, new_object, update_spec_field};
use crate::replicaset::{KIND as RS_KIND, ReplicaSet, ReplicaSetSpec};
use crate::store::ObjectKey;
use ordinal_api::{LabelSelector, ObjectMeta};
use serde_json::json;

fn namespace(d: &Deployment) -> String {
    d.metadata
        .namespace
        .clone()
        .unwrap_or_else(|| "default".into())
}

pub(crate) fn key_of(d: &Deployment) -> ObjectKey {
    ObjectKey::new("Deployment", &namespace(d), &d.metadata.name)
}

/// The ReplicaSets this Deployment controls, oldest first (`ReplicaSetsByCreationTimestamp`).
pub(crate) fn replica_sets_of(cluster: &Cluster, d: &Deployment) -> Vec<ReplicaSet> {
    let uid = d.metadata.uid.clone().unwrap_or_default();
    let mut list: Vec<ReplicaSet> = cluster
        .store
        .dependents_of(&uid)
        .filter(|k| k.kind == RS_KIND)
        .filter_map(|k| cluster.store.get(k))
        .filter_map(|o| decode::<ReplicaSet>(o, RS_KIND))
        .filter(|rs| is_controlled_by(&rs.metadata, &uid))
        .collect();
    ordinal_api::order::sort_by(&mut list, |a, b| {
        (&a.metadata.creation_timestamp, &a.metadata.name)
            .cmp(&(&b.metadata.creation_timestamp, &b.metadata.name))
    });
    list
}

/// `FindNewReplicaSet`: the oldest ReplicaSet whose template equals the Deployment's.
pub(crate) fn find_new(d: &Deployment, list: &[ReplicaSet]) -> Option<ReplicaSet> {
    list.iter()
        .find(|rs| equal_ignore_hash(&rs.spec.template, &d.spec.template))
        .cloned()
}

fn rs_key(d: &Deployment, name: &str) -> ObjectKey {
    ObjectKey::new(RS_KIND, &namespace(d), name)
}

fn replicas_annotations(d: &Deployment) -> [(&'static str, String); 2] {
    [
        (DESIRED_REPLICAS_ANNOTATION, d.replicas().to_string()),
        (
            MAX_REPLICAS_ANNOTATION,
            (d.replicas() + max_surge(d)).to_string(),
        ),
    ]
}

/// `scaleReplicaSetAndRecordEvent`.
pub(crate) fn scale_replica_set(cluster: &mut Cluster, d: &Deployment, rs: &ReplicaSet, to: i32) {
    let from = rs.replicas();
    update_spec_field(
        cluster,
        &rs_key(d, &rs.metadata.name),
        "replicas",
        json!(to),
        &replicas_annotations(d),
    );
    if from != to {
        let direction = if from < to { "up" } else { "down" };
        cluster.record_event(
            &key_of(d),
            "Normal",
            "ScalingReplicaSet",
            format!(
                "Scaled {direction} replica set {} to {to} from {from}",
                rs.metadata.name
            ),
            SOURCE,
        );
    }
}

/// Sets the Deployment's own revision annotation (`SetDeploymentRevision`).
fn set_deployment_revision(cluster: &mut Cluster, d: &mut Deployment, revision: i64) {
    let value = revision.to_string();
    if d.metadata.annotations.get(REVISION_ANNOTATION) == Some(&value) {
        return;
    }
    d.metadata
        .annotations
        .insert(REVISION_ANNOTATION.into(), value.clone());
    if let Some(mut stored) = cluster.store.get(&key_of(d)).cloned() {
        stored
            .metadata_mut()
            .annotations
            .insert(REVISION_ANNOTATION.into(), value);
        cluster.write(stored);
    }
}

/// `getNewReplicaSet`: the new ReplicaSet, with its revision brought up to date; created
/// (with `NewRSNewReplicas` replicas) when missing and `create` is set.
pub(crate) fn get_new_replica_set(
    cluster: &mut Cluster,
    d: &mut Deployment,
    list: &[ReplicaSet],
    create: bool,
) -> Option<ReplicaSet> {
    let existing = find_new(d, list);
    let max_old_revision = list
        .iter()
        .filter(|rs| {
            existing
                .as_ref()
                .is_none_or(|e| e.metadata.name != rs.metadata.name)
        })
        .map(revision)
        .max()
        .unwrap_or(0);
    let new_revision = max_old_revision + 1;
    if let Some(rs) = existing {
        // SetNewReplicaSetAnnotations: a rolled-back template takes the next revision. The
        // replica annotations stay: they record the size the ReplicaSet was last scaled for
        // (isScalingEvent and proportional scaling read them).
        let rev = revision(&rs).max(new_revision);
        update_spec_field(
            cluster,
            &rs_key(d, &rs.metadata.name),
            "replicas",
            json!(rs.replicas()),
            &[(REVISION_ANNOTATION, rev.to_string())],
        );
        set_deployment_revision(cluster, d, rev);
        if d.condition("Progressing").is_none() {
            let message = format!("Found new replica set \"{}\"", rs.metadata.name);
            progress::set_condition(
                cluster,
                d,
                "Progressing",
                "True",
                "FoundNewReplicaSet",
                message,
            );
        }
        return get(cluster, d, &rs.metadata.name);
    }
    if !create {
        return None;
    }
    let hash = compute_hash(&d.spec.template, d.status.collision_count.unwrap_or(0));
    let name = format!("{}-{hash}", d.metadata.name);
    let mut template = d.spec.template.clone();
    template
        .metadata
        .labels
        .insert(DEFAULT_POD_TEMPLATE_HASH_LABEL.into(), hash.clone());
    let mut selector: LabelSelector = d.spec.selector.clone().unwrap_or_default();
    selector
        .match_labels
        .insert(DEFAULT_POD_TEMPLATE_HASH_LABEL.into(), hash);
    let replicas = new_rs_new_replicas(d, list, 0);
    let mut annotations = d.metadata.annotations.clone();
    annotations.remove("kubectl.kubernetes.io/last-applied-configuration");
    for (k, v) in replicas_annotations(d) {
        annotations.insert(k.into(), v);
    }
    annotations.insert(REVISION_ANNOTATION.into(), new_revision.to_string());
    let spec = ReplicaSetSpec {
        replicas: Some(replicas),
        min_ready_seconds: d.spec.min_ready_seconds,
        selector: Some(selector),
        template: template.clone(),
    };
    let metadata = ObjectMeta {
        name: name.clone(),
        namespace: Some(namespace(d)),
        labels: template.metadata.labels.clone(),
        annotations,
        uid: Some(cluster.new_uid()),
        creation_timestamp: Some(cluster.now().rfc3339()),
        generation: Some(1),
        owner_references: vec![controller_ref("Deployment", &d.metadata)].into(),
        ..ObjectMeta::default()
    };
    if cluster.store.get(&rs_key(d, &name)).is_some() {
        // A hash collision with a ReplicaSet of another template (`collisionCount`).
        d.status.collision_count = Some(d.status.collision_count.unwrap_or(0) + 1);
        return None;
    }
    let spec = serde_json::to_value(&spec).unwrap_or_default();
    cluster.write(new_object(RS_KIND, metadata, spec));
    if replicas > 0 {
        cluster.record_event(
            &key_of(d),
            "Normal",
            "ScalingReplicaSet",
            format!("Scaled up replica set {name} from 0 to {replicas}"),
            SOURCE,
        );
    }
    set_deployment_revision(cluster, d, new_revision);
    let message = format!("Created new replica set \"{name}\"");
    progress::set_condition(
        cluster,
        d,
        "Progressing",
        "True",
        "NewReplicaSetCreated",
        message,
    );
    get(cluster, d, &name)
}

fn get(cluster: &Cluster, d: &Deployment, name: &str) -> Option<ReplicaSet> {
    cluster
        .store
        .get(&rs_key(d, name))
        .and_then(|o| decode(o, RS_KIND))
}

/// `cleanupDeployment`: old, empty ReplicaSets beyond `revisionHistoryLimit` go, oldest
/// revision first.
pub(crate) fn cleanup(cluster: &mut Cluster, d: &Deployment, old: &[ReplicaSet]) {
    let limit = usize::try_from(d.revision_history_limit()).unwrap_or(0);
    let mut cleanable: Vec<&ReplicaSet> = old
        .iter()
        .filter(|rs| rs.metadata.deletion_timestamp.is_none())
        .collect();
    if cleanable.len() <= limit {
        return;
    }
    let mut diff = cleanable.len() - limit;
    ordinal_api::order::sort_by_key(&mut cleanable, |rs| {
        (revision(rs), rs.metadata.creation_timestamp.clone())
    });
    for rs in cleanable {
        if diff == 0 {
            break;
        }
        if rs.replicas() != 0
            || rs.status.replicas != 0
            || rs.status.observed_generation != rs.metadata.generation
        {
            continue;
        }
        let _ = crate::gc::delete(
            cluster,
            &rs_key(d, &rs.metadata.name),
            DeleteOptions::default(),
        );
        diff -= 1;
    }
}

/// `IsSaturated`: the new ReplicaSet runs every replica, available.
fn is_saturated(d: &Deployment, rs: &ReplicaSet) -> bool {
    let desired = rs
        .metadata
        .annotations
        .get(DESIRED_REPLICAS_ANNOTATION)
        .and_then(|a| a.parse::<i32>().ok());
    desired == Some(d.replicas())
        && rs.replicas() == d.replicas()
        && rs.status.available_replicas.unwrap_or(0) == d.replicas()
}

/// `getReplicaSetFraction`: the ReplicaSet's share of the new maximum, by the maximum it
/// was last sized for (its max-replicas annotation).
fn replica_set_fraction(d: &Deployment, rs: &ReplicaSet) -> i32 {
    if d.replicas() == 0 {
        return -rs.replicas();
    }
    let max_now = d.replicas() + max_surge(d);
    let before = rs
        .metadata
        .annotations
        .get(MAX_REPLICAS_ANNOTATION)
        .and_then(|a| a.parse::<i32>().ok())
        .filter(|n| *n > 0)
        .or_else(|| d.status.replicas.filter(|n| *n > 0));
    let Some(before) = before else {
        return 0;
    };
    let size = f64::from(rs.replicas()) * f64::from(max_now) / f64::from(before);
    // integer.RoundToInt32: half away from zero.
    size.round() as i32 - rs.replicas()
}

/// `GetProportion`: the fraction, capped by what is left to add (or remove).
fn proportion(d: &Deployment, rs: &ReplicaSet, to_add: i32, added: i32) -> i32 {
    if rs.replicas() == 0 || to_add == 0 || to_add == added {
        return 0;
    }
    let fraction = replica_set_fraction(d, rs);
    let allowed = to_add - added;
    if to_add > 0 {
        fraction.min(allowed)
    } else {
        fraction.max(allowed)
    }
}

/// `scale`: on a scaling event (or while paused) resize without rolling. The only active
/// ReplicaSet (`FindActiveOrLatest`) takes the new size; a saturated new one ends the old
/// ones; otherwise every active ReplicaSet changes in proportion, leftovers to the largest.
pub(crate) fn scale(
    cluster: &mut Cluster,
    d: &Deployment,
    new_rs: Option<&ReplicaSet>,
    old: &[ReplicaSet],
) {
    let mut newest_first: Vec<&ReplicaSet> = old.iter().collect();
    newest_first.reverse();
    let mut all: Vec<&ReplicaSet> = newest_first.clone();
    all.extend(new_rs);
    let active: Vec<&ReplicaSet> = all.iter().copied().filter(|rs| rs.replicas() > 0).collect();
    let active_or_latest = match active.as_slice() {
        [] => new_rs.or(newest_first.first().copied()),
        [one] => Some(*one),
        _ => None,
    };
    if let Some(rs) = active_or_latest {
        if rs.replicas() != d.replicas() {
            scale_replica_set(cluster, d, rs, d.replicas());
        }
        return;
    }
    if let Some(new) = new_rs
        && is_saturated(d, new)
    {
        for rs in old.iter().filter(|rs| rs.replicas() > 0) {
            scale_replica_set(cluster, d, rs, 0);
        }
        return;
    }
    if d.is_recreate() {
        return;
    }
    let current: i32 = active.iter().map(|rs| rs.replicas()).sum();
    let allowed = if d.replicas() > 0 {
        d.replicas() + max_surge(d)
    } else {
        0
    };
    let to_add = allowed - current;
    if to_add == 0 {
        return;
    }
    // ReplicaSetsBySizeNewer when adding, BySizeOlder when removing: larger first, ties to
    // the newer (adding) or the older (removing).
    let mut ordered = active;
    ordinal_api::order::sort_by(&mut ordered, |a, b| {
        let by_age = a
            .metadata
            .creation_timestamp
            .cmp(&b.metadata.creation_timestamp)
            .then_with(|| a.metadata.name.cmp(&b.metadata.name));
        b.replicas()
            .cmp(&a.replicas())
            .then_with(|| if to_add > 0 { by_age.reverse() } else { by_age })
    });
    let mut added = 0;
    let mut sizes: Vec<i32> = Vec::new();
    for rs in &ordered {
        let p = proportion(d, rs, to_add, added);
        sizes.push(rs.replicas() + p);
        added += p;
    }
    if let Some(first) = sizes.first_mut() {
        *first = (*first + to_add - added).max(0);
    }
    for (rs, size) in ordered.into_iter().zip(sizes) {
        if size != rs.replicas() {
            scale_replica_set(cluster, d, rs, size);
        }
    }
}

/// `isScalingEvent`: an active ReplicaSet was sized for another `spec.replicas`.
pub(crate) fn is_scaling_event(d: &Deployment, list: &[ReplicaSet]) -> bool {
    let desired = d.replicas().to_string();
    list.iter()
        .filter(|rs| rs.replicas() > 0)
        .filter_map(|rs| rs.metadata.annotations.get(DESIRED_REPLICAS_ANNOTATION))
        .any(|a| *a != desired)
}
