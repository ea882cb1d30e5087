//! `kubectl set image TYPE/NAME CONTAINER=IMAGE…` (`*=IMAGE` sets every container).

use crate::args::Args;
use crate::backend;
use crate::shell::Output;
use crate::verbs::resolve;
use ordinal_api::Object;
use ordinal_sim::Cluster;

pub fn run(cluster: &mut Cluster, args: &Args, namespace: &str) -> Output {
    if let Some(help) = crate::verbs::group_help::for_group("set", args) {
        return help;
    }
    let Some(("image", rest)) = args.positional.split_first().map(|(f, r)| (f.as_str(), r)) else {
        return Output::err(
            format!(
                "error: unknown command \"{}\"\nSee 'kubectl set -h' for help and examples\n",
                args.positional.join(" ")
            ),
            1,
        );
    };
    let (pairs, resources): (Vec<&String>, Vec<&String>) =
        rest.iter().partition(|w| w.contains('='));
    let resources: Vec<String> = resources.into_iter().cloned().collect();
    // set_image.go's Complete fetches the resources before Validate looks at the pairs: no
    // resource at all is the builder's "You must provide one or more resources" (Validate's
    // own "one or more resources must be specified as <resource> <name>…" is never reached),
    // and a missing object is NotFound even without an image pair.
    let targets = match resolve(cluster, &resources, namespace) {
        Ok(t) => t,
        Err(e) => return Output::err(e, 1),
    };
    if pairs.is_empty() {
        // A plain error from Validate (not a usage error), so no "See 'kubectl set image -h'".
        return Output::err("error: at least one image update is required\n".into(), 1);
    }
    let mut out = Output::default();
    for (t, object) in targets {
        if crate::verbs::workloads::is_workload(&object) {
            crate::verbs::workloads::set_image_verb(cluster, t, object, &pairs, &mut out);
            continue;
        }
        let Object::StatefulSet(mut set) = object else {
            out.stderr.push_str(&format!(
                "error: {}/{} is not supported by set image in Ordinal\n",
                t.qualified(),
                object.metadata().name
            ));
            out.exit_code = 1;
            continue;
        };
        let before = set.clone();
        let containers = &mut set.spec.template.spec.containers;
        for pair in &pairs {
            let Some((container, image)) = pair.split_once('=') else {
                continue;
            };
            let mut matched = false;
            for c in containers
                .iter_mut()
                .filter(|c| container == "*" || c.name == container)
            {
                c.image = Some(image.to_string());
                matched = true;
            }
            if !matched {
                out.stderr.push_str(&format!(
                    "error: unable to find container named \"{container}\"\n"
                ));
                out.exit_code = 1;
            }
        }
        if out.exit_code != 0 || set == before {
            continue;
        }
        let name = set.metadata.name.clone();
        match backend::update(cluster, &Object::StatefulSet(set)) {
            Ok(_) => out
                .stdout
                .push_str(&format!("{}/{name} image updated\n", t.qualified())),
            Err(e) => {
                out.stderr.push_str(&e);
                out.exit_code = 1;
            }
        }
    }
    out
}
