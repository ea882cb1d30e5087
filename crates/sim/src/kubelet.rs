//! The kubelet: takes a bound pod through image pulls, init containers, container start,
//! readiness, crash back-off and graceful termination (R-4.1 … ), on the timing model
//! in `timing`. Each step is a timer; each visible change is one pod update (one watch row).

use crate::cluster::{Cluster, Timer};
use crate::process::{self, Process};
use crate::store::ObjectKey;
use crate::timing;
use ordinal_api::{Container, ContainerStatus, Object, Pod, PodCondition};
use serde_json::json;

/// What the kubelet does next for a pod. `stage` counts init containers first, then the
/// main containers as one stage (they start together).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum KubeletAction {
    /// First status write after binding: ContainerCreating / Init:0/N, pod IP.
    Start,
    /// Pull the images of a stage.
    Pull {
        stage: usize,
    },
    PullFailed {
        stage: usize,
    },
    PullBackOff {
        stage: usize,
    },
    /// The stage's containers were created and started.
    Started {
        stage: usize,
    },
    /// A main container's readiness probe first succeeded.
    Ready {
        container: usize,
    },
    /// A main container's liveness probe is due (`probes::liveness_check`); `failures` counts
    /// this one if it fails; `restarts` is the restartCount the probe was started for, so a
    /// probe of an earlier run of the container does nothing.
    LivenessFailed {
        container: usize,
        restarts: i32,
        failures: i32,
    },
    /// A main container's startup probe is due; `failures` counts this one if it fails.
    StartupCheck {
        container: usize,
        restarts: i32,
        failures: i32,
    },
    /// A container's process exited by itself.
    Exited {
        stage: usize,
        container: usize,
        code: i32,
    },
    /// A crashed container waits out its back-off (status CrashLoopBackOff).
    CrashBackOff {
        stage: usize,
        container: usize,
    },
    /// Restart the container after the back-off.
    Restart {
        stage: usize,
        container: usize,
    },
    /// Every container stopped after the deletion request.
    Stopped,
    /// The kubelet confirms the deletion; the API server removes the object.
    Remove,
}

/// Per-pod kubelet memory that is not in the pod's status.
#[derive(Debug, Clone, Default)]
pub struct PodRuntime {
    pull_failures: u32,
    /// Consecutive crashes of each container of the current stage.
    crashes: Vec<u32>,
    /// The stage being worked on; timers for other stages are stale.
    stage: usize,
    terminating: bool,
}

/// The bound pod's kubelet starts working on it shortly after binding.
pub(crate) fn admit(cluster: &mut Cluster, key: &ObjectKey, uid: &str) {
    cluster
        .runtimes
        .insert(uid.to_string(), PodRuntime::default());
    let delay = cluster.jitter((100, 400));
    schedule(cluster, key, uid, delay, KubeletAction::Start);
}

fn schedule(
    cluster: &mut Cluster,
    key: &ObjectKey,
    uid: &str,
    after: crate::Duration,
    action: KubeletAction,
) {
    cluster.schedule_timer(
        after,
        Timer::Kubelet {
            pod: key.clone(),
            uid: uid.to_string(),
            action,
        },
    );
}

fn stage_count(pod: &Pod) -> usize {
    pod.spec.init_containers.len() + 1
}

fn is_main(pod: &Pod, stage: usize) -> bool {
    stage == pod.spec.init_containers.len()
}

/// `involvedObject.fieldPath` of a container's events, as the kubelet's container
/// reference has it: `spec.initContainers{name}` in the init stages, `spec.containers{name}`
/// after.
fn container_field_path(pod: &Pod, stage: usize, name: &str) -> String {
    if is_main(pod, stage) {
        format!("spec.containers{{{name}}}")
    } else {
        format!("spec.initContainers{{{name}}}")
    }
}

/// The containers of `stage`, borrowed: the kubelet looks at them on every step of every
/// pod, and a `Container` is a deep structure to copy.
fn stage_containers(pod: &Pod, stage: usize) -> &[Container] {
    if is_main(pod, stage) {
        &pod.spec.containers
    } else {
        pod.spec
            .init_containers
            .get(stage)
            .map_or(&[], std::slice::from_ref)
    }
}

