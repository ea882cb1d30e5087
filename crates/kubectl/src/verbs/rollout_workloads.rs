//! `kubectl rollout status|history|undo|pause|resume|restart` for Deployments and
//! DaemonSets, with kubectl's messages (`rollout_status.go` status viewers,
//! `rollback.go`, `objectpauser.go`, `objectrestarter.go`). `rollout.rs` hands these kinds
//! over here.

use crate::args::Args;
use crate::backend;
use crate::kubectl::timeout;
use crate::shell::{Output, Shell};
use crate::table;
use crate::verbs::resolve;
use ordinal_api::{Object, PodTemplateSpec};
use ordinal_sim::daemonset::DaemonSet;
use ordinal_sim::deployment::Deployment;
use ordinal_sim::deployment::progress::TIMED_OUT_REASON;
use ordinal_sim::deployment::util::{REVISION_ANNOTATION, equal_ignore_hash};
use ordinal_sim::replicaset::ReplicaSet;
use ordinal_sim::replicaset::types::decode;
use ordinal_sim::statefulset::revision::{revision_number, revision_template};
use ordinal_sim::{Cluster, ObjectKey};
use serde_json::Value;

/// The rollout target, when it is a Deployment or a DaemonSet.
fn target(cluster: &Cluster, args: &Args, namespace: &str) -> Option<Result<Object, String>> {
    let positional: Vec<String> = args.positional.iter().skip(1).cloned().collect();
    let found = resolve(cluster, &positional, namespace).ok()?;
    match found.as_slice() {
        [(_, object @ Object::Other { kind, .. })]
            if matches!(kind.as_str(), "Deployment" | "DaemonSet") =>
        {
            Some(Ok(object.clone()))
        }
        _ => None,
    }
}

/// Handles the verb when its target is a Deployment or DaemonSet; `None` otherwise.
pub fn run(shell: &mut Shell, args: &Args, namespace: &str) -> Option<Output> {
    let sub = args.positional.first().map(String::as_str)?;
    let object = match target(&shell.cluster, args, namespace)? {
        Ok(o) => o,
        Err(e) => return Some(Output::err(e, 1)),
    };
    let out = match sub {
        "status" => status(shell, args, &object),
        "history" => history(&shell.cluster, args, &object),
        "undo" => undo(&mut shell.cluster, args, object),
        "pause" | "resume" => pause(&mut shell.cluster, object, sub == "pause"),
        "restart" => restart(&mut shell.cluster, object),
        _ => return None,
    };
    Some(out)
}

fn qualified(object: &Object) -> &'static str {
    match object.kind() {
        "Deployment" => "deployment.apps",
        _ => "daemonset.apps",
    }
}

fn plural(object: &Object) -> &'static str {
    match object.kind() {
        "Deployment" => "deployments.apps",
        _ => "daemonsets.apps",
    }
}

/// One status line and whether the rollout is done; Err ends the watch with an error.
pub fn status_line(object: &Object) -> Result<(String, bool), String> {
    if let Some(d) = decode::<Deployment>(object, "Deployment") {
        return deployment_status(&d);
    }
    match decode::<DaemonSet>(object, "DaemonSet") {
        Some(ds) => daemon_set_status(&ds),
        None => Err("error: unknown rollout target\n".into()),
    }
}

/// `DeploymentStatusViewer.Status`.
fn deployment_status(d: &Deployment) -> Result<(String, bool), String> {
    let name = &d.metadata.name;
    let s = &d.status;
    if d.metadata.generation > s.observed_generation {
        return Ok((
            "Waiting for deployment spec update to be observed...\n".into(),
            false,
        ));
    }
    if d.condition("Progressing").and_then(|c| c.reason.as_deref()) == Some(TIMED_OUT_REASON) {
        return Err(format!(
            "error: deployment \"{name}\" exceeded its progress deadline\n"
        ));
    }
    let (replicas, updated) = (s.replicas.unwrap_or(0), s.updated_replicas.unwrap_or(0));
    let available = s.available_replicas.unwrap_or(0);
    if updated < d.replicas() {
        return Ok((
            format!(
                "Waiting for deployment \"{name}\" rollout to finish: {updated} out of {} new replicas have been updated...\n",
                d.replicas()
            ),
            false,
        ));
    }
    if replicas > updated {
        return Ok((
            format!(
                "Waiting for deployment \"{name}\" rollout to finish: {} old replicas are pending termination...\n",
                replicas - updated
            ),
            false,
        ));
    }
    if available < updated {
        return Ok((
            format!(
                "Waiting for deployment \"{name}\" rollout to finish: {available} of {updated} updated replicas are available...\n"
            ),
            false,
        ));
    }
    Ok((
        format!("deployment \"{name}\" successfully rolled out\n"),
        true,
    ))
}

