//! `watch(kind, callback)`: JS callbacks fed from the simulator's watch log.
//!
//! The log only grows, so each watcher keeps a cursor into it; after every call that can
//! change the store the binding hands each watcher the entries past its cursor.

use ordinal_sim::{WatchEvent, WatchEventType};
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

struct Watcher {
    id: u32,
    kind: String,
    callback: js_sys::Function,
    cursor: usize,
}

#[derive(Default)]
pub struct Watchers {
    next_id: u32,
    list: Vec<Watcher>,
}

/// What a callback receives: the API server's watch event shape, plus the virtual time.
#[derive(Serialize)]
struct JsWatchEvent<'a> {
    #[serde(rename = "type")]
    type_: &'a str,
    object: Value,
    time: u64,
}

fn type_name(kind: WatchEventType) -> &'static str {
    match kind {
        WatchEventType::Added => "ADDED",
        WatchEventType::Modified => "MODIFIED",
        WatchEventType::Deleted => "DELETED",
    }
}

/// One callback call to make once the cluster is no longer borrowed.
pub struct Delivery {
    callback: js_sys::Function,
    event: JsValue,
}

impl Watchers {
    /// Registers a watcher that sees changes logged from `cursor` on; returns its id.
    pub fn add(&mut self, kind: String, callback: js_sys::Function, cursor: usize) -> u32 {
        self.next_id += 1;
        self.list.push(Watcher {
            id: self.next_id,
            kind,
            callback,
            cursor,
        });
        self.next_id
    }

    pub fn remove(&mut self, id: u32) {
        self.list.retain(|w| w.id != id);
    }

    /// After `restore`, the log may be shorter: watchers continue from its end.
    pub fn reset_cursors(&mut self, len: usize) {
        for watcher in &mut self.list {
            watcher.cursor = len;
        }
    }

    /// The calls owed for log entries past each watcher's cursor, in log order per watcher.
    pub fn pending(&mut self, log: &[WatchEvent]) -> Result<Vec<Delivery>, JsValue> {
        let mut deliveries = Vec::new();
        for watcher in &mut self.list {
            for entry in log.get(watcher.cursor..).unwrap_or_default() {
                if entry.object.kind() != watcher.kind {
                    continue;
                }
                let event = JsWatchEvent {
                    type_: type_name(entry.kind),
                    object: ordinal_kubectl::print::object::to_json(&entry.object),
                    time: entry.time.0,
                };
                deliveries.push(Delivery {
                    callback: watcher.callback.clone(),
                    event: crate::convert::to_js(&event)?,
                });
            }
            watcher.cursor = log.len();
        }
        Ok(deliveries)
    }
}

/// Calls every callback; the first exception one threw is then rethrown to the caller.
pub fn deliver(deliveries: Vec<Delivery>) -> Result<(), JsValue> {
    let mut first_error = None;
    for d in deliveries {
        if let Err(e) = d.callback.call1(&JsValue::UNDEFINED, &d.event) {
            first_error.get_or_insert(e);
        }
    }
    first_error.map_or(Ok(()), Err)
}
