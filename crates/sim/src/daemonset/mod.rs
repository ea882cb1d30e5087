//! The DaemonSet controller (`pkg/controller/daemon/`): one pod per eligible node.

pub mod types;

use crate::cluster::Cluster;
use crate::store::ObjectKey;

pub use types::{DaemonSet, DaemonSetSpec, DaemonSetStatus, get_daemon_set};

pub const SOURCE: &str = "daemonset-controller";

/// `syncDaemonSet` (Node objects are not in the store yet; nothing to place pods on).
pub(crate) fn sync(_cluster: &mut Cluster, _key: &ObjectKey) {}

/// A Node changed: every DaemonSet looks again.
pub(crate) fn node_changed(cluster: &mut Cluster) {
    let keys: Vec<ObjectKey> = cluster
        .store
        .list("DaemonSet", None)
        .map(ObjectKey::of)
        .collect();
    cluster.dirty_workloads.extend(keys);
}

/// At most one active pod of a DaemonSet per node.
pub(crate) fn check_invariants(_cluster: &Cluster) -> Result<(), String> {
    Ok(())
}