/// The status entry of container `container` of `stage`.
fn status_mut(pod: &mut Pod, stage: usize, container: usize) -> Option<&mut ContainerStatus> {
    if is_main(pod, stage) {
        pod.status.container_statuses.get_mut(container)
    } else {
        pod.status.init_container_statuses.get_mut(stage)
    }
}

fn waiting(reason: &str) -> serde_json::Value {
    json!({"waiting": {"reason": reason}})
}

fn set_condition(pod: &mut Pod, type_: &str, status: bool, now: &str) {
    let value = if status { "True" } else { "False" };
    match pod.status.conditions.iter_mut().find(|c| c.type_ == type_) {
        Some(c) if c.status == value => {}
        Some(c) => {
            c.status = value.into();
            c.last_transition_time = Some(now.into());
        }
        None => pod.status.conditions.push(PodCondition {
            type_: type_.into(),
            status: value.into(),
            last_transition_time: Some(now.into()),
            ..PodCondition::default()
        }),
    }
    // describe shows conditions in this order.
    let rank = |t: &str| match t {
        "PodReadyToStartContainers" => 0,
        "Initialized" => 1,
        "Ready" => 2,
        "ContainersReady" => 3,
        "PodScheduled" => 4,
        _ => 5,
    };
    ordinal_api::order::sort_by_key(&mut pod.status.conditions, |c| rank(&c.type_));
}

/// Recomputes Ready/ContainersReady from the container statuses.
fn refresh_ready(pod: &mut Pod, now: &str) {
    let ready = !pod.status.container_statuses.is_empty()
        && pod.status.container_statuses.iter().all(|s| s.ready)
        && pod.metadata.deletion_timestamp.is_none();
    set_condition(pod, "ContainersReady", ready, now);
    set_condition(pod, "Ready", ready, now);
}

fn pod_node_up(cluster: &Cluster, key: &ObjectKey) -> bool {
    match cluster.store.get(key) {
        Some(Object::Pod(pod)) => pod
            .spec
            .node_name
            .as_deref()
            .is_none_or(|n| !cluster.nodes.exists(n) || cluster.nodes.kubelet_running(n)),
        _ => true,
    }
}

/// The kubelet of a restarted node reports its pods' readiness from their containers again.
pub(crate) fn refresh_ready_after_restart(pod: &mut Pod, now: &str) {
    refresh_ready(pod, now);
}

