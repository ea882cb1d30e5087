//! A YAML (and therefore JSON) reader that keeps the source span of every key and value.

use crate::diagnostic::{Diagnostic, Span, Stage};
use saphyr_parser::{Event, Parser, ScalarStyle, Span as YSpan};
use std::collections::HashMap;

/// Upper bound on nodes produced by alias expansion in one stream ("billion laughs" guard).
pub const MAX_NODES: usize = 1_000_000;
/// Upper bound on nesting depth.
pub const MAX_DEPTH: usize = 128;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

/// A YAML node and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

impl Node {
    /// Looks up a key of a mapping node.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries
                .iter()
                .find(|(k, _)| matches!(&k.value, Value::Str(s) if s == key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Converts to JSON. Keys that are not strings are rendered as their YAML text.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
            Value::Str(s) => J::String(s.clone()),
            Value::Seq(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(entries) => J::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.key_text(), v.to_json()))
                    .collect(),
            ),
        }
    }

    /// The text of a mapping key as the API server would see it.
    pub fn key_text(&self) -> String {
        match &self.value {
            Value::Str(s) => s.clone(),
            Value::Null => "null".into(),
            Value::Bool(b) => b.to_string(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => f.to_string(),
            Value::Seq(_) | Value::Map(_) => "<complex key>".into(),
        }
    }
}

fn span_of(s: &YSpan) -> Span {
    Span {
        line: s.start.line(),
        column: s.start.col() + 1,
        start: s.start.index(),
        end: s.end.index(),
    }
}

/// Resolves a plain scalar by the YAML 1.2 core schema.
fn resolve_plain(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && let Ok(i) = text.parse::<i64>()
    {
        return Value::Int(i);
    }
    if let Some(hex) = text.strip_prefix("0x")
        && let Ok(i) = i64::from_str_radix(hex, 16)
    {
        return Value::Int(i);
    }
    if let Some(oct) = text.strip_prefix("0o")
        && let Ok(i) = i64::from_str_radix(oct, 8)
    {
        return Value::Int(i);
    }
    let looks_float = digits.bytes().any(|b| b.is_ascii_digit())
        && digits
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'));
    if looks_float && let Ok(f) = text.parse::<f64>() {
        return Value::Float(f);
    }
    match digits {
        ".inf" | ".Inf" | ".INF" => {
            return Value::Float(if text.starts_with('-') {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            });
        }
        ".nan" | ".NaN" | ".NAN" => return Value::Float(f64::NAN),
        _ => {}
    }
    Value::Str(text.to_string())
}

enum Frame {
    Seq(Vec<Node>, Span, usize),
    Map(Vec<(Node, Node)>, Option<Node>, Span, usize),
}

/// Parses a YAML stream into one node per document. Empty documents are skipped.
pub fn parse_stream(text: &str) -> Result<Vec<Node>, Diagnostic> {
    let mut docs = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, Node> = HashMap::new();
    let mut produced = 0usize;
    let mut current: Option<Node> = None;

    for item in Parser::new_from_str(text) {
        let (event, yspan) = item.map_err(|e| {
            let m = e.marker();
            let span = Span {
                line: m.line(),
                column: m.col() + 1,
                start: m.index(),
                end: m.index(),
            };
            Diagnostic::error(
                span,
                "",
                format!(
                    "error converting YAML to JSON: yaml: line {}: {}",
                    m.line(),
                    e.info()
                ),
            )
            .at_stage(Stage::Syntax)
        })?;
        let span = span_of(&yspan);
        let finished: Option<(Node, usize)> = match event {
            Event::StreamStart | Event::StreamEnd | Event::Nothing => None,
            Event::DocumentStart(_) => {
                anchors.clear();
                None
            }
            Event::DocumentEnd => {
                if let Some(doc) = current.take() {
                    docs.push(doc);
                }
                None
            }
            Event::Alias(id) => {
                let node = anchors.get(&id).cloned().ok_or_else(|| {
                    Diagnostic::error(
                        span,
                        "",
                        "error converting YAML to JSON: yaml: unknown anchor referenced",
                    )
                    .at_stage(Stage::Syntax)
                })?;
                produced += count_nodes(&node);
                Some((node, 0))
            }
            Event::Scalar(value, style, anchor, _tag) => {
                let v = if matches!(style, ScalarStyle::Plain) {
                    resolve_plain(&value)
                } else {
                    Value::Str(value.into_owned())
                };
                produced += 1;
                Some((Node { value: v, span }, anchor))
            }
            Event::SequenceStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(Diagnostic::error(
                        span,
                        "",
                        format!("nesting deeper than {MAX_DEPTH} levels"),
                    )
                    .at_stage(Stage::Limit));
                }
                stack.push(Frame::Seq(Vec::new(), span, anchor));
                None
            }
            Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(Diagnostic::error(
                        span,
                        "",
                        format!("nesting deeper than {MAX_DEPTH} levels"),
                    )
                    .at_stage(Stage::Limit));
                }
                stack.push(Frame::Map(Vec::new(), None, span, anchor));
                None
            }
            Event::SequenceEnd => match stack.pop() {
                Some(Frame::Seq(items, start, anchor)) => Some((
                    Node {
                        value: Value::Seq(items),
                        span: Span {
                            end: span.end,
                            ..start
                        },
                    },
                    anchor,
                )),
                _ => None,
            },
            Event::MappingEnd => match stack.pop() {
                Some(Frame::Map(entries, _, start, anchor)) => Some((
                    Node {
                        value: Value::Map(merge_keys(entries)),
                        span: Span {
                            end: span.end,
                            ..start
                        },
                    },
                    anchor,
                )),
                _ => None,
            },
        };
        if produced > MAX_NODES {
            return Err(Diagnostic::error(
                span,
                "",
                format!("document expands to more than {MAX_NODES} nodes (alias expansion limit)"),
            )
            .at_stage(Stage::Limit));
        }
        if let Some((node, anchor)) = finished {
            if anchor != 0 {
                anchors.insert(anchor, node.clone());
            }
            match stack.last_mut() {
                Some(Frame::Seq(items, ..)) => items.push(node),
                Some(Frame::Map(entries, pending, ..)) => match pending.take() {
                    None => *pending = Some(node),
                    Some(key) => entries.push((key, node)),
                },
                None => current = Some(node),
            }
        }
    }
    if let Some(doc) = current.take() {
        docs.push(doc);
    }
    docs.retain(|d| d.value != Value::Null);
    Ok(docs)
}

