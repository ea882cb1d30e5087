//! Status and conditions (`progress.go`, `syncDeploymentStatus`): counters summed over the
//! ReplicaSets, `Available` from maxUnavailable, `Progressing` with the progress deadline.

use super::types::{Deployment, DeploymentStatus};
use super::util::{deployment_complete, deployment_progressing, max_unavailable};
use crate::clock::{Duration, Time};
use crate::cluster::{Cluster, Timer};
use crate::replicaset::ReplicaSet;
use crate::replicaset::types::write_status;

pub const TIMED_OUT_REASON: &str = "ProgressDeadlineExceeded";
pub const NEW_RS_AVAILABLE_REASON: &str = "NewReplicaSetAvailable";
pub const PAUSED_REASON: &str = "DeploymentPaused";
pub const RESUMED_REASON: &str = "DeploymentResumed";

/// `SetDeploymentCondition` on the in-memory Deployment: an identical status and reason is
/// left alone; a same-status change keeps its transition time; the condition moves last.
pub(crate) fn set_condition(
    cluster: &Cluster,
    d: &mut Deployment,
    type_: &str,
    status: &str,
    reason: &str,
    message: String,
) {
    set_in(&mut d.status, cluster.now(), type_, status, reason, message);
}

fn set_in(
    s: &mut DeploymentStatus,
    now: Time,
    type_: &str,
    status: &str,
    reason: &str,
    message: String,
) {
    let now = now.rfc3339();
    let current = s.conditions.iter().find(|c| c.type_ == type_).cloned();
    if let Some(c) = &current
        && c.status == status
        && c.reason.as_deref() == Some(reason)
    {
        return;
    }
    let transition = match &current {
        Some(c) if c.status == status => c.last_transition_time.clone(),
        _ => Some(now.clone()),
    };
    s.conditions.retain(|c| c.type_ != type_);
    s.conditions.push(super::types::DeploymentCondition {
        type_: type_.into(),
        status: status.into(),
        last_update_time: Some(now),
        last_transition_time: transition,
        reason: Some(reason.into()),
        message: Some(message),
    });
}

/// `checkPausedConditions`.
pub(crate) fn check_paused_conditions(cluster: &Cluster, d: &mut Deployment) {
    let reason = d
        .condition("Progressing")
        .and_then(|c| c.reason.clone())
        .unwrap_or_default();
    if d.is_paused() && reason != PAUSED_REASON {
        set_condition(
            cluster,
            d,
            "Progressing",
            "Unknown",
            PAUSED_REASON,
            "Deployment is paused".into(),
        );
    } else if !d.is_paused() && reason == PAUSED_REASON {
        set_condition(
            cluster,
            d,
            "Progressing",
            "Unknown",
            RESUMED_REASON,
            "Deployment is resumed".into(),
        );
    }
}

/// `calculateStatus`.
fn calculate_status(
    d: &Deployment,
    all: &[ReplicaSet],
    new_rs: Option<&ReplicaSet>,
) -> DeploymentStatus {
    let available: i32 = all
        .iter()
        .map(|rs| rs.status.available_replicas.unwrap_or(0))
        .sum();
    let total: i32 = all.iter().map(ReplicaSet::replicas).sum();
    let nonzero = |n: i32| (n > 0).then_some(n);
    DeploymentStatus {
        observed_generation: d.metadata.generation,
        replicas: nonzero(all.iter().map(|rs| rs.status.replicas).sum()),
        updated_replicas: nonzero(new_rs.map_or(0, |rs| rs.status.replicas)),
        ready_replicas: nonzero(
            all.iter()
                .map(|rs| rs.status.ready_replicas.unwrap_or(0))
                .sum(),
        ),
        available_replicas: nonzero(available),
        unavailable_replicas: nonzero(total - available),
        conditions: d.status.conditions.clone(),
        collision_count: d.status.collision_count,
    }
}

