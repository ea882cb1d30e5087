//! The kubelet's prober: what a liveness or startup probe gets from a container, and
//! the kill that follows `failureThreshold` consecutive failures.
//!
//! How each handler is simulated:
//! - `httpGet`: the simulated servers serve `/` and `/index.html` (nginx's default site); any
//!   other path is a 404 (`HTTP probe failed with statuscode: 404`).
//! - `exec`: the command runs in the container's shell (`sim::shell`) over its files, as
//!   `kubectl exec` would; a non-zero exit fails with the command's output as the message. A
//!   program the shell does not know is the image's own health tool (`zookeeper-ready 2181`,
//!   `pg_isready`) and reports healthy.
//!   Its result can change while the container runs (`rm /tmp/healthy`), so an exec probe is
//!   asked every period; the others are fixed for a container's run and cost no timers while
//!   they pass.
//! - `tcpSocket`: the container listens on a port when the port is declared in its `ports[]`
//!   (by number or name), its process runs until stopped, and its image is a server (any
//!   image not catalogued as a shell). Otherwise the dial is refused
//!   (`dial tcp 10.244.1.5:8080: connect: connection refused`).
//! - `grpc` and probes without a handler succeed.

use crate::cluster::{Cluster, Timer};
use crate::images::{DefaultProcess, ImageCatalogue};
use crate::kubelet::KubeletAction;
use crate::store::ObjectKey;
use crate::{Duration, process, timing};
use ordinal_api::{Container, Pod, Probe};
use serde_json::Value;

/// Whether the probe's result can change during one run of the container.
pub(crate) fn is_dynamic(probe: &Probe) -> bool {
    probe.extra.contains_key("exec")
}

/// Whether the probe can fail during this run: exec probes may; the others when their fixed
/// result is a failure.
pub(crate) fn may_fail(images: &ImageCatalogue, container: &Container, probe: &Probe) -> bool {
    is_dynamic(probe) || fixed_failure(images, container, probe, "").is_some()
}

/// The startup probe of a container (kept in `extra`: the typed container has no field).
pub(crate) fn startup_probe(container: &Container) -> Option<Probe> {
    ordinal_api::decode::from_value(container.extra.get("startupProbe")?.clone()).ok()
}

/// Runs the probe once: `None` when it succeeds, else the prober's message.
pub(crate) fn run(
    cluster: &mut Cluster,
    key: &ObjectKey,
    pod: &Pod,
    container: &Container,
    probe: &Probe,
) -> Option<String> {
    if let Some(exec) = probe.extra.get("exec") {
        let argv: Vec<String> = exec
            .get("command")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default();
        return match cluster.exec_probe(key, &container.name, &argv) {
            Ok(out) if out.exit_code == 0 => None,
            Ok(out) => Some(
                format!("{}{}", out.stdout, out.stderr)
                    .trim_end()
                    .to_string(),
            ),
            Err(error) => Some(error),
        };
    }
    let ip = pod.status.pod_ip.as_deref().unwrap_or("");
    fixed_failure(&cluster.images, container, probe, ip)
}

/// The result of an httpGet or tcpSocket probe, which depends only on the container's spec.
fn fixed_failure(
    images: &ImageCatalogue,
    container: &Container,
    probe: &Probe,
    pod_ip: &str,
) -> Option<String> {
    if let Some(http) = probe.extra.get("httpGet") {
        let path = http.get("path").and_then(Value::as_str).unwrap_or("/");
        return match path {
            "" | "/" | "/index.html" => None,
            _ => Some("HTTP probe failed with statuscode: 404".into()),
        };
    }
    let tcp = probe.extra.get("tcpSocket")?;
    let declared = container.ports.iter().find(|p| match tcp.get("port") {
        Some(Value::Number(n)) => n.as_i64() == Some(i64::from(p.container_port)),
        Some(Value::String(s)) => {
            p.name.as_deref() == Some(s.as_str()) || s.parse() == Ok(p.container_port)
        }
        _ => false,
    });
    let port = match (declared, tcp.get("port")) {
        (Some(p), _) => p.container_port.to_string(),
        (None, Some(v)) => v.as_str().map_or_else(|| v.to_string(), String::from),
        (None, None) => String::new(),
    };
    let image = container.image.as_deref().unwrap_or("");
    let serves = process::classify(container, images).exits.is_none()
        && images.default_process(image) == DefaultProcess::Server;
    if declared.is_some() && serves {
        return None;
    }
    Some(format!(
        "dial tcp {pod_ip}:{port}: connect: connection refused"
    ))
}

/// `spec.containers{name}`: the field path of a main container's events.
pub(crate) fn field_path(container: &Container) -> String {
    format!("spec.containers{{{}}}", container.name)
}

