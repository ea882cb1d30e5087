//! An object as the API server returns it: the typed fields plus `apiVersion` and `kind`.

use crate::types::Object;
use serde_json::Value;

fn typed<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// The object as JSON with `apiVersion` and `kind` set (keys sorted, as kubectl prints them).
pub fn to_json(object: &Object) -> Value {
    let (api_version, mut body) = match object {
        Object::StatefulSet(o) => ("apps/v1".to_string(), typed(o)),
        Object::Pod(o) => ("v1".into(), typed(o)),
        Object::Service(o) => ("v1".into(), typed(o)),
        Object::PersistentVolumeClaim(o) => ("v1".into(), typed(o)),
        Object::PersistentVolume(o) => ("v1".into(), typed(o)),
        Object::StorageClass(o) => ("storage.k8s.io/v1".into(), typed(o)),
        Object::Event(o) => ("v1".into(), typed(o)),
        Object::Other {
            api_version,
            metadata,
            body,
            ..
        } => {
            let mut body = body.clone();
            if let Some(map) = body.as_object_mut() {
                map.insert("metadata".into(), typed(metadata));
            }
            (api_version.clone(), body)
        }
    };
    if let Some(map) = body.as_object_mut() {
        map.insert("apiVersion".into(), Value::String(api_version));
        map.insert("kind".into(), Value::String(object.kind().to_string()));
        // kubectl hides empty status objects of types that have none worth showing.
        if map.get("status").is_some_and(|s| s.is_null()) {
            map.remove("status");
        }
    }
    body
}
