//! `kubectl rollout status|history|undo|restart|pause|resume` for StatefulSets (R-7.1,
//!

use crate::args::Args;
use crate::backend;
use crate::kubectl::timeout;
use crate::shell::{Output, Shell};
use crate::table;
use crate::verbs::resolve;
use ordinal_api::{Object, StatefulSet};
use ordinal_sim::statefulset::revision::{revision_data, revision_number, revision_template};
use ordinal_sim::{Cluster, ObjectKey};

/// One line of `rollout status` for the set's current state, and whether the rollout is done.
pub fn status_line(set: &StatefulSet) -> Result<(String, bool), String> {
    let strategy = set.spec.update_strategy.clone().unwrap_or_default();
    if strategy.type_.as_deref().unwrap_or("RollingUpdate") != "RollingUpdate" {
        return Err(
            "error: rollout status is only available for RollingUpdate strategy type\n".into(),
        );
    }
    let observed = set.status.observed_generation.unwrap_or(0);
    if observed == 0 || observed < set.metadata.generation.unwrap_or(0) {
        return Ok((
            "Waiting for statefulset spec update to be observed...\n".into(),
            false,
        ));
    }
    let replicas = set.spec.replicas.unwrap_or(1);
    let ready = set.status.ready_replicas.unwrap_or(0);
    if ready < replicas {
        return Ok((
            format!("Waiting for {} pods to be ready...\n", replicas - ready),
            false,
        ));
    }
    let updated = set.status.updated_replicas.unwrap_or(0);
    if let Some(partition) = strategy.rolling_update.as_ref().and_then(|r| r.partition) {
        let target = replicas - partition;
        if updated < target {
            return Ok((
                format!(
                    "Waiting for partitioned roll out to finish: {updated} out of {target} new pods have been updated...\n"
                ),
                false,
            ));
        }
        return Ok((
            format!("partitioned roll out complete: {updated} new pods have been updated...\n"),
            true,
        ));
    }
    let update_revision = set.status.update_revision.clone().unwrap_or_default();
    let current_revision = set.status.current_revision.clone().unwrap_or_default();
    if update_revision != current_revision {
        return Ok((
            format!(
                "waiting for statefulset rolling update to complete {updated} pods at revision {update_revision}...\n"
            ),
            false,
        ));
    }
    Ok((
        format!(
            "statefulset rolling update complete {} pods at revision {current_revision}...\n",
            set.status.current_replicas.unwrap_or(0)
        ),
        true,
    ))
}

fn one_set(cluster: &Cluster, args: &Args, namespace: &str) -> Result<StatefulSet, String> {
    let positional: Vec<String> = args.positional.iter().skip(1).cloned().collect();
    let mut found = resolve(cluster, &positional, namespace)?;
    match found.pop() {
        Some((_, Object::StatefulSet(set))) if found.is_empty() => Ok(set),
        Some((t, _)) => Err(format!(
            "error: no rollout support for {} in Ordinal\n",
            t.qualified_plural()
        )),
        None => Err(REQUIRED_RESOURCE.into()),
    }
}

