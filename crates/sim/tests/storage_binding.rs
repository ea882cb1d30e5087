//! The PV controller (SPEC §5): static binding, provisioning and WaitForFirstConsumer
//! reclaim policies, protection, and volume contents seen
//! through `Cluster::exec` / `Cluster::logs`. Every cluster here checks the invariants
//! (including the binding invariant) after each step.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

mod common;

use common::*;
use ordinal_api::Object;
use ordinal_sim::{Cluster, DeleteOptions, ObjectKey};

fn pv(name: &str, size: &str, modes: &str, class: &str, policy: &str) -> String {
    format!(
        "apiVersion: v1
kind: PersistentVolume
metadata:
  name: {name}
spec:
  capacity:
    storage: {size}
  accessModes: [{modes}]
  storageClassName: \"{class}\"
  persistentVolumeReclaimPolicy: {policy}
  nfs:
    server: nfs.example
    path: /{name}
---
"
    )
}

fn pvc(name: &str, size: &str, modes: &str, class: Option<&str>) -> String {
    let class = class
        .map(|c| format!("  storageClassName: \"{c}\"\n"))
        .unwrap_or_default();
    format!(
        "apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: {name}
spec:
{class}  accessModes: [{modes}]
  resources:
    requests:
      storage: {size}
---
"
    )
}

