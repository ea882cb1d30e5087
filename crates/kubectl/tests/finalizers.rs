//! `metadata.finalizers` through apply and patch: apply merges them into the live list,
//! an update can remove them, and removing the last one of an object being deleted
//! completes the deletion.

use ordinal_kubectl::Shell;
use ordinal_sim::{Cluster, ClusterConfig, Duration};

fn shell() -> Shell {
    Shell::new(Cluster::new(ClusterConfig::default()))
}

fn config_map(finalizers: &[&str]) -> String {
    let mut text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n".to_string();
    if !finalizers.is_empty() {
        text.push_str("  finalizers:\n");
        for f in finalizers {
            text.push_str(&format!("  - {f}\n"));
        }
    }
    text.push_str("data:\n  mode: fast\n");
    text
}

fn finalizers(shell: &mut Shell, resource: &str) -> String {
    shell
        .exec(
            &format!("kubectl get {resource} -o jsonpath={{.metadata.finalizers}}"),
            "",
        )
        .stdout
}

#[test]
fn apply_adds_finalizers_to_a_live_object_and_keeps_the_live_ones() {
    let mut shell = shell();
    let created = shell.exec("kubectl apply -f -", &config_map(&["example.com/keep"]));
    assert_eq!(created.stdout, "configmap/settings created\n");
    let added = shell.exec(
        "kubectl apply -f -",
        &config_map(&["example.com/keep", "example.com/audit"]),
    );
    assert_eq!(added.stdout, "configmap/settings configured\n");
    assert_eq!(
        finalizers(&mut shell, "configmap settings"),
        r#"["example.com/keep","example.com/audit"]"#
    );
    // A manifest that does not list them leaves the live finalizers alone.
    let again = shell.exec("kubectl apply -f -", &config_map(&[]));
    assert_eq!(again.stdout, "configmap/settings unchanged\n");
    assert_eq!(
        finalizers(&mut shell, "configmap settings"),
        r#"["example.com/keep","example.com/audit"]"#
    );
}

#[test]
fn patch_removes_finalizers() {
    let mut shell = shell();
    shell.exec("kubectl apply -f -", &config_map(&["example.com/keep"]));
    let patched = shell.exec(
        r#"kubectl patch configmap settings -p '{"metadata":{"finalizers":null}}'"#,
        "",
    );
    assert_eq!(
        patched.stdout, "configmap/settings patched\n",
        "{}",
        patched.stderr
    );
    assert_eq!(finalizers(&mut shell, "configmap settings"), "");
}

const CLAIM_AND_POD: &str = "apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 1Gi
---
apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  containers:
  - name: app
    image: nginx:1.27
    volumeMounts:
    - name: data
      mountPath: /data
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: data
";

/// The tutorials' way out of a claim stuck Terminating: patching its finalizers away
/// deletes it at once, even while the pod still uses it.
#[test]
fn removing_the_last_finalizer_of_a_terminating_claim_deletes_it() {
    let mut shell = shell();
    shell.exec("kubectl apply -f -", CLAIM_AND_POD);
    shell.cluster.advance(Duration::from_secs(60));
    assert_eq!(
        finalizers(&mut shell, "pvc data"),
        r#"["kubernetes.io/pvc-protection"]"#
    );
    // Re-applying the manifest (which lists none) keeps the finalizer admission added.
    let reapplied = shell.exec("kubectl apply -f -", CLAIM_AND_POD);
    assert_eq!(reapplied.exit_code, 0, "{}", reapplied.stderr);
    assert_eq!(
        finalizers(&mut shell, "pvc data"),
        r#"["kubernetes.io/pvc-protection"]"#
    );
    shell.exec("kubectl delete pvc data --wait=false", "");
    let terminating = shell.exec("kubectl get pvc data --no-headers", "").stdout;
    assert!(terminating.contains("Terminating"), "{terminating}");
    let patched = shell.exec(
        r#"kubectl patch pvc data -p '{"metadata":{"finalizers":null}}'"#,
        "",
    );
    assert_eq!(
        patched.stdout, "persistentvolumeclaim/data patched\n",
        "{}",
        patched.stderr
    );
    let gone = shell.exec("kubectl get pvc data", "");
    assert_eq!(
        gone.stderr,
        "Error from server (NotFound): persistentvolumeclaims \"data\" not found\n"
    );
}