/// Applies YAML merge keys (`<<: *base` or `<<: [*a, *b]`), which kubectl's YAML reader
/// honours: keys written in the mapping itself win, then earlier merged maps over later ones.
fn merge_keys(entries: Vec<(Node, Node)>) -> Vec<(Node, Node)> {
    let is_merge = |k: &Node| matches!(&k.value, Value::Str(s) if s == "<<");
    if !entries.iter().any(|(k, _)| is_merge(k)) {
        return entries;
    }
    let (merges, mut own): (Vec<_>, Vec<_>) = entries.into_iter().partition(|(k, _)| is_merge(k));
    for (key, value) in merges {
        let sources = match value.value {
            Value::Map(_) => vec![value],
            Value::Seq(items) => items,
            // Not a mapping to merge: keep it as an ordinary key so strict checking reports it.
            _ => {
                own.push((key, value));
                continue;
            }
        };
        for source in sources {
            if let Value::Map(source_entries) = source.value {
                for (k, v) in source_entries {
                    let present = own.iter().any(|(o, _)| o.key_text() == k.key_text());
                    if !present {
                        own.push((k, v));
                    }
                }
            }
        }
    }
    own
}

fn count_nodes(node: &Node) -> usize {
    match &node.value {
        Value::Seq(items) => 1 + items.iter().map(count_nodes).sum::<usize>(),
        Value::Map(entries) => {
            1 + entries
                .iter()
                .map(|(k, v)| count_nodes(k) + count_nodes(v))
                .sum::<usize>()
        }
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_one_based() {
        let docs = parse_stream("a: 1\nb:\n  c: x\n").expect("parses");
        let c = docs[0].get("b").and_then(|b| b.get("c")).expect("c");
        assert_eq!((c.span.line, c.span.column), (3, 6));
        assert_eq!(c.as_str(), Some("x"));
    }

    #[test]
    fn multi_document_and_aliases() {
        let docs = parse_stream("a: &x [1, 2]\nb: *x\n---\nk: v\n").expect("parses");
        assert_eq!(docs.len(), 2);
        assert_eq!(
            docs[0].to_json(),
            serde_json::json!({"a": [1, 2], "b": [1, 2]})
        );
    }

    #[test]
    fn merge_keys_are_applied() {
        let docs = parse_stream("base: &b {a: 1, b: 2}\nm:\n  <<: *b\n  b: 3\n").expect("parses");
        assert_eq!(
            docs[0].get("m").map(Node::to_json),
            Some(serde_json::json!({"b": 3, "a": 1}))
        );
    }

    #[test]
    fn syntax_error_has_location() {
        let err = parse_stream("a: [1, 2\nb: 3\n").expect_err("must fail");
        assert!(err.span.line >= 1);
        assert!(err.message.contains("yaml"));
    }
}