pub(crate) fn fire(cluster: &mut Cluster, key: &ObjectKey, uid: &str, action: KubeletAction) {
    // A stopped node's kubelet does nothing until the node starts again.
    if crate::node_lifecycle::defer_if_node_down(cluster, key, uid, &action) {
        return;
    }
    // The stored version, shared: the containers are read from it while `pod`, the copy, is
    // changed; actions that change nothing never copy.
    let Some(shared) = cluster.store.get_shared(key) else {
        return;
    };
    let Object::Pod(stored) = &*shared else {
        return;
    };
    if stored.metadata.uid.as_deref() != Some(uid) {
        return;
    }
    let Some(runtime) = cluster.runtimes.get(uid) else {
        return;
    };
    let terminating = runtime.terminating;
    let current_stage = runtime.stage;
    // Once termination began only the termination steps matter.
    if terminating && !matches!(action, KubeletAction::Stopped | KubeletAction::Remove) {
        return;
    }
    let stale = match &action {
        KubeletAction::Pull { stage }
        | KubeletAction::PullFailed { stage }
        | KubeletAction::PullBackOff { stage }
        | KubeletAction::Started { stage }
        | KubeletAction::Exited { stage, .. }
        | KubeletAction::CrashBackOff { stage, .. }
        | KubeletAction::Restart { stage, .. } => *stage != current_stage,
        _ => false,
    };
    if stale {
        return;
    }
    // Pulls and probe checks read the pod; only the other actions change (so copy) it.
    match action {
        KubeletAction::Pull { stage } => return pull(cluster, key, uid, stored, stage),
        KubeletAction::LivenessFailed {
            container,
            restarts,
            failures,
        } => {
            let pod = (key, uid);
            return crate::probes::liveness_check(
                cluster, pod, stored, container, restarts, failures,
            );
        }
        KubeletAction::StartupCheck {
            container,
            restarts,
            failures,
        } => {
            let pod = (key, uid);
            return crate::probes::startup_check(
                cluster, pod, stored, container, restarts, failures,
            );
        }
        _ => {}
    }
    let mut pod = stored.clone();
    let now = cluster.now().rfc3339();
    match action {
        KubeletAction::Start => start(cluster, key, uid, pod, &now),
        // Handled above.
        KubeletAction::Pull { .. }
        | KubeletAction::LivenessFailed { .. }
        | KubeletAction::StartupCheck { .. } => {}
        KubeletAction::PullFailed { stage } => {
            let images: Vec<String> = stage_containers(stored, stage)
                .iter()
                .filter_map(|c| c.image.clone())
                .collect();
            for (i, c) in stage_containers(stored, stage).iter().enumerate() {
                let image = c.image.clone().unwrap_or_default();
                if let Some(error) = cluster.images.pull_error(&image)
                    && let Some(status) = status_mut(&mut pod, stage, i)
                {
                    status.state = Some(json!({"waiting": {
                        "reason": "ErrImagePull",
                        "message": error.clone(),
                    }}));
                    cluster.record_container_event(
                        key,
                        &container_field_path(stored, stage, &c.name),
                        "Warning",
                        "Failed",
                        format!("Failed to pull image \"{image}\": {error}"),
                    );
                    cluster.record_container_event(
                        key,
                        &container_field_path(stored, stage, &c.name),
                        "Warning",
                        "Failed",
                        "Error: ErrImagePull".into(),
                    );
                }
            }
            cluster.write(Object::Pod(pod));
            explain_pull(cluster, key, &images, "ErrImagePull");
            schedule(
                cluster,
                key,
                uid,
                timing::PULL_BACKOFF_REPORT,
                KubeletAction::PullBackOff { stage },
            );
        }
        KubeletAction::PullBackOff { stage } => {
            let failures = match cluster.runtimes.get_mut(uid) {
                Some(r) => {
                    r.pull_failures += 1;
                    r.pull_failures
                }
                None => 1,
            };
            let mut images = Vec::new();
            for (i, c) in stage_containers(stored, stage).iter().enumerate() {
                let image = c.image.clone().unwrap_or_default();
                if let Some(status) = status_mut(&mut pod, stage, i)
                    && status
                        .state
                        .as_ref()
                        .and_then(|s| s.pointer("/waiting/reason"))
                        .and_then(|r| r.as_str())
                        == Some("ErrImagePull")
                {
                    status.state = Some(json!({"waiting": {
                        "reason": "ImagePullBackOff",
                        "message": format!("Back-off pulling image \"{image}\""),
                    }}));
                    cluster.record_container_event(
                        key,
                        &container_field_path(stored, stage, &c.name),
                        "Normal",
                        "BackOff",
                        format!("Back-off pulling image \"{image}\""),
                    );
                    cluster.record_container_event(
                        key,
                        &container_field_path(stored, stage, &c.name),
                        "Warning",
                        "Failed",
                        "Error: ImagePullBackOff".into(),
                    );
                    images.push(image);
                }
            }
            cluster.write(Object::Pod(pod));
            explain_pull(cluster, key, &images, "ImagePullBackOff");
            schedule(
                cluster,
                key,
                uid,
                timing::backoff(failures),
                KubeletAction::Pull { stage },
            );
        }
        KubeletAction::Started { stage } => started(
            cluster,
            (key, uid),
            stage_containers(stored, stage),
            pod,
            stage,
            &now,
        ),
        KubeletAction::Ready { container } => {
            if let Some(status) = pod.status.container_statuses.get_mut(container)
                && status
                    .state
                    .as_ref()
                    .is_some_and(|s| s.get("running").is_some())
            {
                status.ready = true;
                refresh_ready(&mut pod, &now);
                cluster.write(Object::Pod(pod));
            }
        }
        KubeletAction::Exited {
            stage,
            container,
            code,
        } => exited(cluster, key, uid, pod, stage, container, code, &now),
        KubeletAction::CrashBackOff { stage, container } => {
            let crashes = cluster
                .runtimes
                .get(uid)
                .and_then(|r| r.crashes.get(container).copied())
                .unwrap_or(1);
            let name = stage_containers(&pod, stage)
                .get(container)
                .map(|c| c.name.clone())
                .unwrap_or_default();
            if let Some(status) = status_mut(&mut pod, stage, container) {
                let last = status.state.take();
                status.last_state = last;
                status.state = Some(json!({"waiting": {
                    "reason": "CrashLoopBackOff",
                    "message": format!("back-off {}s restarting failed container={name} pod={}_{}({uid})",
                        timing::backoff(crashes).as_millis() / 1000, key.name, key.namespace),
                }}));
            }
            cluster.record_container_event(
                key,
                &container_field_path(&pod, stage, &name),
                "Warning",
                "BackOff",
                format!(
                    "Back-off restarting failed container {name} in pod {}_{}({uid})",
                    key.name, key.namespace
                ),
            );
            cluster.write(Object::Pod(pod));
            cluster.explain(
                key,
                "kubelet",
                vec![(
                    "R-4.3",
                    format!(
                        "container {name} crashed {crashes} time(s); restarting after a {}s back-off",
                        timing::backoff(crashes).as_millis() / 1000
                    ),
                )],
            );
            schedule(
                cluster,
                key,
                uid,
                timing::backoff(crashes),
                KubeletAction::Restart { stage, container },
            );
        }
        KubeletAction::Restart { stage, container } => {
            let Some(spec) = stage_containers(&pod, stage).get(container).cloned() else {
                return;
            };
            if let Some(status) = status_mut(&mut pod, stage, container) {
                status.restart_count += 1;
                status.state = Some(json!({"running": {"startedAt": now}}));
                status.started = Some(true);
            }
            cluster.write(Object::Pod(pod));
            process::start(cluster, key, &spec.name);
            run_process(cluster, key, uid, stage, container, &spec);
        }
        KubeletAction::Stopped => stopped(cluster, key, uid, pod, &now),
        KubeletAction::Remove => {
            pod.metadata.deletion_grace_period_seconds = Some(0);
            let finalized = pod.metadata.finalizers.is_empty();
            cluster.write(Object::Pod(pod));
            if finalized {
                cluster.erase(key);
            }
        }
    }
}

