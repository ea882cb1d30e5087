//! A stored object as the API server returns it: the typed fields plus `apiVersion` and `kind`.

use crate::resource;
use ordinal_api::Object;
use serde_json::{Map, Value};

pub use ordinal_api::json::to_json;

/// A `kind: List` wrapping several objects, as `kubectl get -o yaml|json` prints a list.
pub fn list_json(items: Vec<Value>) -> Value {
    let mut map = Map::new();
    map.insert("apiVersion".into(), Value::String("v1".into()));
    map.insert("items".into(), Value::Array(items));
    map.insert("kind".into(), Value::String("List".into()));
    let mut meta = Map::new();
    meta.insert("resourceVersion".into(), Value::String(String::new()));
    map.insert("metadata".into(), Value::Object(meta));
    Value::Object(map)
}

/// `statefulset.apps/web`: the `-o name` form.
pub fn type_slash_name(object: &Object) -> String {
    let kind = object.kind();
    let prefix = resource::for_kind(kind)
        .map(|t| t.qualified())
        .unwrap_or_else(|| kind.to_ascii_lowercase());
    format!("{prefix}/{}", object.metadata().name)
}
