//! Helpers named after `pkg/controller/deployment/util/deployment_util.go`: surge and
//! unavailability budgets, the pod-template-hash, revision annotations, and the completion
//! and progress predicates the conditions are computed from.

use super::types::{Deployment, DeploymentStatus};
use crate::replicaset::ReplicaSet;
use crate::replicaset::controller_utils::scaled_value;
use ordinal_api::PodTemplateSpec;

pub const DEFAULT_POD_TEMPLATE_HASH_LABEL: &str = "pod-template-hash";
pub const REVISION_ANNOTATION: &str = "deployment.kubernetes.io/revision";
pub const DESIRED_REPLICAS_ANNOTATION: &str = "deployment.kubernetes.io/desired-replicas";
pub const MAX_REPLICAS_ANNOTATION: &str = "deployment.kubernetes.io/max-replicas";

/// `ResolveFenceposts`: (maxSurge rounded up, maxUnavailable rounded down), never both 0.
pub fn resolve_fenceposts(d: &Deployment) -> (i32, i32) {
    if d.is_recreate() {
        return (0, 0);
    }
    let rolling = d
        .spec
        .strategy
        .as_ref()
        .and_then(|s| s.rolling_update.clone())
        .unwrap_or_default();
    let desired = d.replicas();
    let surge = scaled_value(rolling.max_surge.as_ref(), desired, true, "25%");
    let unavailable = scaled_value(rolling.max_unavailable.as_ref(), desired, false, "25%");
    if surge == 0 && unavailable == 0 {
        return (0, 1);
    }
    (surge, unavailable)
}

pub fn max_surge(d: &Deployment) -> i32 {
    resolve_fenceposts(d).0
}

/// `MaxUnavailable`: capped at the replica count.
pub fn max_unavailable(d: &Deployment) -> i32 {
    if d.is_recreate() || d.replicas() == 0 {
        return 0;
    }
    resolve_fenceposts(d).1.min(d.replicas())
}

/// `ComputeHash`: a stable hash of the template (without the hash label) and the collision
/// count, in the safe alphabet.
pub fn compute_hash(template: &PodTemplateSpec, collision_count: i32) -> String {
    let mut template = template.clone();
    template
        .metadata
        .labels
        .remove(DEFAULT_POD_TEMPLATE_HASH_LABEL);
    let data = serde_json::to_value(&template).unwrap_or_default();
    crate::statefulset::revision::template_hash(&data, collision_count)
}

/// `EqualIgnoreHash`: two templates equal once the pod-template-hash label is dropped.
pub fn equal_ignore_hash(a: &PodTemplateSpec, b: &PodTemplateSpec) -> bool {
    let strip = |t: &PodTemplateSpec| {
        let mut t = t.clone();
        t.metadata.labels.remove(DEFAULT_POD_TEMPLATE_HASH_LABEL);
        t
    };
    strip(a) == strip(b)
}

/// `Revision`: the ReplicaSet's revision annotation (0 when absent or malformed).
pub fn revision(rs: &ReplicaSet) -> i64 {
    rs.metadata
        .annotations
        .get(REVISION_ANNOTATION)
        .and_then(|r| r.parse().ok())
        .unwrap_or(0)
}

/// `NewRSNewReplicas`: the size the new ReplicaSet should have now.
pub fn new_rs_new_replicas(d: &Deployment, all: &[ReplicaSet], new_rs_replicas: i32) -> i32 {
    if d.is_recreate() {
        return d.replicas();
    }
    let current: i32 = all.iter().map(ReplicaSet::replicas).sum();
    let max_total = d.replicas() + max_surge(d);
    if current >= max_total {
        return new_rs_replicas;
    }
    let scale_up = (max_total - current).min(d.replicas() - new_rs_replicas);
    new_rs_replicas + scale_up.max(0)
}

/// `DeploymentComplete`: every replica updated and available, the newest spec observed.
pub fn deployment_complete(d: &Deployment, status: &DeploymentStatus) -> bool {
    let replicas = d.replicas();
    status.updated_replicas.unwrap_or(0) == replicas
        && status.replicas.unwrap_or(0) == replicas
        && status.available_replicas.unwrap_or(0) == replicas
        && status.observed_generation >= d.metadata.generation
}

/// `DeploymentProgressing`: more updated, ready or available replicas, or fewer old ones.
pub fn deployment_progressing(d: &Deployment, new: &DeploymentStatus) -> bool {
    let old = &d.status;
    let old_old = old.replicas.unwrap_or(0) - old.updated_replicas.unwrap_or(0);
    let new_old = new.replicas.unwrap_or(0) - new.updated_replicas.unwrap_or(0);
    new.updated_replicas > old.updated_replicas
        || new_old < old_old
        || new.ready_replicas.unwrap_or(0) > old.ready_replicas.unwrap_or(0)
        || new.available_replicas.unwrap_or(0) > old.available_replicas.unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn deployment(
        replicas: i32,
        surge: Option<serde_json::Value>,
        unavailable: Option<serde_json::Value>,
    ) -> Deployment {
        let mut d = Deployment::default();
        d.spec.replicas = Some(replicas);
        d.spec.strategy = Some(super::super::types::DeploymentStrategy {
            type_: Some("RollingUpdate".into()),
            rolling_update: Some(super::super::types::RollingUpdateDeployment {
                max_surge: surge,
                max_unavailable: unavailable,
            }),
        });
        d
    }

    #[test]
    fn default_budgets_round_surge_up_and_unavailable_down() {
        assert_eq!(resolve_fenceposts(&deployment(3, None, None)), (1, 0));
        assert_eq!(resolve_fenceposts(&deployment(4, None, None)), (1, 1));
        assert_eq!(resolve_fenceposts(&deployment(10, None, None)), (3, 2));
        // Both zero would deadlock: one pod may be unavailable.
        assert_eq!(
            resolve_fenceposts(&deployment(3, Some(json!(0)), Some(json!("10%")))),
            (0, 1)
        );
    }

    #[test]
    fn hash_ignores_the_hash_label_and_tracks_the_template() {
        let mut t = PodTemplateSpec::default();
        t.metadata.labels.insert("app".into(), "web".into());
        let h = compute_hash(&t, 0);
        let mut labelled = t.clone();
        labelled
            .metadata
            .labels
            .insert(DEFAULT_POD_TEMPLATE_HASH_LABEL.into(), h.clone());
        assert_eq!(compute_hash(&labelled, 0), h);
        assert!(equal_ignore_hash(&t, &labelled));
        assert_ne!(compute_hash(&t, 1), h);
        assert!(h.chars().all(|c| "bcdfghjklmnpqrstvwxz2456789".contains(c)));
    }
}
