//! Manifest intake: YAML or JSON text to typed objects, with every problem located.
//!
//! Each document goes through the steps `kubectl apply` and the API server take, in order:
//! YAML → JSON (syntax, duplicate keys), resource mapping (is `kind` served in `apiVersion`?),
//! decoding against the schema (types, quantities, unknown fields), then validation. Unlike
//! kubectl, every problem of every document is reported at once; [`Document::kubectl_error`]
//! renders what kubectl itself would print.

use crate::catalog;
use crate::diagnostic::{Diagnostic, Severity, Span, Stage};
use crate::schema;
use crate::strict;
use crate::types::*;
use crate::validation;
use crate::yaml::{self, Node, Value};

/// Largest manifest text accepted in one apply.
pub const MAX_INPUT_BYTES: usize = 1 << 20;
/// Most replicas a workload may ask for in the playground.
pub const MAX_REPLICAS: i64 = 100_000;

/// One document of a manifest stream that decoded into an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Manifest {
    pub object: Object,
    /// Where the document starts in the source.
    pub span: Span,
}

/// One document of the stream (or one item of a `kind: List`), whatever became of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub span: Span,
    pub api_version: String,
    pub kind: String,
    pub name: String,
    pub namespace: Option<String>,
    /// The spanned tree the document was read from.
    pub node: Node,
    /// The typed object, when the document has no error.
    pub object: Option<Object>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Document {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// What came out of a manifest stream: the objects that decoded, and every problem found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Intake {
    pub manifests: Vec<Manifest>,
    /// Every diagnostic: those of the whole file first, then each document's in order.
    pub diagnostics: Vec<Diagnostic>,
    pub documents: Vec<Document>,
}

impl Intake {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    fn file_error(diagnostic: Diagnostic) -> Self {
        Self {
            diagnostics: vec![diagnostic],
            ..Self::default()
        }
    }
}

/// Parses a multi-document YAML (or JSON) stream into typed objects.
pub fn parse_manifests(text: &str) -> Intake {
    if text.len() > MAX_INPUT_BYTES {
        return Intake::file_error(
            Diagnostic::error(
                Span::default(),
                "",
                format!(
                    "manifest is {} bytes; the playground accepts at most {MAX_INPUT_BYTES} bytes",
                    text.len()
                ),
            )
            .at_stage(Stage::Limit),
        );
    }
    let nodes = match yaml::parse_stream(text) {
        Ok(nodes) => nodes,
        Err(d) => return Intake::file_error(d),
    };
    let mut intake = Intake::default();
    for node in nodes {
        push_document(&mut intake, node);
    }
    intake
}

/// Reads one document; a `kind: List` contributes one document per item, as kubectl does.
fn push_document(intake: &mut Intake, node: Node) {
    if is_list(&node) {
        if let Some(Node {
            value: Value::Seq(items),
            ..
        }) = node.get("items")
        {
            for item in items.clone() {
                push_document(intake, item);
            }
        }
        return;
    }
    let document = read_document(node);
    intake
        .diagnostics
        .extend(document.diagnostics.iter().cloned());
    if let Some(object) = &document.object {
        intake.manifests.push(Manifest {
            object: object.clone(),
            span: document.span,
        });
    }
    intake.documents.push(document);
}

fn is_list(node: &Node) -> bool {
    node.get("kind").and_then(Node::as_str) == Some("List")
        && node.get("apiVersion").and_then(Node::as_str) == Some("v1")
}

fn text_field(node: &Node, path: &[&str]) -> Option<String> {
    let mut current = node;
    for key in path {
        current = current.get(key)?;
    }
    current.as_str().map(str::to_string)
}

fn read_document(node: Node) -> Document {
    let mut document = Document {
        span: node.span,
        api_version: text_field(&node, &["apiVersion"]).unwrap_or_default(),
        kind: text_field(&node, &["kind"]).unwrap_or_default(),
        name: text_field(&node, &["metadata", "name"]).unwrap_or_default(),
        namespace: text_field(&node, &["metadata", "namespace"]),
        node,
        object: None,
        diagnostics: Vec::new(),
    };
    document.diagnostics = check(&document);
    if !document.has_errors() {
        match decode(&document) {
            Ok(object) => {
                document
                    .diagnostics
                    .extend(validation::validate_create(&object, &document.node));
                if !document.has_errors() {
                    document.object = Some(object);
                }
            }
            Err(d) => document.diagnostics.push(d),
        }
    }
    document
}

/// Everything that can be said about a document before decoding it into a typed object.
fn check(doc: &Document) -> Vec<Diagnostic> {
    let node = &doc.node;
    if !matches!(node.value, Value::Map(_)) {
        return vec![
            Diagnostic::error(
                node.span,
                "",
                format!(
                    "json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
                    if matches!(node.value, Value::Seq(_)) {
                        "array"
                    } else {
                        "string"
                    }
                ),
            )
            .at_stage(Stage::Client),
        ];
    }
    if doc.kind.is_empty() {
        return vec![
            Diagnostic::error(
                node.get("kind").map_or(node.span, |k| k.span),
                "kind",
                format!("Object 'Kind' is missing in '{}'", node.to_json()),
            )
            .at_stage(Stage::Client),
        ];
    }
    let Some(def) = schema::root(&doc.api_version, &doc.kind) else {
        if catalog::is_built_in_without_schema(&doc.api_version, &doc.kind) {
            return vec![Diagnostic::warning(
                node.get("kind").map_or(node.span, |k| k.span),
                "kind",
                format!(
                    "{} is valid Kubernetes, but Ordinal neither checks nor simulates it; it is stored as written",
                    doc.kind
                ),
            )];
        }
        let at = node
            .get("apiVersion")
            .or_else(|| node.get("kind"))
            .unwrap_or(node);
        return vec![
            Diagnostic::error(
                at.span,
                "apiVersion",
                format!(
                    "no matches for kind {:?} in version {:?}",
                    doc.kind, doc.api_version
                ),
            )
            .at_stage(Stage::Mapping)
            .with_suggestion(suggest_version(&doc.kind)),
        ];
    };
    let mut diagnostics = strict::check_document(node, def);
    diagnostics.extend(replica_cap(node));
    if !diagnostics.iter().any(|d| d.severity == Severity::Error)
        && !catalog::is_passive(&doc.kind)
        && typed_kind(&doc.kind).is_none()
    {
        diagnostics.push(Diagnostic::warning(
            node.get("kind").map_or(node.span, |k| k.span),
            "kind",
            format!(
                "Ordinal stores {} objects but does not simulate them",
                doc.kind
            ),
        ));
    }
    diagnostics
}

