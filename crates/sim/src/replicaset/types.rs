//! The apps/v1 workload kinds Ordinal simulates but the api crate keeps as `Object::Other`
//! (ReplicaSet, Deployment, DaemonSet): typed views decoded from the stored body, and the
//! writes a controller makes back into that body (status, replicas, annotations).

use crate::cluster::Cluster;
use crate::store::ObjectKey;
use ordinal_api::{LabelSelector, Object, ObjectMeta, PodTemplateSpec};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplicaSetSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_ready_seconds: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selector: Option<LabelSelector>,
    #[serde(default)]
    pub template: PodTemplateSpec,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplicaSetStatus {
    #[serde(default)]
    pub replicas: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fully_labeled_replicas: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ready_replicas: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available_replicas: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_generation: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplicaSet {
    #[serde(default, skip_serializing)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: ReplicaSetSpec,
    #[serde(default)]
    pub status: ReplicaSetStatus,
}

impl ReplicaSet {
    /// `spec.replicas`, defaulted to 1 as the API server does.
    pub fn replicas(&self) -> i32 {
        self.spec.replicas.unwrap_or(1)
    }
}

/// A typed view of a stored `Object::Other` of `kind`, with the live metadata.
pub fn decode<T: DeserializeOwned + HasMetadata>(object: &Object, kind: &str) -> Option<T> {
    let Object::Other {
        kind: k,
        metadata,
        body,
        ..
    } = object
    else {
        return None;
    };
    if k != kind {
        return None;
    }
    let mut typed: T = ordinal_api::decode::from_value(body.clone()).ok()?;
    *typed.metadata_mut() = metadata.clone();
    Some(typed)
}

/// Kinds with an `ObjectMeta` the decoder fills from the stored object.
pub trait HasMetadata {
    fn metadata_mut(&mut self) -> &mut ObjectMeta;
}

impl HasMetadata for ReplicaSet {
    fn metadata_mut(&mut self) -> &mut ObjectMeta {
        &mut self.metadata
    }
}

/// The stored ReplicaSet under `key`.
pub fn get_replica_set(cluster: &Cluster, key: &ObjectKey) -> Option<ReplicaSet> {
    cluster.store.get(key).and_then(|o| decode(o, "ReplicaSet"))
}

/// A new `Object::Other` of an apps/v1 kind.
pub fn new_object(kind: &str, metadata: ObjectMeta, spec: Value) -> Object {
    Object::Other {
        api_version: "apps/v1".into(),
        kind: kind.into(),
        metadata,
        body: serde_json::json!({ "spec": spec }),
    }
}

/// Writes `status` into the stored object if it differs (status writes never bump the
/// generation, like the status subresource).
pub(crate) fn write_status<S: Serialize>(cluster: &mut Cluster, key: &ObjectKey, status: &S) {
    let Ok(status) = serde_json::to_value(status) else {
        return;
    };
    let Some(Object::Other { body, .. }) = cluster.store.get(key) else {
        return;
    };
    if body.get("status") == Some(&status) {
        return;
    }
    let Some(mut object) = cluster.store.get(key).cloned() else {
        return;
    };
    if let Object::Other { body, .. } = &mut object
        && let Some(map) = body.as_object_mut()
    {
        map.insert("status".into(), status);
    }
    cluster.write(object);
}

/// Sets one member of `spec` (a controller's own spec write, e.g. a Deployment scaling its
/// ReplicaSet) and the given annotations; bumps the generation when the spec changed.
pub(crate) fn update_spec_field(
    cluster: &mut Cluster,
    key: &ObjectKey,
    field: &str,
    value: Value,
    annotations: &[(&str, String)],
) {
    let Some(mut object) = cluster.store.get(key).cloned() else {
        return;
    };
    let mut changed = false;
    if let Object::Other { body, metadata, .. } = &mut object {
        if let Some(spec) = body.get_mut("spec").and_then(Value::as_object_mut)
            && spec.get(field) != Some(&value)
        {
            spec.insert(field.into(), value);
            metadata.generation = Some(metadata.generation.unwrap_or(0) + 1);
            changed = true;
        }
        for (k, v) in annotations {
            if metadata.annotations.get(*k) != Some(v) {
                metadata.annotations.insert((*k).into(), v.clone());
                changed = true;
            }
        }
    }
    if changed {
        cluster.write(object);
    }
}
