//! Validation as the API server does it after decoding and defaulting, with its messages
//! (SPEC §2.1 rendering, §2.2 create rules, §2.3 update rules).

mod field;
mod names;
mod pod;
mod statefulset;

pub use field::{FieldError, locate};
pub use names::dns1123_label;
pub use pod::validate_pod_spec;
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
