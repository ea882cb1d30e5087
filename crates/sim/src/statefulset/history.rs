//! Revision bookkeeping per sync and history pruning.

use super::revision::{
    self, KIND, new_revision, revision_data, revision_name, revision_number, set_revision_number,
    template_hash,
};
use super::utils::pod_revision;
use crate::cluster::Cluster;
use crate::store::ObjectKey;
use ordinal_api::{Object, StatefulSet};
use std::collections::BTreeSet;

fn revision_exists(cluster: &Cluster, namespace: &str, name: &str) -> bool {
    cluster
        .store
        .get(&ObjectKey::new(KIND, namespace, name))
        .is_some()
}

fn revisions(cluster: &Cluster, set_uid: &str) -> Vec<ObjectKey> {
    cluster
        .store
        .dependents_of_kind(set_uid, KIND)
        .cloned()
        .collect()
}

/// Returns `(currentRevision, updateRevision)`, creating or renumbering the revision of the
/// current template as needed.
pub(crate) fn sync_revisions(cluster: &mut Cluster, set: &StatefulSet) -> (String, String) {
    let namespace = set.metadata.namespace.as_deref().unwrap_or_default();
    let uid = set.metadata.uid.as_deref().unwrap_or_default();
    // Only a spec change can change the template; otherwise last sync's answer stands.
    if set.status.observed_generation == set.metadata.generation
        && let Some(update) = &set.status.update_revision
        && revision_exists(cluster, namespace, update)
    {
        let current = set
            .status
            .current_revision
            .clone()
            .unwrap_or_else(|| update.clone());
        return (current, update.clone());
    }
    let data = revision_data(&set.spec.template);
    let hash = template_hash(&data, set.status.collision_count.unwrap_or(0));
    let name = revision_name(&set.metadata.name, &hash);
    let key = ObjectKey::new(KIND, namespace, &name);
    let existing = revisions(cluster, uid);
    let max = existing
        .iter()
        .filter_map(|k| cluster.store.get(k))
        .map(revision_number)
        .max()
        .unwrap_or(0);
    match cluster.store.get(&key).cloned() {
        Some(mut found) => {
            // Rolling back to an older template renumbers it.
            if revision_number(&found) < max {
                set_revision_number(&mut found, max + 1);
                cluster.write(found);
            }
        }
        None => {
            let uid = cluster.new_uid();
            let now = cluster.now().rfc3339();
            let object = new_revision(set, &name, &hash, data, max + 1, uid, &now);
            cluster.write(object);
        }
    }
    let current = set
        .status
        .current_revision
        .clone()
        .filter(|c| revision_exists(cluster, namespace, c))
        .unwrap_or_else(|| name.clone());
    (current, name)
}

/// Deletes the oldest non-live revisions beyond `revisionHistoryLimit`.
pub(crate) fn prune(cluster: &mut Cluster, key: &ObjectKey) {
    let Some(Object::StatefulSet(set)) = cluster.store.get(key) else {
        return;
    };
    let uid = set.metadata.uid.as_deref().unwrap_or_default();
    let limit = usize::try_from(set.spec.revision_history_limit.unwrap_or(10)).unwrap_or(0);
    // Cheap exit first, counted without copying keys (every sync asks): the live set needs
    // a pass over the pods.
    if cluster.store.dependents_of_kind(uid, KIND).count() <= limit {
        return;
    }
    let all = revisions(cluster, uid);
    let mut live: BTreeSet<String> = BTreeSet::new();
    live.extend(set.status.current_revision.clone());
    live.extend(set.status.update_revision.clone());
    for pod in super::owned_pods(cluster, set) {
        live.insert(pod_revision(pod).to_string());
    }
    let mut history: Vec<(i64, ObjectKey)> = all
        .into_iter()
        .filter(|k| !live.contains(&k.name))
        .filter_map(|k| cluster.store.get(&k).map(|o| (revision_number(o), k)))
        .collect();
    ordinal_api::order::sort(&mut history);
    let surplus = history.len().saturating_sub(limit);
    for (_, k) in history.into_iter().take(surplus) {
        cluster.erase(&k);
    }
}

/// The pod template stored under a revision name.
pub(crate) fn template_of(
    cluster: &Cluster,
    namespace: &str,
    name: &str,
) -> Option<ordinal_api::PodTemplateSpec> {
    cluster
        .store
        .get(&ObjectKey::new(KIND, namespace, name))
        .and_then(revision::revision_template)
}
