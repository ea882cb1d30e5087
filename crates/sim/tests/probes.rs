//! Liveness and startup probes (R-4.3, issue #5 §2): exec probes run in the container's shell,
//! tcpSocket probes dial its declared ports, startup probes gate liveness and readiness and
//! kill the container after `failureThreshold` failures.

mod common;

use common::*;
use ordinal_sim::Cluster;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

/// The Kubernetes documentation's liveness-exec example.
const LIVENESS_EXEC: &str = "apiVersion: v1
kind: Pod
metadata:
  name: liveness-exec
spec:
  containers:
  - name: liveness
    image: registry.k8s.io/busybox
    args:
    - /bin/sh
    - -c
    - touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600
    livenessProbe:
      exec:
        command:
        - cat
        - /tmp/healthy
      initialDelaySeconds: 5
      periodSeconds: 5
";

fn tcp_pod(port: u16) -> String {
    format!(
        "apiVersion: v1
kind: Pod
metadata:
  name: tcp
spec:
  containers:
  - name: nginx
    image: nginx:1.25
    ports:
    - containerPort: 80
      name: http
    livenessProbe:
      tcpSocket:
        port: {port}
      initialDelaySeconds: 2
      periodSeconds: 2
"
    )
}

fn messages(c: &Cluster, pod: &str, reason: &str) -> Vec<(String, u32)> {
    c.events()
        .iter()
        .filter(|e| e.involved.name == pod && e.reason == reason)
        .map(|e| (e.message.clone(), e.count))
        .collect()
}

fn restarts(c: &Cluster, name: &str) -> i32 {
    pod(c, name)
        .and_then(|p| p.status.container_statuses.first().map(|s| s.restart_count))
        .unwrap_or(-1)
}

#[test]
fn an_exec_probe_fails_once_the_file_is_gone_and_the_shell_is_killed() {
    let mut c = cluster();
    c.apply(LIVENESS_EXEC).expect("applies");
    advance(&mut c, 30);
    assert!(messages(&c, "liveness-exec", "Unhealthy").is_empty());
    advance(&mut c, 30);
    let unhealthy = messages(&c, "liveness-exec", "Unhealthy");
    assert_eq!(
        unhealthy,
        [(
            "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory"
                .to_string(),
            3
        )]
    );
    let killing = messages(&c, "liveness-exec", "Killing");
    assert_eq!(
        killing,
        [(
            "Container liveness failed liveness probe, will be restarted".to_string(),
            1
        )]
    );
    // sh as PID 1 ignores SIGTERM: killed at the 30 s grace deadline, exit 137.
    advance(&mut c, 40);
    assert_eq!(restarts(&c, "liveness-exec"), 1);
    let p = pod(&c, "liveness-exec").expect("pod");
    let last = p.status.container_statuses[0]
        .last_state
        .clone()
        .expect("last state");
    assert_eq!(last["terminated"]["exitCode"], 137);
    assert_eq!(last["terminated"]["reason"], "Error");
    // The event names the container.
    let killing_object = c
        .store()
        .list("Event", None)
        .find_map(|o| match o {
            ordinal_api::Object::Event(event) if event.reason == "Killing" => {
                Some(serde_json::to_value(event).expect("an Event serializes"))
            }
            _ => None,
        })
        .expect("Killing event object");
    assert_eq!(
        killing_object["involvedObject"]["fieldPath"],
        "spec.containers{liveness}"
    );
}

#[test]
fn a_tcp_probe_passes_on_a_declared_server_port_and_fails_on_another() {
    let mut c = cluster();
    c.apply(&tcp_pod(80)).expect("applies");
    advance(&mut c, 60);
    assert!(messages(&c, "tcp", "Unhealthy").is_empty());
    assert_eq!(restarts(&c, "tcp"), 0);

    let mut c = cluster();
    c.apply(&tcp_pod(8080)).expect("applies");
    advance(&mut c, 30);
    let ip = pod(&c, "tcp").and_then(|p| p.status.pod_ip).expect("ip");
    let unhealthy = messages(&c, "tcp", "Unhealthy");
    assert_eq!(
        unhealthy.first().map(|u| u.0.clone()),
        Some(format!(
            "Liveness probe failed: dial tcp {ip}:8080: connect: connection refused"
        ))
    );
    assert!(restarts(&c, "tcp") >= 1);
}

