//! `kubectl scale TYPE NAME --replicas=N [--current-replicas=M]`.

use crate::args::Args;
use crate::backend;
use crate::shell::Output;
use crate::verbs::resolve;
use ordinal_api::Object;
use ordinal_sim::Cluster;

pub fn run(cluster: &mut Cluster, args: &Args, namespace: &str) -> Output {
    let Some(replicas) = args.value("replicas") else {
        return Output::err("error: required flag(s) \"replicas\" not set\n".into(), 1);
    };
    let replicas: i32 = match replicas.parse() {
        Ok(n) if n >= 0 => n,
        Ok(_) => {
            return Output::err(
                "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n".into(),
                1,
            );
        }
        Err(_) => {
            return Output::err(
                format!(
                    "error: invalid argument \"{replicas}\" for \"--replicas\" flag: strconv.ParseInt: parsing \"{replicas}\": invalid syntax\nSee 'kubectl scale --help' for usage.\n"
                ),
                1,
            );
        }
    };
    let targets = match resolve(cluster, &args.positional, namespace) {
        Ok(t) => t,
        Err(e) => return Output::err(e, 1),
    };
    let mut out = Output::default();
    for (t, object) in targets {
        if crate::verbs::workloads::is_workload(&object) {
            let current = args.value("current-replicas");
            crate::verbs::workloads::scale_verb(cluster, t, object, replicas, current, &mut out);
            continue;
        }
        let Object::StatefulSet(mut set) = object else {
            out.stderr.push_str(&format!(
                "error: no scaler has been implemented for {{\"{}\" \"{}\"}}\n",
                t.group, t.kind
            ));
            out.exit_code = 1;
            continue;
        };
        if let Some(current) = args.value("current-replicas") {
            let actual = set.spec.replicas.unwrap_or(1);
            if current.parse::<i32>().ok() != Some(actual) {
                out.stderr.push_str(&format!(
                    "error: Expected replicas to be {current}, was {actual}\n"
                ));
                out.exit_code = 1;
                continue;
            }
        }
        let name = set.metadata.name.clone();
        set.spec.replicas = Some(replicas);
        match backend::update(cluster, &Object::StatefulSet(set)) {
            Ok(_) => out
                .stdout
                .push_str(&format!("{}/{name} scaled\n", t.qualified())),
            Err(e) => {
                out.stderr.push_str(&e);
                out.exit_code = 1;
            }
        }
    }
    out
}
