//! ControllerRevisions of a DaemonSet (`constructHistory`, `cleanupHistory` in `update.go`):
//! one per distinct template, named `<ds>-<hash>` and labelled with the
//! `controller-revision-hash` its pods carry; a template seen before is renumbered, not
//! duplicated; old revisions no pod uses are pruned beyond `revisionHistoryLimit`.

use super::types::DaemonSet;
use crate::cluster::Cluster;
use crate::deployment::util::compute_hash;
use crate::replicaset::controller_utils::{controller_ref, is_controlled_by};
use crate::statefulset::revision::{
    KIND, revision_data, revision_name, revision_number, set_revision_number,
};
use crate::store::ObjectKey;
use ordinal_api::{Object, ObjectMeta};
use serde_json::json;
use std::collections::BTreeSet;

/// `controller-revision-hash`, the label a DaemonSet's pods and revisions carry.
pub const DEFAULT_DAEMON_SET_UNIQUE_LABEL_KEY: &str = "controller-revision-hash";

fn namespace(ds: &DaemonSet) -> String {
    ds.metadata
        .namespace
        .clone()
        .unwrap_or_else(|| "default".into())
}

fn revisions(cluster: &Cluster, ds: &DaemonSet) -> Vec<ObjectKey> {
    let uid = ds.metadata.uid.clone().unwrap_or_default();
    cluster
        .store
        .dependents_of(&uid)
        .filter(|k| k.kind == KIND)
        .filter(|k| {
            cluster
                .store
                .get(k)
                .is_some_and(|o| is_controlled_by(o.metadata(), &uid))
        })
        .cloned()
        .collect()
}

/// `constructHistory`: the current revision's hash, creating or renumbering it.
pub(crate) fn construct_history(cluster: &mut Cluster, ds: &DaemonSet) -> String {
    let ns = namespace(ds);
    let hash = compute_hash(&ds.spec.template, ds.status.collision_count.unwrap_or(0));
    let name = revision_name(&ds.metadata.name, &hash);
    let key = ObjectKey::new(KIND, &ns, &name);
    let max = revisions(cluster, ds)
        .iter()
        .filter_map(|k| cluster.store.get(k))
        .map(revision_number)
        .max()
        .unwrap_or(0);
    match cluster.store.get(&key).cloned() {
        Some(mut found) => {
            if revision_number(&found) < max {
                set_revision_number(&mut found, max + 1);
                cluster.write(found);
            }
        }
        None => {
            let mut labels = ds.spec.template.metadata.labels.clone();
            labels.insert(DEFAULT_DAEMON_SET_UNIQUE_LABEL_KEY.into(), hash.clone());
            let mut annotations = ds.metadata.annotations.clone();
            annotations.remove("kubectl.kubernetes.io/last-applied-configuration");
            let object = Object::Other {
                api_version: "apps/v1".into(),
                kind: KIND.into(),
                metadata: ObjectMeta {
                    name,
                    namespace: Some(ns),
                    labels,
                    annotations,
                    uid: Some(cluster.new_uid()),
                    creation_timestamp: Some(cluster.now().rfc3339()),
                    owner_references: vec![controller_ref("DaemonSet", &ds.metadata)].into(),
                    ..ObjectMeta::default()
                },
                body: json!({"data": revision_data(&ds.spec.template), "revision": max + 1}),
            };
            cluster.write(object);
        }
    }
    hash
}

/// `cleanupHistory`: deletes the oldest revisions no live pod uses beyond the limit.
pub(crate) fn cleanup_history(
    cluster: &mut Cluster,
    ds: &DaemonSet,
    live_hashes: &BTreeSet<String>,
    current_hash: &str,
) {
    let limit = usize::try_from(ds.revision_history_limit()).unwrap_or(0);
    let all = revisions(cluster, ds);
    if all.len() <= limit + 1 {
        return;
    }
    let mut old: Vec<(i64, ObjectKey)> = all
        .into_iter()
        .filter_map(|k| {
            let object = cluster.store.get(&k)?;
            let hash = object
                .metadata()
                .labels
                .get(DEFAULT_DAEMON_SET_UNIQUE_LABEL_KEY)?;
            if hash == current_hash || live_hashes.contains(hash) {
                return None;
            }
            Some((revision_number(object), k))
        })
        .collect();
    ordinal_api::order::sort(&mut old);
    let surplus = old.len().saturating_sub(limit);
    for (_, key) in old.into_iter().take(surplus) {
        cluster.erase(&key);
    }
}
