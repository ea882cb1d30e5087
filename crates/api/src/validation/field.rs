//! Field errors as `k8s.io/apimachinery/pkg/util/validation/field` renders them.

use crate::diagnostic::{Diagnostic, Span, Stage};
use crate::yaml::{Node, Value};

/// One validation failure: `<path>: <Type>[: <value>][: <detail>]`.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldError {
    /// `Invalid value`; `value` is already rendered (`-1`, `"Web"`, `{"app":"web"}`).
    Invalid {
        path: String,
        value: String,
        detail: String,
    },
    Required {
        path: String,
        detail: String,
    },
    NotSupported {
        path: String,
        value: String,
        supported: Vec<&'static str>,
    },
    Forbidden {
        path: String,
        detail: String,
    },
    Duplicate {
        path: String,
        value: String,
    },
    NotFound {
        path: String,
        value: String,
    },
}

impl FieldError {
    pub fn path(&self) -> &str {
        match self {
            FieldError::Invalid { path, .. }
            | FieldError::Required { path, .. }
            | FieldError::NotSupported { path, .. }
            | FieldError::Forbidden { path, .. }
            | FieldError::Duplicate { path, .. }
            | FieldError::NotFound { path, .. } => path,
        }
    }

    /// The text kubectl prints for this cause.
    pub fn message(&self) -> String {
        let with_detail = |head: String, detail: &str| {
            if detail.is_empty() {
                head
            } else {
                format!("{head}: {detail}")
            }
        };
        match self {
            FieldError::Invalid {
                path,
                value,
                detail,
            } => with_detail(format!("{path}: Invalid value: {value}"), detail),
            FieldError::Required { path, detail } => {
                with_detail(format!("{path}: Required value"), detail)
            }
            FieldError::NotSupported {
                path,
                value,
                supported,
            } => {
                let quoted: Vec<String> = supported.iter().map(|s| format!("{s:?}")).collect();
                format!(
                    "{path}: Unsupported value: {value}: supported values: {}",
                    quoted.join(", ")
                )
            }
            FieldError::Forbidden { path, detail } => {
                with_detail(format!("{path}: Forbidden"), detail)
            }
            FieldError::Duplicate { path, value } => format!("{path}: Duplicate value: {value}"),
            FieldError::NotFound { path, value } => format!("{path}: Not found: {value}"),
        }
    }

    pub fn to_diagnostic(&self, node: &Node) -> Diagnostic {
        Diagnostic::error(locate(node, self.path()), self.path(), self.message())
            .at_stage(Stage::Invalid)
    }
}

/// Go's `%q` for the strings field errors quote.
pub fn quote(s: &str) -> String {
    format!("{s:?}")
}

/// Where the value at a field path (`spec.containers[0].name`) was written; falls back to
/// the closest ancestor that exists (a defaulted or missing field has no place of its own).
pub fn locate(node: &Node, path: &str) -> Span {
    let mut current = node;
    let mut span = node.span;
    for segment in path.split('.') {
        let (key, indices) = match segment.find('[') {
            Some(i) => (&segment[..i], &segment[i..]),
            None => (segment, ""),
        };
        match entry(current, key) {
            Some((_, value)) => current = value,
            None => return span,
        }
        span = current.span;
        for index in indices.split('[').filter_map(|s| s.strip_suffix(']')) {
            let item = match (&current.value, index.parse::<usize>()) {
                (Value::Seq(items), Ok(i)) => items.get(i),
                _ => None,
            };
            match item {
                Some(item) => current = item,
                None => return span,
            }
            span = current.span;
        }
    }
    span
}

fn entry<'a>(node: &'a Node, key: &str) -> Option<&'a (Node, Node)> {
    match &node.value {
        Value::Map(entries) => entries.iter().rev().find(|(k, _)| k.key_text() == key),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse_stream;

    #[test]
    fn renders_like_apimachinery() {
        let e = FieldError::NotSupported {
            path: "spec.x".into(),
            value: quote("Keep"),
            supported: vec!["Retain", "Delete"],
        };
        assert_eq!(
            e.message(),
            "spec.x: Unsupported value: \"Keep\": supported values: \"Retain\", \"Delete\""
        );
        let e = FieldError::Required {
            path: "spec.selector".into(),
            detail: String::new(),
        };
        assert_eq!(e.message(), "spec.selector: Required value");
    }

    #[test]
    fn locates_values_and_falls_back_to_ancestors() {
        let docs = parse_stream("spec:\n  containers:\n  - name: a\n  - name: b\n").expect("yaml");
        let at = locate(&docs[0], "spec.containers[1].name");
        assert_eq!((at.line, at.column), (4, 11));
        let at = locate(&docs[0], "spec.containers[1].image");
        assert_eq!((at.line, at.column), (4, 5));
    }
}
