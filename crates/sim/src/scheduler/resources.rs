//! Resource requests against node allocatable (the NodeResourcesFit filter): quantities in
//! base units, a pod's effective request (max of init containers, sum of app containers),
//! and the nodes ordered by how many pods they hold (`NodeLoads`).

use ordinal_api::{Container, Pod};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The nodes in the order the scheduler prefers them when nothing else scores: fewest pods,
/// then lowest node index. Kept current as pods are assigned and released, so placing a pod
/// that only needs the first feasible node in that order costs O(log nodes), not a pass over
/// every node.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NodeLoads {
    /// (pods on the node, node index).
    order: BTreeSet<(usize, u32)>,
    /// Node index → name.
    names: BTreeMap<u32, String>,
}

impl NodeLoads {
    /// A node joined with `pods` pods.
    pub fn added(&mut self, index: u32, name: &str, pods: usize) {
        self.order.insert((pods, index));
        self.names.insert(index, name.to_string());
    }

    /// A node that held `pods` pods left.
    pub fn removed(&mut self, index: u32, pods: usize) {
        self.order.remove(&(pods, index));
        self.names.remove(&index);
    }

    /// A node's pod count went from `before` to `after`.
    pub fn moved(&mut self, index: u32, before: usize, after: usize) {
        if before != after && self.order.remove(&(before, index)) {
            self.order.insert((after, index));
        }
    }

    /// (pods, index, name) of every node, fewest pods first, then by index.
    pub fn ascending(&self) -> impl Iterator<Item = (usize, u32, &str)> {
        self.order.iter().filter_map(|&(pods, index)| {
            self.names
                .get(&index)
                .map(|name| (pods, index, name.as_str()))
        })
    }
}

/// CPU quantity in millicores (`500m`, `2`, `0.5`).
pub fn millicores(text: &str) -> Option<u128> {
    let text = text.trim();
    if let Some(m) = text.strip_suffix('m') {
        return m.parse::<u128>().ok();
    }
    let value: f64 = text.parse().ok()?;
    (value >= 0.0).then_some((value * 1000.0).ceil() as u128)
}

/// A memory or count quantity in base units (`1Gi`, `512Mi`, `1G`, `110`).
pub fn bytes(text: &str) -> Option<u128> {
    let text = text.trim();
    const SUFFIXES: [(&str, u128); 12] = [
        ("Ki", 1 << 10),
        ("Mi", 1 << 20),
        ("Gi", 1 << 30),
        ("Ti", 1 << 40),
        ("Pi", 1 << 50),
        ("Ei", 1 << 60),
        ("k", 1_000),
        ("M", 1_000_000),
        ("G", 1_000_000_000),
        ("T", 1_000_000_000_000),
        ("P", 1_000_000_000_000_000),
        ("E", 1_000_000_000_000_000_000),
    ];
    for (suffix, factor) in SUFFIXES {
        if let Some(number) = text.strip_suffix(suffix) {
            let value: f64 = number.parse().ok()?;
            return (value >= 0.0).then_some((value * factor as f64) as u128);
        }
    }
    if let Some(m) = text.strip_suffix('m') {
        return m.parse::<u128>().ok().map(|v| v.div_ceil(1000));
    }
    let value: f64 = text.parse().ok()?;
    (value >= 0.0).then_some(value as u128)
}

fn container_request(c: &Container, resource: &str) -> u128 {
    let text = c
        .resources
        .as_ref()
        .and_then(|r| r.get("requests"))
        .and_then(|requests| requests.get(resource))
        .and_then(|v| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        });
    let parsed = text.and_then(|t| {
        if resource == "cpu" {
            millicores(&t)
        } else {
            bytes(&t)
        }
    });
    parsed.unwrap_or(0)
}

/// The pod's request for `resource` (`cpu` in millicores, `memory` in bytes).
pub fn pod_request(pod: &Pod, resource: &str) -> u128 {
    let app: u128 = pod
        .spec
        .containers
        .iter()
        .map(|c| container_request(c, resource))
        .sum();
    let init = pod
        .spec
        .init_containers
        .iter()
        .map(|c| container_request(c, resource))
        .max()
        .unwrap_or(0);
    app.max(init)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_loads_order_by_pods_then_index() {
        let mut loads = NodeLoads::default();
        loads.added(0, "control-plane", 0);
        loads.added(1, "node-1", 0);
        loads.added(2, "node-2", 0);
        loads.moved(0, 0, 1);
        loads.moved(2, 0, 2);
        loads.moved(2, 2, 1);
        let order: Vec<_> = loads.ascending().map(|(_, _, n)| n).collect();
        assert_eq!(order, ["node-1", "control-plane", "node-2"]);
        loads.removed(1, 0);
        // A stale count (the node was not at 5) changes nothing.
        loads.moved(0, 5, 9);
        let order: Vec<_> = loads.ascending().collect();
        assert_eq!(order, [(1, 0, "control-plane"), (1, 2, "node-2")]);
    }

    #[test]
    fn quantities() {
        assert_eq!(millicores("500m"), Some(500));
        assert_eq!(millicores("2"), Some(2000));
        assert_eq!(millicores("0.5"), Some(500));
        assert_eq!(bytes("1Gi"), Some(1 << 30));
        assert_eq!(bytes("8148440Ki"), Some(8_148_440 * 1024));
        assert_eq!(bytes("1G"), Some(1_000_000_000));
        assert_eq!(bytes("110"), Some(110));
        assert_eq!(bytes("x"), None);
    }
}
