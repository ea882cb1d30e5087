//! Strict decoding: the checks the API server's decoder makes before validation, run over the
//! spanned YAML tree against the generated schema so every problem keeps its line and column.
//!
//! The API server stops at the first wrong-typed value and reports unknown fields only when
//! the rest decoded; here everything is collected (the renderer picks what kubectl would show).

use crate::diagnostic::{Diagnostic, Stage};
use crate::quantity;
use crate::schema::{Shape, TypeDef, type_def};
use crate::suggest::did_you_mean;
use crate::yaml::{Node, Value};
use std::collections::BTreeSet;

/// Checks one document (a mapping) against the schema of its kind.
pub fn check_document(doc: &Node, root: &TypeDef) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    check_object(doc, root, "", &mut out);
    duplicate_keys(doc, &mut out);
    out
}

/// The name Go's `encoding/json` gives a JSON value's kind in `cannot unmarshal X`.
fn json_kind(node: &Node) -> String {
    match &node.value {
        Value::Map(_) => "object".into(),
        Value::Seq(_) => "array".into(),
        Value::Str(_) => "string".into(),
        Value::Bool(_) => "bool".into(),
        Value::Int(_) | Value::Float(_) => "number".into(),
        Value::Null => "null".into(),
    }
}

fn join(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_string()
    } else {
        format!("{path}.{field}")
    }
}

/// The field path as Go's decoder prints it: no list indices.
fn go_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => in_index = true,
            ']' => in_index = false,
            _ if !in_index => out.push(c),
            _ => {}
        }
    }
    out
}

fn check_object(node: &Node, def: &TypeDef, path: &str, out: &mut Vec<Diagnostic>) {
    let Value::Map(entries) = &node.value else {
        return;
    };
    for (key, value) in entries {
        let name = key.key_text();
        let field_path = join(path, &name);
        match def.field(&name) {
            Some(field) => check_value(value, field.shape, &field_path, def.go_name(), out),
            None => out.push(
                Diagnostic::error(
                    key.span,
                    field_path.clone(),
                    format!("unknown field {field_path:?}"),
                )
                .at_stage(Stage::Strict)
                .with_suggestion(did_you_mean(&name, def.fields.iter().map(|f| f.name))),
            ),
        }
    }
}

fn type_error(node: &Node, shape: Shape, path: &str, go_struct: &str) -> Diagnostic {
    let what = match &node.value {
        Value::Int(i) => format!("number {i}"),
        Value::Float(f) => format!("number {f}"),
        _ => json_kind(node),
    };
    let what = match (&node.value, shape) {
        // Go names the value only for numbers that do not fit the integer type.
        (Value::Int(_) | Value::Float(_), Shape::String | Shape::Boolean | Shape::Bytes) => {
            "number".to_string()
        }
        _ => what,
    };
    Diagnostic::error(
        node.span,
        path,
        format!(
            "json: cannot unmarshal {what} into Go struct field {go_struct}.{} of type {}",
            go_path(path),
            shape.go_type()
        ),
    )
    .at_stage(Stage::Decode)
}

fn check_value(node: &Node, shape: Shape, path: &str, go_struct: &str, out: &mut Vec<Diagnostic>) {
    if node.value == Value::Null {
        // `null` decodes to the zero value of any Go type.
        return;
    }
    let ok = match (shape, &node.value) {
        (Shape::Any, _) => true,
        (Shape::String | Shape::Time, Value::Str(_)) => true,
        (Shape::Bytes, Value::Str(s)) => {
            if let Some(at) = base64_error(s) {
                out.push(
                    Diagnostic::error(
                        node.span,
                        path,
                        format!("illegal base64 data at input byte {at}"),
                    )
                    .at_stage(Stage::Decode),
                );
            }
            true
        }
        (Shape::Boolean, Value::Bool(_)) => true,
        (Shape::Int32, Value::Int(i)) => i32::try_from(*i).is_ok(),
        (Shape::Int64, Value::Int(_)) => true,
        (Shape::Number, Value::Int(_) | Value::Float(_)) => true,
        (Shape::IntOrString, Value::Int(_) | Value::Str(_)) => true,
        (Shape::Quantity, Value::Int(_) | Value::Float(_)) => true,
        (Shape::Quantity, value) => {
            let text = match value {
                Value::Str(s) => s.as_str(),
                _ => "",
            };
            if let Err(message) = quantity::check(text) {
                out.push(Diagnostic::error(node.span, path, message).at_stage(Stage::Decode));
            }
            true
        }
        (Shape::Object(index), Value::Map(_)) => {
            if let Some(def) = type_def(index) {
                check_object(node, def, path, out);
            }
            true
        }
        (Shape::Array(item), Value::Seq(items)) => {
            for (i, element) in items.iter().enumerate() {
                check_value(element, *item, &format!("{path}[{i}]"), go_struct, out);
            }
            true
        }
        (Shape::Map(value_shape), Value::Map(entries)) => {
            for (key, value) in entries {
                let value_path = join(path, &key.key_text());
                check_map_value(value, *value_shape, path, &value_path, go_struct, out);
            }
            true
        }
        _ => false,
    };
    if !ok {
        out.push(type_error(node, shape, path, go_struct));
    }
}

