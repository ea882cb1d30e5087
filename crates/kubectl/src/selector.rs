//! `-l/--selector` (equality- and set-based label selectors) and `--field-selector`.

use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Requirement {
    Equals(String, String),
    NotEquals(String, String),
    In(String, Vec<String>),
    NotIn(String, Vec<String>),
    Exists(String),
    DoesNotExist(String),
}

/// A parsed label selector; the empty selector matches everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LabelSelector(Vec<Requirement>);

/// Splits on commas that are not inside `(…)`.
fn split_top_level(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

fn valid_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
}

fn parse_set(key: &str, rest: &str, raw: &str) -> Result<Vec<String>, String> {
    let inner = rest
        .trim()
        .strip_prefix('(')
        .and_then(|r| r.strip_suffix(')'))
        .ok_or_else(|| format!("unable to parse requirement: found '{raw}', expected: '('"))?;
    if !valid_key(key) {
        return Err(format!(
            "unable to parse requirement: invalid label key \"{key}\""
        ));
    }
    Ok(inner
        .split(',')
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .collect())
}

impl LabelSelector {
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut requirements = Vec::new();
        if text.trim().is_empty() {
            return Ok(LabelSelector(requirements));
        }
        for raw in split_top_level(text) {
            let part = raw.trim();
            let requirement = if let Some((k, v)) = part.split_once("!=") {
                Requirement::NotEquals(k.trim().into(), v.trim().into())
            } else if let Some((k, v)) = part.split_once("==") {
                Requirement::Equals(k.trim().into(), v.trim().into())
            } else if let Some((k, v)) = part.split_once('=') {
                Requirement::Equals(k.trim().into(), v.trim().into())
            } else if let Some((k, rest)) = part.split_once(" notin ") {
                Requirement::NotIn(k.trim().into(), parse_set(k.trim(), rest, part)?)
            } else if let Some((k, rest)) = part.split_once(" in ") {
                Requirement::In(k.trim().into(), parse_set(k.trim(), rest, part)?)
            } else if let Some(k) = part.strip_prefix('!') {
                Requirement::DoesNotExist(k.trim().into())
            } else {
                Requirement::Exists(part.into())
            };
            let key = match &requirement {
                Requirement::Equals(k, _)
                | Requirement::NotEquals(k, _)
                | Requirement::In(k, _)
                | Requirement::NotIn(k, _)
                | Requirement::Exists(k)
                | Requirement::DoesNotExist(k) => k,
            };
            if !valid_key(key) {
                return Err(format!(
                    "unable to parse requirement: found '{part}', expected: identifier"
                ));
            }
            requirements.push(requirement);
        }
        Ok(LabelSelector(requirements))
    }

    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        self.0.iter().all(|r| match r {
            Requirement::Equals(k, v) => labels.get(k) == Some(v),
            Requirement::NotEquals(k, v) => labels.get(k) != Some(v),
            Requirement::In(k, vs) => labels.get(k).is_some_and(|l| vs.contains(l)),
            Requirement::NotIn(k, vs) => labels.get(k).is_none_or(|l| !vs.contains(l)),
            Requirement::Exists(k) => labels.contains_key(k),
            Requirement::DoesNotExist(k) => !labels.contains_key(k),
        })
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A parsed `--field-selector`: `path=value`, `path==value`, `path!=value`, comma-joined.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldSelector(Vec<(String, bool, String)>);

/// Fields the API server accepts in field selectors: `metadata.name` and `metadata.namespace`
/// for every type, plus each type's own (its registry's `GetAttrs`/field label conversion).
fn supported_fields(kind: &str) -> &'static [&'static str] {
    match kind {
        "Pod" => &[
            "spec.nodeName",
            "spec.restartPolicy",
            "spec.schedulerName",
            "spec.serviceAccountName",
            "spec.hostNetwork",
            "status.phase",
            "status.podIP",
            "status.podIPs",
            "status.nominatedNodeName",
        ],
        "Event" => &[
            "involvedObject.kind",
            "involvedObject.namespace",
            "involvedObject.name",
            "involvedObject.uid",
            "involvedObject.apiVersion",
            "involvedObject.resourceVersion",
            "involvedObject.fieldPath",
            "reason",
            "reportingComponent",
            "source",
            "type",
        ],
        "Node" => &["spec.unschedulable"],
        "Namespace" => &["status.phase"],
        "ReplicaSet" => &["status.replicas"],
        "Secret" => &["type"],
        _ => &[],
    }
}

