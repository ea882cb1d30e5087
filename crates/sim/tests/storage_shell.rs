//! Container processes through the mini shell: logs of the current and previous run, emptyDir
//! wiped with its pod, a PV's contents kept, and nginx's default process unchanged.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

mod common;

use common::*;
use ordinal_api::Object;
use ordinal_sim::{Cluster, DeleteOptions, ObjectKey};

fn pod(name: &str, image: &str, command: &str) -> String {
    let command = if command.is_empty() {
        String::new()
    } else {
        format!("    command: [\"sh\", \"-c\", {command:?}]\n")
    };
    format!(
        "apiVersion: v1
kind: Pod
metadata:
  name: {name}
spec:
  containers:
  - name: main
    image: {image}
{command}    volumeMounts:
    - name: scratch
      mountPath: /scratch
  volumes:
  - name: scratch
    emptyDir: {{}}
"
    )
}

fn key(name: &str) -> ObjectKey {
    ObjectKey::new("Pod", "default", name)
}

fn sh(c: &mut Cluster, name: &str, script: &str) -> (String, String, i32) {
    let argv = ["sh".to_string(), "-c".into(), script.into()];
    let out = c.exec(&key(name), None, &argv).expect("running");
    (out.stdout, out.stderr, out.exit_code)
}

#[test]
fn crashing_container_keeps_its_previous_log() {
    let mut c = cluster();
    c.apply(&pod(
        "crash",
        "busybox:1.28",
        "echo booting; sleep 2; echo boom; exit 1",
    ))
    .expect("applies");
    advance(&mut c, 60);
    let previous = c.logs(&key("crash"), None, true).expect("previous run");
    assert_eq!(previous, "booting\nboom\n");
}

#[test]
fn empty_dir_dies_with_the_pod() {
    let mut c = cluster();
    let manifest = pod(
        "keeper",
        "busybox:1.28",
        "echo hi > /scratch/note; sleep 3600",
    );
    c.apply(&manifest).expect("applies");
    advance(&mut c, 30);
    assert_eq!(sh(&mut c, "keeper", "cat /scratch/note").0, "hi\n");
    assert_eq!(
        sh(&mut c, "keeper", "echo tmp > /tmp/x; cat /tmp/x").0,
        "tmp\n"
    );
    c.delete(
        &key("keeper"),
        DeleteOptions {
            grace_period: Some(1),
            ..DeleteOptions::default()
        },
    )
    .expect("deleted");
    advance(&mut c, 10);
    let fresh = pod("keeper", "busybox:1.28", "sleep 3600");
    c.apply(&fresh).expect("applies");
    advance(&mut c, 30);
    let (out, err, code) = sh(&mut c, "keeper", "ls /scratch; cat /tmp/x");
    assert_eq!(out, "");
    assert_eq!(err, "cat: can't open '/tmp/x': No such file or directory\n");
    assert_eq!(code, 1);
}

#[test]
fn nginx_runs_silently_and_execs_work() {
    let mut c = cluster();
    c.apply(&pod("web", "nginx:1.25", "")).expect("applies");
    advance(&mut c, 30);
    assert_eq!(c.logs(&key("web"), None, false).as_deref(), Ok(""));
    assert_eq!(sh(&mut c, "web", "hostname").0, "web\n");
    let argv = ["ls".to_string(), "/".into()];
    let out = c.exec(&key("web"), None, &argv).expect("running");
    assert!(out.stdout.lines().any(|l| l == "scratch"), "{}", out.stdout);
}

#[test]
fn same_seed_same_files_and_logs() {
    let run = |seed: u64| {
        let mut c = seeded(seed);
        let manifest = "apiVersion: v1
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
  name: clock
spec:
  containers:
  - name: main
    image: busybox:1.28
    command: [\"sh\", \"-c\", \"while true; do date >> /data/log; echo $(hostname); sleep 7; done\"]
    volumeMounts:
    - name: data
      mountPath: /data
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: data
";
        c.apply(manifest).expect("applies");
        advance(&mut c, 90);
        let files = sh(&mut c, "clock", "cat /data/log").0;
        let Some(Object::PersistentVolumeClaim(claim)) = c
            .store()
            .get(&ObjectKey::new("PersistentVolumeClaim", "default", "data"))
            .cloned()
        else {
            panic!("claim exists");
        };
        let volume = claim.spec.volume_name.unwrap_or_default();
        assert_eq!(
            c.volume_files(&volume),
            vec![("/log".to_string(), files.clone())],
            "the volume panel sees what the pod wrote"
        );
        let logs = c.logs(&key("clock"), None, false).expect("logs");
        let volume = c
            .store()
            .list("PersistentVolume", None)
            .map(|v| v.metadata().name.clone())
            .collect::<Vec<_>>();
        (files, logs, volume)
    };
    assert_eq!(run(3), run(3));
    assert_ne!(
        run(3).2,
        run(4).2,
        "the volume name comes from the seeded uid"
    );
}
