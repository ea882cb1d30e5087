//! What the Nodes panel shows: each Node with its Ready state, taints, cordon, and the pods
//! bound to it. Plain data, tested natively.

use ordinal_api::Object;
use ordinal_sim::{Cluster, nodes};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeView {
    pub name: String,
    /// `Ready`, `NotReady`, `Unknown`, with `,SchedulingDisabled` when cordoned, as kubectl.
    pub status: String,
    pub ready: bool,
    pub control_plane: bool,
    /// `key=value:Effect` (or `key:Effect`).
    pub taints: Vec<String>,
    /// Pods bound to the node, in name order.
    pub pods: Vec<String>,
}

const CONTROL_PLANE_LABEL: &str = "node-role.kubernetes.io/control-plane";

pub fn nodes(cluster: &Cluster) -> Vec<NodeView> {
    let store = cluster.store();
    let mut pods: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for object in store.list("Pod", None) {
        if let Object::Pod(pod) = object
            && let Some(node) = &pod.spec.node_name
        {
            pods.entry(node.clone())
                .or_default()
                .push(pod.metadata.name.clone());
        }
    }
    store
        .list("Node", None)
        .map(|node| {
            let meta = node.metadata();
            let ready_status = nodes::ready_status(node);
            let ready = ready_status == "True";
            let mut status = match ready_status.as_str() {
                "True" => "Ready".to_string(),
                _ => "NotReady".to_string(),
            };
            if nodes::unschedulable(node) {
                status.push_str(",SchedulingDisabled");
            }
            let taints = nodes::taints(node)
                .into_iter()
                .map(|(key, value, effect)| {
                    if value.is_empty() {
                        format!("{key}:{effect}")
                    } else {
                        format!("{key}={value}:{effect}")
                    }
                })
                .collect();
            let mut on_node = pods.remove(&meta.name).unwrap_or_default();
            ordinal_api::order::sort(&mut on_node);
            NodeView {
                name: meta.name.clone(),
                status,
                ready,
                control_plane: meta.labels.contains_key(CONTROL_PLANE_LABEL),
                taints,
                pods: on_node,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands;
    use crate::state::Playground;
    use ordinal_sim::Duration;

    const WEB: &str = include_str!("../../../tests/scenarios/web.yaml");

    #[test]
    fn pods_are_listed_on_their_node_and_a_stopped_node_goes_not_ready() {
        let mut p = Playground::default();
        p.run(&commands::apply(), Some(WEB));
        p.settle();
        let views = nodes(p.cluster());
        assert_eq!(views.len(), 4, "1 control plane + 3 workers: {views:?}");
        let control: Vec<&NodeView> = views.iter().filter(|n| n.control_plane).collect();
        assert_eq!(control.len(), 1);
        assert!(
            !control[0].taints.is_empty(),
            "the control plane is tainted"
        );
        assert!(control[0].pods.is_empty());
        let placed: usize = views.iter().map(|n| n.pods.len()).sum();
        assert_eq!(placed, 3);
        let worker = views
            .iter()
            .find(|n| !n.pods.is_empty())
            .expect("a worker with a pod")
            .name
            .clone();
        let out = p.run(&commands::stop_node(&worker), None);
        assert_eq!(out.exit_code, 0, "{}", out.stderr);
        p.advance(Duration::from_secs(120));
        let stopped = nodes(p.cluster())
            .into_iter()
            .find(|n| n.name == worker)
            .expect("node");
        assert!(!stopped.ready);
        assert!(stopped.status.starts_with("NotReady"), "{}", stopped.status);
    }
}