impl FieldSelector {
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut terms = Vec::new();
        for part in text.split(',').filter(|p| !p.trim().is_empty()) {
            let (field, equal, value) = if let Some((f, v)) = part.split_once("!=") {
                (f, false, v)
            } else if let Some((f, v)) = part.split_once("==") {
                (f, true, v)
            } else if let Some((f, v)) = part.split_once('=') {
                (f, true, v)
            } else {
                return Err(format!(
                    "invalid selector: '{text}'; can't understand '{part}'"
                ));
            };
            terms.push((field.trim().to_string(), equal, value.trim().to_string()));
        }
        Ok(FieldSelector(terms))
    }

    /// Checks every field is one the server supports for `kind`. The error is the server's
    /// BadRequest as kubectl's resource.Selector rewrites it: `Unable to find "GVR" that match
    /// label selector "…", field selector "…": field label not supported: FIELD`.
    pub fn check_supported(
        &self,
        kind: &str,
        resource: &str,
        label_selector: &str,
        field_selector: &str,
    ) -> Result<(), String> {
        for (field, _, _) in &self.0 {
            let common = matches!(field.as_str(), "metadata.name" | "metadata.namespace");
            if !common && !supported_fields(kind).contains(&field.as_str()) {
                return Err(format!(
                    "Error from server (BadRequest): Unable to find \"{resource}\" that match label selector \"{label_selector}\", field selector \"{field_selector}\": field label not supported: {field}"
                ));
            }
        }
        Ok(())
    }

    pub fn matches(&self, object: &Value) -> bool {
        self.0.iter().all(|(field, equal, value)| {
            let actual = field
                .split('.')
                .try_fold(object, |v, k| v.get(k))
                .and_then(Value::as_str)
                .unwrap_or("");
            (actual == value) == *equal
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn selector_table() {
        let nginx = labels(&[("app", "nginx"), ("tier", "web")]);
        let cases = [
            ("app=nginx", true),
            ("app==nginx", true),
            ("app!=nginx", false),
            ("app=zk", false),
            ("app=nginx,tier=web", true),
            ("app=nginx,tier=db", false),
            ("app in (nginx, zk)", true),
            ("app notin (nginx,zk)", false),
            ("app in (zk),tier", false),
            ("tier", true),
            ("!tier", false),
            ("!missing", true),
            ("missing!=x", true),
            ("", true),
        ];
        for (text, want) in cases {
            let selector = LabelSelector::parse(text).expect(text);
            assert_eq!(selector.matches(&nginx), want, "{text}");
        }
    }

    #[test]
    fn bad_selectors_are_errors() {
        assert!(LabelSelector::parse("app in nginx").is_err());
        assert!(LabelSelector::parse("a b=c").is_err());
        assert!(FieldSelector::parse("status.phase").is_err());
    }

    #[test]
    fn field_selectors() {
        let pod = json!({"metadata": {"name": "web-0"}, "status": {"phase": "Running"}});
        let running = FieldSelector::parse("status.phase=Running").expect("parses");
        assert!(running.matches(&pod));
        let not_web0 = FieldSelector::parse("metadata.name!=web-0").expect("parses");
        assert!(!not_web0.matches(&pod));
        let gvr = "/v1, Resource=pods";
        assert!(running.check_supported("Pod", gvr, "", "").is_ok());
        // status.phase is a pod field, not a service one.
        let services = "/v1, Resource=services";
        assert_eq!(
            running.check_supported("Service", services, "app=web", "status.phase=Running"),
            Err("Error from server (BadRequest): Unable to find \"/v1, Resource=services\" that match label selector \"app=web\", field selector \"status.phase=Running\": field label not supported: status.phase".into())
        );
        let names = FieldSelector::parse("metadata.name=web").expect("parses");
        assert!(names.check_supported("Service", services, "", "").is_ok());
        let bogus = FieldSelector::parse("spec.bogus=1").expect("parses");
        assert!(bogus.check_supported("Pod", gvr, "", "").is_err());
    }
}