/// A value of a `map[string]T`: Go names the map field, not the key, in its error.
fn check_map_value(
    node: &Node,
    shape: Shape,
    map_path: &str,
    value_path: &str,
    go_struct: &str,
    out: &mut Vec<Diagnostic>,
) {
    let before = out.len();
    check_value(node, shape, value_path, go_struct, out);
    for d in &mut out[before..] {
        if d.stage == Stage::Decode && d.message.starts_with("json: cannot unmarshal") {
            d.message = d.message.replace(
                &format!("{go_struct}.{}", go_path(value_path)),
                &format!("{go_struct}.{}", go_path(map_path)),
            );
        }
    }
}

/// Where standard base64 (with padding) first goes wrong, as Go's `CorruptInputError`.
fn base64_error(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let data_len = bytes.iter().rposition(|b| *b != b'=').map_or(0, |p| p + 1);
    if let Some(bad) = bytes[..data_len]
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || *b == b'+' || *b == b'/'))
    {
        return Some(bad);
    }
    if !bytes.len().is_multiple_of(4) || bytes.len() - data_len > 2 {
        return Some(bytes.len() - bytes.len() % 4);
    }
    None
}

/// Keys written twice in one mapping, anywhere in the document.
fn duplicate_keys(node: &Node, out: &mut Vec<Diagnostic>) {
    match &node.value {
        Value::Map(entries) => {
            let mut seen = BTreeSet::new();
            for (key, value) in entries {
                let text = key.key_text();
                if !seen.insert(text.clone()) {
                    // kubectl's YAML reader keeps the last value silently (the corpus has
                    // such a file); the playground points at it without failing the apply.
                    out.push(Diagnostic::warning(
                        key.span,
                        text.clone(),
                        format!(
                            "key {text:?} already set in map at line {}; kubectl keeps this later value",
                            key.span.line
                        ),
                    ));
                }
                duplicate_keys(value, out);
            }
        }
        Value::Seq(items) => items.iter().for_each(|i| duplicate_keys(i, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::root;
    use crate::yaml::parse_stream;

    fn check(text: &str) -> Vec<Diagnostic> {
        let docs = parse_stream(text).expect("yaml");
        let def = root("apps/v1", "StatefulSet").expect("schema");
        check_document(&docs[0], def)
    }

    #[test]
    fn unknown_field_with_suggestion() {
        let d =
            check("apiVersion: apps/v1\nkind: StatefulSet\nspec:\n  volumeClaimTemolates: []\n");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].message, "unknown field \"spec.volumeClaimTemolates\"");
        assert_eq!((d[0].span.line, d[0].span.column), (4, 3));
        assert_eq!(d[0].suggestion.as_deref(), Some("volumeClaimTemplates"));
    }

    #[test]
    fn wrong_type_names_go_struct_and_type() {
        let d = check("spec:\n  template:\n    spec:\n      containers:\n        name: x\n");
        assert_eq!(
            d[0].message,
            "json: cannot unmarshal object into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container"
        );
        assert_eq!((d[0].span.line, d[0].span.column), (5, 9));
    }

    #[test]
    fn list_indices_in_unknown_fields_not_in_go_paths() {
        let d = check(
            "spec:\n  template:\n    spec:\n      containers:\n      - name: x\n        imagee: y\n        ports: [{containerPort: \"80\"}]\n",
        );
        let messages: Vec<_> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "unknown field \"spec.template.spec.containers[0].imagee\"",
                "json: cannot unmarshal string into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32",
            ]
        );
    }

    #[test]
    fn quantities_duplicates_and_maps() {
        let d = check(
            "metadata:\n  labels:\n    a: 1\nspec:\n  replicas: 1\n  replicas: 2\n  volumeClaimTemplates:\n  - spec:\n      resources:\n        requests:\n          storage: 1Gb\n",
        );
        let messages: Vec<_> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string",
                quantity::ERR_FORMAT,
                "key \"replicas\" already set in map at line 6; kubectl keeps this later value",
            ]
        );
    }

    #[test]
    fn base64() {
        assert_eq!(base64_error("aGVsbG8="), None);
        assert_eq!(base64_error("aGVsbG8"), Some(4));
        assert_eq!(base64_error("a$bc"), Some(1));
    }
}
