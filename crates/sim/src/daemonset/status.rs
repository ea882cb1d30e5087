//! `updateDaemonSetStatus`: per node, whether it should run the pod and what runs there.

use super::types::{DaemonSet, DaemonSetStatus};
use ordinal_api::Pod;
use std::collections::BTreeMap;

/// What the status counts for one node.
pub struct NodeState<'a> {
    pub should_run: bool,
    /// The node's daemon pods, oldest first.
    pub pods: Vec<&'a Pod>,
}

pub(crate) fn compute_status(
    ds: &DaemonSet,
    nodes: &BTreeMap<String, NodeState<'_>>,
    is_updated: impl Fn(&Pod) -> bool,
    is_available: impl Fn(&Pod) -> bool,
) -> DaemonSetStatus {
    let mut s = DaemonSetStatus {
        observed_generation: ds.metadata.generation,
        collision_count: ds.status.collision_count,
        ..DaemonSetStatus::default()
    };
    let (mut updated, mut available) = (0, 0);
    for node in nodes.values() {
        let scheduled = !node.pods.is_empty();
        if !node.should_run {
            if scheduled {
                s.number_misscheduled += 1;
            }
            continue;
        }
        s.desired_number_scheduled += 1;
        let Some(pod) = node.pods.first() else {
            continue;
        };
        s.current_number_scheduled += 1;
        if crate::statefulset::utils::is_ready(pod) {
            s.number_ready += 1;
            if is_available(pod) {
                available += 1;
            }
        }
        if is_updated(pod) {
            updated += 1;
        }
    }
    let nonzero = |n: i32| (n > 0).then_some(n);
    s.updated_number_scheduled = nonzero(updated);
    s.number_available = nonzero(available);
    s.number_unavailable = nonzero(s.desired_number_scheduled - available);
    s
}