fn explain_pull(cluster: &mut Cluster, key: &ObjectKey, images: &[String], reason: &str) {
    let reasons = images
        .iter()
        .map(|image| {
            let detail = cluster
                .images
                .pull_error(image)
                .unwrap_or_else(|| "pull failed".into());
            (
                "R-4.3",
                format!("{reason}: image \"{image}\" cannot be pulled ({detail})"),
            )
        })
        .collect();
    cluster.explain(key, "kubelet", reasons);
}

fn start(cluster: &mut Cluster, key: &ObjectKey, uid: &str, mut pod: Pod, now: &str) {
    let node = pod.spec.node_name.clone().unwrap_or_default();
    pod.status.host_ip = Some(cluster.nodes.host_ip(&node));
    pod.status.pod_ip = Some(cluster.nodes.allocate_ip(&node));
    pod.status.start_time = Some(now.to_string());
    let has_init = !pod.spec.init_containers.is_empty();
    let status_of = |c: &Container, reason: &str| ContainerStatus {
        name: c.name.clone(),
        image: c.image.clone(),
        started: Some(false),
        state: Some(waiting(reason)),
        ..ContainerStatus::default()
    };
    pod.status.init_container_statuses = pod
        .spec
        .init_containers
        .iter()
        .map(|c| status_of(c, "PodInitializing"))
        .collect();
    let main_reason = if has_init {
        "PodInitializing"
    } else {
        "ContainerCreating"
    };
    pod.status.container_statuses = pod
        .spec
        .containers
        .iter()
        .map(|c| status_of(c, main_reason))
        .collect();
    set_condition(&mut pod, "PodReadyToStartContainers", true, now);
    set_condition(&mut pod, "Initialized", !has_init, now);
    refresh_ready(&mut pod, now);
    cluster.write(Object::Pod(pod));
    // The pulls read the version just written, shared instead of copied.
    if let Some(written) = cluster.store.get_shared(key)
        && let Object::Pod(pod) = &*written
    {
        pull(cluster, key, uid, pod, 0);
    }
}

