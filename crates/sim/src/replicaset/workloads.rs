//! Routing for the apps/v1 workload controllers other than StatefulSet: which changes wake
//! which controller (an informer's event handlers), and the sync dispatch by kind.

use crate::cluster::Cluster;
use crate::store::ObjectKey;
use ordinal_api::Object;

const KINDS: [&str; 3] = ["Deployment", "ReplicaSet", "DaemonSet"];

/// Called for every relevant store change: the workload itself, and the workload that
/// controls the changed object (a pod's ReplicaSet, a ReplicaSet's Deployment).
pub(crate) fn notify(cluster: &mut Cluster, key: &ObjectKey, object: &Object) {
    if KINDS.contains(&key.kind.as_str()) {
        cluster.dirty_workloads.insert(key.clone());
    }
    for owner in &object.metadata().owner_references {
        if owner.controller == Some(true) && KINDS.contains(&owner.kind.as_str()) {
            cluster.dirty_workloads.insert(ObjectKey::new(
                &owner.kind,
                &key.namespace,
                &owner.name,
            ));
            // The Deployment controller watches pods too (`deletePod`): Recreate waits for
            // the last old pod to be gone, which changes no ReplicaSet status.
            if key.kind == "Pod" && owner.kind == "ReplicaSet" {
                let deployment = cluster
                    .store
                    .key_of_uid(&owner.uid)
                    .and_then(|k| cluster.store.get(k))
                    .and_then(|rs| {
                        rs.metadata()
                            .owner_references
                            .iter()
                            .find(|o| o.controller == Some(true) && o.kind == "Deployment")
                            .map(|o| ObjectKey::new("Deployment", &key.namespace, &o.name))
                    });
                cluster.dirty_workloads.extend(deployment);
            }
        }
    }
    if key.kind == "Node" {
        crate::daemonset::node_changed(cluster);
    }
}

pub(crate) fn sync(cluster: &mut Cluster, key: &ObjectKey) {
    match key.kind.as_str() {
        "Deployment" => crate::deployment::sync(cluster, key),
        "ReplicaSet" => super::sync(cluster, key),
        "DaemonSet" => crate::daemonset::sync(cluster, key),
        _ => {}
    }
}
