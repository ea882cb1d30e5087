//! The Deployment controller (`pkg/controller/deployment/`): one ReplicaSet per template
//! revision named `<deployment>-<pod-template-hash>`, rolled by RollingUpdate (`rolling`)
//! or Recreate, paused and scaled (`sync::scale`), with status and conditions (`progress`).
//! `rolling` and `util` decide; `sync` acts.
//!
//! Upstream map (Kubernetes 1.35, `pkg/controller/deployment/`):
//! - `sync` ↔ `syncDeployment` (paused or `isScalingEvent` → `sync`, else `rolloutRecreate`
//!   / `rolloutRolling`); `progress::check_paused_conditions` ↔ `checkPausedConditions`.
//! - `sync::get_new_replica_set` ↔ `getNewReplicaSet` + `SetNewReplicaSetAnnotations`
//!   (revision = max old + 1, replica annotations only on creation, `Created new replica set`
//!   / `Found new replica set` Progressing reasons); `util::compute_hash` ↔ `ComputeHash`
//!   (FNV-32a over the template's JSON instead of spew's dump, then `SafeEncodeString`).
//! - `rolling::reconcile_new_replica_set` ↔ `reconcileNewReplicaSet`/`NewRSNewReplicas`;
//!   `rolling::reconcile_old_replica_sets` ↔ `reconcileOldReplicaSets` with
//!   `cleanupUnhealthyReplicas` and `scaleDownOldReplicaSetsForRollingUpdate`;
//!   `util::resolve_fenceposts` ↔ `ResolveFenceposts` (surge rounded up, unavailable down).
//! - `rollout_recreate` ↔ `rolloutRecreate` + `oldPodsRunning`; `sync::scale` ↔ `scale`
//!   (`FindActiveOrLatest`, `IsSaturated`, `GetProportion`/`getReplicaSetFraction`);
//!   `sync::cleanup` ↔ `cleanupDeployment`; `sync::scale_replica_set` ↔
//!   `scaleReplicaSetAndRecordEvent` (`Scaled up|down replica set X to N from M`).
//! - `progress::sync_rollout_status` ↔ `syncRolloutStatus`/`calculateStatus`
//!   (`DeploymentComplete`, `DeploymentProgressing`, `DeploymentTimedOut`,
//!   `requeueStuckDeployment`). Not modelled: `spec.rollbackTo`, `revision-history`
//!   annotation, ReplicaFailure conditions, adoption of orphan ReplicaSets.

pub mod progress;
pub mod rolling;
pub mod sync;
pub mod types;
pub mod util;

use crate::cluster::Cluster;
use crate::replicaset::ReplicaSet;
use crate::replicaset::controller_utils::controlled_pods;
use crate::store::ObjectKey;
pub use types::{Deployment, DeploymentSpec, DeploymentStatus, get_deployment};

pub const SOURCE: &str = "deployment-controller";

/// `syncDeployment`.
pub(crate) fn sync(cluster: &mut Cluster, key: &ObjectKey) {
    let Some(mut d) = get_deployment(cluster, key) else {
        return;
    };
    if d.metadata.deletion_timestamp.is_some() {
        return;
    }
    let list = sync::replica_sets_of(cluster, &d);
    progress::check_paused_conditions(cluster, &mut d);
    if d.is_paused() || sync::is_scaling_event(&d, &list) {
        sync_only(cluster, &mut d, &list);
    } else if d.is_recreate() {
        rollout_recreate(cluster, &mut d, &list);
    } else {
        rollout_rolling(cluster, &mut d, &list);
    }
}

fn split(list: &[ReplicaSet], new_rs: Option<&ReplicaSet>) -> Vec<ReplicaSet> {
    list.iter()
        .filter(|rs| new_rs.is_none_or(|n| n.metadata.name != rs.metadata.name))
        .cloned()
        .collect()
}

/// `sync`: scale without rolling (paused, or `spec.replicas` changed).
fn sync_only(cluster: &mut Cluster, d: &mut Deployment, list: &[ReplicaSet]) {
    let new_rs = sync::get_new_replica_set(cluster, d, list, false);
    let old = split(list, new_rs.as_ref());
    sync::scale(cluster, d, new_rs.as_ref(), &old);
    if d.is_paused() {
        sync::cleanup(cluster, d, &old);
    }
    finish(cluster, d);
}

/// `rolloutRolling`.
fn rollout_rolling(cluster: &mut Cluster, d: &mut Deployment, list: &[ReplicaSet]) {
    let Some(new_rs) = sync::get_new_replica_set(cluster, d, list, true) else {
        finish(cluster, d);
        return;
    };
    let all = sync::replica_sets_of(cluster, d);
    if let Some(target) = rolling::reconcile_new_replica_set(d, &all, &new_rs) {
        sync::scale_replica_set(cluster, d, &new_rs, target);
        finish(cluster, d);
        return;
    }
    let old = split(&all, Some(&new_rs));
    let scaled = rolling::reconcile_old_replica_sets(d, &old, Some(&new_rs));
    for (name, size) in &scaled {
        if let Some(rs) = old.iter().find(|rs| rs.metadata.name == *name) {
            sync::scale_replica_set(cluster, d, rs, *size);
        }
    }
    if scaled.is_empty() && util::deployment_complete(d, &d.status) {
        sync::cleanup(cluster, d, &old);
    }
    finish(cluster, d);
}

/// `rolloutRecreate`: every old pod gone before the new ReplicaSet scales up.
fn rollout_recreate(cluster: &mut Cluster, d: &mut Deployment, list: &[ReplicaSet]) {
    let new_rs = sync::get_new_replica_set(cluster, d, list, false);
    let old = split(list, new_rs.as_ref());
    let mut scaled_down = false;
    for rs in old.iter().filter(|rs| rs.replicas() > 0) {
        sync::scale_replica_set(cluster, d, rs, 0);
        scaled_down = true;
    }
    if scaled_down || old_pods_running(cluster, &old) {
        finish(cluster, d);
        return;
    }
    let new_rs = match new_rs {
        Some(rs) => Some(rs),
        None => sync::get_new_replica_set(cluster, d, list, true),
    };
    if let Some(rs) = &new_rs
        && rs.replicas() != d.replicas()
    {
        sync::scale_replica_set(cluster, d, rs, d.replicas());
    }
    if util::deployment_complete(d, &d.status) {
        sync::cleanup(cluster, d, &old);
    }
    finish(cluster, d);
}

/// `oldPodsRunning`: any pod of an old ReplicaSet not yet Succeeded or Failed (terminating
/// pods count: Recreate waits for them to be gone).
fn old_pods_running(cluster: &Cluster, old: &[ReplicaSet]) -> bool {
    old.iter().any(|rs| {
        rs.status.replicas > 0
            || controlled_pods(cluster, rs.metadata.uid.as_deref().unwrap_or(""))
                .iter()
                .any(|p| !matches!(p.status.phase.as_deref(), Some("Succeeded" | "Failed")))
    })
}

/// Status over the ReplicaSets as they are after this sync's writes.
fn finish(cluster: &mut Cluster, d: &Deployment) {
    let all = sync::replica_sets_of(cluster, d);
    let new_rs = sync::find_new(d, &all);
    progress::sync_rollout_status(cluster, d, &all, new_rs.as_ref());
}
