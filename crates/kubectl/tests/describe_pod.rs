//! `kubectl describe pod` container sections (describe.go's describeContainers).

use ordinal_kubectl::Shell;
use ordinal_sim::{Cluster, ClusterConfig, Duration};

const UNSCHEDULABLE: &str = "apiVersion: v1
kind: Pod
metadata:
  name: stuck
spec:
  nodeSelector:
    disktype: nvme
  containers:
  - name: app
    image: nginx:1.27
";

/// A pod no node fits never gets a container status, so describeContainerState is skipped:
/// no State, Ready or Restart Count under its container (and no invented ContainerCreating).
#[test]
fn never_scheduled_pod_has_no_container_state() {
    let mut shell = Shell::new(Cluster::new(ClusterConfig::default()));
    assert_eq!(
        shell.exec("kubectl apply -f -", UNSCHEDULABLE).stdout,
        "pod/stuck created\n"
    );
    shell.cluster.advance(Duration::from_secs(30));
    let out = shell.exec("kubectl describe pod stuck", "");
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    let text = out.stdout;
    assert!(text.contains("Status:           Pending\n"), "{text}");
    assert!(text.contains("FailedScheduling"), "{text}");
    let containers = text
        .split("Containers:\n")
        .nth(1)
        .and_then(|rest| rest.split("\nConditions:").next())
        .expect("a Containers section");
    assert!(containers.contains("  app:\n    Image:"), "{containers}");
    for absent in ["State:", "Reason:", "Ready:", "Restart Count:"] {
        assert!(!containers.contains(absent), "{absent} in {containers}");
    }
}

/// Once the kubelet has written statuses, the state lines are back.
#[test]
fn scheduled_pod_shows_its_container_state() {
    let mut shell = Shell::new(Cluster::new(ClusterConfig::default()));
    let manifest = UNSCHEDULABLE.replace("  nodeSelector:\n    disktype: nvme\n", "");
    shell.exec("kubectl apply -f -", &manifest);
    shell.cluster.advance(Duration::from_secs(60));
    let text = shell.exec("kubectl describe pod stuck", "").stdout;
    assert!(text.contains("    State:          Running\n"), "{text}");
    assert!(text.contains("    Ready:          True\n"), "{text}");
    assert!(text.contains("    Restart Count:  0\n"), "{text}");
}
