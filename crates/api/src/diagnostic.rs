//! Located diagnostics: every problem found in user input carries where it is.

use std::fmt;

/// A place in the source text. Lines and columns are 1-based; `start`/`end` are char offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Span {
    pub line: usize,
    pub column: usize,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Which step of `kubectl apply` would have reported the problem. It decides how the
/// problem is printed (see [`crate::intake::Document::kubectl_error`]) and which problem wins
/// when kubectl would only print one.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub enum Stage {
    /// The text is not YAML/JSON at all; kubectl stops reading the file.
    Syntax,
    /// A playground limit (input size, nesting, alias expansion, replica cap).
    Limit,
    /// kubectl's own decoding of a document (missing `kind`, duplicate keys).
    Client,
    /// No such kind in that apiVersion (`resource mapping not found`).
    Mapping,
    /// The API server's JSON decoder rejected a value (wrong type, bad quantity).
    Decode,
    /// Strict field validation: unknown fields.
    Strict,
    /// Validation (HTTP 422), `The StatefulSet "web" is invalid: …`.
    #[default]
    Invalid,
    /// Not an error kubectl would print; a note from the playground.
    Notice,
}

/// One problem in a manifest, with its location, the field path and an optional fix.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub span: Span,
    /// Field path inside the object, e.g. `spec.volumeClaimTemplates`; empty when unknown.
    pub path: String,
    /// The text kubectl prints for this problem, e.g. `unknown field "spec.replica"` or
    /// `spec.replicas: Invalid value: -1: must be greater than or equal to 0`.
    pub message: String,
    pub suggestion: Option<String>,
    #[serde(default)]
    pub stage: Stage,
}

impl Diagnostic {
    pub fn error(span: Span, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            span,
            path: path.into(),
            message: message.into(),
            suggestion: None,
            stage: Stage::Invalid,
        }
    }

    pub fn warning(span: Span, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            stage: Stage::Notice,
            ..Self::error(span, path, message)
        }
    }

    pub fn at_stage(mut self, stage: Stage) -> Self {
        self.stage = stage;
        self
    }

    pub fn with_suggestion(mut self, suggestion: Option<impl Into<String>>) -> Self {
        self.suggestion = suggestion.map(Into::into);
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}",
            self.span.line, self.span.column, self.message
        )?;
        if let Some(s) = &self.suggestion {
            write!(f, " (did you mean {s:?}?)")?;
        }
        Ok(())
    }
}
