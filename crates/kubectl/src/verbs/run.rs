//! `kubectl run NAME --image=IMAGE [--restart=Never] [-i] [-t] [--rm] [--labels=…] [--env=…]
//! [--command] -- ARGS…`: creates a one-container Pod; attached (`-i`), it waits for the
//! container to finish, prints what it wrote and (`--rm`) deletes the pod, as in the
//! tutorials' `kubectl run -i --tty --image busybox:1.28 dns-test --restart=Never --rm --
//! nslookup web-0.nginx`.

use crate::args::Args;
use crate::shell::{Output, Shell};
use ordinal_api::Object;
use ordinal_sim::{DeleteOptions, Duration, ObjectKey};
use serde_json::{Map, Value, json};

/// kubectl's `--pod-running-timeout` default.
const POD_RUNNING_TIMEOUT: Duration = Duration(60 * 1000);

fn manifest(name: &str, image: &str, args: &Args, namespace: &str) -> Result<Value, String> {
    let mut labels = Map::new();
    match args.value("labels") {
        Some(list) => {
            for pair in list.split(',').filter(|p| !p.is_empty()) {
                let Some((k, v)) = pair.split_once('=') else {
                    return Err(format!("error: invalid label spec: {pair}\n"));
                };
                labels.insert(k.to_string(), Value::String(v.to_string()));
            }
        }
        None => {
            labels.insert("run".into(), Value::String(name.to_string()));
        }
    }
    let mut container = json!({"name": name, "image": image});
    if !args.after_dashes.is_empty() {
        let field = if args.is_set("command") {
            "command"
        } else {
            "args"
        };
        container[field] = json!(args.after_dashes);
    }
    let env: Vec<Value> = args
        .values("env")
        .into_iter()
        .filter_map(|e| e.split_once('='))
        .map(|(k, v)| json!({"name": k, "value": v}))
        .collect();
    if !env.is_empty() {
        container["env"] = Value::Array(env);
    }
    if let Some(port) = args.value("port") {
        let port: i64 = port
            .parse()
            .map_err(|_| format!("error: invalid port: {port}\n"))?;
        container["ports"] = json!([{"containerPort": port}]);
    }
    if args.is_set("stdin") {
        container["stdin"] = Value::Bool(true);
        container["stdinOnce"] = Value::Bool(true);
    }
    if args.is_set("tty") {
        container["tty"] = Value::Bool(true);
    }
    let restart = args.value("restart").unwrap_or("Always");
    Ok(json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": name, "namespace": namespace, "labels": labels},
        "spec": {
            "restartPolicy": restart,
            "dnsPolicy": "ClusterFirst",
            "containers": [container],
        },
    }))
}

fn phase(shell: &Shell, key: &ObjectKey) -> Option<String> {
    match shell.cluster.store().get(key) {
        Some(Object::Pod(pod)) => Some(pod.status.phase.clone().unwrap_or_default()),
        _ => None,
    }
}

/// The main container's `terminated` state: exit code, reason and message.
fn terminated(shell: &Shell, key: &ObjectKey) -> Option<(i64, String, String)> {
    let Some(Object::Pod(pod)) = shell.cluster.store().get(key) else {
        return None;
    };
    let state = pod.status.container_statuses.first()?.state.as_ref()?;
    let terminated = state.get("terminated")?;
    let text = |field: &str| {
        terminated
            .get(field)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let code = terminated.get("exitCode").and_then(Value::as_i64)?;
    Some((code, text("reason"), text("message")))
}

/// What `kubectl run` returns once the attached pod has finished (run.go after waitForPod).
fn finished(shell: &Shell, key: &ObjectKey, phase: &str) -> (String, i32) {
    let (namespace, name) = (&key.namespace, &key.name);
    match phase {
        "Succeeded" => (String::new(), 0),
        "Failed" => match terminated(shell, key) {
            Some((code, reason, message)) if code != 0 => {
                // uexec.CodeExitError: the message ends with a newline, so CheckErr adds none.
                let code = i32::try_from(code).unwrap_or(1);
                let mut text = format!("pod {namespace}/{name} terminated ({reason})\n{message}");
                if !text.ends_with('\n') {
                    text.push('\n');
                }
                (text, code)
            }
            _ => (
                format!("error: pod {namespace}/{name} failed with unknown exit code\n"),
                1,
            ),
        },
        other => (
            format!("error: pod {namespace}/{name} left in phase {other}\n"),
            1,
        ),
    }
}

pub fn run(shell: &mut Shell, args: &Args, namespace: &str) -> Output {
    let Some(name) = args.positional.first().cloned() else {
        return Output::err(
            "error: NAME is required for run\nSee 'kubectl run -h' for help and examples\n".into(),
            1,
        );
    };
    let Some(image) = args.value("image").map(String::from) else {
        return Output::err("error: required flag(s) \"image\" not set\n".into(), 1);
    };
    let attach = args.is_set("stdin") || args.is_set("attach");
    if args.is_set("rm") && !attach {
        return Output::err(
            "error: --rm should only be used for attached containers\n".into(),
            1,
        );
    }
    let restart = args.value("restart").unwrap_or("Always");
    if !matches!(restart, "Always" | "OnFailure" | "Never") {
        return Output::err(format!("error: invalid restart policy: {restart}\n"), 1);
    }
    let pod = match manifest(&name, &image, args, namespace) {
        Ok(p) => p,
        Err(e) => return Output::err(e, 1),
    };
    let key = ObjectKey::new("Pod", namespace, &name);
    if shell.cluster.store().get(&key).is_some() {
        return Output::err(
            format!("Error from server (AlreadyExists): pods \"{name}\" already exists\n"),
            1,
        );
    }
    if let Err(diagnostics) = shell.cluster.create(&pod.to_string()) {
        let text: String = diagnostics
            .iter()
            .map(|d| format!("error: {}\n", d.message))
            .collect();
        return Output::err(text, 1);
    }
    if !attach {
        return Output::ok(format!("pod/{name} created\n"));
    }
    // Attached: wait for the container to run to completion (a server would stream it).
    let deadline = shell.cluster.now() + POD_RUNNING_TIMEOUT;
    loop {
        let done = matches!(
            phase(shell, &key).as_deref(),
            Some("Succeeded" | "Failed") | None
        );
        if done || !shell.advance_towards(deadline) {
            break;
        }
    }
    let mut out = Output::default();
    let phase = match phase(shell, &key) {
        Some(phase) if matches!(phase.as_str(), "Succeeded" | "Failed") => phase,
        _ => {
            // waitForPod failed: kubectl returns before removing anything.
            out.stderr
                .push_str("error: timed out waiting for the condition\n");
            out.exit_code = 1;
            return out;
        }
    };
    match shell.cluster.logs(&key, None, false) {
        Ok(text) => out.stdout.push_str(&text),
        Err(e) => out.stderr.push_str(&format!("{e}\n")),
    }
    // Judged before `--rm` removes the pod that holds the exit code.
    let (error, code) = finished(shell, &key, &phase);
    if args.is_set("rm") && shell.cluster.delete(&key, DeleteOptions::default()).is_ok() {
        // kubectl waits for the deletion, then prints it as `kubectl delete` 1.34 does.
        let deadline = shell.cluster.now() + Duration(60 * 1000);
        while shell.cluster.store().get(&key).is_some() && shell.advance_towards(deadline) {}
        out.stdout.push_str(&format!(
            "pod \"{name}\" deleted from {} namespace\n",
            key.namespace
        ));
    }
    out.stderr.push_str(&error);
    out.exit_code = code;
    out
}
