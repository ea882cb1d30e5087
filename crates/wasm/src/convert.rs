//! Rust values to JS values and back: plain objects out, typed errors with structured fields.

use ordinal_api::complete::Completion;
use ordinal_api::{Diagnostic, Severity, Stage};
use ordinal_sim::{ApplyOutcome, DnsRecord, Duration, Event, Reason};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Serialises with maps as plain objects, so JSON objects arrive as `{…}`, not `Map`s.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    value.serialize(&serializer).map_err(JsValue::from)
}

/// A `Diagnostic` flattened to the shape editors want: position fields at the top level.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JsDiagnostic<'a> {
    severity: Severity,
    stage: Stage,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a str>,
    line: usize,
    column: usize,
    start: usize,
    end: usize,
    path: &'a str,
    message: &'a str,
    suggestion: Option<&'a str>,
}

/// Diagnostics of `text`; their char offsets become JS string (UTF-16) indexes.
pub fn diagnostics<'a>(
    text: &str,
    file: Option<&'a str>,
    list: &'a [Diagnostic],
) -> Vec<JsDiagnostic<'a>> {
    list.iter()
        .map(|d| JsDiagnostic {
            severity: d.severity,
            stage: d.stage,
            file,
            line: d.span.line,
            column: d.span.column,
            start: utf16_index(text, d.span.start),
            end: utf16_index(text, d.span.end),
            path: &d.path,
            message: &d.message,
            suggestion: d.suggestion.as_deref(),
        })
        .collect()
}

/// The JS string index of the `chars`-th character of `text`.
pub fn utf16_index(text: &str, chars: usize) -> usize {
    text.chars().take(chars).map(char::len_utf16).sum()
}

/// How many characters the first `units` UTF-16 code units of `text` hold (a JS index to a
/// Rust char offset; an index inside a surrogate pair counts the whole character).
pub fn char_offset(text: &str, units: usize) -> usize {
    let mut seen = 0;
    text.chars()
        .take_while(|c| {
            let inside = seen < units;
            seen += c.len_utf16();
            inside
        })
        .count()
}

/// One `kubectl apply` result line (`statefulset.apps/web created`) as data.
#[derive(Serialize)]
pub struct JsApplied<'a> {
    resource: &'a str,
    name: &'a str,
    action: &'a str,
}

pub fn applied(outcomes: &[ApplyOutcome]) -> Vec<JsApplied<'_>> {
    outcomes
        .iter()
        .map(|o| JsApplied {
            resource: &o.resource,
            name: &o.name,
            action: o.action,
        })
        .collect()
}

/// A JS `Error` with `name` set and extra own properties (`diagnostics`, …).
pub fn error(name: &str, message: &str, fields: &[(&str, JsValue)]) -> JsValue {
    let error = js_sys::Error::new(message);
    error.set_name(name);
    for (key, value) in fields {
        // Setting a property on a fresh Error object cannot fail.
        let _ = js_sys::Reflect::set(&error, &JsValue::from_str(key), value);
    }
    error.into()
}

/// `TypeError`-like argument errors (`advance("3x")`).
pub fn argument_error(message: &str) -> JsValue {
    js_sys::TypeError::new(message).into()
}

/// `advance(1500)` (milliseconds) or `advance("1m30s")`.
pub fn duration(value: &JsValue) -> Result<Duration, JsValue> {
    if let Some(ms) = value.as_f64() {
        if ms.is_finite() && ms >= 0.0 && ms.fract() == 0.0 && ms <= 9_007_199_254_740_991.0 {
            return Ok(Duration::from_millis(ms as u64));
        }
        return Err(argument_error(&format!(
            "duration must be a whole, non-negative number of milliseconds, got {ms}"
        )));
    }
    match value.as_string() {
        Some(text) => Duration::parse(&text).map_err(|e| argument_error(&e)),
        None => Err(argument_error(
            "duration must be milliseconds (number) or a string like \"30s\"",
        )),
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JsObjectRef<'a> {
    kind: &'a str,
    namespace: &'a str,
    name: &'a str,
}

/// One entry of the event log; times as RFC 3339 (as in objects) and as virtual milliseconds.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JsEvent<'a> {
    #[serde(rename = "type")]
    type_: &'a str,
    reason: &'a str,
    message: &'a str,
    source: &'a str,
    involved_object: JsObjectRef<'a>,
    count: u32,
    first_timestamp: String,
    last_timestamp: String,
    first_time: u64,
    last_time: u64,
}

pub fn event(e: &Event) -> JsEvent<'_> {
    JsEvent {
        type_: e.type_,
        reason: &e.reason,
        message: &e.message,
        source: e.source,
        involved_object: JsObjectRef {
            kind: &e.involved.kind,
            namespace: &e.involved.namespace,
            name: &e.involved.name,
        },
        count: e.count,
        first_timestamp: e.first_timestamp.rfc3339(),
        last_timestamp: e.last_timestamp.rfc3339(),
        first_time: e.first_timestamp.0,
        last_time: e.last_timestamp.0,
    }
}

/// One thing a controller is waiting for (`Cluster::why`).
#[derive(Serialize)]
pub struct JsReason<'a> {
    since: u64,
    source: &'a str,
    rule: &'a str,
    message: &'a str,
}

pub fn reason(r: &Reason) -> JsReason<'_> {
    JsReason {
        since: r.since.0,
        source: r.source,
        rule: r.rule,
        message: &r.message,
    }
}

/// One DNS answer (`Cluster::lookup`), with the record type as DNS tools print it.
#[derive(Serialize)]
pub struct JsDnsRecord<'a> {
    name: &'a str,
    #[serde(rename = "type")]
    type_: &'a str,
    value: &'a str,
    ttl: u32,
}

pub fn dns_record(r: &DnsRecord) -> JsDnsRecord<'_> {
    JsDnsRecord {
        name: &r.name,
        type_: r.kind.as_str(),
        value: &r.value,
        ttl: r.ttl,
    }
}

/// One editor completion candidate (`api::complete`).
#[derive(Serialize)]
pub struct JsCompletion<'a> {
    label: &'a str,
    detail: &'a str,
    description: &'a str,
}

pub fn completion(c: &Completion) -> JsCompletion<'_> {
    JsCompletion {
        label: &c.label,
        detail: &c.detail,
        description: &c.description,
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::{char_offset, utf16_index};

    #[test]
    fn offsets_convert_between_chars_and_js_string_indexes() {
        // `é` is one UTF-16 unit, `🙂` two; both are one char.
        let text = "a: é🙂\nb: 1";
        assert_eq!(utf16_index(text, 4), 4);
        assert_eq!(utf16_index(text, 5), 6);
        assert_eq!(utf16_index(text, 6), 7);
        assert_eq!(char_offset(text, 4), 4);
        assert_eq!(char_offset(text, 6), 5);
        assert_eq!(char_offset(text, 7), 6);
        assert_eq!(
            char_offset(text, 5),
            5,
            "inside the surrogate pair: after the emoji"
        );
        assert_eq!(char_offset(text, 999), text.chars().count());
        assert_eq!(utf16_index(text, 999), text.encode_utf16().count());
    }
}
