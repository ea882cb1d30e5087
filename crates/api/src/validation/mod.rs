//! Validation as the API server does it after decoding and defaulting, with its messages
//! (SPEC §2.1 rendering, §2.2 create rules, §2.3 update rules).

mod claim;
mod field;
mod names;
mod pod;
mod service;
mod statefulset;

pub use claim::validate_claim_spec;
pub use field::{FieldError, locate};
pub use names::dns1123_label;
pub use pod::validate_pod_spec;
pub use service::validate_service;
pub use statefulset::{validate_statefulset, validate_statefulset_update};

use crate::defaults::apply_defaults;
use crate::diagnostic::Diagnostic;
use crate::types::Object;
use crate::yaml::Node;

/// Create-time validation of a decoded object, as the API server runs it: on the defaulted
/// object. `node` is the document the object came from, to locate the offending values.
pub fn validate_create(object: &Object, node: &Node) -> Vec<Diagnostic> {
    let mut defaulted = object.clone();
    apply_defaults(&mut defaulted);
    let errors = match &defaulted {
        Object::StatefulSet(sts) => validate_statefulset(sts),
        // a bare Pod is validated in full, unlike a StatefulSet's template.
        Object::Pod(pod) => {
            let mut errors = names::subdomain_name(&pod.metadata.name);
            errors.extend(validate_pod_spec(&pod.spec, "spec"));
            errors
        }
        Object::Service(service) => validate_service(service),
        Object::PersistentVolumeClaim(pvc) => {
            let mut errors = names::subdomain_name(&pvc.metadata.name);
            errors.extend(validate_claim_spec(&pvc.spec, "spec"));
            errors
        }
        _ => Vec::new(),
    };
    errors.iter().map(|e| e.to_diagnostic(node)).collect()
}

/// Update validation (SPEC §2.3): the forbidden-field rule plus the create rules (not the
/// name). `old` and `new` are the stored and the incoming (defaulted) objects; `node`, when
/// given, locates the offending values in the incoming document.
pub fn validate_update_located(old: &Object, new: &Object, node: Option<&Node>) -> Vec<Diagnostic> {
    let errors = match (old, new) {
        (Object::StatefulSet(old), Object::StatefulSet(new)) => {
            validate_statefulset_update(old, new)
        }
        (Object::Pod(old), Object::Pod(new)) => pod::validate_pod_update(old, new),
        _ => Vec::new(),
    };
    let empty = Node {
        value: crate::yaml::Value::Null,
        span: crate::Span::default(),
    };
    errors
        .iter()
        .map(|e| e.to_diagnostic(node.unwrap_or(&empty)))
        .collect()
}

/// [`validate_update_located`] without a source document.
pub fn validate_update(old: &Object, new: &Object) -> Vec<Diagnostic> {
    validate_update_located(old, new, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intake::parse_manifests;

    const STS: &str = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  serviceName: nginx\n  replicas: 3\n  selector:\n    matchLabels: {app: nginx}\n  template:\n    metadata:\n      labels: {app: nginx}\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.27\n";

    fn object(text: &str) -> Object {
        let mut object = parse_manifests(text).manifests.remove(0).object;
        apply_defaults(&mut object);
        object
    }

    #[test]
    fn update_of_forbidden_fields_r_2_6() {
        let old = object(STS);
        let renamed = object(&STS.replace("serviceName: nginx", "serviceName: other"));
        let errors = validate_update(&old, &renamed);
        assert_eq!(errors.len(), 1);
        assert_eq!(
            errors[0].message,
            "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"
        );
    }

    #[test]
    fn update_of_allowed_fields_rechecks_create_rules() {
        let old = object(STS);
        let scaled = object(&STS.replace("replicas: 3", "replicas: 5"));
        assert!(validate_update(&old, &scaled).is_empty());
        let text = STS.replace("replicas: 3", "replicas: 3\n  minReadySeconds: -1");
        let new = parse_manifests(&text).documents.remove(0);
        // Create-time validation already rejects it in the intake, located at the value.
        assert_eq!(new.diagnostics[0].span.line, 8);
        let mut new: Object = old.clone();
        if let Object::StatefulSet(sts) = &mut new {
            sts.spec.min_ready_seconds = Some(-1);
        }
        let errors = validate_update(&old, &new);
        assert_eq!(
            errors[0].message,
            "spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0"
        );
    }
}
