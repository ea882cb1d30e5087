//! The simulator's event log as v1 Event objects, so `get events` prints and filters them like
//! any other resource and `describe` lists them.

use crate::backend;
use ordinal_api::{Object, ObjectMeta};
use ordinal_sim::Cluster;
use serde_json::json;

/// Events older than this have expired from the API server (R-7.8: one hour).
const EVENT_TTL_MS: u64 = 60 * 60 * 1000;

/// Every live event as an object. Names are `<involved object>.<sequence>` in hex, so the
/// server's name order groups events by object, as kubectl shows them.
pub fn event_objects(cluster: &Cluster, namespace: Option<&str>) -> Vec<Object> {
    let now = cluster.now();
    let mut objects: Vec<Object> = backend::events(cluster)
        .iter()
        .enumerate()
        .filter(|(_, e)| now.since(e.last_timestamp).as_millis() < EVENT_TTL_MS)
        .filter(|(_, e)| {
            namespace.is_none_or(|ns| e.involved.namespace.is_empty() || e.involved.namespace == ns)
        })
        .map(|(i, e)| {
            let ns = if e.involved.namespace.is_empty() {
                "default".to_string()
            } else {
                e.involved.namespace.clone()
            };
            let metadata = ObjectMeta {
                name: format!(
                    "{}.{:016x}",
                    e.involved.name,
                    0x1870_0000_0000_0000u64 + i as u64
                ),
                namespace: Some(ns.clone()),
                creation_timestamp: Some(e.first_timestamp.rfc3339()),
                ..ObjectMeta::default()
            };
            let body = json!({
                "count": e.count,
                "firstTimestamp": e.first_timestamp.rfc3339(),
                "lastTimestamp": e.last_timestamp.rfc3339(),
                "involvedObject": {
                    "kind": e.involved.kind,
                    "name": e.involved.name,
                    "namespace": e.involved.namespace,
                },
                "message": e.message,
                "reason": e.reason,
                "source": {"component": e.source},
                "type": e.type_,
            });
            Object::Other {
                api_version: "v1".into(),
                kind: "Event".into(),
                metadata,
                body,
            }
        })
        .collect();
    objects.sort_by(|a, b| a.metadata().name.cmp(&b.metadata().name));
    objects
}
