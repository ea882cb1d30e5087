//! `kubectl exec POD [-c CONTAINER] [-it] -- COMMAND [ARG…]`: runs the command in the
//! container through the simulator's shell, over the pod's mounts.

use crate::args::Args;
use crate::shell::Output;
use ordinal_sim::{Cluster, ObjectKey};

/// `pod/web-0` or `web-0`.
pub fn pod_name(word: &str) -> &str {
    word.strip_prefix("pod/")
        .or_else(|| word.strip_prefix("pods/"))
        .or_else(|| word.strip_prefix("po/"))
        .unwrap_or(word)
}

pub fn run(cluster: &mut Cluster, args: &Args, namespace: &str, stdin: &str) -> Output {
    let Some(target) = args.positional.first() else {
        return Output::err(
            "error: expected 'exec POD_NAME COMMAND [ARG1] [ARG2] ... [ARGN]'.\nPOD_NAME and COMMAND are required arguments for the exec command\nSee 'kubectl exec -h' for help and examples\n".into(),
            1,
        );
    };
    // The old form without `--` still works (kubectl warns that it is deprecated).
    let mut out = Output::default();
    let command: Vec<String> = if args.after_dashes.is_empty() {
        let rest = args.positional[1..].to_vec();
        if !rest.is_empty() {
            out.stderr.push_str("kubectl exec [POD] [COMMAND] is DEPRECATED and will be removed in a future version. Use kubectl exec [POD] -- [COMMAND] instead.\n");
        }
        rest
    } else {
        args.after_dashes.clone()
    };
    if command.is_empty() {
        out.stderr
            .push_str("error: you must specify at least one command for the container\n");
        out.exit_code = 1;
        return out;
    }
    // `kubectl exec -i POD -- sh <<EOF`: the shell reads its script from stdin.
    let command = match command.as_slice() {
        [shell] if args.has("stdin") && ordinal_sim::process::is_shell_program(shell) => {
            vec![shell.clone(), "-c".into(), stdin.to_string()]
        }
        _ => command,
    };
    let key = ObjectKey::new("Pod", namespace, pod_name(target));
    let container = args.value("container");
    if container.is_none()
        && let Some(ordinal_api::Object::Pod(pod)) = cluster.store().get(&key)
        && pod.spec.containers.len() > 1
    {
        let names: Vec<&str> = pod
            .spec
            .containers
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        out.stderr.push_str(&format!(
            "Defaulted container \"{}\" out of: {}\n",
            names[0],
            names.join(", ")
        ));
    }
    match cluster.exec(&key, container, &command) {
        Ok(result) => {
            out.stdout.push_str(&result.stdout);
            out.stderr.push_str(&result.stderr);
            if result.exit_code != 0 {
                out.stderr.push_str(&format!(
                    "command terminated with exit code {}\n",
                    result.exit_code
                ));
            }
            out.exit_code = result.exit_code;
        }
        Err(message) => {
            out.stderr.push_str(&message);
            out.stderr.push('\n');
            out.exit_code = 1;
        }
    }
    out
}