/// `syncRolloutStatus`: writes status with both conditions and requeues a stuck rollout at
/// its deadline.
pub(crate) fn sync_rollout_status(
    cluster: &mut Cluster,
    d: &Deployment,
    all: &[ReplicaSet],
    new_rs: Option<&ReplicaSet>,
) {
    let now = cluster.now();
    let mut status = calculate_status(d, all, new_rs);
    if status.available_replicas.unwrap_or(0) >= d.replicas() - max_unavailable(d) {
        set_in(
            &mut status,
            now,
            "Available",
            "True",
            "MinimumReplicasAvailable",
            "Deployment has minimum availability.".into(),
        );
    } else {
        set_in(
            &mut status,
            now,
            "Available",
            "False",
            "MinimumReplicasUnavailable",
            "Deployment does not have minimum availability.".into(),
        );
    }
    let current = d.condition("Progressing").cloned();
    let complete = status.replicas == status.updated_replicas
        && current.as_ref().and_then(|c| c.reason.as_deref()) == Some(NEW_RS_AVAILABLE_REASON);
    let rs_name = new_rs
        .map(|rs| rs.metadata.name.clone())
        .unwrap_or_default();
    if !d.is_paused() && !complete {
        if deployment_complete(d, &status) {
            set_in(
                &mut status,
                now,
                "Progressing",
                "True",
                NEW_RS_AVAILABLE_REASON,
                format!("ReplicaSet \"{rs_name}\" has successfully progressed."),
            );
        } else if deployment_progressing(d, &status) {
            // Progress refreshes lastUpdateTime even when status and reason stay the same.
            status.conditions.retain(|c| c.type_ != "Progressing");
            set_in(
                &mut status,
                now,
                "Progressing",
                "True",
                "ReplicaSetUpdated",
                format!("ReplicaSet \"{rs_name}\" is progressing."),
            );
            if let (Some(c), Some(old)) = (status.conditions.last_mut(), &current)
                && old.status == "True"
            {
                c.last_transition_time = old.last_transition_time.clone();
            }
        } else if timed_out(d, now) {
            set_in(
                &mut status,
                now,
                "Progressing",
                "False",
                TIMED_OUT_REASON,
                format!("ReplicaSet \"{rs_name}\" has timed out progressing."),
            );
        }
    }
    requeue_stuck(cluster, d, &status);
    write_status(cluster, &super::sync::key_of(d), &status);
}

fn last_update(d: &Deployment) -> Option<Time> {
    d.condition("Progressing")
        .and_then(|c| c.last_update_time.as_deref())
        .and_then(Time::from_rfc3339)
}

fn deadline(d: &Deployment) -> Duration {
    Duration::from_secs(u64::try_from(d.progress_deadline_seconds()).unwrap_or(0))
}

/// `DeploymentTimedOut`.
fn timed_out(d: &Deployment, now: Time) -> bool {
    let Some(c) = d.condition("Progressing") else {
        return false;
    };
    match c.reason.as_deref() {
        Some(NEW_RS_AVAILABLE_REASON) => false,
        Some(TIMED_OUT_REASON) => true,
        _ => last_update(d).is_some_and(|from| from + deadline(d) < now),
    }
}

/// `requeueStuckDeployment`: look again just after the deadline of a rollout in progress.
fn requeue_stuck(cluster: &mut Cluster, d: &Deployment, status: &DeploymentStatus) {
    let Some(c) = status.conditions.iter().find(|c| c.type_ == "Progressing") else {
        return;
    };
    if d.is_paused()
        || c.status != "True"
        || c.reason.as_deref() == Some(NEW_RS_AVAILABLE_REASON)
        || deployment_complete(d, status)
    {
        return;
    }
    let Some(from) = c.last_update_time.as_deref().and_then(Time::from_rfc3339) else {
        return;
    };
    let due = from + deadline(d) + Duration::from_secs(1);
    let now = cluster.now();
    if due > now {
        cluster.schedule_timer(
            Duration(due.0 - now.0),
            Timer::WorkloadResync {
                key: super::sync::key_of(d),
            },
        );
    }
}