fn pod(name: &str, claim: &str, script: &str) -> String {
    format!(
        "apiVersion: v1
kind: Pod
metadata:
  name: {name}
spec:
  containers:
  - name: main
    image: busybox:1.28
    command: [\"sh\", \"-c\", {script:?}]
    volumeMounts:
    - name: data
      mountPath: /data
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: {claim}
---
"
    )
}

fn claim_phase(c: &Cluster, name: &str) -> (String, String) {
    match c
        .store()
        .get(&ObjectKey::new("PersistentVolumeClaim", "default", name))
    {
        Some(Object::PersistentVolumeClaim(claim)) => (
            claim.status.phase.clone().unwrap_or_default(),
            claim.spec.volume_name.clone().unwrap_or_default(),
        ),
        _ => ("<gone>".into(), String::new()),
    }
}

fn volume_phase(c: &Cluster, name: &str) -> String {
    match c.store().get(&ObjectKey::new("PersistentVolume", "", name)) {
        Some(Object::PersistentVolume(v)) => v.status.phase.clone().unwrap_or_default(),
        _ => "<gone>".into(),
    }
}

fn apply(c: &mut Cluster, text: &str) {
    c.apply(text).expect("manifest applies");
}

fn exec(c: &mut Cluster, pod: &str, script: &str) -> String {
    let argv = ["sh".to_string(), "-c".into(), script.into()];
    let out = c
        .exec(&ObjectKey::new("Pod", "default", pod), None, &argv)
        .expect("pod runs");
    format!("{}{}", out.stdout, out.stderr)
}

#[test]
fn smallest_fitting_volume_with_fewest_modes_wins_r_5_5() {
    let mut c = cluster();
    let volumes = [
        pv("big", "5Gi", "ReadWriteOnce", "", "Retain"),
        pv("wide", "1Gi", "ReadWriteOnce, ReadWriteMany", "", "Retain"),
        pv("small", "2Gi", "ReadWriteOnce", "", "Retain"),
        pv("tiny", "500Mi", "ReadWriteOnce", "", "Retain"),
        pv("other-class", "1Gi", "ReadWriteOnce", "fast", "Retain"),
    ]
    .concat();
    apply(&mut c, &volumes);
    apply(&mut c, &pvc("claim", "1Gi", "ReadWriteOnce", Some("")));
    settle(&mut c);
    // `wide` is smaller but has more access modes; `tiny` is too small.
    assert_eq!(claim_phase(&c, "claim"), ("Bound".into(), "small".into()));
    assert_eq!(volume_phase(&c, "small"), "Bound");
    assert_eq!(volume_phase(&c, "wide"), "Available");
    apply(&mut c, &pvc("rwx", "1Gi", "ReadWriteMany", Some("")));
    settle(&mut c);
    assert_eq!(claim_phase(&c, "rwx"), ("Bound".into(), "wide".into()));
}

#[test]
fn unmatched_claim_stays_pending_with_the_controller_message_r_5_6() {
    let mut c = cluster();
    apply(&mut c, &pvc("orphan", "1Gi", "ReadWriteOnce", Some("")));
    settle(&mut c);
    assert_eq!(claim_phase(&c, "orphan").0, "Pending");
    let key = ObjectKey::new("PersistentVolumeClaim", "default", "orphan");
    let messages: Vec<String> = c.events_about(&key).map(|e| e.message.clone()).collect();
    assert_eq!(
        messages,
        ["no persistent volumes available for this claim and no storage class is set"]
    );
    // A matching volume appearing later binds it.
    apply(&mut c, &pv("late", "1Gi", "ReadWriteOnce", "", "Retain"));
    settle(&mut c);
    assert_eq!(claim_phase(&c, "orphan"), ("Bound".into(), "late".into()));
}

#[test]
fn default_class_waits_for_first_consumer_r_5_8() {
    let mut c = cluster();
    apply(&mut c, &pvc("data", "1Gi", "ReadWriteOnce", None));
    advance(&mut c, 60);
    assert_eq!(claim_phase(&c, "data").0, "Pending");
    apply(&mut c, &pod("user", "data", "sleep 3600"));
    advance(&mut c, 30);
    let (phase, volume) = claim_phase(&c, "data");
    assert_eq!(phase, "Bound");
    assert!(volume.starts_with("pvc-"), "{volume}");
    let key = ObjectKey::new("PersistentVolumeClaim", "default", "data");
    let reasons: Vec<String> = c.events_about(&key).map(|e| e.reason.clone()).collect();
    assert_eq!(
        reasons,
        [
            "WaitForFirstConsumer",
            "ExternalProvisioning",
            "Provisioning",
            "ProvisioningSucceeded"
        ]
    );
}

#[test]
fn retain_keeps_released_until_claim_ref_cleared_r_5_9() {
    let mut c = cluster();
    apply(&mut c, &pv("keep", "1Gi", "ReadWriteOnce", "", "Retain"));
    apply(&mut c, &pvc("a", "1Gi", "ReadWriteOnce", Some("")));
    settle(&mut c);
    c.delete(
        &ObjectKey::new("PersistentVolumeClaim", "default", "a"),
        DeleteOptions::default(),
    )
    .expect("deleted");
    settle(&mut c);
    assert_eq!(volume_phase(&c, "keep"), "Released");
    apply(&mut c, &pvc("a", "1Gi", "ReadWriteOnce", Some("")));
    settle(&mut c);
    assert_eq!(claim_phase(&c, "a").0, "Pending");
    let Some(Object::PersistentVolume(mut v)) = c
        .store()
        .get(&ObjectKey::new("PersistentVolume", "", "keep"))
        .cloned()
    else {
        panic!("volume kept");
    };
    v.spec.claim_ref = None;
    c.update_object(Object::PersistentVolume(v))
        .expect("claimRef cleared");
    settle(&mut c);
    assert_eq!(claim_phase(&c, "a"), ("Bound".into(), "keep".into()));
}

#[test]
fn delete_and_recycle_policies_r_5_9() {
    let mut c = cluster();
    apply(
        &mut c,
        &[
            pv("scrub", "1Gi", "ReadWriteOnce", "slow", "Recycle"),
            pvc("s", "1Gi", "ReadWriteOnce", Some("slow")),
            "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: nfs\nprovisioner: fuseim.pri/ifs\n---\n".into(),
            pvc("d", "1Gi", "ReadWriteMany", Some("nfs")),
        ]
        .concat(),
    );
    settle(&mut c);
    let (_, dynamic) = claim_phase(&c, "d");
    assert!(dynamic.starts_with("pvc-"));
    for name in ["s", "d"] {
        c.delete(
            &ObjectKey::new("PersistentVolumeClaim", "default", name),
            DeleteOptions::default(),
        )
        .expect("deleted");
    }
    assert_eq!(volume_phase(&c, &dynamic), "Released");
    settle(&mut c);
    assert_eq!(volume_phase(&c, &dynamic), "<gone>");
    assert_eq!(volume_phase(&c, "scrub"), "Available");
}

#[test]
fn file_survives_pod_recreation_and_in_use_claim_stays_terminating() {
    let mut c = cluster();
    apply(&mut c, &pvc("data", "1Gi", "ReadWriteOnce", None));
    let script = "echo \"The host is $(hostname)\" >> /data/data; sleep 3600";
    apply(&mut c, &pod("host", "data", script));
    advance(&mut c, 30);
    assert_eq!(exec(&mut c, "host", "cat /data/data"), "The host is host\n");
    let pod_key = ObjectKey::new("Pod", "default", "host");
    c.delete(
        &pod_key,
        DeleteOptions {
            grace_period: Some(1),
            ..DeleteOptions::default()
        },
    )
    .expect("deleted");
    advance(&mut c, 10);
    apply(&mut c, &pod("host", "data", script));
    advance(&mut c, 30);
    assert_eq!(
        exec(&mut c, "host", "cat /data/data; wc -l /data/data"),
        "The host is host\nThe host is host\n2 /data/data\n"
    );
    // pvc-protection: the claim waits for its pod.
    let claim_key = ObjectKey::new("PersistentVolumeClaim", "default", "data");
    c.delete(&claim_key, DeleteOptions::default())
        .expect("deleted");
    advance(&mut c, 60);
    assert!(
        c.store().get(&claim_key).is_some(),
        "claim kept while in use"
    );
    c.delete(&pod_key, DeleteOptions::default())
        .expect("deleted");
    advance(&mut c, 60);
    assert!(c.store().get(&claim_key).is_none());
}

#[test]
fn loops_advance_with_virtual_time_and_log() {
    let mut c = cluster();
    apply(&mut c, &pvc("data", "1Gi", "ReadWriteOnce", None));
    apply(
        &mut c,
        &pod(
            "ticker",
            "data",
            "i=0; while true; do echo tick; date +%s >> /data/t; sleep 10; done",
        ),
    );
    advance(&mut c, 30);
    let before = exec(&mut c, "ticker", "wc -l < /data/t");
    advance(&mut c, 100);
    let after = exec(&mut c, "ticker", "wc -l < /data/t");
    let n = |s: &str| s.trim().parse::<u32>().expect("a count");
    assert_eq!(n(&after) - n(&before), 10);
    let logs = c
        .logs(&ObjectKey::new("Pod", "default", "ticker"), None, false)
        .expect("logs");
    assert_eq!(logs.lines().count() as u32, n(&after));
    assert!(logs.lines().all(|l| l == "tick"));
}

#[test]
fn exec_errors_match_kubectl() {
    let mut c = cluster();
    apply(&mut c, &pvc("data", "1Gi", "ReadWriteOnce", Some("")));
    apply(&mut c, &pod("waiting", "data", "sleep 10"));
    settle(&mut c);
    let err = c
        .exec(
            &ObjectKey::new("Pod", "default", "waiting"),
            None,
            &["hostname".into()],
        )
        .expect_err("not running");
    assert_eq!(
        err,
        "error: unable to upgrade connection: container not found (\"main\")"
    );
    let err = c
        .exec(
            &ObjectKey::new("Pod", "default", "nope"),
            None,
            &["hostname".into()],
        )
        .expect_err("missing");
    assert!(err.contains("pods \"nope\" not found"));
}

#[test]
fn pre_binding_selector_and_volume_mode_r_5_5() {
    let mut c = cluster();
    let reserved = "apiVersion: v1
kind: PersistentVolume
metadata:
  name: reserved
spec:
  capacity:
    storage: 10Gi
  accessModes: [ReadWriteOnce]
  claimRef:
    namespace: default
    name: wants-reserved
  nfs:
    server: nfs.example
    path: /reserved
---
apiVersion: v1
kind: PersistentVolume
metadata:
  name: labelled
  labels:
    tier: gold
spec:
  capacity:
    storage: 3Gi
  accessModes: [ReadWriteOnce]
  nfs:
    server: nfs.example
    path: /labelled
---
apiVersion: v1
kind: PersistentVolume
metadata:
  name: block
spec:
  capacity:
    storage: 1Gi
  accessModes: [ReadWriteOnce]
  volumeMode: Block
  nfs:
    server: nfs.example
    path: /block
---
";
    apply(
        &mut c,
        &[reserved, &pv("plain", "1Gi", "ReadWriteOnce", "", "Retain")].concat(),
    );
    let gold = "apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: gold
spec:
  storageClassName: \"\"
  accessModes: [ReadWriteOnce]
  selector:
    matchLabels:
      tier: gold
  resources:
    requests:
      storage: 1Gi
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: named
spec:
  storageClassName: \"\"
  volumeName: block
  volumeMode: Block
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 1Gi
---
";
    apply(
        &mut c,
        &[
            pvc("wants-reserved", "1Gi", "ReadWriteOnce", Some("")),
            gold.to_string(),
            pvc("other", "1Gi", "ReadWriteOnce", Some("")),
        ]
        .concat(),
    );
    settle(&mut c);
    // The volume's claimRef reserves it even though a smaller one fits.
    assert_eq!(claim_phase(&c, "wants-reserved").1, "reserved");
    // The selector skips the smaller unlabelled volume.
    assert_eq!(claim_phase(&c, "gold").1, "labelled");
    // spec.volumeName picks its volume; a Filesystem claim never gets the Block volume.
    assert_eq!(claim_phase(&c, "named").1, "block");
    assert_eq!(claim_phase(&c, "other").1, "plain");
    let block_only = reserved
        .split("---\n")
        .find(|doc| doc.contains("name: block\n"))
        .expect("block volume")
        .replace("name: block", "name: block2");
    apply(&mut c, &block_only);
    apply(&mut c, &pvc("fs", "1Gi", "ReadWriteOnce", Some("")));
    settle(&mut c);
    assert_eq!(claim_phase(&c, "fs").0, "Pending");
    assert_eq!(volume_phase(&c, "block2"), "Available");
}
