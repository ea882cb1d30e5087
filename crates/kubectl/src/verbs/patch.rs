//! `kubectl patch TYPE NAME -p PATCH [--type strategic|merge|json]`; PATCH is JSON or YAML.

use crate::args::Args;
use crate::backend;
use crate::print::object::to_json;
use crate::shell::Output;
use crate::verbs::resolve;
use ordinal_api::{Object, parse_manifests};
use ordinal_sim::Cluster;
use serde_json::{Map, Value};

/// Reads a patch written as JSON or YAML.
fn parse_patch(text: &str) -> Result<Value, String> {
    if let Ok(v) = serde_json::from_str(text) {
        return Ok(v);
    }
    let docs = ordinal_api::yaml::parse_stream(text).map_err(|d| d.message.clone())?;
    docs.first()
        .map(ordinal_api::yaml::Node::to_json)
        .ok_or_else(|| "empty patch".to_string())
}

/// RFC 7386 JSON merge patch.
pub fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(patch_map) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    if let Value::Object(map) = target {
        for (k, v) in patch_map {
            if v.is_null() {
                map.remove(k);
            } else {
                merge_patch(map.entry(k.clone()).or_insert(Value::Null), v);
            }
        }
    }
}

/// The key a strategic merge patch merges list items of a field by (from the API's
/// `patchMergeKey` tags); lists without one are replaced.
fn merge_key(field: &str) -> Option<&'static str> {
    Some(match field {
        "containers" | "initContainers" | "volumes" | "env" | "imagePullSecrets" => "name",
        "ports" => "containerPort",
        "volumeMounts" => "mountPath",
        "volumeClaimTemplates" => "metadata.name",
        "tolerations" => "key",
        _ => return None,
    })
}

fn item_key<'a>(item: &'a Value, key: &str) -> Option<&'a Value> {
    key.split('.').try_fold(item, |v, k| v.get(k))
}

/// Strategic merge patch for the common cases: maps merge, `null` deletes, lists with a
/// merge key merge item by item, other lists are replaced.
pub fn strategic_merge(target: &mut Value, patch: &Value) {
    let (Value::Object(map), Value::Object(patch_map)) = (&mut *target, patch) else {
        *target = patch.clone();
        return;
    };
    for (k, v) in patch_map {
        match v {
            Value::Null => {
                map.remove(k);
            }
            Value::Array(items) => match (merge_key(k), map.get_mut(k)) {
                (Some(key), Some(Value::Array(existing))) => {
                    for item in items {
                        let position = item_key(item, key).and_then(|want| {
                            existing.iter().position(|e| item_key(e, key) == Some(want))
                        });
                        match position {
                            Some(i) => strategic_merge(&mut existing[i], item),
                            None => existing.push(item.clone()),
                        }
                    }
                }
                _ => {
                    map.insert(k.clone(), v.clone());
                }
            },
            Value::Object(_) => {
                strategic_merge(map.entry(k.clone()).or_insert(Value::Object(Map::new())), v)
            }
            _ => {
                map.insert(k.clone(), v.clone());
            }
        }
    }
}

fn pointer_parts(path: &str) -> Vec<String> {
    path.split('/')
        .skip(1)
        .map(|p| p.replace("~1", "/").replace("~0", "~"))
        .collect()
}

fn json_patch_op(doc: &mut Value, op: &Value) -> Result<(), String> {
    let kind = op.get("op").and_then(Value::as_str).ok_or("missing op")?;
    let path = op
        .get("path")
        .and_then(Value::as_str)
        .ok_or("missing path")?;
    let parts = pointer_parts(path);
    let (last, parents) = parts.split_last().ok_or("cannot patch the document root")?;
    let parent_path: String = parents
        .iter()
        .map(|p| format!("/{}", p.replace('~', "~0").replace('/', "~1")))
        .collect();
    let value = op.get("value").cloned();
    let take = |doc: &mut Value| -> Result<Value, String> {
        let parent = doc
            .pointer_mut(&parent_path)
            .ok_or_else(|| format!("doc is missing path: \"{path}\""))?;
        match parent {
            Value::Object(m) => m
                .remove(last)
                .ok_or_else(|| format!("doc is missing key: {path}")),
            Value::Array(a) => {
                let i: usize = last.parse().map_err(|_| format!("invalid index {last}"))?;
                (i < a.len()).then(|| a.remove(i)).ok_or_else(|| {
                    format!("Unable to remove nonexistent key: {last}: missing value")
                })
            }
            _ => Err(format!("doc is missing path: \"{path}\"")),
        }
    };
    let put = |doc: &mut Value, v: Value, replace: bool| -> Result<(), String> {
        let parent = doc
            .pointer_mut(&parent_path)
            .ok_or_else(|| format!("doc is missing path: \"{path}\": missing value"))?;
        match parent {
            Value::Object(m) => {
                if replace && !m.contains_key(last.as_str()) {
                    return Err(format!("doc is missing key: {path}: missing value"));
                }
                m.insert(last.clone(), v);
                Ok(())
            }
            Value::Array(a) => {
                if last == "-" {
                    a.push(v);
                    return Ok(());
                }
                let i: usize = last.parse().map_err(|_| format!("invalid index {last}"))?;
                if replace {
                    let slot = a
                        .get_mut(i)
                        .ok_or_else(|| format!("doc is missing key: {path}: missing value"))?;
                    *slot = v;
                } else if i <= a.len() {
                    a.insert(i, v);
                } else {
                    return Err(format!(
                        "Unable to access invalid index: {i}: invalid index referenced"
                    ));
                }
                Ok(())
            }
            _ => Err(format!("doc is missing path: \"{path}\": missing value")),
        }
    };
    match kind {
        "add" => put(doc, value.ok_or("missing value")?, false),
        "replace" => put(doc, value.ok_or("missing value")?, true),
        "remove" => take(doc).map(|_| ()),
        "test" => {
            if doc.pointer(path) == value.as_ref() {
                Ok(())
            } else {
                Err(format!("testing value {path} failed: test failed"))
            }
        }
        "move" | "copy" => {
            let from = op
                .get("from")
                .and_then(Value::as_str)
                .ok_or("missing from")?;
            let v = doc
                .pointer(from)
                .cloned()
                .ok_or_else(|| format!("doc is missing from path: {from}"))?;
            if kind == "move" {
                json_patch_op(doc, &serde_json::json!({"op": "remove", "path": from}))?;
            }
            put(doc, v, false)
        }
        other => Err(format!("Unexpected kind: {other}")),
    }
}

