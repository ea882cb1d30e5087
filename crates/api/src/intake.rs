//! Manifest intake: YAML text to typed objects, with every problem located.

use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::types::*;
use crate::yaml::{self, Node};

/// Largest manifest text accepted in one apply.
pub const MAX_INPUT_BYTES: usize = 1 << 20;

/// One document of a manifest stream that decoded into an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Manifest {
    pub object: Object,
    /// Where the document starts in the source.
    pub span: Span,
}

/// What came out of a manifest stream: the objects that decoded, and every problem found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Intake {
    pub manifests: Vec<Manifest>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Intake {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// Parses a multi-document YAML (or JSON) stream into typed objects.
pub fn parse_manifests(text: &str) -> Intake {
    let mut intake = Intake::default();
    if text.len() > MAX_INPUT_BYTES {
        intake.diagnostics.push(Diagnostic::error(
            Span::default(),
            "",
            format!(
                "manifest is {} bytes; the playground accepts at most {MAX_INPUT_BYTES}",
                text.len()
            ),
        ));
        return intake;
    }
    let docs = match yaml::parse_stream(text) {
        Ok(docs) => docs,
        Err(d) => {
            intake.diagnostics.push(d);
            return intake;
        }
    };
    for doc in docs {
        match decode_document(&doc) {
            Ok(object) => intake.manifests.push(Manifest {
                object,
                span: doc.span,
            }),
            Err(d) => intake.diagnostics.push(d),
        }
    }
    intake
}

fn required_str<'a>(doc: &'a Node, key: &str) -> Result<&'a str, Diagnostic> {
    match doc.get(key) {
        Some(node) => node
            .as_str()
            .ok_or_else(|| Diagnostic::error(node.span, key, format!("{key} must be a string"))),
        None => Err(Diagnostic::error(
            doc.span,
            key,
            format!("error validating data: {key} not set"),
        )),
    }
}

fn decode_document(doc: &Node) -> Result<Object, Diagnostic> {
    if !matches!(doc.value, yaml::Value::Map(_)) {
        return Err(Diagnostic::error(
            doc.span,
            "",
            "error unmarshaling JSON: a manifest document must be a mapping",
        ));
    }
    let api_version = required_str(doc, "apiVersion")?;
    let kind = required_str(doc, "kind")?;
    let json = doc.to_json();
    let typed = |e: serde_json::Error| {
        let version = api_version.rsplit('/').next().unwrap_or(api_version);
        Diagnostic::error(
            doc.span,
            "",
            format!("{kind} in version \"{version}\" cannot be handled as a {kind}: {e}"),
        )
    };
    let object = match (api_version, kind) {
        ("apps/v1", "StatefulSet") => {
            Object::StatefulSet(serde_json::from_value(json).map_err(typed)?)
        }
        ("v1", "Pod") => Object::Pod(serde_json::from_value(json).map_err(typed)?),
        ("v1", "Service") => Object::Service(serde_json::from_value(json).map_err(typed)?),
        ("v1", "PersistentVolumeClaim") => {
            Object::PersistentVolumeClaim(serde_json::from_value(json).map_err(typed)?)
        }
        ("v1", "PersistentVolume") => {
            Object::PersistentVolume(serde_json::from_value(json).map_err(typed)?)
        }
        ("storage.k8s.io/v1", "StorageClass") => {
            Object::StorageClass(serde_json::from_value(json).map_err(typed)?)
        }
        _ => {
            let metadata = match doc.get("metadata") {
                Some(m) => serde_json::from_value(m.to_json()).map_err(typed)?,
                None => ObjectMeta::default(),
            };
            Object::Other {
                api_version: api_version.to_string(),
                kind: kind.to_string(),
                metadata,
                body: json,
            }
        }
    };
    Ok(object)
}

#[cfg(test)]
mod tests {
    use super::*;

    const WEB: &str = include_str!("../../../tests/scenarios/web.yaml");

    #[test]
    fn web_example_decodes() {
        let intake = parse_manifests(WEB);
        assert!(intake.diagnostics.is_empty(), "{:?}", intake.diagnostics);
        let kinds: Vec<_> = intake.manifests.iter().map(|m| m.object.kind()).collect();
        assert_eq!(kinds, ["Service", "StatefulSet"]);
        let Object::StatefulSet(sts) = &intake.manifests[1].object else {
            panic!("second document is the StatefulSet");
        };
        assert_eq!(sts.spec.replicas, Some(3));
        assert_eq!(sts.spec.volume_claim_templates[0].metadata.name, "www");
    }

    #[test]
    fn wrong_type_is_located() {
        let intake = parse_manifests(
            "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  replicas: three\n",
        );
        assert_eq!(intake.diagnostics.len(), 1);
        assert_eq!(intake.diagnostics[0].span.line, 1);
        assert!(
            intake.diagnostics[0]
                .message
                .contains("cannot be handled as a StatefulSet")
        );
    }
}