/// Follows the set through watch events, one line per update (lines may repeat), until done.
fn status(shell: &mut Shell, args: &Args, namespace: &str) -> Output {
    let set = match one_set(&shell.cluster, args, namespace) {
        Ok(s) => s,
        Err(e) => return Output::err(e, 1),
    };
    let key = ObjectKey::new("StatefulSet", namespace, &set.metadata.name);
    let mut out = Output::default();
    match status_line(&set) {
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
    loop {
        let more = shell.advance_towards(deadline);
        let log = shell.cluster.store().watch_log();
        for event in log.get(cursor..).unwrap_or_default() {
            let Object::StatefulSet(updated) = &*event.object else {
                continue;
            };
            if ObjectKey::of(&event.object) != key {
                continue;
            }
            match status_line(updated) {
                Ok((line, done)) => {
                    out.stdout.push_str(&line);
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

/// The set's ControllerRevisions, oldest first.
fn revisions(cluster: &Cluster, set: &StatefulSet) -> Vec<Object> {
    let mut revisions: Vec<Object> = backend::list(
        cluster,
        "ControllerRevision",
        set.metadata.namespace.as_deref(),
    )
    .into_iter()
    .filter(|r| {
        r.metadata()
            .owner_references
            .iter()
            .any(|o| o.kind == "StatefulSet" && Some(&o.uid) == set.metadata.uid.as_ref())
    })
    .collect();
    ordinal_api::order::sort_by_key(&mut revisions, revision_number);
    revisions
}

fn history(cluster: &Cluster, args: &Args, namespace: &str) -> Output {
    let set = match one_set(cluster, args, namespace) {
        Ok(s) => s,
        Err(e) => return Output::err(e, 1),
    };
    let revisions = revisions(cluster, &set);
    if let Some(wanted) = args.value("revision").filter(|r| *r != "0") {
        let found = revisions
            .iter()
            .find(|r| revision_number(r).to_string() == wanted);
        return match found.and_then(revision_template) {
            Some(template) => {
                let mut text = format!(
                    "statefulset.apps/{} with revision #{wanted}\n",
                    set.metadata.name
                );
                text.push_str(&crate::verbs::describe::template_report(&template));
                Output::ok(text)
            }
            None => Output::err(
                "error: unable to find the specified revision\n".to_string(),
                1,
            ),
        };
    }
    let mut rows = vec![vec!["REVISION".to_string(), "CHANGE-CAUSE".to_string()]];
    for r in &revisions {
        let cause = r
            .metadata()
            .annotations
            .get("kubernetes.io/change-cause")
            .cloned()
            .unwrap_or_else(|| "<none>".into());
        rows.push(vec![revision_number(r).to_string(), cause]);
    }
    // kubectl's history printer uses a tabwriter with padding 2.
    let text = table::render_padded(&rows, 2);
    Output::ok(format!("statefulset.apps/{} \n{text}\n", set.metadata.name))
}

fn undo(cluster: &mut Cluster, args: &Args, namespace: &str) -> Output {
    let mut set = match one_set(cluster, args, namespace) {
        Ok(s) => s,
        Err(e) => return Output::err(e, 1),
    };
    let revisions = revisions(cluster, &set);
    let to = args
        .value("to-revision")
        .and_then(|r| r.parse::<i64>().ok())
        .unwrap_or(0);
    let target = if to == 0 {
        if revisions.len() < 2 {
            return Output::err("error: no last revision to roll back to\n".into(), 1);
        }
        revisions.get(revisions.len() - 2)
    } else {
        match revisions.iter().find(|r| revision_number(r) == to) {
            Some(r) => Some(r),
            None => {
                return Output::err(
                    format!("error: unable to find specified revision {to} in history\n"),
                    1,
                );
            }
        }
    };
    let Some(template) = target.and_then(revision_template) else {
        return Output::err("error: no last revision to roll back to\n".into(), 1);
    };
    let number = target.map(revision_number).unwrap_or(0);
    let name = set.metadata.name.clone();
    if revision_data(&template) == revision_data(&set.spec.template) {
        return Output::ok(format!(
            "statefulset.apps/{name} skipped rollback (current template already matches revision {number})\n"
        ));
    }
    set.spec.template = Box::new(template);
    match backend::update(cluster, &Object::StatefulSet(set)) {
        Ok(_) => Output::ok(format!("statefulset.apps/{name} rolled back\n")),
        Err(e) => Output::err(e, 1),
    }
}

fn restart(cluster: &mut Cluster, args: &Args, namespace: &str) -> Output {
    let mut set = match one_set(cluster, args, namespace) {
        Ok(s) => s,
        Err(e) => return Output::err(e, 1),
    };
    let name = set.metadata.name.clone();
    set.spec.template.metadata.annotations.insert(
        "kubectl.kubernetes.io/restartedAt".into(),
        cluster.now().rfc3339(),
    );
    match backend::update(cluster, &Object::StatefulSet(set)) {
        Ok(_) => Output::ok(format!("statefulset.apps/{name} restarted\n")),
        Err(e) => Output::err(e, 1),
    }
}

/// Every `rollout` subcommand's Validate refuses an empty resource list (no TYPE/NAME and
/// no `-f`) with this, before any lookup; the builder's longer "You must provide one or more
/// resources" text is never reached.
const REQUIRED_RESOURCE: &str = "error: required resource not specified\n";

const SUBCOMMANDS: &[&str] = &["status", "history", "undo", "restart", "pause", "resume"];

pub fn run(shell: &mut Shell, args: &Args, namespace: &str) -> Output {
    if let Some(help) = crate::verbs::group_help::for_group("rollout", args) {
        return help;
    }
    if let [sub] = args.positional.as_slice()
        && SUBCOMMANDS.contains(&sub.as_str())
        && !args.has("filename")
    {
        return Output::err(REQUIRED_RESOURCE.into(), 1);
    }
    if let Some(out) = crate::verbs::rollout_workloads::run(shell, args, namespace) {
        return out;
    }
    let sub = args.positional.first().map(String::as_str);
    match sub {
        Some("status") => status(shell, args, namespace),
        Some("history") => history(&shell.cluster, args, namespace),
        Some("undo") => undo(&mut shell.cluster, args, namespace),
        Some("restart") => restart(&mut shell.cluster, args, namespace),
        Some(verb @ ("pause" | "resume")) => match one_set(&shell.cluster, args, namespace) {
            Ok(set) => Output::err(
                format!(
                    "error: statefulsets.apps \"{}\" {}ing is not supported\n",
                    set.metadata.name,
                    verb.trim_end_matches('e')
                ),
                1,
            ),
            Err(e) => Output::err(e, 1),
        },
        Some(_) => Output::err(
            format!(
                "error: unknown command \"{}\"\nSee 'kubectl rollout -h' for help and examples\n",
                args.positional.join(" ")
            ),
            1,
        ),
        None => Output::err(REQUIRED_RESOURCE.into(), 1),
    }
}