/// `DaemonSetStatusViewer.Status`.
fn daemon_set_status(ds: &DaemonSet) -> Result<(String, bool), String> {
    if ds.is_on_delete() {
        return Err(
            "error: rollout status is only available for RollingUpdate strategy type\n".into(),
        );
    }
    let name = &ds.metadata.name;
    let s = &ds.status;
    if ds.metadata.generation > s.observed_generation {
        return Ok((
            "Waiting for daemon set spec update to be observed...\n".into(),
            false,
        ));
    }
    let desired = s.desired_number_scheduled;
    let updated = s.updated_number_scheduled.unwrap_or(0);
    if updated < desired {
        return Ok((
            format!(
                "Waiting for daemon set \"{name}\" rollout to finish: {updated} out of {desired} new pods have been updated...\n"
            ),
            false,
        ));
    }
    let available = s.number_available.unwrap_or(0);
    if available < desired {
        return Ok((
            format!(
                "Waiting for daemon set \"{name}\" rollout to finish: {available} of {desired} updated pods are available...\n"
            ),
            false,
        ));
    }
    Ok((
        format!("daemon set \"{name}\" successfully rolled out\n"),
        true,
    ))
}

/// Follows the object through watch events until the rollout is done or the timeout.
fn status(shell: &mut Shell, args: &Args, object: &Object) -> Output {
    let key = ObjectKey::of(object);
    let mut out = Output::default();
    match status_line(object) {
        Err(e) => return Output::err(e, 1),
        Ok((line, done)) => {
            out.stdout.push_str(&line);
            if done || args.value("watch") == Some("false") {
                return out;
            }
        }
    }
    let deadline = shell.cluster.now() + timeout(args);
    let mut cursor = shell.cluster.store().watch_log().len();
    let mut last = out.stdout.clone();
    loop {
        let more = shell.advance_towards(deadline);
        let log = shell.cluster.store().watch_log();
        for event in log.get(cursor..).unwrap_or_default() {
            if ObjectKey::of(&event.object) != key {
                continue;
            }
            match status_line(&event.object) {
                // kubectl prints a line per watch event, but only when it changed.
                Ok((line, done)) => {
                    if line != last {
                        out.stdout.push_str(&line);
                        last = line;
                    }
                    if done {
                        return out;
                    }
                }
                Err(e) => {
                    out.stderr.push_str(&e);
                    out.exit_code = 1;
                    return out;
                }
            }
        }
        cursor = log.len();
        if !more {
            out.stderr
                .push_str("error: timed out waiting for the condition\n");
            out.exit_code = 1;
            return out;
        }
    }
}

/// One history entry: revision number, change cause, pod template.
struct Revision {
    number: i64,
    cause: String,
    template: PodTemplateSpec,
}

fn cause(meta: &ordinal_api::ObjectMeta) -> String {
    meta.annotations
        .get("kubernetes.io/change-cause")
        .cloned()
        .unwrap_or_else(|| "<none>".into())
}

/// The object's history, oldest revision first: ReplicaSets for a Deployment,
/// ControllerRevisions for a DaemonSet.
fn revisions(cluster: &Cluster, object: &Object) -> Vec<Revision> {
    let meta = object.metadata();
    let uid = meta.uid.clone().unwrap_or_default();
    let namespace = meta.namespace.as_deref();
    let owned = |o: &Object| {
        o.metadata()
            .owner_references
            .iter()
            .any(|r| r.uid == uid && r.controller == Some(true))
    };
    let mut list: Vec<Revision> = if object.kind() == "Deployment" {
        backend::list(cluster, "ReplicaSet", namespace)
            .iter()
            .filter(|o| owned(o))
            .filter_map(|o| decode::<ReplicaSet>(o, "ReplicaSet"))
            .filter_map(|rs| {
                Some(Revision {
                    number: rs
                        .metadata
                        .annotations
                        .get(REVISION_ANNOTATION)?
                        .parse()
                        .ok()?,
                    cause: cause(&rs.metadata),
                    template: rs.spec.template,
                })
            })
            .collect()
    } else {
        backend::list(cluster, "ControllerRevision", namespace)
            .iter()
            .filter(|o| owned(o))
            .filter_map(|o| {
                Some(Revision {
                    number: revision_number(o),
                    cause: cause(o.metadata()),
                    template: revision_template(o)?,
                })
            })
            .collect()
    };
    ordinal_api::order::sort_by_key(&mut list, |r| r.number);
    list
}

fn history(cluster: &Cluster, args: &Args, object: &Object) -> Output {
    let name = &object.metadata().name;
    let revisions = revisions(cluster, object);
    if let Some(wanted) = args.value("revision").filter(|r| *r != "0") {
        return match revisions.iter().find(|r| r.number.to_string() == wanted) {
            Some(r) => {
                let mut text = format!("{}/{name} with revision #{wanted}\n", qualified(object));
                text.push_str(&crate::verbs::describe::template_report(&r.template));
                Output::ok(text)
            }
            None => Output::err("error: unable to find the specified revision\n".into(), 1),
        };
    }
    let mut rows = vec![vec!["REVISION".to_string(), "CHANGE-CAUSE".to_string()]];
    for r in &revisions {
        rows.push(vec![r.number.to_string(), r.cause.clone()]);
    }
    let text = table::render_padded(&rows, 2);
    Output::ok(format!("{}/{name} \n{text}\n", qualified(object)))
}

