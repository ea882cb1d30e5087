//! Invariants of the Deployment, ReplicaSet and DaemonSet controllers, checked after every
//! event with the StatefulSet ones (`invariants::check_invariants` calls
//! [`check_workload_invariants`]).

use crate::cluster::Cluster;
use crate::deployment::rolling::max_total_pods;
use crate::deployment::types::Deployment;
use crate::deployment::util::DEFAULT_POD_TEMPLATE_HASH_LABEL;
use crate::replicaset::ReplicaSet;
use crate::replicaset::controller_utils::{controlled_pods, is_controlled_by, is_pod_active};
use crate::replicaset::types::decode;
use std::collections::BTreeMap;

pub fn check_workload_invariants(cluster: &Cluster) -> Result<(), String> {
    check_replica_sets(cluster)?;
    check_deployments(cluster)?;
    check_daemon_sets(cluster)
}

/// A settled ReplicaSet has exactly `spec.replicas` active pods; those it created are named
/// `<rs>-<5 chars>`.
fn check_replica_sets(cluster: &Cluster) -> Result<(), String> {
    for object in cluster.store().list("ReplicaSet", None) {
        let Some(rs) = decode::<ReplicaSet>(object, "ReplicaSet") else {
            return Err(format!(
                "ReplicaSet {} does not decode",
                object.metadata().name
            ));
        };
        if rs.metadata.deletion_timestamp.is_some() {
            continue;
        }
        let uid = rs.metadata.uid.clone().unwrap_or_default();
        let pods = controlled_pods(cluster, &uid);
        let active = pods.iter().filter(|p| is_pod_active(p)).count();
        if active as i32 != rs.replicas() {
            return Err(format!(
                "ReplicaSet {} has {active} active pods, wants {}",
                rs.metadata.name,
                rs.replicas()
            ));
        }
        // Pods it created from generateName `<rs>-` (adopted pods keep their own names).
        let prefix = format!("{}-", rs.metadata.name);
        for pod in pods
            .iter()
            .filter(|p| p.metadata.generate_name.as_ref() == Some(&prefix))
        {
            let ok = pod.metadata.name.strip_prefix(&prefix).is_some_and(|s| {
                s.len() == 5
                    && s.bytes()
                        .all(|b| b"bcdfghjklmnpqrstvwxz2456789".contains(&b))
            });
            if !ok {
                return Err(format!(
                    "pod {} of ReplicaSet {} is not named <rs>-<5 chars>",
                    pod.metadata.name, rs.metadata.name
                ));
            }
        }
    }
    Ok(())
}

/// A Deployment never runs more than replicas + maxSurge active pods (Recreate: never old
/// and new pods at once), and its ReplicaSets are named by their pod-template-hash.
fn check_deployments(cluster: &Cluster) -> Result<(), String> {
    for object in cluster.store().list("Deployment", None) {
        let Some(d) = decode::<Deployment>(object, "Deployment") else {
            return Err(format!(
                "Deployment {} does not decode",
                object.metadata().name
            ));
        };
        let uid = d.metadata.uid.clone().unwrap_or_default();
        let mut active_by_rs: BTreeMap<String, usize> = BTreeMap::new();
        for key in cluster.store().dependents_of(&uid) {
            let Some(rs) = cluster
                .store()
                .get(key)
                .and_then(|o| decode::<ReplicaSet>(o, "ReplicaSet"))
            else {
                continue;
            };
            if !is_controlled_by(&rs.metadata, &uid) {
                continue;
            }
            let hash = rs
                .spec
                .template
                .metadata
                .labels
                .get(DEFAULT_POD_TEMPLATE_HASH_LABEL)
                .cloned()
                .unwrap_or_default();
            if rs.metadata.name != format!("{}-{hash}", d.metadata.name) {
                return Err(format!(
                    "ReplicaSet {} of {} is not named after its pod-template-hash {hash}",
                    rs.metadata.name, d.metadata.name
                ));
            }
            let rs_uid = rs.metadata.uid.clone().unwrap_or_default();
            let active = controlled_pods(cluster, &rs_uid)
                .iter()
                .filter(|p| is_pod_active(p))
                .count();
            active_by_rs.insert(rs.metadata.name.clone(), active);
        }
        let total: usize = active_by_rs.values().sum();
        let limit = if d.is_recreate() {
            d.replicas()
        } else {
            max_total_pods(&d)
        };
        // A spec change (fewer replicas, less surge) may leave more pods than the new limit
        // until they are scaled down; the controller itself never scales up past it.
        let scaled_up_now = cluster
            .events()
            .iter()
            .rev()
            .take_while(|e| e.last_timestamp == cluster.now())
            .any(|e| {
                e.involved.kind == "Deployment"
                    && e.involved.name == d.metadata.name
                    && e.reason == "ScalingReplicaSet"
                    && e.message.starts_with("Scaled up")
            });
        if scaled_up_now && total as i32 > limit {
            return Err(format!(
                "Deployment {} runs {total} active pods, more than {limit} ({active_by_rs:?})",
                d.metadata.name
            ));
        }
        if d.is_recreate() && active_by_rs.values().filter(|n| **n > 0).count() > 1 {
            return Err(format!(
                "Recreate Deployment {} runs pods of two templates at once",
                d.metadata.name
            ));
        }
    }
    Ok(())
}

/// At most one live pod of a DaemonSet per node (two while surging).
fn check_daemon_sets(cluster: &Cluster) -> Result<(), String> {
    crate::daemonset::check_invariants(cluster)
}