/// Pulls the stage's images (cached per node) and schedules the start, or the failure.
fn pull(cluster: &mut Cluster, key: &ObjectKey, uid: &str, pod: &Pod, stage: usize) {
    let node = pod.spec.node_name.clone().unwrap_or_default();
    let mut longest = crate::Duration(0);
    let mut failed = false;
    for container in stage_containers(pod, stage) {
        let image = container.image.clone().unwrap_or_default();
        if cluster.images.pull_error(&image).is_some() {
            failed = true;
            continue;
        }
        let policy = container
            .image_pull_policy
            .clone()
            .unwrap_or_else(|| ordinal_api::defaults::image_pull_policy(&image).into());
        let cached = cluster.nodes.has_image(&node, &image);
        let took = if cached && policy != "Always" {
            cluster.record_container_event(
                key,
                &container_field_path(pod, stage, &container.name),
                "Normal",
                "Pulled",
                format!("Container image \"{image}\" already present on machine"),
            );
            crate::Duration(0)
        } else {
            let took = if cached {
                cluster.jitter(timing::CACHED_PULL_MS)
            } else {
                cluster.jitter(timing::FIRST_PULL_MS)
            };
            cluster.record_container_event(
                key,
                &container_field_path(pod, stage, &container.name),
                "Normal",
                "Pulling",
                format!("Pulling image \"{image}\""),
            );
            let secs = took.as_millis() as f64 / 1000.0;
            cluster.record_container_event(
                key,
                &container_field_path(pod, stage, &container.name),
                "Normal",
                "Pulled",
                format!(
                    "Successfully pulled image \"{image}\" in {secs:.3}s ({secs:.3}s including waiting). Image size: {} bytes.",
                    image_size(&image)
                ),
            );
            took
        };
        cluster.nodes.mark_pulled(&node, &image);
        longest = longest.max(took);
    }
    if failed {
        let delay = cluster.jitter(timing::FAILED_PULL_MS);
        schedule(
            cluster,
            key,
            uid,
            delay,
            KubeletAction::PullFailed { stage },
        );
    } else {
        let after = crate::Duration(longest.as_millis() + timing::CONTAINER_START.as_millis());
        schedule(cluster, key, uid, after, KubeletAction::Started { stage });
    }
}

/// A made-up but stable image size for the `Pulled` event.
fn image_size(image: &str) -> u64 {
    let hash = image.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    20_000_000 + hash % 80_000_000
}

/// The stage's `containers` (read from the stored pod, so `pod`, the copy, can change) were
/// created and started.
fn started(
    cluster: &mut Cluster,
    (key, uid): (&ObjectKey, &str),
    containers: &[Container],
    mut pod: Pod,
    stage: usize,
    now: &str,
) {
    if let Some(r) = cluster.runtimes.get_mut(uid) {
        r.pull_failures = 0;
    }
    for (i, c) in containers.iter().enumerate() {
        if let Some(status) = status_mut(&mut pod, stage, i) {
            status.state = Some(json!({"running": {"startedAt": now}}));
            status.started = Some(true);
        }
        cluster.record_container_event(
            key,
            &container_field_path(&pod, stage, &c.name),
            "Normal",
            "Created",
            format!("Created container: {}", c.name),
        );
        cluster.record_container_event(
            key,
            &container_field_path(&pod, stage, &c.name),
            "Normal",
            "Started",
            format!("Started container {}", c.name),
        );
    }
    if is_main(&pod, stage) {
        pod.status.phase = Some("Running".into());
        // A container without a readiness probe is ready as soon as it runs, in the
        // same status update: `ContainerCreating` → `1/1 Running` is one row.
        for (status, c) in pod.status.container_statuses.iter_mut().zip(containers) {
            status.state = Some(json!({"running": {"startedAt": now}}));
            status.ready = c.readiness_probe.is_none()
                && !c.extra.contains_key("startupProbe")
                && process::classify(c, &cluster.images).runs_a_while();
        }
        refresh_ready(&mut pod, now);
    }
    cluster.write(Object::Pod(pod));
    cluster.explain(key, "kubelet", Vec::new());
    for c in containers {
        process::start(cluster, key, &c.name);
    }
    for (i, c) in containers.iter().enumerate() {
        run_process(cluster, key, uid, stage, i, c);
    }
}

