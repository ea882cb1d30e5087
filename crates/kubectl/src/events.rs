//! The simulator's `v1 Event` objects, as `get events` lists them and `describe` shows them.
//! They live in the store like any object (the simulator expires them after the API server's
//! one-hour TTL), so listing them is one range of the store.

use crate::backend;
use ordinal_api::Object;
use ordinal_sim::Cluster;

/// Every live Event object in `namespace` (`None`: all), in name order: names are
/// `<involved object>.<hex nanoseconds>`, so the order groups events by object, oldest first,
/// as the API server lists them.
pub fn event_objects(cluster: &Cluster, namespace: Option<&str>) -> Vec<Object> {
    backend::list(cluster, "Event", namespace)
}