/// RFC 6902 JSON patch.
pub fn json_patch(doc: &mut Value, ops: &Value) -> Result<(), String> {
    let ops = ops
        .as_array()
        .ok_or("json: cannot unmarshal object into Go value of type jsonpatch.Patch")?;
    for op in ops {
        json_patch_op(doc, op)?;
    }
    Ok(())
}

/// Decodes patched JSON back into a typed object through the same intake as `apply`.
fn decode(value: &Value) -> Result<Object, String> {
    let intake = parse_manifests(&value.to_string());
    // Warnings (a kind stored without a schema) do not block a patch, as they do not block
    // an apply.
    if let Some(d) = intake
        .diagnostics
        .iter()
        .find(|d| d.severity == ordinal_api::Severity::Error)
    {
        return Err(format!("error: {d}\n"));
    }
    intake
        .manifests
        .into_iter()
        .next()
        .map(|m| m.object)
        .ok_or_else(|| "error: patch produced no object\n".to_string())
}

pub fn run(cluster: &mut Cluster, args: &Args, namespace: &str) -> Output {
    let Some(patch_text) = args.value("patch") else {
        return Output::err(
            "error: must specify -p to patch\nSee 'kubectl patch -h' for help and examples\n"
                .into(),
            1,
        );
    };
    let patch_type = args.value("type").unwrap_or("strategic");
    if !matches!(patch_type, "strategic" | "merge" | "json") {
        return Output::err(
            format!("error: --type must be one of [json merge strategic], not \"{patch_type}\"\n"),
            1,
        );
    }
    let patch = match parse_patch(patch_text) {
        Ok(p) => p,
        Err(e) => return Output::err(format!("error: unable to parse \"{patch_text}\": {e}\n"), 1),
    };
    let targets = match resolve(cluster, &args.positional, namespace) {
        Ok(t) => t,
        Err(e) => return Output::err(e, 1),
    };
    let mut out = Output::default();
    for (t, object) in targets {
        let name = object.metadata().name.clone();
        let before = to_json(&object);
        let mut after = before.clone();
        let result = match patch_type {
            "merge" => {
                merge_patch(&mut after, &patch);
                Ok(())
            }
            "json" => json_patch(&mut after, &patch),
            _ => {
                strategic_merge(&mut after, &patch);
                Ok(())
            }
        };
        if let Err(e) = result {
            out.stderr.push_str(&format!("error: {e}\n"));
            out.exit_code = 1;
            continue;
        }
        if after == before {
            out.stdout
                .push_str(&format!("{}/{name} patched (no change)\n", t.qualified()));
            continue;
        }
        let updated = decode(&after).and_then(|o| backend::update(cluster, &o));
        match updated {
            Ok(_) => out
                .stdout
                .push_str(&format!("{}/{name} patched\n", t.qualified())),
            Err(e) => {
                out.stderr.push_str(&e);
                out.exit_code = 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strategic_merges_containers_by_name() {
        let mut doc = json!({"spec": {"containers": [{"name": "a", "image": "x"}, {"name": "b", "image": "y"}], "replicas": 1}});
        strategic_merge(
            &mut doc,
            &json!({"spec": {"containers": [{"name": "b", "image": "z"}], "replicas": 3}}),
        );
        assert_eq!(
            doc,
            json!({"spec": {"containers": [{"name": "a", "image": "x"}, {"name": "b", "image": "z"}], "replicas": 3}})
        );
    }

    #[test]
    fn merge_patch_replaces_lists_and_deletes_nulls() {
        let mut doc = json!({"a": [1, 2], "b": {"c": 1, "d": 2}});
        merge_patch(&mut doc, &json!({"a": [3], "b": {"c": null}}));
        assert_eq!(doc, json!({"a": [3], "b": {"d": 2}}));
    }

    #[test]
    fn json_patch_ops() {
        let mut doc = json!({"spec": {"replicas": 1, "list": [1, 2]}});
        json_patch(
            &mut doc,
            &json!([
                {"op": "replace", "path": "/spec/replicas", "value": 5},
                {"op": "add", "path": "/spec/list/-", "value": 3},
                {"op": "remove", "path": "/spec/list/0"},
                {"op": "add", "path": "/spec/x~1y", "value": true},
            ]),
        )
        .expect("valid ops");
        assert_eq!(
            doc,
            json!({"spec": {"replicas": 5, "list": [2, 3], "x/y": true}})
        );
        assert!(
            json_patch(
                &mut doc,
                &json!([{"op": "replace", "path": "/spec/nope", "value": 1}])
            )
            .is_err()
        );
        assert!(
            json_patch(
                &mut doc,
                &json!([{"op": "test", "path": "/spec/replicas", "value": 4}])
            )
            .is_err()
        );
    }

    #[test]
    fn yaml_patches_parse() {
        assert_eq!(
            parse_patch("spec:\n  replicas: 2\n").expect("yaml"),
            json!({"spec": {"replicas": 2}})
        );
    }
}
