//! Editor completion at a cursor: the keys valid at that place (with their descriptions), or
//! the values a `kind`, `apiVersion`, boolean or enum field (or an enum list's item) can take.

use crate::enums;
use crate::schema::{self, Shape, TypeDef, type_def};

/// One completion candidate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub label: String,
    /// The schema type, e.g. `<[]Container>`, or empty for values.
    pub detail: String,
    pub description: String,
}

/// Candidates for the cursor at char offset `cursor` of `text`, filtered by what is typed.
pub fn complete(text: &str, cursor: usize) -> Vec<Completion> {
    let before: String = text.chars().take(cursor).collect();
    let document = before.rsplit("\n---").next().unwrap_or(&before);
    let line = document.rsplit('\n').next().unwrap_or("");
    let full_document = document_text(text, cursor);
    let indent = line.len() - line.trim_start_matches([' ', '-']).len();
    let content = line.trim_start_matches([' ', '-']);
    if let Some((key, typed)) = content.split_once(':') {
        return values(&full_document, document, indent, key.trim(), typed.trim());
    }
    if line.trim_start().starts_with('-')
        && let Some(items) = list_item_values(&full_document, document, indent, content)
    {
        return items;
    }
    let Some(def) = object_at(&full_document, document, indent) else {
        return Vec::new();
    };
    def.fields
        .iter()
        .filter(|f| f.name.starts_with(content))
        .map(|f| Completion {
            label: f.name.to_string(),
            detail: format!("<{}>", f.shape.explain_type()),
            description: f.description().to_string(),
        })
        .collect()
}

/// The whole document the cursor is in (to find its `kind` even when written below).
fn document_text(text: &str, cursor: usize) -> String {
    let offset: usize = text.chars().take(cursor).map(char::len_utf8).sum();
    let start = text[..offset].rfind("\n---").map_or(0, |i| i + 4);
    let end = text[offset..]
        .find("\n---")
        .map_or(text.len(), |i| offset + i);
    text[start..end].to_string()
}

fn top_level(document: &str, key: &str) -> Option<String> {
    document.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        (k == key).then(|| {
            v.split(" #")
                .next()
                .unwrap_or("")
                .trim()
                .trim_matches(['"', '\''])
                .to_string()
        })
    })
}

/// The struct whose keys belong at `indent` on the last line of `before`.
fn object_at(document: &str, before: &str, indent: usize) -> Option<&'static TypeDef> {
    let path = enclosing_keys(before, indent);
    walk(document, &path)
}

/// The struct reached from the document's root through `path` (innermost key last).
fn walk(document: &str, path: &[String]) -> Option<&'static TypeDef> {
    let mut def = schema::root(
        &top_level(document, "apiVersion")?,
        &top_level(document, "kind")?,
    )?;
    for key in path {
        def = object_of(def.field(key)?.shape)?;
    }
    Some(def)
}

/// The keys enclosing content at `indent` on the last line of `before`, outermost first:
/// walking up, each line with a smaller indent opens one.
fn enclosing_keys(before: &str, indent: usize) -> Vec<String> {
    let mut path = Vec::new();
    let mut limit = indent;
    for line in before.lines().rev().skip(1) {
        let content_at = line.len() - line.trim_start_matches([' ', '-']).len();
        let content = line.trim_start_matches([' ', '-']);
        if content.trim().is_empty() || content.starts_with('#') || content_at >= limit {
            continue;
        }
        if let Some((key, _)) = content.split_once(':') {
            path.push(key.trim().to_string());
        }
        limit = content_at;
        if limit == 0 {
            break;
        }
    }
    path.reverse();
    path
}

/// A `- ` item of a list of enum strings (`accessModes:` then `- ReadWriteOnce`): its values.
/// `None` when the list is not one of those, so key completion applies (a list of objects).
fn list_item_values(
    document: &str,
    before: &str,
    indent: usize,
    typed: &str,
) -> Option<Vec<Completion>> {
    let mut path = enclosing_keys(before, indent);
    let list = path.pop()?;
    let def = walk(document, &path)?;
    let values = enums::values(def, &list)?;
    Some(matching(values, typed))
}

/// The enum values starting with what is typed (quotes ignored).
fn matching(values: &[&str], typed: &str) -> Vec<Completion> {
    let typed = typed.trim().trim_start_matches(['"', '\'']);
    values
        .iter()
        .filter(|v| v.starts_with(typed))
        .map(|v| value(v))
        .collect()
}

fn object_of(shape: Shape) -> Option<&'static TypeDef> {
    match shape {
        Shape::Object(i) => type_def(i),
        Shape::Array(item) => object_of(*item),
        _ => None,
    }
}

fn value(label: &str) -> Completion {
    Completion {
        label: label.to_string(),
        detail: String::new(),
        description: String::new(),
    }
}

