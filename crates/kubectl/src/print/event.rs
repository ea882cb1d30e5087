//! `kubectl get events` columns, as kubectl 1.33's printEvent: LAST SEEN, TYPE, REASON, OBJECT,
//! MESSAGE; `-o wide` adds SUBOBJECT and SOURCE before MESSAGE and FIRST SEEN, COUNT, NAME
//! after it.

use crate::format_age;
use ordinal_sim::Time;
use serde_json::Value;

pub const HEADERS: &[&str] = &["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"];

pub const WIDE_HEADERS: &[&str] = &[
    "LAST SEEN",
    "TYPE",
    "REASON",
    "OBJECT",
    "SUBOBJECT",
    "SOURCE",
    "MESSAGE",
    "FIRST SEEN",
    "COUNT",
    "NAME",
];

fn text<'a>(value: &'a Value, path: &[&str]) -> &'a str {
    path.iter()
        .try_fold(value, |v, k| v.get(k))
        .and_then(Value::as_str)
        .unwrap_or_default()
}

fn since(now: Time, timestamp: &str) -> Option<String> {
    Time::from_rfc3339(timestamp).map(|t| format_age(now.since(t)))
}

/// The cells of one Event (its JSON) at `now`.
pub fn row(event: &Value, now: Time, wide: bool) -> Vec<String> {
    let created = text(event, &["metadata", "creationTimestamp"]);
    // firstTimestamp, else eventTime (new-API events); lastTimestamp, else the first.
    let first = since(now, text(event, &["firstTimestamp"]))
        .or_else(|| since(now, text(event, &["eventTime"])))
        .or_else(|| since(now, created))
        .unwrap_or_else(|| "<unknown>".into());
    let mut last = since(now, text(event, &["lastTimestamp"])).unwrap_or_else(|| first.clone());
    let mut count = event.get("count").and_then(Value::as_i64).unwrap_or(0);
    if let Some(series) = event.get("series") {
        if let Some(observed) = since(now, text(series, &["lastObservedTime"])) {
            last = observed;
        }
        count = series.get("count").and_then(Value::as_i64).unwrap_or(count);
    } else if count == 0 {
        // Singleton events of the new API carry no count.
        count = 1;
    }
    let kind = text(event, &["involvedObject", "kind"]).to_ascii_lowercase();
    let name = text(event, &["involvedObject", "name"]);
    let target = if name.is_empty() {
        kind
    } else {
        format!("{kind}/{name}")
    };
    let message = text(event, &["message"]).trim().to_string();
    let cell = |path: &[&str]| text(event, path).to_string();
    if !wide {
        return vec![last, cell(&["type"]), cell(&["reason"]), target, message];
    }
    vec![
        last,
        cell(&["type"]),
        cell(&["reason"]),
        target,
        cell(&["involvedObject", "fieldPath"]),
        source(event),
        message,
        first,
        count.to_string(),
        cell(&["metadata", "name"]),
    ]
}

/// formatEventSource: the component (or reportingController) and, when known, the host (or
/// reportingInstance), comma-separated.
fn source(event: &Value) -> String {
    let first_non_empty = |a: &str, b: &str| if a.is_empty() { b } else { a }.to_string();
    let component = first_non_empty(
        text(event, &["source", "component"]),
        text(event, &["reportingController"]),
    );
    let host = first_non_empty(
        text(event, &["source", "host"]),
        text(event, &["reportingInstance"]),
    );
    if host.is_empty() {
        component
    } else {
        format!("{component}, {host}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event() -> Value {
        json!({
            "metadata": {"name": "web-0.1886", "creationTimestamp": "2026-01-01T00:00:02Z"},
            "involvedObject": {"kind": "Pod", "name": "web-0", "fieldPath": "spec.containers{nginx}"},
            "reason": "Pulled", "type": "Normal", "message": "pulled ",
            "firstTimestamp": "2026-01-01T00:00:02Z", "lastTimestamp": "2026-01-01T00:01:02Z",
            "count": 3, "source": {"component": "kubelet", "host": "node-1"},
        })
    }

    #[test]
    fn plain_and_wide_rows() {
        let now = Time(2 * 60 * 1000 + 2000);
        assert_eq!(
            row(&event(), now, false),
            ["60s", "Normal", "Pulled", "pod/web-0", "pulled"]
        );
        assert_eq!(
            row(&event(), now, true),
            [
                "60s",
                "Normal",
                "Pulled",
                "pod/web-0",
                "spec.containers{nginx}",
                "kubelet, node-1",
                "pulled",
                "2m",
                "3",
                "web-0.1886"
            ]
        );
        assert_eq!(row(&event(), now, true).len(), WIDE_HEADERS.len());
    }

    #[test]
    fn singleton_events_count_one_and_fall_back_to_the_reporting_controller() {
        let e = json!({
            "metadata": {"name": "x", "creationTimestamp": "2026-01-01T00:00:00Z"},
            "involvedObject": {"kind": "StatefulSet", "name": "web"},
            "eventTime": "2026-01-01T00:00:00.000000Z", "reportingController": "statefulset-controller",
        });
        let cells = row(&e, Time(5000), true);
        assert_eq!(cells[0], "5s");
        assert_eq!(cells[5], "statefulset-controller");
        assert_eq!(cells[8], "1");
    }
}