/// Schedules what a freshly (re)started container does: exit, or become ready.
fn run_process(
    cluster: &mut Cluster,
    key: &ObjectKey,
    uid: &str,
    stage: usize,
    index: usize,
    container: &Container,
) {
    let Process { exits, .. } = process::classify(container, &cluster.images);
    if let Some((after_ms, code)) = exits {
        schedule(
            cluster,
            key,
            uid,
            crate::Duration(after_ms.max(100)),
            KubeletAction::Exited {
                stage,
                container: index,
                code,
            },
        );
    }
    let Some(Object::Pod(pod)) = cluster.store.get(key) else {
        return;
    };
    if !is_main(pod, stage) {
        return;
    }
    let restarts = pod
        .status
        .container_statuses
        .get(index)
        .map_or(0, |s| s.restart_count);
    // A startup probe that can fail is asked each period; liveness and readiness wait for
    // its first success (`probes::startup_check`).
    if let Some(startup) = crate::probes::startup_probe(container)
        && crate::probes::may_fail(&cluster.images, container, &startup)
    {
        let jitter = cluster.jitter(timing::PROBE_JITTER_MS);
        schedule(
            cluster,
            key,
            uid,
            crate::Duration(
                crate::probes::initial_delay(&startup).as_millis() + jitter.as_millis(),
            ),
            KubeletAction::StartupCheck {
                container: index,
                restarts,
                failures: 1,
            },
        );
        return;
    }
    // A startup probe that cannot fail succeeds at its first try, after initialDelaySeconds.
    let startup_ms = match container.extra.get("startupProbe") {
        Some(startup) => {
            let delay = startup
                .get("initialDelaySeconds")
                .and_then(serde_json::Value::as_u64)
                .unwrap_or(0);
            delay * 1000 + cluster.jitter(timing::PROBE_JITTER_MS).as_millis()
        }
        None => 0,
    };
    schedule_probes(cluster, key, uid, (index, container), restarts, startup_ms);
}

