//! ControllerRevisions (R-1.5 … ): the revision data is the pod template
//! alone, the name is `<set>-<hash>` with the upstream hash alphabet, and history is pruned
//! beyond `revisionHistoryLimit` except for live revisions.

use ordinal_api::{Object, ObjectMeta, OwnerReference, PodTemplateSpec, StatefulSet};
use serde_json::{Value, json};
use std::collections::BTreeMap;

pub const KIND: &str = "ControllerRevision";
pub const HASH_LABEL: &str = "controller.kubernetes.io/hash";

/// `k8s.io/apimachinery/pkg/util/rand` SafeEncodeString's alphabet (no vowels, no 0/1/3).
const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// The data a revision stores: a patch holding only `spec.template`.
pub fn revision_data(template: &PodTemplateSpec) -> Value {
    let mut template = serde_json::to_value(template).unwrap_or_default();
    if let Some(map) = template.as_object_mut() {
        map.insert("$patch".into(), json!("replace"));
    }
    json!({"spec": {"template": template}})
}

/// FNV-32a of the data plus the collision count, as a decimal string mapped through the
/// alphabet. A pure function of the template.
pub fn template_hash(data: &Value, collision_count: i32) -> String {
    let bytes = serde_json::to_vec(data).unwrap_or_default();
    let mut hash: u32 = 0x811c_9dc5;
    let count = collision_count.to_string();
    for b in bytes.iter().chain(count.as_bytes()) {
        hash ^= u32::from(*b);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash.to_string()
        .bytes()
        .map(|b| char::from(ALPHABET[usize::from(b) % ALPHABET.len()]))
        .collect()
}

/// `<set>-<hash>`, the prefix cut to 223 characters.
pub fn revision_name(set: &str, hash: &str) -> String {
    let prefix: String = set.chars().take(223).collect();
    format!("{prefix}-{hash}")
}

/// A ControllerRevision as the controller stores it.
pub fn new_revision(
    set: &StatefulSet,
    name: &str,
    hash: &str,
    data: Value,
    number: i64,
    uid: String,
    now: &str,
) -> Object {
    let mut labels: BTreeMap<String, String> = (*set.spec.template.metadata.labels).clone();
    labels.insert(HASH_LABEL.into(), hash.into());
    let mut annotations = set.metadata.annotations.clone();
    annotations.remove("kubectl.kubernetes.io/last-applied-configuration");
    Object::Other {
        api_version: "apps/v1".into(),
        kind: KIND.into(),
        metadata: ObjectMeta {
            name: name.into(),
            namespace: set.metadata.namespace.clone(),
            labels: labels.into(),
            annotations,
            uid: Some(uid),
            creation_timestamp: Some(now.into()),
            owner_references: vec![controller_ref(set)].into(),
            ..ObjectMeta::default()
        },
        body: json!({"data": data, "revision": number}),
    }
}

/// The revision's `.revision` number.
pub fn revision_number(object: &Object) -> i64 {
    match object {
        Object::Other { body, .. } => body.get("revision").and_then(Value::as_i64).unwrap_or(0),
        _ => 0,
    }
}

pub fn set_revision_number(object: &mut Object, number: i64) {
    if let Object::Other { body, .. } = object
        && let Some(map) = body.as_object_mut()
    {
        map.insert("revision".into(), json!(number));
    }
}

/// The pod template stored in a revision (for pods created at the current revision and for
/// `rollout undo`).
pub fn revision_template(object: &Object) -> Option<PodTemplateSpec> {
    let Object::Other { body, .. } = object else {
        return None;
    };
    let mut template = body.pointer("/data/spec/template")?.clone();
    if let Some(map) = template.as_object_mut() {
        map.remove("$patch");
    }
    ordinal_api::decode::from_value(template).ok()
}

pub fn controller_ref(set: &StatefulSet) -> OwnerReference {
    OwnerReference {
        api_version: "apps/v1".into(),
        kind: "StatefulSet".into(),
        name: set.metadata.name.clone(),
        uid: set.metadata.uid.clone().unwrap_or_default(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_uses_the_safe_alphabet_r_1_6() {
        let template = PodTemplateSpec::default();
        let hash = template_hash(&revision_data(&template), 0);
        assert!((1..=10).contains(&hash.len()));
        assert!(hash.chars().all(|c| "456789bcdf".contains(c)), "{hash}");
        assert_eq!(hash, template_hash(&revision_data(&template), 0));
        let mut other = PodTemplateSpec::default();
        other.metadata.labels.insert("app".into(), "x".into());
        assert_ne!(hash, template_hash(&revision_data(&other), 0));
    }
}
