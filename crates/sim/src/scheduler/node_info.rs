//! What the scheduler reads from a Node object (upstream's `NodeInfo`), parsed once when the
//! Node is written instead of walking its JSON for every pod the scheduler places.

use crate::nodes;
use ordinal_api::Object;

/// A node's scheduling facts, as of the last write of its Node object.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NodeInfo {
    /// `spec.unschedulable` (`kubectl cordon`).
    pub unschedulable: bool,
    /// `spec.taints` as (key, value, effect), in the object's order.
    pub taints: Vec<(String, String, String)>,
    /// `status.allocatable` in base units: millicores, bytes, a pod count.
    pub allocatable_cpu: Option<u128>,
    pub allocatable_memory: Option<u128>,
    pub allocatable_pods: Option<u128>,
}

impl NodeInfo {
    pub fn of(node: &Object) -> Self {
        NodeInfo {
            unschedulable: nodes::unschedulable(node),
            taints: nodes::taints(node),
            allocatable_cpu: nodes::allocatable(node, "cpu"),
            allocatable_memory: nodes::allocatable(node, "memory"),
            allocatable_pods: nodes::allocatable(node, "pods"),
        }
    }

    /// The allocatable amount of `resource` (`cpu`, `memory` or `pods`).
    pub fn allocatable(&self, resource: &str) -> Option<u128> {
        match resource {
            "cpu" => self.allocatable_cpu,
            "memory" => self.allocatable_memory,
            "pods" => self.allocatable_pods,
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::Time;

    #[test]
    fn parses_a_control_plane_node() {
        let node = nodes::node_object(1, nodes::CONTROL_PLANE, 0, Time(0));
        let info = NodeInfo::of(&node);
        assert!(!info.unschedulable);
        assert_eq!(
            info.taints,
            vec![(
                nodes::CONTROL_PLANE_LABEL.to_string(),
                String::new(),
                "NoSchedule".to_string()
            )]
        );
        assert_eq!(info.allocatable("cpu"), Some(4000));
        assert_eq!(info.allocatable("memory"), Some(8_148_440 * 1024));
        assert_eq!(info.allocatable("pods"), Some(110));
        assert_eq!(info.allocatable("gpu"), None);
    }
}
