//! One module per kubectl verb (or small family of verbs).

pub mod apply;
pub mod delete;
pub mod describe;
pub mod describe_node;
pub mod describe_storage;
pub mod describe_workloads;
pub mod exec;
pub mod group_help;
pub mod info;
pub mod label;
pub mod logs;
pub mod nodes;
pub mod patch;
pub mod rollout;
pub mod rollout_workloads;
pub mod run;
pub mod scale;
pub mod set_image;
pub mod version;
pub mod wait;
pub mod workloads;

use crate::backend;
use crate::get::{self, not_found};
use crate::resource::ResourceType;
use ordinal_api::Object;
use ordinal_sim::Cluster;

/// Resolves `TYPE NAME…` or `TYPE/NAME…` to objects; missing ones are NotFound errors.
pub fn resolve(
    cluster: &Cluster,
    positional: &[String],
    namespace: &str,
) -> Result<Vec<(&'static ResourceType, Object)>, String> {
    if positional.is_empty() {
        return Err(delete::MISSING_RESOURCE.into());
    }
    let targets = get::parse_targets(positional)?;
    let mut found = Vec::new();
    for (t, names) in targets.items {
        if names.is_empty() {
            return Err("error: resource(s) were provided, but no name was specified\n".into());
        }
        let ns = if t.namespaced { namespace } else { "" };
        for name in names {
            let object =
                backend::get(cluster, t.kind, ns, &name).ok_or_else(|| not_found(t, &name))?;
            found.push((t, object));
        }
    }
    Ok(found)
}
