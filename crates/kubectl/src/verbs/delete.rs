//! `kubectl delete`: by name, `TYPE/NAME`, `-f FILE`, `-l SELECTOR` or `--all`, with
//! `--grace-period`, `--force`, `--now`, `--cascade` and `--wait`.

use crate::args::Args;
use crate::backend;
use crate::get::{self, Filter, Targets, not_found};
use crate::resource::{self, ResourceType};
use crate::shell::Output;
use ordinal_api::parse_manifests;
use ordinal_sim::{Cascade, Cluster, DeleteOptions, ObjectKey};

const FORCE_WARNING: &str = "Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n";

/// What to delete, resolved before anything is deleted.
pub struct Plan {
    pub keys: Vec<(&'static ResourceType, ObjectKey)>,
    pub output: Output,
}

fn options(args: &Args) -> Result<DeleteOptions, String> {
    let grace_period = match args.value("grace-period") {
        None if args.is_set("now") => Some(1),
        None => None,
        Some(v) => match v.parse::<i64>() {
            // kubectl: a negative grace period means "use the object's own".
            Ok(n) if n < 0 => None,
            Ok(n) => Some(n),
            Err(_) => {
                return Err(format!(
                    "error: invalid argument \"{v}\" for \"--grace-period\" flag: strconv.ParseInt: parsing \"{v}\": invalid syntax\nSee 'kubectl delete --help' for usage.\n"
                ));
            }
        },
    };
    let force = args.is_set("force");
    if force && grace_period.is_some_and(|g| g > 0) {
        return Err(
            "error: --force and --grace-period greater than 0 cannot be specified together\n"
                .into(),
        );
    }
    let cascade = match args.value("cascade").unwrap_or("background") {
        "background" | "true" => Cascade::Background,
        "foreground" => Cascade::Foreground,
        "orphan" | "false" => Cascade::Orphan,
        other => {
            return Err(format!(
                "error: invalid cascade value ({other}). Must be \"background\", \"foreground\", or \"orphan\"\n"
            ));
        }
    };
    Ok(DeleteOptions {
        grace_period: if force { Some(0) } else { grace_period },
        cascade,
        force: force && grace_period.unwrap_or(0) == 0,
    })
}

/// Resolves the objects a delete names. `files` are the texts of `-f` sources.
/// What kubectl's resource builder says when a command names nothing to act on.
pub const MISSING_RESOURCE: &str = "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n";

pub fn plan(cluster: &Cluster, args: &Args, namespace: &str, files: &[(String, String)]) -> Plan {
    let mut output = Output::default();
    let mut keys = Vec::new();
    if !files.is_empty() {
        for (_, text) in files {
            for manifest in parse_manifests(text).manifests {
                let mut key = ObjectKey::of(&manifest.object);
                if manifest.object.metadata().namespace.is_none() && manifest.object.is_namespaced()
                {
                    key.namespace = namespace.to_string();
                }
                match resource::for_kind(&key.kind) {
                    Some(t) if cluster.store().get(&key).is_some() => keys.push((t, key)),
                    Some(t) if !args.is_set("ignore-not-found") => {
                        output.stderr.push_str(&not_found(t, &key.name));
                        output.exit_code = 1;
                    }
                    _ => {}
                }
            }
        }
        return Plan { keys, output };
    }
    if args.positional.is_empty() {
        // resource.Builder's missingResourceError.
        return Plan {
            keys,
            output: Output::err(MISSING_RESOURCE.into(), 1),
        };
    }
    let targets = match get::parse_targets(&args.positional) {
        Ok(t) => t,
        Err(e) => {
            return Plan {
                keys,
                output: Output::err(e.replace("kubectl get", "kubectl delete"), 1),
            };
        }
    };
    let Targets { items, named } = targets;
    let by_selector = args.has("selector") || args.has("field-selector") || args.is_set("all");
    if !named && !by_selector {
        return Plan {
            keys,
            output: Output::err(
                "error: resource(s) were provided, but no name was specified\n".into(),
                1,
            ),
        };
    }
    let filter = match Filter::from_args(args, namespace) {
        Ok(f) => f,
        Err(e) => {
            return Plan {
                keys,
                output: Output::err(e, 1),
            };
        }
    };
    let (found, errors) = get::collect(cluster, &Targets { items, named }, &filter);
    if !args.is_set("ignore-not-found") {
        output.stderr.push_str(&errors);
        if !errors.is_empty() {
            output.exit_code = 1;
        }
    }
    for (t, objects) in found {
        for o in objects {
            keys.push((t, ObjectKey::of(&o)));
        }
    }
    if keys.is_empty() && !named {
        output.stderr.push_str("No resources found\n");
    }
    Plan { keys, output }
}

/// `pod "web-0" deleted from default namespace` / `persistentvolume "pv-1" deleted`: the
/// SPEC §0 baseline, kubectl 1.34 (1.33 and older print no ` from NS namespace`).
fn deleted_line(t: &ResourceType, key: &ObjectKey, force: bool) -> String {
    let verb = if force { "force deleted" } else { "deleted" };
    if t.namespaced {
        format!(
            "{} \"{}\" {verb} from {} namespace\n",
            t.qualified(),
            key.name,
            key.namespace
        )
    } else {
        format!("{} \"{}\" {verb}\n", t.qualified(), key.name)
    }
}

/// Deletes what the plan names; returns the output and the keys to wait for.
pub fn run(
    cluster: &mut Cluster,
    args: &Args,
    plan: Plan,
) -> (Output, Vec<(ObjectKey, Option<String>)>) {
    let mut out = plan.output;
    let options = match options(args) {
        Ok(o) => o,
        Err(e) => return (Output::err(e, 1), Vec::new()),
    };
    if options.force {
        out.stderr.insert_str(0, FORCE_WARNING);
        out.stderr_first = true;
    }
    let mut waiting = Vec::new();
    for (t, key) in plan.keys {
        let uid = cluster
            .store()
            .get(&key)
            .and_then(|o| o.metadata().uid.clone());
        match backend::delete(cluster, &key, options) {
            Ok(()) => {
                out.stdout.push_str(&deleted_line(t, &key, options.force));
                waiting.push((key, uid));
            }
            Err(e) => {
                out.stderr.push_str(&e);
                out.exit_code = 1;
            }
        }
    }
    let wait = args.value("wait").is_none_or(|w| w != "false") && !options.force;
    if !wait {
        waiting.clear();
    }
    (out, waiting)
}
