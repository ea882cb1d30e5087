//! Rust values to JS values and back: plain objects out, typed errors with structured fields.

use ordinal_api::{Diagnostic, Severity, Stage};
use ordinal_sim::{ApplyOutcome, Duration};
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

pub fn diagnostics<'a>(file: Option<&'a str>, list: &'a [Diagnostic]) -> Vec<JsDiagnostic<'a>> {
    list.iter()
        .map(|d| JsDiagnostic {
            severity: d.severity,
            stage: d.stage,
            file,
            line: d.span.line,
            column: d.span.column,
            start: d.span.start,
            end: d.span.end,
            path: &d.path,
            message: &d.message,
            suggestion: d.suggestion.as_deref(),
        })
        .collect()
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
