//! The few calls kubectl makes into the simulator, in one place so the verbs do not depend on
//! how `ordinal_sim::Cluster` spells them. Error strings come back as kubectl's stderr text.

use ordinal_api::{Diagnostic, Object, parse_manifests, validation};
use ordinal_sim::{ApplyOutcome, Cluster, DeleteOptions, ObjectKey};

/// Objects of `kind` in `namespace` (`None`: all namespaces), in name order.
pub fn list(cluster: &Cluster, kind: &str, namespace: Option<&str>) -> Vec<Object> {
    cluster.store().list(kind, namespace).cloned().collect()
}

/// Like [`list`], borrowing from the store.
pub fn list_borrowed<'a>(
    cluster: &'a Cluster,
    kind: &'static str,
    namespace: Option<&str>,
) -> Vec<&'a Object> {
    let namespace = namespace.map(str::to_string);
    cluster
        .store()
        .list(kind, None)
        .filter(|o| {
            namespace.as_deref().is_none_or(|ns| {
                !o.is_namespaced() || o.metadata().namespace.as_deref() == Some(ns)
            })
        })
        .collect()
}

/// One object; cluster-scoped kinds use an empty namespace.
pub fn get(cluster: &Cluster, kind: &str, namespace: &str, name: &str) -> Option<Object> {
    cluster
        .store()
        .get(&ObjectKey::new(kind, namespace, name))
        .cloned()
}

fn lines(errors: Vec<String>) -> String {
    errors.into_iter().map(|e| format!("{e}\n")).collect()
}

/// `kubectl apply` of manifest text read from `filename` (`-` for stdin). Nothing is applied
/// if any document has an error.
pub fn apply(
    cluster: &mut Cluster,
    filename: &str,
    text: &str,
) -> Result<Vec<ApplyOutcome>, String> {
    cluster
        .apply(text)
        .map_err(|diagnostics| refusal(cluster, filename, text, diagnostics))
}

/// `kubectl create -f`: like [`apply`], without the last-applied record.
pub fn create(
    cluster: &mut Cluster,
    filename: &str,
    text: &str,
) -> Result<Vec<ApplyOutcome>, String> {
    cluster
        .create(text)
        .map_err(|diagnostics| refusal(cluster, filename, text, diagnostics))
}

/// kubectl's stderr for a refused apply or create.
fn refusal(cluster: &Cluster, filename: &str, text: &str, diagnostics: Vec<Diagnostic>) -> String {
    let intake = parse_manifests(text);
    let decoding = intake.kubectl_errors(filename);
    if !decoding.is_empty() {
        return lines(decoding);
    }
    // The intake was clean, so an update was refused: find which object, as the server
    // reports it per object.
    if let Ok(objects) = cluster.applied_objects(text) {
        for (new, old) in objects {
            let Some(old) = old else { continue };
            let errors: Vec<String> = validation::validate_update(old, &new)
                .into_iter()
                .map(|d| d.message)
                .collect();
            if !errors.is_empty() {
                return invalid(new.kind(), &new.metadata().name, &errors);
            }
        }
    }
    lines(
        diagnostics
            .into_iter()
            .map(|d| format!("error: {}", d.message))
            .collect(),
    )
}

/// `The StatefulSet "web" is invalid: …`.
fn invalid(kind: &str, name: &str, causes: &[String]) -> String {
    let mut unique: Vec<&String> = Vec::new();
    for c in causes {
        if !unique.contains(&c) {
            unique.push(c);
        }
    }
    match unique.as_slice() {
        [one] => format!("The {kind} \"{name}\" is invalid: {one}\n"),
        many => format!(
            "The {kind} \"{name}\" is invalid: \n{}",
            many.iter().map(|m| format!("* {m}\n")).collect::<String>()
        ),
    }
}

/// Writes back a modified object, as an update through the API would.
pub fn update(cluster: &mut Cluster, object: &Object) -> Result<ApplyOutcome, String> {
    let kind = object.kind().to_string();
    let name = object.metadata().name.clone();
    cluster.update_object(object.clone()).map_err(|message| {
        if message.ends_with("not found") {
            format!("Error from server (NotFound): {message}\n")
        } else {
            invalid(&kind, &name, &[message])
        }
    })
}

/// Deletes one object; the error is `Error from server (NotFound): …`.
pub fn delete(
    cluster: &mut Cluster,
    key: &ObjectKey,
    options: DeleteOptions,
) -> Result<(), String> {
    cluster
        .delete(key, options)
        .map_err(|message| format!("Error from server (NotFound): {message}\n"))
}

/// When the next thing will happen on its own, if anything is pending.
pub fn next_change_at(cluster: &Cluster) -> Option<ordinal_sim::Time> {
    cluster.next_timer_at()
}