#[test]
fn a_failing_startup_probe_kills_the_container_and_holds_liveness_and_readiness() {
    let mut c = cluster();
    c.apply(
        "apiVersion: v1
kind: Pod
metadata:
  name: slow
spec:
  containers:
  - name: nginx
    image: nginx:1.25
    startupProbe:
      httpGet:
        path: /started
        port: 80
      periodSeconds: 2
      failureThreshold: 3
    livenessProbe:
      httpGet:
        path: /nonexistent
        port: 80
      periodSeconds: 1
",
    )
    .expect("applies");
    // Pull, three failures 2 s apart, the kill, then the 10 s crash back-off.
    advance(&mut c, 35);
    let unhealthy = messages(&c, "slow", "Unhealthy");
    // One aggregated event: three failures per run, and liveness never ran.
    assert_eq!(unhealthy.len(), 1, "{unhealthy:?}");
    assert_eq!(
        unhealthy[0].0,
        "Startup probe failed: HTTP probe failed with statuscode: 404"
    );
    assert!(
        unhealthy[0].1 >= 3 && unhealthy[0].1.is_multiple_of(3),
        "{unhealthy:?}"
    );
    let killing = messages(&c, "slow", "Killing");
    assert_eq!(
        killing.first().map(|k| k.0.as_str()),
        Some("Container nginx failed startup probe, will be restarted")
    );
    assert_eq!(killing[0].1, unhealthy[0].1 / 3);
    let p = pod(&c, "slow").expect("pod");
    assert!(!p.status.container_statuses[0].ready);
    assert!(restarts(&c, "slow") >= 1);
}

#[test]
fn an_exec_startup_probe_lets_readiness_begin_once_it_passes() {
    let mut c = cluster();
    c.apply(
        "apiVersion: v1
kind: Pod
metadata:
  name: warm
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: [sh, -c, 'sleep 20; touch /tmp/started; sleep 3600']
    startupProbe:
      exec:
        command: [cat, /tmp/started]
      periodSeconds: 5
      failureThreshold: 10
",
    )
    .expect("applies");
    advance(&mut c, 15);
    let ready = |c: &Cluster| {
        pod(c, "warm")
            .map(|p| p.status.container_statuses[0].ready)
            .unwrap_or(false)
    };
    assert!(!ready(&c));
    advance(&mut c, 30);
    assert!(ready(&c), "{:?}", messages(&c, "warm", "Unhealthy"));
    assert!(!messages(&c, "warm", "Unhealthy").is_empty());
    assert!(messages(&c, "warm", "Killing").is_empty());
    assert_eq!(restarts(&c, "warm"), 0);
}

#[test]
fn an_exec_probe_of_the_images_own_tool_passes() {
    let mut c = cluster();
    c.apply(
        "apiVersion: v1
kind: Pod
metadata:
  name: zk
spec:
  containers:
  - name: zk
    image: registry.k8s.io/kubernetes-zookeeper:1.0-3.4.10
    livenessProbe:
      exec:
        command: [sh, -c, zookeeper-ready 2181]
      initialDelaySeconds: 10
      periodSeconds: 5
",
    )
    .expect("applies");
    advance(&mut c, 120);
    let running = pod(&c, "zk").is_some_and(|p| p.status.container_statuses[0].ready);
    assert!(running, "the probe ran against a running container");
    assert!(messages(&c, "zk", "Unhealthy").is_empty());
    assert_eq!(restarts(&c, "zk"), 0);
}
