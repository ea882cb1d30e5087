//! `kubectl apply -f` and `kubectl create -f`.

use crate::backend;
use crate::print::object::to_json;
use crate::resource;
use crate::shell::Output;
use ordinal_api::parse_manifests;
use ordinal_sim::apply::LAST_APPLIED;
use ordinal_sim::{Cluster, ObjectKey};

/// A manifest source: its name as typed (`web.yaml`, `-`) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub name: String,
    pub text: String,
}

fn outcome_lines(outcomes: &[ordinal_sim::ApplyOutcome]) -> String {
    outcomes
        .iter()
        .map(|o| format!("{}/{} {}\n", o.resource, o.name, o.action))
        .collect()
}

/// kubectl's warning for each object it applied over one that `apply` did not make (it adds
/// the record then, so the next apply merges as usual).
fn missing_record_warnings(outcomes: &[ordinal_sim::ApplyOutcome]) -> String {
    outcomes
        .iter()
        .filter(|o| o.missing_last_applied)
        .map(|o| {
            let plural = resource::RESOURCE_TYPES
                .iter()
                .find(|t| t.qualified() == o.resource)
                .map_or_else(|| o.resource.clone(), |t| t.qualified_plural());
            format!(
                "Warning: resource {plural}/{} is missing the {LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n",
                o.name
            )
        })
        .collect()
}

/// `kubectl apply -f …`: every source in order; a source with errors changes nothing.
pub fn apply(cluster: &mut Cluster, sources: &[Source]) -> Output {
    let mut out = Output::default();
    for source in sources {
        match backend::apply(cluster, &source.name, &source.text) {
            Ok(outcomes) => {
                out.stderr.push_str(&missing_record_warnings(&outcomes));
                out.stdout.push_str(&outcome_lines(&outcomes));
            }
            Err(stderr) => {
                out.stderr.push_str(&stderr);
                out.exit_code = 1;
            }
        }
    }
    if sources.iter().all(|s| s.text.trim().is_empty()) {
        out.stderr.push_str("error: no objects passed to apply\n");
        out.exit_code = 1;
    }
    out
}

/// `kubectl create -f …`: like apply, but an existing object is an AlreadyExists error.
pub fn create(cluster: &mut Cluster, sources: &[Source]) -> Output {
    let mut out = Output::default();
    for source in sources {
        let intake = parse_manifests(&source.text);
        if intake.has_errors() {
            // The same diagnostics apply would print.
            if let Err(stderr) = backend::create(cluster, &source.name, &source.text) {
                out.stderr.push_str(&stderr);
            }
            out.exit_code = 1;
            continue;
        }
        for manifest in intake.manifests {
            let key = ObjectKey::of(&manifest.object);
            if cluster.store().get(&key).is_some() {
                let plural = resource::for_kind(&key.kind)
                    .map_or_else(|| key.kind.to_ascii_lowercase(), |t| t.qualified_plural());
                out.stderr.push_str(&format!(
                    "Error from server (AlreadyExists): error when creating \"{}\": {plural} \"{}\" already exists\n",
                    source.name, key.name
                ));
                out.exit_code = 1;
                continue;
            }
            match backend::create(
                cluster,
                &source.name,
                &to_json(&manifest.object).to_string(),
            ) {
                Ok(outcomes) => out.stdout.push_str(&outcome_lines(&outcomes)),
                Err(stderr) => {
                    out.stderr.push_str(&stderr);
                    out.exit_code = 1;
                }
            }
        }
    }
    out
}
