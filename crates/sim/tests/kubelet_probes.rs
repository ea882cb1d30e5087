//! Liveness probes: nginx serves `/` and `/index.html`, so a probe of another path
//! gets a 404; after `failureThreshold` failures the kubelet kills the container and it
//! restarts with the crash back-off. A probe of a served path never restarts anything.

mod common;

use common::*;
use ordinal_sim::{Cluster, ObjectKey};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn probed(path: &str) -> String {
    format!(
        "apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: nginx
    image: nginx:1.25
    livenessProbe:
      httpGet:
        path: {path}
        port: 80
      initialDelaySeconds: 5
      periodSeconds: 5
      failureThreshold: 3
"
    )
}

fn events(cluster: &Cluster, reason: &str) -> Vec<String> {
    cluster
        .events_about(&ObjectKey::new("Pod", "default", "web"))
        .filter(|e| e.reason == reason)
        .map(|e| e.message.clone())
        .collect()
}

/// How many times an event was recorded (repeats are aggregated into one with a count).
fn times(cluster: &Cluster, reason: &str) -> u32 {
    cluster
        .events_about(&ObjectKey::new("Pod", "default", "web"))
        .filter(|e| e.reason == reason)
        .map(|e| e.count)
        .sum()
}

fn restarts(cluster: &Cluster) -> i32 {
    pod(cluster, "web")
        .expect("pod web")
        .status
        .container_statuses
        .first()
        .map_or(-1, |s| s.restart_count)
}

#[test]
fn a_served_path_keeps_the_container_running() {
    let mut cluster = cluster();
    cluster.apply(&probed("/")).expect("pod applies");
    advance(&mut cluster, 120);
    assert_eq!(restarts(&cluster), 0);
    assert!(events(&cluster, "Unhealthy").is_empty());
    assert!(events(&cluster, "Killing").is_empty());
    let web = pod(&cluster, "web").expect("pod web");
    assert_eq!(pod_status(&web), "Running 1/1");
}

#[test]
fn a_missing_path_fails_three_times_then_the_container_is_restarted() {
    let mut cluster = cluster();
    cluster.apply(&probed("/nonexistent")).expect("pod applies");
    // Pull 5–15 s, start 1 s, first probe after 5 s: by 25 s at most two probes failed.
    advance(&mut cluster, 22);
    assert_eq!(restarts(&cluster), 0);
    assert!(times(&cluster, "Unhealthy") < 3);
    assert!(events(&cluster, "Killing").is_empty());
    advance(&mut cluster, 30);
    assert_eq!(restarts(&cluster), 1);
    assert!(
        events(&cluster, "Unhealthy")
            .iter()
            .all(|m| m == "Liveness probe failed: HTTP probe failed with statuscode: 404")
    );
    assert!(times(&cluster, "Unhealthy") >= 3);
    assert_eq!(times(&cluster, "Killing"), 1);
    assert_eq!(
        events(&cluster, "Killing").first().map(String::as_str),
        Some("Container nginx failed liveness probe, will be restarted")
    );
    // It keeps failing after every restart: the restarts go on with the back-off.
    advance(&mut cluster, 300);
    assert!(restarts(&cluster) >= 3, "{}", restarts(&cluster));
}

#[test]
fn a_startup_probe_holds_readiness_and_liveness_back() {
    let mut cluster = cluster();
    let manifest = probed("/nonexistent").replace(
        "    livenessProbe:",
        "    startupProbe:
      httpGet:
        path: /
        port: 80
      initialDelaySeconds: 60
    livenessProbe:",
    );
    cluster.apply(&manifest).expect("pod applies");
    // Running by 16 s, but not ready and not probed for liveness before the startup probe.
    advance(&mut cluster, 50);
    let web = pod(&cluster, "web").expect("pod web");
    assert_eq!(pod_status(&web), "Running 0/1");
    assert_eq!(times(&cluster, "Unhealthy"), 0);
    // 16 + 60 + 1: started; then the liveness probe fails three times 5 s apart.
    advance(&mut cluster, 30);
    assert_eq!(
        pod_status(&pod(&cluster, "web").expect("pod web")),
        "Running 1/1"
    );
    advance(&mut cluster, 30);
    assert_eq!(restarts(&cluster), 1);
}
