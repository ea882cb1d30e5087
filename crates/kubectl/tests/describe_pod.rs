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

const WITH_INIT: &str = "apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  initContainers:
  - name: setup
    image: busybox:1.36
    command: [sh, -c]
    args: ['echo ready']
  containers:
  - name: web
    image: nginx:1.27
";

/// describePod prints the init containers' block (same layout, their own statuses) before
/// the containers', and describeContainerCommand a container's command and args.
#[test]
fn init_containers_and_commands_are_described() {
    let mut shell = Shell::new(Cluster::new(ClusterConfig::default()));
    shell.exec("kubectl apply -f -", WITH_INIT);
    shell.cluster.advance(Duration::from_secs(120));
    let text = shell.exec("kubectl describe pod app", "").stdout;
    let init = text.find("Init Containers:\n  setup:\n").expect(&text);
    let main = text.find("Containers:\n  web:\n").expect(&text);
    assert!(init < main, "{text}");
    let setup = &text[init..main];
    assert!(
        setup.contains("    Command:\n      sh\n      -c\n    Args:\n      echo ready\n"),
        "{setup}"
    );
    assert!(
        setup.contains(
            "    State:          Terminated\n      Reason:       Completed\n      Exit Code:    0\n"
        ),
        "{setup}"
    );
    // The prober manager reports an init container that exited 0 as ready.
    assert!(setup.contains("    Ready:          True\n"), "{setup}");
    let web = &text[main..];
    assert!(!web.contains("Command:"), "{web}");
    assert!(web.contains("    State:          Running\n"), "{web}");
}

const ENV_AND_PORTS: &str = "apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: zk
spec:
  serviceName: zk-hs
  replicas: 1
  selector:
    matchLabels:
      app: zk
  template:
    metadata:
      labels:
        app: zk
    spec:
      initContainers:
      - name: init
        image: busybox:1.36
      containers:
      - name: zk
        image: zookeeper:3.9
        ports:
        - containerPort: 2181
          name: client
        - containerPort: 2888
          name: server
        env:
        - name: ZOO_TICK
          value: '2000'
        - name: POD_NAME
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
        - name: APP
          valueFrom:
            fieldRef:
              fieldPath: metadata.labels['app']
        - name: CPU_LIMIT
          valueFrom:
            resourceFieldRef:
              resource: limits.cpu
        - name: PASSWORD
          valueFrom:
            secretKeyRef:
              name: zk-secret
              key: password
        - name: MODE
          valueFrom:
            configMapKeyRef:
              name: zk-config
              key: mode
              optional: true
";

/// describeContainerEnvVars and describeContainerPorts, in a pod and in its template.
#[test]
fn environment_and_ports_are_described() {
    let mut shell = Shell::new(Cluster::new(ClusterConfig::default()));
    shell.exec("kubectl apply -f -", ENV_AND_PORTS);
    shell.cluster.advance(Duration::from_secs(5));
    let pod = shell.exec("kubectl describe pod zk-0", "").stdout;
    let zk = &pod[pod.find("Containers:\n  zk:\n").expect(&pod)..];
    assert!(
        zk.contains("    Ports:          2181/TCP (client), 2888/TCP (server)\n    Host Ports:     0/TCP (client), 0/TCP (server)\n"),
        "{zk}"
    );
    assert!(
        zk.contains(
            "    Environment:
      ZOO_TICK:   2000
      POD_NAME:   zk-0 (v1:metadata.name)
      APP:        zk (v1:metadata.labels['app'])
      CPU_LIMIT:  node allocatable (limits.cpu)
      PASSWORD:   <set to the key 'password' in secret 'zk-secret'>  Optional: false
      MODE:       <set to the key 'mode' of config map 'zk-config'>  Optional: true
"
        ),
        "{zk}"
    );
    // A template has no pod to read fields from, and shows its init containers too.
    let set = shell.exec("kubectl describe sts zk", "").stdout;
    assert!(
        set.contains("  Init Containers:\n   init:\n    Image:"),
        "{set}"
    );
    let pod_name = set
        .lines()
        .find_map(|l| l.strip_prefix("      POD_NAME:"))
        .expect(&set);
    assert_eq!(pod_name.trim_start(), "(v1:metadata.name)", "{set}");
}

/// QoS Class follows the containers' requests and limits (GetPodQOS), not a fixed value.
#[test]
fn qos_class_follows_requests_and_limits() {
    let mut shell = Shell::new(Cluster::new(ClusterConfig::default()));
    let with = |resources: &str| {
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n{resources}"
        )
    };
    for (resources, class) in [
        ("", "BestEffort"),
        (
            "    resources:\n      requests:\n        cpu: 100m\n",
            "Burstable",
        ),
        (
            "    resources:\n      limits:\n        cpu: 500m\n        memory: 128Mi\n",
            "Guaranteed",
        ),
    ] {
        shell.exec("kubectl delete pod app --now", "");
        assert_eq!(
            shell.exec("kubectl apply -f -", &with(resources)).exit_code,
            0
        );
        let text = shell.exec("kubectl describe pod app", "").stdout;
        let line = text
            .lines()
            .find(|l| l.starts_with("QoS Class:"))
            .expect(&text);
        assert_eq!(line.split_whitespace().last(), Some(class), "{text}");
        if class == "Guaranteed" {
            // describeResources; the requests are the ones defaulted from the limits (the
            // Requests lines align with Environment: one tabwriter block, as in kubectl).
            assert!(
                text.contains(
                    "    Limits:\n      cpu:     500m\n      memory:  128Mi\n    Requests:\n      cpu:        500m\n      memory:     128Mi\n    Environment:  <none>\n"
                ),
                "{text}"
            );
        }
    }
}
