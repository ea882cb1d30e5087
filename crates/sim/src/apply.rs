//! `kubectl apply` as the client-side three-way merge it is.
//!
//! kubectl keeps the manifest it last applied in the `last-applied-configuration`
//! annotation. A re-apply patches the live object with what changed between that record and
//! the new manifest: fields the manifest sets are written, fields that were in the record but
//! are gone from the manifest are removed, and everything else stays as the cluster made it —
//! a pod's `nodeName`, a volume's `claimRef`, a claim's `volumeName`, a Service's `clusterIP`,
//! defaults, status. Replacing the stored object with the manifest instead would unbind a
//! re-applied PersistentVolume from its claim.

use ordinal_api::yaml::Node;
use ordinal_api::{Diagnostic, Object, json::to_json, parse_manifests};
use serde_json::{Map, Value};

/// The annotation kubectl keeps the last applied manifest in.
pub const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// What `kubectl apply` sends for one manifest document.
#[derive(Debug)]
pub(crate) struct Applied {
    /// The object to write: the manifest itself for a new object, else the live object
    /// patched by the three-way merge. Not yet defaulted.
    pub object: Object,
    /// The live object was not created by `apply`: kubectl warns and patches the annotation in.
    pub missing_annotation: bool,
}

/// The manifest as kubectl records it: the document as JSON, with the namespace filled in
/// and the annotations map present (kubectl sets it to an empty map before recording).
fn recorded(document: &Node, object: &Object, namespace: &str) -> Value {
    let mut value = document.to_json();
    if let Some(map) = value.as_object_mut() {
        let meta = map
            .entry("metadata")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Some(meta) = meta.as_object_mut() {
            if object.is_namespaced() && !meta.contains_key("namespace") {
                meta.insert("namespace".into(), Value::String(namespace.to_string()));
            }
            let annotations = meta
                .entry("annotations")
                .or_insert_with(|| Value::Object(Map::new()));
            if let Some(annotations) = annotations.as_object_mut() {
                annotations.remove(LAST_APPLIED);
            }
        }
    }
    value
}

/// The annotation's text: compact JSON with sorted keys and a newline, as kubectl writes it.
fn annotation_text(recorded: &Value) -> String {
    format!("{recorded}\n")
}

/// What to write for `kubectl apply` of `manifest` (read from `document`) over `live`.
pub(crate) fn applied(
    manifest: Object,
    document: &Node,
    live: Option<&Object>,
) -> Result<Applied, Vec<Diagnostic>> {
    let namespace = manifest
        .metadata()
        .namespace
        .clone()
        .unwrap_or_else(|| "default".into());
    let modified = recorded(document, &manifest, &namespace);
    let text = annotation_text(&modified);
    let Some(live) = live else {
        let mut object = manifest;
        object
            .metadata_mut()
            .annotations
            .insert(LAST_APPLIED.into(), text);
        return Ok(Applied {
            object,
            missing_annotation: false,
        });
    };
    let last = live.metadata().annotations.get(LAST_APPLIED);
    let original: Option<Value> = last.and_then(|t| serde_json::from_str(t).ok());
    let mut merged = three_way(&to_json(live), &modified, original.as_ref(), "");
    if let Some(annotations) = merged
        .pointer_mut("/metadata/annotations")
        .and_then(Value::as_object_mut)
    {
        annotations.insert(LAST_APPLIED.into(), Value::String(text));
    }
    let object = decode(&merged)?;
    Ok(Applied {
        object,
        missing_annotation: last.is_none(),
    })
}

/// Reads merged JSON back into a typed object, through the same intake as a manifest.
fn decode(value: &Value) -> Result<Object, Vec<Diagnostic>> {
    let intake = parse_manifests(&value.to_string());
    if intake.has_errors() {
        return Err(intake.diagnostics);
    }
    intake
        .manifests
        .into_iter()
        .next()
        .map(|m| m.object)
        .ok_or_else(|| {
            vec![Diagnostic::error(
                ordinal_api::Span::default(),
                "",
                "apply produced no object".to_string(),
            )]
        })
}

/// The key a strategic merge merges the items of list `field` by (the API's
/// `patchMergeKey`), for the lists a StatefulSet tutorial touches. Lists without one
/// (`tolerations`, `volumeClaimTemplates`, `args`, …) are replaced whole.
fn merge_key(field: &str, items: &[Value]) -> Option<&'static str> {
    Some(match field {
        "containers" | "initContainers" | "volumes" | "env" | "imagePullSecrets" => "name",
        "volumeMounts" => "mountPath",
        // Container ports merge by containerPort, Service ports by port.
        "ports" if items.iter().all(|i| i.get("containerPort").is_some()) => "containerPort",
        "ports" if items.iter().all(|i| i.get("port").is_some()) => "port",
        _ => return None,
    })
}

