//! The kubelet model (R-4.1 … ): readiness probes, init containers, crash back-off,
//! image pull failures, graceful termination timings, and the image catalogue.

mod common;

use common::*;
use ordinal_sim::{DeleteOptions, Duration};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn one_pod_set(container: &str, extra_spec: &str) -> String {
    format!(
        "apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: app
spec:
  replicas: 1
  selector:
    matchLabels:
      app: app
  template:
    metadata:
      labels:
        app: app
    spec:
{extra_spec}      containers:
{container}"
    )
}

#[test]
fn readiness_probe_shows_running_before_ready_r_4_8() {
    let mut c = cluster();
    let manifest = one_pod_set(
        "      - name: web
        image: nginx:1.25
        readinessProbe:
          initialDelaySeconds: 5
          httpGet:
            path: /
            port: 80
",
        "",
    );
    c.apply(&manifest).expect("applies");
    settle(&mut c);
    let t = transcript(&c, 0, false);
    let running = t.find("Running 0/1").expect("0/1 Running first");
    let ready = t.find("Running 1/1").expect("then 1/1 Running");
    assert!(running < ready, "{t}");
}

#[test]
fn init_containers_run_first_r_4_4() {
    let mut c = cluster();
    let manifest = one_pod_set(
        "      - name: main
        image: nginx:1.25
",
        "      initContainers:
      - name: setup
        image: busybox:1.36
        command: [\"sh\", \"-c\", \"sleep 5\"]
",
    );
    c.apply(&manifest).expect("applies");
    settle(&mut c);
    let t = transcript(&c, 0, false);
    assert!(t.contains("Init:0/1"), "{t}");
    assert!(t.contains("PodInitializing"), "{t}");
    assert!(t.find("PodInitializing") < t.find("Running 1/1"), "{t}");
}

#[test]
fn crash_loop_backs_off_10s_doubling_r_4_3() {
    let mut c = cluster();
    let manifest = one_pod_set(
        "      - name: crash
        image: busybox:1.36
        command: [\"sh\", \"-c\", \"exit 1\"]
",
        "",
    );
    c.apply(&manifest).expect("applies");
    c.advance(Duration::from_secs(200));
    let p = pod(&c, "app-0").expect("pod");
    let restarts = p.status.container_statuses[0].restart_count;
    // Start ~15 s, then crash + 1 s + 10, 20, 40, 80 s back-offs: 4 restarts by 200 s.
    assert!((3..=5).contains(&restarts), "{restarts}");
    let t = transcript(&c, 0, false);
    assert!(t.contains("CrashLoopBackOff"), "{t}");
    assert!(t.contains("Error 0/1"), "{t}");
    // A crash-looping pod is not deleted by the controller (trap 20): same uid throughout.
    let uids: std::collections::BTreeSet<_> = c
        .store()
        .watch_log()
        .iter()
        .filter(|e| e.object.metadata().name == "app-0")
        .map(|e| e.object.metadata().uid.clone())
        .collect();
    assert_eq!(uids.len(), 1);
    let why = c.why(&key("Pod", "app-0"));
    assert!(why.iter().any(|r| r.rule == "R-4.3"), "{why:?}");
}

#[test]
fn unknown_tag_fails_and_a_broken_image_recovers_when_fixed() {
    let mut c = cluster();
    c.set_image_broken("nginx:1.25", true);
    c.apply(&one_pod_set(
        "      - name: web\n        image: nginx:1.25\n",
        "",
    ))
    .expect("applies");
    c.advance(Duration::from_secs(30));
    let status = pod_status(&pod(&c, "app-0").expect("pod"));
    assert!(
        status.contains("ImagePullBackOff") || status.contains("ErrImagePull"),
        "{status}"
    );
    assert_eq!(
        pod(&c, "app-0").expect("pod").status.phase.as_deref(),
        Some("Pending")
    );
    c.set_image_broken("nginx:1.25", false);
    c.advance(Duration::from_secs(400));
    assert_eq!(pod_status(&pod(&c, "app-0").expect("pod")), "Running 1/1");
}

#[test]
fn shells_ignore_sigterm_and_die_at_the_grace_period_r_4_9() {
    let mut c = cluster();
    c.apply(&one_pod_set(
        "      - name: sleeper\n        image: busybox:1.36\n        command: [\"sleep\", \"3600\"]\n",
        "      terminationGracePeriodSeconds: 30\n",
    ))
    .expect("applies");
    settle_until_ready(&mut c, "app-0");
    let from = c.store().watch_log().len();
    let asked = c.now();
    c.delete(&key("Pod", "app-0"), DeleteOptions::default())
        .expect("deletes");
    while pod(&c, "app-0").is_some_and(|p| p.metadata.deletion_timestamp.is_some()) {
        assert!(c.step());
    }
    let t = transcript(&c, from, false);
    assert!(t.contains("Error 0/1"), "{t}");
    let error_event = c.store().watch_log()[from..]
        .iter()
        .find(|e| matches!(&*e.object, ordinal_api::Object::Pod(p) if p.status.phase.as_deref() == Some("Failed")))
        .expect("terminal status");
    assert_eq!(error_event.time.since(asked), Duration::from_secs(30));
}

#[test]
fn servers_exit_within_a_second_of_sigterm_r_4_9() {
    let mut c = cluster();
    c.apply(&one_pod_set(
        "      - name: web\n        image: nginx:1.25\n",
        "",
    ))
    .expect("applies");
    settle_until_ready(&mut c, "app-0");
    let asked = c.now();
    c.delete(&key("Pod", "app-0"), DeleteOptions::default())
        .expect("deletes");
    settle(&mut c);
    let gone = c
        .store()
        .watch_log()
        .iter()
        .find(|e| e.kind == ordinal_sim::WatchEventType::Deleted)
        .expect("deleted");
    assert!(gone.time.since(asked) <= Duration::from_millis(1100));
    // The controller re-creates it (same name, new pod).
    assert!(pod(&c, "app-0").is_some());
}

#[test]
fn force_delete_removes_at_once_r_4_11() {
    let mut c = cluster();
    c.apply(&one_pod_set(
        "      - name: web\n        image: nginx:1.25\n",
        "",
    ))
    .expect("applies");
    settle_until_ready(&mut c, "app-0");
    let uid = pod(&c, "app-0").and_then(|p| p.metadata.uid);
    c.delete(
        &key("Pod", "app-0"),
        DeleteOptions {
            grace_period: Some(0),
            force: true,
            ..DeleteOptions::default()
        },
    )
    .expect("deletes");
    // Already replaced in the same instant: the name was free at once.
    let new = pod(&c, "app-0").expect("re-created");
    assert_ne!(new.metadata.uid, uid);
}

fn settle_until_ready(c: &mut ordinal_sim::Cluster, name: &str) {
    while pod(c, name).is_none_or(|p| pod_status(&p) != "Running 1/1") {
        assert!(c.step(), "stalled");
    }
}