/// After `failureThreshold` failures the kubelet kills the container (`Killing`), which then
/// restarts with the crash back-off. A server stops at SIGTERM (exit 0); a process that
/// ignores SIGTERM (a shell as PID 1) is killed at the grace deadline (exit 137).
pub(crate) fn kill(
    cluster: &mut Cluster,
    (key, uid): (&ObjectKey, &str),
    pod: &Pod,
    (stage, index): (usize, usize),
    container: &Container,
    probe_type: &str,
) {
    cluster.record_container_event(
        key,
        &field_path(container),
        "Normal",
        "Killing",
        format!(
            "Container {} failed {probe_type} probe, will be restarted",
            container.name
        ),
    );
    let (after, code) = if process::classify(container, &cluster.images).ignores_sigterm {
        let grace = pod
            .spec
            .termination_grace_period_seconds
            .unwrap_or(30)
            .max(0);
        (Duration::from_secs(u64::try_from(grace).unwrap_or(30)), 137)
    } else {
        (cluster.jitter(timing::SERVER_EXIT_MS), 0)
    };
    cluster.schedule_timer(
        after,
        Timer::Kubelet {
            pod: key.clone(),
            uid: uid.to_string(),
            action: KubeletAction::Exited {
                stage,
                container: index,
                code,
            },
        },
    );
}

/// The probe's period.
pub(crate) fn period(probe: &Probe) -> Duration {
    Duration::from_secs(u64::try_from(probe.period_seconds.unwrap_or(10).max(1)).unwrap_or(10))
}

/// The probe's initial delay.
pub(crate) fn initial_delay(probe: &Probe) -> Duration {
    Duration::from_secs(u64::try_from(probe.initial_delay_seconds.unwrap_or(0)).unwrap_or(0))
}

/// Whether the container is still in the run a probe was started for.
fn still_running(pod: &Pod, index: usize, restarts: i32) -> bool {
    pod.status.container_statuses.get(index).is_some_and(|s| {
        s.restart_count == restarts
            && s.state
                .as_ref()
                .is_some_and(|st| st.get("running").is_some())
    })
}

/// The main containers' stage (after the init containers).
fn main_stage(pod: &Pod) -> usize {
    pod.spec.init_containers.len()
}

/// A liveness probe is due: on failure an `Unhealthy` event; after `failureThreshold`
/// consecutive failures the kill. A passing exec probe is asked again next period.
pub(crate) fn liveness_check(
    cluster: &mut Cluster,
    (key, uid): (&ObjectKey, &str),
    pod: &Pod,
    index: usize,
    restarts: i32,
    failures: i32,
) {
    let Some(container) = pod.spec.containers.get(index) else {
        return;
    };
    let Some(probe) = container.liveness_probe.as_ref() else {
        return;
    };
    if !still_running(pod, index, restarts) {
        return;
    }
    let Some(why) = run(cluster, key, pod, container, probe) else {
        if is_dynamic(probe) {
            again(cluster, (key, uid), probe, index, restarts, 1, false);
        }
        return;
    };
    cluster.record_container_event(
        key,
        &field_path(container),
        "Warning",
        "Unhealthy",
        format!("Liveness probe failed: {why}"),
    );
    if failures < probe.failure_threshold.unwrap_or(3).max(1) {
        again(
            cluster,
            (key, uid),
            probe,
            index,
            restarts,
            failures + 1,
            false,
        );
        return;
    }
    kill(
        cluster,
        (key, uid),
        pod,
        (main_stage(pod), index),
        container,
        "liveness",
    );
}

/// A startup probe is due: its first success lets liveness and readiness begin; each
/// failure is an `Unhealthy` event, and `failureThreshold` of them kill the container.
pub(crate) fn startup_check(
    cluster: &mut Cluster,
    (key, uid): (&ObjectKey, &str),
    pod: &Pod,
    index: usize,
    restarts: i32,
    failures: i32,
) {
    let Some(container) = pod.spec.containers.get(index) else {
        return;
    };
    let Some(probe) = startup_probe(container) else {
        return;
    };
    if !still_running(pod, index, restarts) {
        return;
    }
    let Some(why) = run(cluster, key, pod, container, &probe) else {
        crate::kubelet::schedule_probes(cluster, key, uid, (index, container), restarts, 0);
        return;
    };
    cluster.record_container_event(
        key,
        &field_path(container),
        "Warning",
        "Unhealthy",
        format!("Startup probe failed: {why}"),
    );
    if failures < probe.failure_threshold.unwrap_or(3).max(1) {
        again(
            cluster,
            (key, uid),
            &probe,
            index,
            restarts,
            failures + 1,
            true,
        );
        return;
    }
    kill(
        cluster,
        (key, uid),
        pod,
        (main_stage(pod), index),
        container,
        "startup",
    );
}

/// Asks the probe again after its period.
fn again(
    cluster: &mut Cluster,
    (key, uid): (&ObjectKey, &str),
    probe: &Probe,
    container: usize,
    restarts: i32,
    failures: i32,
    startup: bool,
) {
    let action = if startup {
        KubeletAction::StartupCheck {
            container,
            restarts,
            failures,
        }
    } else {
        KubeletAction::LivenessFailed {
            container,
            restarts,
            failures,
        }
    };
    cluster.schedule_timer(
        period(probe),
        Timer::Kubelet {
            pod: key.clone(),
            uid: uid.to_string(),
            action,
        },
    );
}