/// `current` patched with the change from `original` (the last applied manifest, if any) to
/// `modified` (the new one). `field` is the name `current` is stored under.
pub(crate) fn three_way(
    current: &Value,
    modified: &Value,
    original: Option<&Value>,
    field: &str,
) -> Value {
    match (current, modified) {
        (Value::Object(live), Value::Object(new)) => {
            let old = original.and_then(Value::as_object);
            let mut out = live.clone();
            if let Some(old) = old {
                for key in old.keys() {
                    if !new.contains_key(key) {
                        out.remove(key);
                    }
                }
            }
            for (key, value) in new {
                if value.is_null() {
                    out.remove(key);
                    continue;
                }
                let before = old.and_then(|o| o.get(key));
                let merged = match live.get(key) {
                    Some(now) => three_way(now, value, before, key),
                    None => value.clone(),
                };
                out.insert(key.clone(), merged);
            }
            Value::Object(out)
        }
        (Value::Array(live), Value::Array(new)) if field == "finalizers" => {
            let old = original.and_then(Value::as_array);
            let removed = |v: &Value| old.is_some_and(|o| o.contains(v)) && !new.contains(v);
            let mut out: Vec<Value> = live.iter().filter(|v| !removed(v)).cloned().collect();
            for value in new {
                if !out.contains(value) {
                    out.push(value.clone());
                }
            }
            Value::Array(out)
        }
        (Value::Array(live), Value::Array(new)) => match merge_key(field, new) {
            Some(key) if merge_key(field, live) == Some(key) => {
                merge_lists(live, new, original.and_then(Value::as_array), key)
            }
            _ => modified.clone(),
        },
        _ => modified.clone(),
    }
}

/// Merges list items by `key`: items of the new manifest are merged into the live items with
/// the same key (or added), items the last manifest had and the new one dropped are removed,
/// and items only the cluster added stay.
fn merge_lists(live: &[Value], new: &[Value], original: Option<&Vec<Value>>, key: &str) -> Value {
    let find = |items: &[Value], k: &Value| items.iter().find(|i| i.get(key) == Some(k)).cloned();
    let mut out = Vec::new();
    for item in new {
        let Some(k) = item.get(key) else {
            out.push(item.clone());
            continue;
        };
        let before = original.and_then(|o| find(o, k));
        out.push(match find(live, k) {
            Some(now) => three_way(&now, item, before.as_ref(), ""),
            None => item.clone(),
        });
    }
    for item in live {
        let Some(k) = item.get(key) else { continue };
        let in_new = new.iter().any(|i| i.get(key) == Some(k));
        let dropped = original.is_some_and(|o| o.iter().any(|i| i.get(key) == Some(k)));
        if !in_new && !dropped {
            out.push(item.clone());
        }
    }
    Value::Array(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fields_the_manifest_never_set_are_kept() {
        let live = json!({"spec": {"capacity": {"storage": "1Gi"}, "claimRef": {"name": "data"}}});
        let manifest = json!({"spec": {"capacity": {"storage": "1Gi"}}});
        let merged = three_way(&live, &manifest, Some(&manifest), "");
        assert_eq!(merged, live);
    }

    #[test]
    fn fields_dropped_from_the_manifest_are_removed() {
        let live = json!({"metadata": {"labels": {"app": "web", "tier": "front"}}});
        let last = json!({"metadata": {"labels": {"app": "web", "tier": "front"}}});
        let now = json!({"metadata": {"labels": {"app": "web"}}});
        let merged = three_way(&live, &now, Some(&last), "");
        assert_eq!(merged, json!({"metadata": {"labels": {"app": "web"}}}));
    }

    #[test]
    fn without_a_record_nothing_is_removed() {
        let live = json!({"metadata": {"labels": {"app": "web", "added": "by-hand"}}});
        let now = json!({"metadata": {"labels": {"app": "web"}}});
        assert_eq!(three_way(&live, &now, None, ""), live);
    }

    #[test]
    fn containers_merge_by_name_and_keep_defaults() {
        let live = json!({"containers": [
            {"name": "nginx", "image": "nginx:1.0", "imagePullPolicy": "IfNotPresent"},
            {"name": "sidecar", "image": "busybox"}
        ]});
        let last = json!({"containers": [{"name": "nginx", "image": "nginx:1.0"}]});
        let now = json!({"containers": [{"name": "nginx", "image": "nginx:1.1"}]});
        let merged = three_way(&live, &now, Some(&last), "");
        assert_eq!(
            merged,
            json!({"containers": [
                {"name": "nginx", "image": "nginx:1.1", "imagePullPolicy": "IfNotPresent"},
                {"name": "sidecar", "image": "busybox"}
            ]})
        );
    }

    #[test]
    fn a_container_dropped_from_the_manifest_is_removed() {
        let live = json!({"containers": [{"name": "a"}, {"name": "b"}]});
        let last = json!({"containers": [{"name": "a"}, {"name": "b"}]});
        let now = json!({"containers": [{"name": "a"}]});
        let merged = three_way(&live, &now, Some(&last), "");
        assert_eq!(merged, json!({"containers": [{"name": "a"}]}));
    }

    #[test]
    fn lists_without_a_merge_key_are_replaced() {
        let live = json!({"args": ["a", "b"]});
        let now = json!({"args": ["c"]});
        assert_eq!(three_way(&live, &now, None, ""), now);
    }

    #[test]
    fn finalizers_are_a_set() {
        let live = json!({"finalizers": ["kubernetes.io/pv-protection", "example.com/x"]});
        let last = json!({"finalizers": ["example.com/x"]});
        let now = json!({"finalizers": []});
        let merged = three_way(&live, &now, Some(&last), "");
        assert_eq!(
            merged,
            json!({"finalizers": ["kubernetes.io/pv-protection"]})
        );
    }

    #[test]
    fn null_in_the_manifest_deletes() {
        let live = json!({"spec": {"minReadySeconds": 10, "replicas": 3}});
        let now = json!({"spec": {"minReadySeconds": null}});
        assert_eq!(
            three_way(&live, &now, None, ""),
            json!({"spec": {"replicas": 3}})
        );
    }
}
