//! The kubelet's events name the container they are about in `involvedObject.fieldPath`
//! (`spec.containers{name}`, `spec.initContainers{name}`), which `get events -o wide`
//! shows as SUBOBJECT.

use ordinal_kubectl::Shell;
use ordinal_sim::{Cluster, ClusterConfig, Duration};

const POD: &str = "apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  initContainers:
  - name: setup
    image: busybox:1.36
    command: [sh, -c, 'true']
  containers:
  - name: web
    image: nginx:1.27
";

/// `reason fieldPath` of every event about pod/app, in order.
fn pod_events(shell: &mut Shell) -> Vec<String> {
    let out = shell.exec(
        "kubectl get events --field-selector involvedObject.name=app -o jsonpath='{range .items[*]}{.reason} {.involvedObject.fieldPath}{\"\\n\"}{end}'",
        "",
    );
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    out.stdout.lines().map(str::to_string).collect()
}

#[test]
fn kubelet_events_carry_the_container_field_path() {
    let mut shell = Shell::new(Cluster::new(ClusterConfig::default()));
    shell.exec("kubectl apply -f -", POD);
    shell.cluster.advance(Duration::from_secs(120));
    let events = pod_events(&mut shell);
    for expected in [
        "Pulling spec.initContainers{setup}",
        "Pulled spec.initContainers{setup}",
        "Created spec.initContainers{setup}",
        "Started spec.initContainers{setup}",
        "Pulling spec.containers{web}",
        "Pulled spec.containers{web}",
        "Created spec.containers{web}",
        "Started spec.containers{web}",
    ] {
        assert!(
            events.iter().any(|e| e == expected),
            "{expected} missing from {events:#?}"
        );
    }
    // The scheduler's event is about the pod as a whole.
    assert!(events.iter().any(|e| e == "Scheduled "), "{events:#?}");

    shell.exec("kubectl delete pod app --wait=false", "");
    let events = pod_events(&mut shell);
    assert!(
        events.iter().any(|e| e == "Killing spec.containers{web}"),
        "{events:#?}"
    );
    let wide = shell.exec("kubectl get events -o wide", "").stdout;
    let killing = wide
        .lines()
        .find(|l| l.contains("Killing"))
        .expect("a Killing row");
    // OBJECT, SUBOBJECT, then SOURCE.
    let words: Vec<&str> = killing.split_whitespace().collect();
    assert!(
        words
            .windows(3)
            .any(|w| w == ["pod/app", "spec.containers{web}", "kubelet,"]),
        "{killing}"
    );
}

/// Image pull failures and the crash back-off name their container too.
#[test]
fn failure_events_carry_the_container_field_path() {
    let mut shell = Shell::new(Cluster::new(ClusterConfig::default()));
    shell.exec(
        "kubectl apply -f -",
        &POD.replace("nginx:1.27", "nginx:no-such-tag"),
    );
    shell.exec("sim image break nginx:no-such-tag", "");
    shell.cluster.advance(Duration::from_secs(120));
    let events = pod_events(&mut shell);
    for expected in [
        "Failed spec.containers{web}",
        "BackOff spec.containers{web}",
    ] {
        assert!(
            events.iter().any(|e| e == expected),
            "{expected} missing from {events:#?}"
        );
    }
}
