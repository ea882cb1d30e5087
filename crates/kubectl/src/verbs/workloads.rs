//! `scale` and `set image` for the workload kinds stored as `Object::Other` (Deployment,
//! ReplicaSet, DaemonSet): edits of the object's JSON body written back through the same
//! update call the StatefulSet arms use.

use crate::backend;
use crate::resource::ResourceType;
use crate::shell::Output;
use ordinal_api::Object;
use ordinal_sim::Cluster;
use serde_json::Value;

/// Whether `object` is a workload this module edits.
pub fn is_workload(object: &Object) -> bool {
    matches!(object, Object::Other { kind, .. } if matches!(kind.as_str(), "Deployment" | "ReplicaSet" | "DaemonSet"))
}

fn body_mut(object: &mut Object) -> Option<&mut Value> {
    match object {
        Object::Other { body, .. } => Some(body),
        _ => None,
    }
}

/// `spec.replicas` as stored (1 when unset, as the API server defaults it).
pub fn replicas(object: &Object) -> Option<i64> {
    match object {
        Object::Other { body, kind, .. } if kind != "DaemonSet" => Some(
            body.pointer("/spec/replicas")
                .and_then(Value::as_i64)
                .unwrap_or(1),
        ),
        _ => None,
    }
}

/// `kubectl scale` of a Deployment or ReplicaSet. `None` for kinds without a scale
/// subresource here (DaemonSet).
pub fn scale(cluster: &mut Cluster, mut object: Object, to: i32) -> Option<Result<(), String>> {
    replicas(&object)?;
    let spec = body_mut(&mut object)?.get_mut("spec")?.as_object_mut()?;
    spec.insert("replicas".into(), Value::from(to));
    Some(backend::update(cluster, &object).map(|_| ()))
}

/// The containers of the pod template, mutable.
fn containers_mut(object: &mut Object) -> Option<&mut Vec<Value>> {
    body_mut(object)?
        .pointer_mut("/spec/template/spec/containers")?
        .as_array_mut()
}

/// `kubectl set image` on a workload: `Ok(true)` when something changed, the per-container
/// error text otherwise.
pub fn set_image(
    cluster: &mut Cluster,
    mut object: Object,
    pairs: &[(&str, &str)],
) -> Result<bool, String> {
    let before = object.clone();
    let Some(containers) = containers_mut(&mut object) else {
        return Err("error: the object has no pod template\n".into());
    };
    let mut errors = String::new();
    for (name, image) in pairs {
        let mut matched = false;
        for c in containers
            .iter_mut()
            .filter(|c| *name == "*" || c.get("name").and_then(Value::as_str) == Some(*name))
        {
            if let Some(map) = c.as_object_mut() {
                map.insert("image".into(), Value::from(*image));
                matched = true;
            }
        }
        if !matched {
            errors.push_str(&format!(
                "error: unable to find container named \"{name}\"\n"
            ));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if object == before {
        return Ok(false);
    }
    backend::update(cluster, &object).map(|_| true)
}

/// The `kubectl scale` arm for a workload, with kubectl's messages.
pub fn scale_verb(
    cluster: &mut Cluster,
    t: &ResourceType,
    object: Object,
    to: i32,
    current: Option<&str>,
    out: &mut Output,
) {
    let name = object.metadata().name.clone();
    let Some(actual) = replicas(&object) else {
        out.stderr.push_str(&format!(
            "error: no scaler has been implemented for {{\"{}\" \"{}\"}}\n",
            t.group, t.kind
        ));
        out.exit_code = 1;
        return;
    };
    if let Some(current) = current
        && current.parse::<i64>().ok() != Some(actual)
    {
        out.stderr.push_str(&format!(
            "error: Expected replicas to be {current}, was {actual}\n"
        ));
        out.exit_code = 1;
        return;
    }
    match scale(cluster, object, to) {
        Some(Ok(())) => out
            .stdout
            .push_str(&format!("{}/{name} scaled\n", t.qualified())),
        Some(Err(e)) => {
            out.stderr.push_str(&e);
            out.exit_code = 1;
        }
        None => {}
    }
}

/// The `kubectl set image` arm for a workload.
pub fn set_image_verb(
    cluster: &mut Cluster,
    t: &ResourceType,
    object: Object,
    pairs: &[&String],
    out: &mut Output,
) {
    let name = object.metadata().name.clone();
    let pairs: Vec<(&str, &str)> = pairs.iter().filter_map(|p| p.split_once('=')).collect();
    match set_image(cluster, object, &pairs) {
        Ok(true) => out
            .stdout
            .push_str(&format!("{}/{name} image updated\n", t.qualified())),
        Ok(false) => {}
        Err(e) => {
            out.stderr.push_str(&e);
            out.exit_code = 1;
        }
    }
}