/// The apiVersion that serves `kind`, for a document that named another one.
fn suggest_version(kind: &str) -> Option<String> {
    schema::roots()
        .iter()
        .find(|r| r.kind == kind)
        .map(|r| format!("apiVersion: {}", r.api_version))
}

fn replica_cap(node: &Node) -> Option<Diagnostic> {
    let replicas = node.get("spec")?.get("replicas")?;
    match replicas.value {
        // Larger than int32 is the decoder's error, not the playground's.
        Value::Int(n) if n > MAX_REPLICAS && i32::try_from(n).is_ok() => Some(
            Diagnostic::error(
                replicas.span,
                "spec.replicas",
                format!(
                    "spec.replicas: Invalid value: {n}: the playground simulates at most {MAX_REPLICAS} replicas"
                ),
            )
            .at_stage(Stage::Limit),
        ),
        _ => None,
    }
}

fn typed_kind(kind: &str) -> Option<&'static str> {
    [
        "StatefulSet",
        "Pod",
        "Service",
        "PersistentVolumeClaim",
        "PersistentVolume",
        "StorageClass",
    ]
    .into_iter()
    .find(|k| *k == kind)
}

/// Decodes a document that passed the schema checks into its typed object.
fn decode(doc: &Document) -> Result<Object, Diagnostic> {
    let mut json = doc.node.to_json();
    drop_nulls(&mut json);
    let typed = |e: serde_json::Error| {
        // The schema checks passed, so this is a value the typed model cannot hold (e.g. a
        // required name left out); the API server would reject it in validation.
        Diagnostic::error(doc.node.span, "", format!("{e}")).at_stage(Stage::Invalid)
    };
    let object = match (doc.api_version.as_str(), doc.kind.as_str()) {
        ("apps/v1", "StatefulSet") => {
            Object::StatefulSet(crate::decode::from_value(json).map_err(typed)?)
        }
        ("v1", "Pod") => Object::Pod(crate::decode::from_value(json).map_err(typed)?),
        ("v1", "Service") => Object::Service(crate::decode::from_value(json).map_err(typed)?),
        ("v1", "PersistentVolumeClaim") => {
            Object::PersistentVolumeClaim(crate::decode::from_value(json).map_err(typed)?)
        }
        ("v1", "PersistentVolume") => {
            Object::PersistentVolume(crate::decode::from_value(json).map_err(typed)?)
        }
        ("storage.k8s.io/v1", "StorageClass") => {
            Object::StorageClass(crate::decode::from_value(json).map_err(typed)?)
        }
        _ => {
            let metadata = match doc.node.get("metadata") {
                Some(m) => crate::decode::from_value(m.to_json()).map_err(typed)?,
                None => ObjectMeta::default(),
            };
            Object::Other {
                api_version: doc.api_version.clone(),
                kind: doc.kind.clone(),
                metadata,
                body: json,
            }
        }
    };
    Ok(object)
}

/// Removes `null` members: Go decodes them to zero values, which the typed model spells as
/// absent fields.
fn drop_nulls(json: &mut serde_json::Value) {
    match json {
        serde_json::Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(drop_nulls);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(drop_nulls),
        _ => {}
    }
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
        let d = &intake.diagnostics[0];
        assert_eq!((d.span.line, d.span.column), (6, 13));
        assert_eq!(
            d.message,
            "json: cannot unmarshal string into Go struct field StatefulSetSpec.spec.replicas of type int32"
        );
    }

    #[test]
    fn list_items_become_documents() {
        let intake = parse_manifests(
            r#"{"apiVersion": "v1", "kind": "List", "items": [
                {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}},
                {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "b"}, "spec": {"ports": [{"port": 80}]}}
            ]}"#,
        );
        assert!(!intake.has_errors(), "{:?}", intake.diagnostics);
        let names: Vec<_> = intake.documents.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["a", "b"]);
        assert_eq!(intake.documents[1].span.line, 3);
    }

    #[test]
    fn unsimulated_kinds_warn_and_the_rest_applies() {
        let intake = parse_manifests(
            "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n",
        );
        assert!(!intake.has_errors());
        assert_eq!(intake.manifests.len(), 2);
        assert_eq!(intake.diagnostics.len(), 1);
        assert_eq!(intake.diagnostics[0].severity, Severity::Warning);
    }

    #[test]
    fn replica_cap_names_the_limit() {
        let intake = parse_manifests(
            "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  replicas: 1000000\n",
        );
        assert!(
            intake.diagnostics[0]
                .message
                .contains("at most 100000 replicas")
        );
        assert!(intake.manifests.is_empty());
    }

    #[test]
    fn input_size_cap() {
        let text = "#".repeat(MAX_INPUT_BYTES + 1);
        let intake = parse_manifests(&text);
        assert_eq!(intake.diagnostics[0].stage, Stage::Limit);
    }
}
