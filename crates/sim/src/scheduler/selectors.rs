//! Label selectors (pod affinity terms) and node selector terms (node affinity), matched as
//! the API machinery does.

use serde_json::Value;
use std::collections::BTreeMap;

fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| match v {
                    Value::String(s) => Some(s.clone()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// One `matchExpressions` requirement against a label set (node selector requirements also
/// know `Gt` / `Lt`).
fn requirement_matches(req: &Value, labels: &BTreeMap<String, String>) -> bool {
    let key = req.get("key").and_then(Value::as_str).unwrap_or("");
    let operator = req.get("operator").and_then(Value::as_str).unwrap_or("");
    let values = strings(req.get("values"));
    let actual = labels.get(key);
    match operator {
        "In" => actual.is_some_and(|v| values.contains(v)),
        "NotIn" => actual.is_none_or(|v| !values.contains(v)),
        "Exists" => actual.is_some(),
        "DoesNotExist" => actual.is_none(),
        "Gt" | "Lt" => {
            let (Some(actual), Some(bound)) = (
                actual.and_then(|v| v.parse::<i64>().ok()),
                values.first().and_then(|v| v.parse::<i64>().ok()),
            ) else {
                return false;
            };
            if operator == "Gt" {
                actual > bound
            } else {
                actual < bound
            }
        }
        _ => false,
    }
}

/// A `metav1.LabelSelector` (matchLabels ∧ matchExpressions). A missing selector matches
/// nothing, as in affinity terms; an empty one matches everything.
pub fn label_selector_matches(selector: Option<&Value>, labels: &BTreeMap<String, String>) -> bool {
    let Some(selector) = selector else {
        return false;
    };
    let match_labels = selector
        .get("matchLabels")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter().all(|(k, v)| {
                v.as_str()
                    .is_some_and(|v| labels.get(k).map(String::as_str) == Some(v))
            })
        })
        .unwrap_or(true);
    let expressions = selector
        .get("matchExpressions")
        .and_then(Value::as_array)
        .map(|e| e.iter().all(|r| requirement_matches(r, labels)))
        .unwrap_or(true);
    match_labels && expressions
}

/// A `NodeSelectorTerm`: all its matchExpressions (and `metadata.name` matchFields) hold.
/// A term with no requirements matches no node.
pub fn node_selector_term_matches(
    term: &Value,
    name: &str,
    labels: &BTreeMap<String, String>,
) -> bool {
    let expressions = term.get("matchExpressions").and_then(Value::as_array);
    let fields = term.get("matchFields").and_then(Value::as_array);
    if expressions.is_none_or(|e| e.is_empty()) && fields.is_none_or(|f| f.is_empty()) {
        return false;
    }
    let field_labels = BTreeMap::from([("metadata.name".to_string(), name.to_string())]);
    expressions.is_none_or(|e| e.iter().all(|r| requirement_matches(r, labels)))
        && fields.is_none_or(|f| f.iter().all(|r| requirement_matches(r, &field_labels)))
}

/// `nodeSelectorTerms` are ORed.
pub fn node_selector_matches(
    selector: Option<&Value>,
    name: &str,
    labels: &BTreeMap<String, String>,
) -> bool {
    selector
        .and_then(|s| s.get("nodeSelectorTerms"))
        .and_then(Value::as_array)
        .is_some_and(|terms| {
            terms
                .iter()
                .any(|t| node_selector_term_matches(t, name, labels))
        })
}
