//! Opt-in timings for finding slow frames (`?profile=1`): each measured piece of work (a
//! panel's snapshot, a simulator slice) is appended as `[name, ms]` to
//! `window.__ordinalProfile`, and each animation frame leaves a User Timing mark naming what
//! it did. The e2e perf test reads both. Off by default, so nothing accumulates.

use wasm_bindgen::{JsCast, JsValue};

/// The array on `window` the timings go to.
const PROFILE_KEY: &str = "__ordinalProfile";

fn performance() -> Option<web_sys::Performance> {
    web_sys::window().and_then(|w| w.performance())
}

/// Real milliseconds from the page's time origin (`Date.now()` without the Performance API).
pub fn now_ms() -> f64 {
    performance().map_or_else(js_sys::Date::now, |p| p.now())
}

/// Whether the page was opened with `?profile=1`.
pub fn requested() -> bool {
    crate::browser::query_param("profile").is_some_and(|v| v == "1")
}

/// A User Timing mark (`ordinal:sim`, `ordinal:fast`, `ordinal:slow`).
pub fn mark(name: &str) {
    if let Some(p) = performance() {
        let _ = p.mark(name);
    }
}

/// Runs `f`, recording how long it took under `name`.
pub fn measure<T>(name: &str, f: impl FnOnce() -> T) -> T {
    let start = now_ms();
    let out = f();
    record(name, now_ms() - start);
    out
}

fn record(name: &str, ms: f64) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let key = JsValue::from_str(PROFILE_KEY);
    let list = match js_sys::Reflect::get(&window, &key) {
        // The page's own array (`Array::from` would push onto a copy).
        Ok(v) if js_sys::Array::is_array(&v) => v.unchecked_into::<js_sys::Array>(),
        _ => {
            let list = js_sys::Array::new();
            let _ = js_sys::Reflect::set(&window, &key, &list);
            list
        }
    };
    let entry = js_sys::Array::of2(&JsValue::from_str(name), &JsValue::from_f64(ms));
    list.push(&entry);
}