/// Schedules the liveness and readiness probes of a started container, `startup_ms` after
/// now (when its startup probe succeeds).
pub(crate) fn schedule_probes(
    cluster: &mut Cluster,
    key: &ObjectKey,
    uid: &str,
    (index, container): (usize, &Container),
    restarts: i32,
    startup_ms: u64,
) {
    let Process { exits, .. } = process::classify(container, &cluster.images);
    if let Some(probe) = &container.liveness_probe
        && crate::probes::may_fail(&cluster.images, container, probe)
    {
        let delay = u64::try_from(probe.initial_delay_seconds.unwrap_or(0)).unwrap_or(0) * 1000;
        let jitter = cluster.jitter(timing::PROBE_JITTER_MS).as_millis();
        schedule(
            cluster,
            key,
            uid,
            crate::Duration(startup_ms + delay + jitter),
            KubeletAction::LivenessFailed {
                container: index,
                restarts,
                failures: 1,
            },
        );
    }
    let Some(Object::Pod(pod)) = cluster.store.get(key) else {
        return;
    };
    match &container.readiness_probe {
        // No probe: a fresh start marked it ready already; a restart after a crash does here.
        None if startup_ms > 0 => schedule(
            cluster,
            key,
            uid,
            crate::Duration(startup_ms),
            KubeletAction::Ready { container: index },
        ),
        None => {
            let ready = pod
                .status
                .container_statuses
                .get(index)
                .is_some_and(|s| s.ready);
            if !ready && exits.is_none_or(|(after, _)| after > 0) {
                let mut pod = pod.clone();
                if let Some(status) = pod.status.container_statuses.get_mut(index) {
                    status.ready = true;
                }
                refresh_ready(&mut pod, &cluster.now().rfc3339());
                cluster.write(Object::Pod(pod));
            }
        }
        Some(probe) => {
            let delay = u64::try_from(probe.initial_delay_seconds.unwrap_or(0)).unwrap_or(0) * 1000;
            let jitter = cluster.jitter(timing::PROBE_JITTER_MS).as_millis();
            schedule(
                cluster,
                key,
                uid,
                crate::Duration(startup_ms + delay + jitter),
                KubeletAction::Ready { container: index },
            );
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn exited(
    cluster: &mut Cluster,
    key: &ObjectKey,
    uid: &str,
    mut pod: Pod,
    stage: usize,
    container: usize,
    code: i32,
    now: &str,
) {
    let mut code = code;
    if let Some(c) = stage_containers(&pod, stage).get(container) {
        // The real run's status wins over the dry run's (which could not ask the cluster).
        code = process::stop(cluster, uid, &c.name).unwrap_or(code);
    }
    let reason = if code == 0 { "Completed" } else { "Error" };
    // The prober manager reports an init container that finished successfully as ready.
    let init_done = !is_main(&pod, stage) && code == 0;
    let started_at = status_mut(&mut pod, stage, container)
        .and_then(|s| s.state.as_ref()?.pointer("/running/startedAt").cloned());
    if let Some(status) = status_mut(&mut pod, stage, container) {
        status.ready = init_done;
        status.state = Some(json!({"terminated": {
            "exitCode": code, "reason": reason, "startedAt": started_at, "finishedAt": now,
        }}));
    }
    if !is_main(&pod, stage) && code == 0 {
        // Init container done: the next stage begins.
        let next = stage + 1;
        if let Some(r) = cluster.runtimes.get_mut(uid) {
            r.stage = next;
            r.crashes.clear();
        }
        if is_main(&pod, next) {
            set_condition(&mut pod, "Initialized", true, now);
            // kubectl shows `PodInitializing` until the main containers run.
            for status in &mut pod.status.container_statuses {
                status.state = Some(waiting("PodInitializing"));
            }
        }
        cluster.write(Object::Pod(pod.clone()));
        if next < stage_count(&pod) {
            pull(cluster, key, uid, &pod, next);
        }
        return;
    }
    refresh_ready(&mut pod, now);
    // restartPolicy Never (and OnFailure after a success, as `kubectl run --restart=Never`
    // pods use): the container stays terminated; when all have, the phase is final.
    let restarts = match pod.spec.restart_policy.as_deref() {
        Some("Never") => false,
        Some("OnFailure") => code != 0,
        _ => true,
    };
    if !restarts {
        let exit_codes: Vec<Option<i64>> = pod
            .status
            .container_statuses
            .iter()
            .map(|s| {
                s.state
                    .as_ref()
                    .and_then(|st| st.pointer("/terminated/exitCode"))
                    .and_then(serde_json::Value::as_i64)
            })
            .collect();
        if exit_codes.iter().all(Option::is_some) {
            let failed = exit_codes.iter().any(|c| *c != Some(0));
            pod.status.phase = Some(if failed { "Failed" } else { "Succeeded" }.into());
            set_condition(&mut pod, "PodReadyToStartContainers", false, now);
            // A finished pod's requests are free on its node.
            cluster.nodes.pod_status_written(key, &pod);
        }
        cluster.write(Object::Pod(pod));
        return;
    }
    cluster.write(Object::Pod(pod));
    // restartPolicy Always (the only one a StatefulSet allows): restart with back-off.
    if let Some(r) = cluster.runtimes.get_mut(uid) {
        if r.crashes.len() <= container {
            r.crashes.resize(container + 1, 0);
        }
        r.crashes[container] += 1;
    }
    schedule(
        cluster,
        key,
        uid,
        crate::Duration::from_secs(1),
        KubeletAction::CrashBackOff { stage, container },
    );
}

/// The API server marked the pod for deletion: SIGTERM now, SIGKILL at the grace deadline.
pub(crate) fn terminate(cluster: &mut Cluster, key: &ObjectKey, grace_seconds: i64) {
    // Shared, so the running containers are borrowed from it, not copied.
    let Some(shared) = cluster.store.get_shared(key) else {
        return;
    };
    let Object::Pod(pod) = &*shared else {
        return;
    };
    let Some(uid) = pod.metadata.uid.clone() else {
        return;
    };
    let grace_ms = u64::try_from(grace_seconds).unwrap_or(0) * 1000;
    let running: Vec<&Container> = pod
        .spec
        .containers
        .iter()
        .zip(&pod.status.container_statuses)
        .filter(|(_, s)| {
            s.state
                .as_ref()
                .is_some_and(|st| st.get("running").is_some())
        })
        .map(|(c, _)| c)
        .collect();
    let Some(runtime) = cluster.runtimes.get_mut(&uid) else {
        return;
    };
    if runtime.terminating {
        return;
    }
    runtime.terminating = true;
    // A stopped node's kubelet kills nothing (and says nothing) until it comes back.
    let node_up = pod_node_up(cluster, key);
    for c in running.iter().filter(|_| node_up) {
        cluster.record_container_event(
            key,
            &crate::probes::field_path(c),
            "Normal",
            "Killing",
            format!("Stopping container {}", c.name),
        );
    }
    let mut last_exit = 0;
    for c in &running {
        let p = process::classify(c, &cluster.images);
        let exit = if p.ignores_sigterm {
            grace_ms
        } else {
            cluster
                .jitter(timing::SERVER_EXIT_MS)
                .as_millis()
                .min(grace_ms)
        };
        last_exit = last_exit.max(exit);
    }
    if running.is_empty() {
        last_exit = cluster.jitter((100, 500)).as_millis();
    }
    schedule(
        cluster,
        key,
        &uid,
        crate::Duration(last_exit),
        KubeletAction::Stopped,
    );
}

fn stopped(cluster: &mut Cluster, key: &ObjectKey, uid: &str, mut pod: Pod, now: &str) {
    for c in &pod.spec.containers {
        process::stop(cluster, uid, &c.name);
    }
    let deadline = pod
        .metadata
        .deletion_timestamp
        .as_deref()
        .and_then(crate::Time::from_rfc3339);
    let killed_at_deadline = deadline.is_some_and(|d| cluster.now() >= d);
    let mut all_zero = true;
    let any_ran = pod.status.container_statuses.iter().any(|s| {
        s.state
            .as_ref()
            .is_some_and(|st| st.get("running").is_some() || st.get("terminated").is_some())
    });
    if !any_ran {
        // Nothing ever started (still pulling, or ImagePullBackOff): no terminal status to
        // report; the pod stays `Terminating` until it is removed.
        schedule(
            cluster,
            key,
            uid,
            timing::REMOVE_AFTER_EXIT,
            KubeletAction::Remove,
        );
        return;
    }
    let images = &cluster.images;
    for (c, status) in (pod.spec.containers.iter()).zip(pod.status.container_statuses.iter_mut()) {
        let was_running = status
            .state
            .as_ref()
            .is_some_and(|s| s.get("running").is_some());
        if !was_running {
            all_zero &= status
                .state
                .as_ref()
                .and_then(|s| s.pointer("/terminated/exitCode"))
                .and_then(|c| c.as_i64())
                .is_none_or(|c| c == 0);
            continue;
        }
        let sigkill = process::classify(c, images).ignores_sigterm && killed_at_deadline;
        let (code, reason) = if sigkill {
            (137, "Error")
        } else {
            (0, "Completed")
        };
        all_zero &= code == 0;
        let started_at = status
            .state
            .as_ref()
            .and_then(|s| s.pointer("/running/startedAt").cloned());
        status.ready = false;
        status.state = Some(json!({"terminated": {
            "exitCode": code, "reason": reason, "startedAt": started_at, "finishedAt": now,
        }}));
    }
    pod.status.phase = Some(if all_zero { "Succeeded" } else { "Failed" }.into());
    refresh_ready(&mut pod, now);
    // A finished pod's requests are free on its node.
    cluster.nodes.pod_status_written(key, &pod);
    cluster.write(Object::Pod(pod));
    schedule(
        cluster,
        key,
        uid,
        timing::REMOVE_AFTER_EXIT,
        KubeletAction::Remove,
    );
}
