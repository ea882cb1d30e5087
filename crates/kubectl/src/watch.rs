//! Driving `kubectl get -w`: one row per watch event after the initial listing.

use crate::get::WatchSpec;
use ordinal_sim::Cluster;

/// Prints rows for the watch events logged since the spec's cursor, and advances the cursor.
/// Every event is one row, even when the visible cells do not change; a deletion repeats the
/// final state. The header is printed before the first row if the listing printed none.
pub fn drain(cluster: &Cluster, spec: &mut WatchSpec) -> String {
    let log = cluster.store().watch_log();
    let mut out = String::new();
    for event in log.get(spec.cursor..).unwrap_or_default() {
        let object = &*event.object;
        let meta = object.metadata();
        let in_namespace = !spec.resource.namespaced
            || spec
                .filter
                .namespace
                .as_deref()
                .is_none_or(|ns| meta.namespace.as_deref() == Some(ns));
        let named = spec.names.is_empty() || spec.names.contains(&meta.name);
        if object.kind() != spec.resource.kind
            || !in_namespace
            || !named
            || !spec.filter.matches(object)
        {
            continue;
        }
        // Ages are computed at the event's time, as a live watch prints them.
        let row = spec.rows.row(object, event.time);
        if spec.widths == Default::default() {
            // The header goes out in the same flush as the first row, so they align.
            let header = spec
                .rows
                .header(spec.resource.kind, spec.resource.namespaced);
            spec.widths.fit(&header);
            spec.widths.fit(&row);
            out.push_str(&spec.widths.line(&header));
        }
        spec.widths.fit(&row);
        out.push_str(&spec.widths.line(&row));
    }
    spec.cursor = log.len();
    out
}
