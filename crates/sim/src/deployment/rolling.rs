//! The RollingUpdate decisions (`rolling.go`): how far to scale the new ReplicaSet up and the
//! old ones down within maxSurge / maxUnavailable. Pure functions over ReplicaSet views.

use super::types::Deployment;
use super::util::{max_surge, max_unavailable, new_rs_new_replicas};
use crate::replicaset::ReplicaSet;

/// `reconcileNewReplicaSet`: the new ReplicaSet's target size, if it should change.
pub fn reconcile_new_replica_set(
    d: &Deployment,
    all: &[ReplicaSet],
    new_rs: &ReplicaSet,
) -> Option<i32> {
    let replicas = d.replicas();
    let current = new_rs.replicas();
    if current == replicas {
        return None;
    }
    if current > replicas {
        return Some(replicas);
    }
    let target = new_rs_new_replicas(d, all, current);
    (target != current).then_some(target)
}

fn available(rs: &ReplicaSet) -> i32 {
    rs.status.available_replicas.unwrap_or(0)
}

/// `reconcileOldReplicaSets`: new sizes for old ReplicaSets, oldest first. First the
/// unhealthy replicas go (`cleanupUnhealthyReplicas`), then healthy ones as far as the
/// availability budget allows (`scaleDownOldReplicaSetsForRollingUpdate`).
pub fn reconcile_old_replica_sets(
    d: &Deployment,
    old: &[ReplicaSet],
    new_rs: Option<&ReplicaSet>,
) -> Vec<(String, i32)> {
    let old_pods: i32 = old.iter().map(ReplicaSet::replicas).sum();
    if old_pods == 0 {
        return Vec::new();
    }
    let new_replicas = new_rs.map_or(0, ReplicaSet::replicas);
    let all_pods = old_pods + new_replicas;
    let min_available = d.replicas() - max_unavailable(d);
    let new_unavailable = new_rs.map_or(0, |rs| rs.replicas() - available(rs));
    let max_scaled_down = all_pods - min_available - new_unavailable;
    if max_scaled_down <= 0 {
        return Vec::new();
    }
    let mut sizes: Vec<(String, i32, i32)> = old
        .iter()
        .map(|rs| (rs.metadata.name.clone(), rs.replicas(), available(rs)))
        .collect();
    // cleanupUnhealthyReplicas
    let mut cleaned = 0;
    for (_, replicas, avail) in sizes.iter_mut() {
        if cleaned >= max_scaled_down {
            break;
        }
        if *replicas == 0 || *replicas == *avail {
            continue;
        }
        let down = (max_scaled_down - cleaned).min(*replicas - *avail);
        *replicas -= down;
        cleaned += down;
    }
    // scaleDownOldReplicaSetsForRollingUpdate
    let available_pods: i32 = old.iter().map(available).sum::<i32>() + new_rs.map_or(0, available);
    if available_pods > min_available {
        let total = available_pods - min_available;
        let mut done = 0;
        for (_, replicas, _) in sizes.iter_mut() {
            if done >= total {
                break;
            }
            if *replicas == 0 {
                continue;
            }
            let down = (*replicas).min(total - done);
            *replicas -= down;
            done += down;
        }
    }
    sizes
        .into_iter()
        .zip(old)
        .filter(|((_, size, _), rs)| *size != rs.replicas())
        .map(|((name, size, _), _)| (name, size))
        .collect()
}

/// The most pods a Deployment may have at once: replicas + maxSurge.
pub fn max_total_pods(d: &Deployment) -> i32 {
    d.replicas() + max_surge(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rs(name: &str, replicas: i32, available: i32) -> ReplicaSet {
        let mut rs = ReplicaSet::default();
        rs.metadata.name = name.into();
        rs.spec.replicas = Some(replicas);
        rs.status.available_replicas = Some(available);
        rs
    }

    fn deployment(replicas: i32) -> Deployment {
        let mut d = Deployment::default();
        d.spec.replicas = Some(replicas);
        d
    }

    #[test]
    fn new_rs_surges_by_max_surge() {
        // 3 replicas: surge 1, unavailable 0.
        let d = deployment(3);
        let old = rs("old", 3, 3);
        let new = rs("new", 0, 0);
        let all = vec![old.clone(), new.clone()];
        assert_eq!(reconcile_new_replica_set(&d, &all, &new), Some(1));
        // Already at replicas + surge: wait.
        let new = rs("new", 1, 0);
        let all = vec![old.clone(), new.clone()];
        assert_eq!(reconcile_new_replica_set(&d, &all, &new), None);
    }

    #[test]
    fn old_rs_scales_down_only_as_new_pods_become_available() {
        let d = deployment(3);
        let old = vec![rs("old", 3, 3)];
        assert!(reconcile_old_replica_sets(&d, &old, Some(&rs("new", 1, 0))).is_empty());
        assert_eq!(
            reconcile_old_replica_sets(&d, &old, Some(&rs("new", 1, 1))),
            vec![("old".to_string(), 2)]
        );
    }

    #[test]
    fn unhealthy_old_pods_go_first() {
        // 4 replicas: surge 1, unavailable 1; two old pods are not available.
        let d = deployment(4);
        let old = vec![rs("old", 4, 2)];
        assert_eq!(
            reconcile_old_replica_sets(&d, &old, Some(&rs("new", 1, 0))),
            vec![("old".to_string(), 3)]
        );
    }
}
