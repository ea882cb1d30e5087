//! The stderr text kubectl prints for a failed document, byte for byte (SPEC … ).
//!
//! kubectl shows one error per document and stops at the first step that fails; which
//! diagnostic wins follows the order the API server decodes in: keys sorted, as kubectl sends
//! JSON with sorted keys.

use crate::diagnostic::{Diagnostic, Severity, Stage};
use crate::intake::{Document, Intake};
use std::cmp::Ordering;

impl Document {
    /// What `kubectl apply -f <filename>` prints to stderr for this document, or `None` when
    /// the document has no error.
    pub fn kubectl_error(&self, filename: &str) -> Option<String> {
        let errors: Vec<&Diagnostic> = self
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        let stage = errors.iter().map(|d| d.stage).min()?;
        let mut at_stage: Vec<&Diagnostic> =
            errors.into_iter().filter(|d| d.stage == stage).collect();
        if matches!(stage, Stage::Decode | Stage::Strict) {
            crate::order::sort_by(&mut at_stage, |a, b| json_order(&a.path, &b.path));
        }
        let first = at_stage.first()?;
        let kind = &self.kind;
        let version = self.api_version.rsplit('/').next().unwrap_or_default();
        let cannot_handle = format!(
            "Error from server (BadRequest): error when creating {filename:?}: {kind} in version {version:?} cannot be handled as a {kind}: "
        );
        Some(match stage {
            Stage::Syntax | Stage::Limit => format!("error: {}", first.message),
            Stage::Client => format!("error: unable to decode {filename:?}: {}", first.message),
            Stage::Mapping => format!(
                "error: resource mapping not found for name: {:?} namespace: {:?} from {filename:?}: {}\nensure CRDs are installed first",
                self.name,
                self.namespace.as_deref().unwrap_or(""),
                first.message
            ),
            Stage::Decode => format!("{cannot_handle}{}", first.message),
            Stage::Strict => {
                let fields: Vec<&str> = at_stage.iter().map(|d| d.message.as_str()).collect();
                format!(
                    "{cannot_handle}strict decoding error: {}",
                    fields.join(", ")
                )
            }
            Stage::Invalid | Stage::Notice => invalid(kind, &self.name, &at_stage),
        })
    }
}

/// `The StatefulSet "web" is invalid: …`, one cause inline, several as a bulleted list.
fn invalid(kind: &str, name: &str, causes: &[&Diagnostic]) -> String {
    let mut messages: Vec<&str> = Vec::new();
    for d in causes {
        if !messages.contains(&d.message.as_str()) {
            messages.push(&d.message);
        }
    }
    match messages.as_slice() {
        [one] => format!("The {kind} {name:?} is invalid: {one}"),
        many => {
            let lines: Vec<String> = many.iter().map(|m| format!("* {m}")).collect();
            format!("The {kind} {name:?} is invalid: \n{}", lines.join("\n"))
        }
    }
}

impl Intake {
    /// Everything kubectl would print to stderr for this file, one entry per failed document
    /// (or one for the whole file when it is not YAML at all).
    pub fn kubectl_errors(&self, filename: &str) -> Vec<String> {
        if self.documents.is_empty() {
            return self
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .take(1)
                .map(|d| match d.stage {
                    Stage::Syntax => format!("error: error parsing {filename}: {}", d.message),
                    _ => format!("error: {}", d.message),
                })
                .collect();
        }
        self.documents
            .iter()
            .filter_map(|d| d.kubectl_error(filename))
            .collect()
    }
}

/// Orders field paths as a JSON encoder with sorted keys would visit them.
fn json_order(a: &str, b: &str) -> Ordering {
    let key = |p: &str| -> Vec<(String, usize)> {
        p.split(['.', '['])
            .map(|s| match s.strip_suffix(']').and_then(|n| n.parse().ok()) {
                Some(n) => (String::new(), n),
                None => (s.to_string(), 0),
            })
            .collect()
    };
    key(a).cmp(&key(b))
}

#[cfg(test)]
mod tests {
    use crate::intake::parse_manifests;

    #[test]
    fn unknown_fields_are_comma_joined_in_sorted_order() {
        let intake = parse_manifests(
            "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  zzz: 1\n  volumeClaimTemolates: []\n",
        );
        assert_eq!(
            intake.kubectl_errors("web.yaml"),
            [
                "Error from server (BadRequest): error when creating \"web.yaml\": StatefulSet in version \"v1\" cannot be handled as a StatefulSet: strict decoding error: unknown field \"spec.volumeClaimTemolates\", unknown field \"spec.zzz\""
            ]
        );
    }

    #[test]
    fn type_errors_win_over_unknown_fields() {
        let intake = parse_manifests(
            "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  volumeClaimTemolates: []\n  template:\n    spec:\n      containers:\n        name: x\n",
        );
        assert_eq!(intake.diagnostics.len(), 2);
        assert_eq!(
            intake.kubectl_errors("web.yaml"),
            [
                "Error from server (BadRequest): error when creating \"web.yaml\": StatefulSet in version \"v1\" cannot be handled as a StatefulSet: json: cannot unmarshal object into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container"
            ]
        );
    }

    #[test]
    fn removed_api_version_is_a_mapping_error() {
        let intake = parse_manifests(
            "apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: budget\n",
        );
        assert_eq!(
            intake.kubectl_errors("file.yaml"),
            [
                "error: resource mapping not found for name: \"budget\" namespace: \"\" from \"file.yaml\": no matches for kind \"PodDisruptionBudget\" in version \"policy/v1beta1\"\nensure CRDs are installed first"
            ]
        );
        assert_eq!(
            intake.diagnostics[0].suggestion.as_deref(),
            Some("apiVersion: policy/v1")
        );
    }
}