fn values(document: &str, before: &str, indent: usize, key: &str, typed: &str) -> Vec<Completion> {
    let mut out: Vec<Completion> = match (indent, key) {
        (0, "kind") => schema::roots().iter().map(|r| value(r.kind)).collect(),
        (0, "apiVersion") => {
            let kind = top_level(document, "kind").unwrap_or_default();
            let mut versions: Vec<&str> = schema::roots()
                .iter()
                .filter(|r| kind.is_empty() || r.kind == kind)
                .map(|r| r.api_version)
                .collect();
            crate::order::sort(&mut versions);
            versions.dedup();
            versions.into_iter().map(value).collect()
        }
        _ => {
            let def = object_at(document, before, indent);
            match def.and_then(|d| Some((d, d.field(key)?))) {
                Some((_, f)) if f.shape == Shape::Boolean => vec![value("true"), value("false")],
                Some((d, _)) => match enums::values(d, key) {
                    // A flow list (`accessModes: [ReadWriteOnce, Rea`) completes its last item.
                    Some(values) => {
                        let item = typed.rsplit([',', '[']).next().unwrap_or(typed);
                        return matching(values, item);
                    }
                    None => Vec::new(),
                },
                None => Vec::new(),
            }
        }
    };
    let typed = typed.trim_start_matches(['"', '\'']);
    out.retain(|c| c.label.starts_with(typed));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(text: &str) -> Vec<String> {
        let cursor = text.find('|').expect("cursor mark");
        let text = text.replace('|', "");
        complete(&text, cursor)
            .into_iter()
            .map(|c| c.label)
            .collect()
    }

    #[test]
    fn keys_of_the_enclosing_object() {
        let got = labels("apiVersion: apps/v1\nkind: StatefulSet\nspec:\n  volumeC|\n");
        assert_eq!(got, ["volumeClaimTemplates"]);
        let got = labels(
            "apiVersion: apps/v1\nkind: StatefulSet\nspec:\n  template:\n    spec:\n      containers:\n      - name: web\n        imageP|\n",
        );
        assert_eq!(got, ["imagePullPolicy"]);
        let got =
            labels("kind: Service\napiVersion: v1\nspec:\n  ports:\n  - port: 80\n    targetP|\n");
        assert_eq!(got, ["targetPort"]);
    }

    #[test]
    fn values_for_kind_api_version_and_booleans() {
        assert_eq!(
            labels("apiVersion: apps/v1\nkind: State|\n"),
            ["StatefulSet"]
        );
        assert_eq!(
            labels("kind: PodDisruptionBudget\napiVersion: |\n"),
            ["policy/v1"]
        );
        let got = labels("apiVersion: v1\nkind: Service\nspec:\n  publishNotReadyAddresses: |\n");
        assert_eq!(got, ["true", "false"]);
    }

    #[test]
    fn enum_values_of_string_fields() {
        let sts = "apiVersion: apps/v1\nkind: StatefulSet\nspec:\n";
        assert_eq!(
            labels(&format!("{sts}  podManagementPolicy: |\n")),
            ["OrderedReady", "Parallel"]
        );
        assert_eq!(
            labels(&format!("{sts}  podManagementPolicy: Par|\n")),
            ["Parallel"]
        );
        assert_eq!(
            labels(&format!("{sts}  podManagementPolicy: \"Or|\n")),
            ["OrderedReady"]
        );
        assert_eq!(
            labels(&format!("{sts}  updateStrategy:\n    type: |\n")),
            ["RollingUpdate", "OnDelete"]
        );
        let container = format!(
            "{sts}  template:\n    spec:\n      restartPolicy: Ne|\n      containers:\n      - name: web\n"
        );
        assert_eq!(labels(&container), ["Never"]);
        let pull = format!(
            "{sts}  template:\n    spec:\n      containers:\n      - name: web\n        imagePullPolicy: |\n"
        );
        assert_eq!(labels(&pull), ["Always", "IfNotPresent", "Never"]);
        let port = format!(
            "{sts}  template:\n    spec:\n      containers:\n      - name: web\n        ports:\n        - containerPort: 80\n          protocol: |\n"
        );
        assert_eq!(labels(&port), ["TCP", "UDP", "SCTP"]);
        assert_eq!(
            labels("apiVersion: v1\nkind: Service\nspec:\n  type: N|\n"),
            ["NodePort"]
        );
        let sc = "apiVersion: storage.k8s.io/v1\nkind: StorageClass\n";
        assert_eq!(
            labels(&format!("{sc}reclaimPolicy: |\n")),
            ["Delete", "Retain"]
        );
        assert_eq!(
            labels(&format!("{sc}volumeBindingMode: W|\n")),
            ["WaitForFirstConsumer"]
        );
        assert_eq!(
            labels(
                "apiVersion: v1\nkind: PersistentVolume\nspec:\n  persistentVolumeReclaimPolicy: |\n"
            ),
            ["Retain", "Delete", "Recycle"]
        );
        // Free-form strings offer nothing.
        assert!(labels(&format!("{sts}  serviceName: |\n")).is_empty());
    }

    #[test]
    fn enum_values_of_list_items() {
        let claim = "apiVersion: apps/v1\nkind: StatefulSet\nspec:\n  volumeClaimTemplates:\n  - metadata:\n      name: www\n    spec:\n      accessModes:\n";
        assert_eq!(
            labels(&format!("{claim}      - |\n")),
            [
                "ReadWriteOnce",
                "ReadOnlyMany",
                "ReadWriteMany",
                "ReadWriteOncePod"
            ]
        );
        assert_eq!(
            labels(&format!(
                "{claim}      - ReadWriteOnce\n      - ReadWriteOnceP|\n"
            )),
            ["ReadWriteOncePod"]
        );
        let flow = "apiVersion: v1\nkind: PersistentVolumeClaim\nspec:\n  accessModes: [ReadWriteOnce, ReadO|]\n";
        assert_eq!(labels(flow), ["ReadOnlyMany"]);
        // A list of objects still completes keys.
        let got = labels(
            "apiVersion: apps/v1\nkind: StatefulSet\nspec:\n  template:\n    spec:\n      containers:\n      - ima|\n",
        );
        assert_eq!(got, ["image", "imagePullPolicy"]);
    }

    #[test]
    fn descriptions_come_with_keys() {
        let text = "apiVersion: apps/v1\nkind: StatefulSet\nspec:\n  replicas";
        let c = complete(text, text.len());
        assert_eq!(c[0].detail, "<integer>");
        assert!(!c[0].description.is_empty());
    }
}
