//! `kubectl explain` from the generated schema: `explain("statefulset.spec.updateStrategy")`.

use crate::schema::{self, Field, Root, Shape, TypeDef, type_def};
use std::fmt::Write as _;

/// Resource names kubectl accepts for each kind (singular, plural, short names).
const NAMES: &[(&str, &[&str])] = &[
    ("StatefulSet", &["statefulset", "statefulsets", "sts"]),
    ("DaemonSet", &["daemonset", "daemonsets", "ds"]),
    ("Deployment", &["deployment", "deployments", "deploy"]),
    ("ReplicaSet", &["replicaset", "replicasets", "rs"]),
    (
        "ControllerRevision",
        &["controllerrevision", "controllerrevisions"],
    ),
    ("Pod", &["pod", "pods", "po"]),
    ("Service", &["service", "services", "svc"]),
    ("Endpoints", &["endpoints", "ep"]),
    (
        "PersistentVolumeClaim",
        &["persistentvolumeclaim", "persistentvolumeclaims", "pvc"],
    ),
    (
        "PersistentVolume",
        &["persistentvolume", "persistentvolumes", "pv"],
    ),
    ("Node", &["node", "nodes", "no"]),
    ("Namespace", &["namespace", "namespaces", "ns"]),
    ("ConfigMap", &["configmap", "configmaps", "cm"]),
    ("Secret", &["secret", "secrets"]),
    ("Event", &["event", "events", "ev"]),
    ("EndpointSlice", &["endpointslice", "endpointslices"]),
    ("StorageClass", &["storageclass", "storageclasses", "sc"]),
    (
        "PodDisruptionBudget",
        &["poddisruptionbudget", "poddisruptionbudgets", "pdb"],
    ),
];

fn find_root(resource: &str) -> Option<&'static Root> {
    let lower = resource.to_ascii_lowercase();
    // `statefulsets.apps` names the group too.
    let name = lower.split('.').next().unwrap_or(&lower);
    let kind = NAMES
        .iter()
        .find(|(_, names)| names.contains(&name))
        .map(|(kind, _)| *kind)?;
    schema::roots().iter().find(|r| r.kind == kind)
}

/// The text `kubectl explain <path>` prints, or kubectl's error message.
pub fn explain(path: &str) -> Result<String, String> {
    let mut parts = path.split('.');
    let resource = parts.next().unwrap_or_default();
    let root = find_root(resource)
        .ok_or_else(|| format!("error: the server doesn't have a resource type {resource:?}"))?;
    let mut def = schema::root(root.api_version, root.kind)
        .ok_or_else(|| format!("error: no schema for {}", root.kind))?;
    let mut field: Option<&'static Field> = None;
    let mut walked = Vec::new();
    for part in parts.filter(|p| !p.is_empty()) {
        if let Some(f) = field {
            def = object_of(f.shape).ok_or_else(|| not_found(part))?;
        }
        let f = def.field(part).ok_or_else(|| not_found(part))?;
        walked.push(part);
        field = Some(f);
    }
    let (group, version) = match root.api_version.split_once('/') {
        Some((g, v)) => (g, v),
        None => ("", root.api_version),
    };
    let mut out = String::new();
    if !group.is_empty() {
        let _ = writeln!(out, "GROUP:      {group}");
    }
    let _ = writeln!(out, "KIND:       {}", root.kind);
    let _ = writeln!(out, "VERSION:    {version}\n");
    let fields_of = match field {
        Some(f) => {
            let _ = writeln!(
                out,
                "FIELD: {} <{}>\n",
                walked.last().copied().unwrap_or_default(),
                f.shape.explain_type()
            );
            out.push_str("DESCRIPTION:\n");
            wrap(&mut out, f.description(), 4);
            let inner = object_of(f.shape);
            if let Some(inner) = inner {
                wrap(&mut out, inner.description(), 4);
            }
            inner
        }
        None => {
            out.push_str("DESCRIPTION:\n");
            wrap(&mut out, def.description(), 4);
            Some(def)
        }
    };
    if let Some(fields) = fields_of.filter(|d| !d.fields.is_empty()) {
        out.push_str("    \nFIELDS:\n");
        for f in fields.fields {
            let required = if f.required { " -required-" } else { "" };
            let _ = writeln!(out, "  {}\t<{}>{required}", f.name, f.shape.explain_type());
            wrap(&mut out, f.description(), 4);
            out.push('\n');
        }
    }
    Ok(out)
}

fn not_found(part: &str) -> String {
    format!("error: field {part:?} does not exist")
}

/// The struct a field's values are (through lists and maps).
fn object_of(shape: Shape) -> Option<&'static TypeDef> {
    match shape {
        Shape::Object(i) => type_def(i),
        Shape::Array(item) | Shape::Map(item) => object_of(*item),
        _ => None,
    }
}

/// Word-wraps `text` to 80 columns at `indent`, as kubectl's explain printer does.
fn wrap(out: &mut String, text: &str, indent: usize) {
    let width = 80usize.saturating_sub(indent).max(20);
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            let _ = writeln!(out, "{}{line}", " ".repeat(indent));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        let _ = writeln!(out, "{}{line}", " ".repeat(indent));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explains_a_field_with_its_fields() {
        let text = explain("statefulset.spec.updateStrategy").expect("known field");
        assert!(text.starts_with(
            "GROUP:      apps\nKIND:       StatefulSet\nVERSION:    v1\n\nFIELD: updateStrategy <StatefulSetUpdateStrategy>\n\nDESCRIPTION:\n"
        ));
        assert!(text.contains("\nFIELDS:\n  rollingUpdate\t<RollingUpdateStatefulSetStrategy>\n"));
        assert!(text.contains("\n  type\t<string>\n"));
        assert!(text.lines().all(|l| l.len() <= 80), "{text}");
    }

    #[test]
    fn short_names_lists_and_core_group() {
        let text = explain("po.spec.containers").expect("known field");
        assert!(
            text.starts_with("KIND:       Pod\nVERSION:    v1\n\nFIELD: containers <[]Container>")
        );
        assert!(text.contains("  name\t<string> -required-\n"));
        assert_eq!(
            explain("sts.spec.replica"),
            Err("error: field \"replica\" does not exist".to_string())
        );
        assert!(explain("widgets").is_err());
    }
}
