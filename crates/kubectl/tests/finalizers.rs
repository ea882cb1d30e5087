//! `metadata.finalizers` through apply and patch: apply merges them with the live list
//! (adding those the manifest lists, removing those it listed last time and no longer does,
//! keeping the ones it never wrote), an update can remove them, and removing the last one of an object being deleted
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
fn apply_merges_finalizers_with_the_live_ones_it_did_not_write() {
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
    // One added by someone else: apply never wrote it, so apply leaves it alone.
    let patched = shell.exec(
        r#"kubectl patch configmap settings --type json -p '[{"op":"add","path":"/metadata/finalizers/-","value":"example.com/by-hand"}]'"#,
        "",
    );
    assert_eq!(patched.exit_code, 0, "{}", patched.stderr);
    // The manifest's list no longer has the two it applied before: the three-way merge
    // removes them (they are in the last-applied record) and keeps the hand-added one.
    let empty =
        config_map(&[]).replace("  name: settings\n", "  name: settings\n  finalizers: []\n");
    let dropped = shell.exec("kubectl apply -f -", &empty);
    assert_eq!(dropped.stdout, "configmap/settings configured\n");
    assert_eq!(
        finalizers(&mut shell, "configmap settings"),
        r#"["example.com/by-hand"]"#
    );
    let again = shell.exec("kubectl apply -f -", &empty);
    assert_eq!(again.stdout, "configmap/settings unchanged\n");
    // A manifest without the field at all deletes the whole list, as a strategic merge
    // patch's `finalizers: null` does.
    let omitted = shell.exec("kubectl apply -f -", &config_map(&[]));
    assert_eq!(omitted.stdout, "configmap/settings configured\n");
    assert_eq!(finalizers(&mut shell, "configmap settings"), "");
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

#[test]
fn a_user_finalizer_holds_back_the_deletion_of_any_kind() {
    let mut shell = shell();
    shell.exec("kubectl apply -f -", &config_map(&["example.com/hold"]));
    let deleted = shell.exec("kubectl delete configmap settings --wait=false", "");
    assert_eq!(deleted.exit_code, 0, "{}", deleted.stderr);
    let held = shell.exec(
        "kubectl get configmap settings -o jsonpath={.metadata.deletionTimestamp}",
        "",
    );
    assert!(!held.stdout.is_empty(), "still there, being deleted");
    // Waiting times out, as kubectl's does: only removing the finalizer lets it go.
    let waited = shell.exec("kubectl delete configmap settings --timeout=10s", "");
    assert_eq!(
        waited.stderr,
        "error: timed out waiting for the condition\n"
    );
    shell.exec(
        r#"kubectl patch configmap settings --type merge -p '{"metadata":{"finalizers":null}}'"#,
        "",
    );
    let gone = shell.exec("kubectl get configmap settings", "");
    assert_eq!(
        gone.stderr,
        "Error from server (NotFound): configmaps \"settings\" not found\n"
    );
}