/// The template with the labels a controller added to it removed.
fn user_template(mut template: PodTemplateSpec) -> PodTemplateSpec {
    template.metadata.labels.remove("pod-template-hash");
    template.metadata.labels.remove("controller-revision-hash");
    template
}

fn undo(cluster: &mut Cluster, args: &Args, mut object: Object) -> Output {
    let name = object.metadata().name.clone();
    if let Some(d) = decode::<Deployment>(&object, "Deployment")
        && d.is_paused()
    {
        return Output::err(
            "error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again\n".into(),
            1,
        );
    }
    let revisions = revisions(cluster, &object);
    let to = args
        .value("to-revision")
        .and_then(|r| r.parse::<i64>().ok())
        .unwrap_or(0);
    let target = if to > 0 {
        match revisions.iter().find(|r| r.number == to) {
            Some(r) => r,
            None => {
                return Output::err(
                    format!("error: unable to find specified revision {to} in history\n"),
                    1,
                );
            }
        }
    } else {
        match revisions.len() {
            0 | 1 => {
                return Output::err(
                    format!(
                        "error: no rollout history found for {} \"{name}\"\n",
                        object.kind().to_ascii_lowercase()
                    ),
                    1,
                );
            }
            n => &revisions[n - 2],
        }
    };
    let template = user_template(target.template.clone());
    let Some(current) = current_template(&object) else {
        return Output::err("error: the object has no pod template\n".into(), 1);
    };
    if equal_ignore_hash(&template, &user_template(current)) {
        return Output::ok(format!(
            "{}/{name} skipped rollback (current template already matches revision {})\n",
            qualified(&object),
            target.number
        ));
    }
    let Ok(template_json) = serde_json::to_value(&template) else {
        return Output::err(
            "error: the revision's template cannot be encoded\n".into(),
            1,
        );
    };
    if let Some(spec) = spec_mut(&mut object) {
        spec.insert("template".into(), template_json);
    }
    match backend::update(cluster, &object) {
        Ok(_) => Output::ok(format!("{}/{name} rolled back\n", qualified(&object))),
        Err(e) => Output::err(e, 1),
    }
}

fn current_template(object: &Object) -> Option<PodTemplateSpec> {
    match object {
        Object::Other { body, .. } => {
            ordinal_api::decode::from_value(body.pointer("/spec/template")?.clone()).ok()
        }
        _ => None,
    }
}

fn spec_mut(object: &mut Object) -> Option<&mut serde_json::Map<String, Value>> {
    match object {
        Object::Other { body, .. } => body.get_mut("spec")?.as_object_mut(),
        _ => None,
    }
}

fn pause(cluster: &mut Cluster, mut object: Object, pause: bool) -> Output {
    let name = object.metadata().name.clone();
    let verb = if pause { "pausing" } else { "resuming" };
    if object.kind() != "Deployment" {
        return Output::err(
            format!(
                "error: {} \"{name}\" {verb} is not supported\n",
                plural(&object)
            ),
            1,
        );
    }
    let paused = decode::<Deployment>(&object, "Deployment").is_some_and(|d| d.is_paused());
    if paused == pause {
        let state = if pause {
            "is already paused"
        } else {
            "is not paused"
        };
        return Output::err(
            format!("error: {} \"{name}\" {state}\n", plural(&object)),
            1,
        );
    }
    if let Some(spec) = spec_mut(&mut object) {
        if pause {
            spec.insert("paused".into(), Value::Bool(true));
        } else {
            spec.remove("paused");
        }
    }
    let done = if pause { "paused" } else { "resumed" };
    match backend::update(cluster, &object) {
        Ok(_) => Output::ok(format!("{}/{name} {done}\n", qualified(&object))),
        Err(e) => Output::err(e, 1),
    }
}

fn restart(cluster: &mut Cluster, mut object: Object) -> Output {
    let name = object.metadata().name.clone();
    if decode::<Deployment>(&object, "Deployment").is_some_and(|d| d.is_paused()) {
        return Output::err(
            format!(
                "error: {} \"{name}\" can't restart paused deployment (run rollout resume first)\n",
                plural(&object)
            ),
            1,
        );
    }
    let now = cluster.now().rfc3339();
    if let Some(spec) = spec_mut(&mut object) {
        let template = spec
            .entry("template")
            .or_insert_with(|| Value::Object(Default::default()));
        if let Some(t) = template.as_object_mut() {
            let metadata = t
                .entry("metadata")
                .or_insert_with(|| Value::Object(Default::default()));
            if let Some(m) = metadata.as_object_mut() {
                let annotations = m
                    .entry("annotations")
                    .or_insert_with(|| Value::Object(Default::default()));
                if let Some(a) = annotations.as_object_mut() {
                    a.insert(
                        "kubectl.kubernetes.io/restartedAt".into(),
                        Value::String(now),
                    );
                }
            }
        }
    }
    match backend::update(cluster, &object) {
        Ok(_) => Output::ok(format!("{}/{name} restarted\n", qualified(&object))),
        Err(e) => Output::err(e, 1),
    }
}
