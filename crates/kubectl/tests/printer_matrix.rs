//! Printer snapshots for every resource type × output format, over one settled cluster with
//! a StatefulSet, a Deployment, a DaemonSet, a ConfigMap and a static PersistentVolume:
//! `kubectl get TYPE -A` as a table, `-o wide` and `-o name`, and the first object of the type
//! as `-o yaml` and `-o json`. Reviewed by eye against kubectl 1.33's printers.

use ordinal_kubectl::Shell;
use ordinal_kubectl::resource::RESOURCE_TYPES;
use ordinal_sim::{Cluster, ClusterConfig};

const WEB: &str = include_str!("../../../tests/scenarios/web.yaml");
const DEPLOY: &str = include_str!("../../../tests/scenarios/deploy-web.yaml");
const DAEMONS: &str = include_str!("../../../tests/scenarios/ds-fluentd.yaml");
const EXTRA: &str = "apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: fast
  motd: |
    hello
    world
---
apiVersion: v1
kind: PersistentVolume
metadata:
  name: pv-static
spec:
  capacity:
    storage: 5Gi
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  hostPath:
    path: /data/pv-static
";

fn cluster() -> Shell {
    let mut shell = Shell::new(Cluster::new(ClusterConfig::default()));
    for manifest in [WEB, DEPLOY, DAEMONS, EXTRA] {
        let out = shell.exec("kubectl apply -f -", manifest);
        assert_eq!(out.exit_code, 0, "{out:?}");
    }
    shell.exec("sleep 120", "");
    shell
}

fn transcript(shell: &mut Shell, lines: &[String]) -> String {
    let mut text = String::new();
    for line in lines {
        let out = shell.exec(line, "");
        text.push_str(&format!("$ {line}\n{}", out.text()));
    }
    text
}

#[test]
fn tables_wide_and_names() {
    let mut shell = cluster();
    let lines: Vec<String> = RESOURCE_TYPES
        .iter()
        .flat_map(|t| {
            ["", " -o wide", " -o name"].map(|f| format!("kubectl get {} -A{f}", t.plural))
        })
        .collect();
    insta::assert_snapshot!(transcript(&mut shell, &lines));
}

/// The first object of each type, by `-o name`, in yaml and json.
fn first_objects(shell: &mut Shell) -> Vec<(String, String)> {
    RESOURCE_TYPES
        .iter()
        .filter_map(|t| {
            let names = shell.exec(&format!("kubectl get {} -A -o name", t.plural), "");
            let first = names.stdout.lines().next()?.to_string();
            let listing = shell.exec(
                &format!(
                    "kubectl get {} -A -o custom-columns=NS:.metadata.namespace --no-headers",
                    t.plural
                ),
                "",
            );
            let namespace = listing.stdout.lines().next()?.trim().to_string();
            let flag = if namespace == "<none>" {
                String::new()
            } else {
                format!(" -n {namespace}")
            };
            Some((first, flag))
        })
        .collect()
}

#[test]
fn yaml_of_one_object_per_type() {
    let mut shell = cluster();
    let lines: Vec<String> = first_objects(&mut shell)
        .into_iter()
        .map(|(name, ns)| format!("kubectl get {name}{ns} -o yaml"))
        .collect();
    insta::assert_snapshot!(transcript(&mut shell, &lines));
}

#[test]
fn json_of_one_object_per_type() {
    let mut shell = cluster();
    let lines: Vec<String> = first_objects(&mut shell)
        .into_iter()
        .map(|(name, ns)| format!("kubectl get {name}{ns} -o json"))
        .collect();
    insta::assert_snapshot!(transcript(&mut shell, &lines));
}
