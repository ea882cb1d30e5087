//! A pod whose claim is not ready: an unbound Immediate claim keeps it
//! Pending with the scheduler's pre-filter message (no node count), and a static volume
//! that arrives later binds the claim and lets the pod be scheduled.

mod common;

use common::*;
use ordinal_sim::ObjectKey;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const CLAIM_AND_POD: &str = "apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: orphan
spec:
  storageClassName: \"\"
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 1Gi
---
apiVersion: v1
kind: Pod
metadata:
  name: stuck
spec:
  containers:
  - name: main
    image: busybox:1.28
    command: [sleep, \"3600\"]
    volumeMounts:
    - name: data
      mountPath: /data
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: orphan
";

const VOLUME: &str = "apiVersion: v1
kind: PersistentVolume
metadata:
  name: pv-1
spec:
  storageClassName: \"\"
  capacity:
    storage: 1Gi
  accessModes: [ReadWriteOnce]
  hostPath:
    path: /mnt/pv-1
";

const UNBOUND: &str = "0/4 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.";

fn failed_scheduling(cluster: &ordinal_sim::Cluster) -> Vec<String> {
    cluster
        .events_about(&ObjectKey::new("Pod", "default", "stuck"))
        .filter(|e| e.reason == "FailedScheduling")
        .map(|e| e.message.clone())
        .collect()
}

#[test]
fn an_unbound_immediate_claim_keeps_the_pod_pending_with_the_real_message() {
    let mut cluster = cluster();
    cluster.apply(CLAIM_AND_POD).expect("claim and pod apply");
    advance(&mut cluster, 30);
    let stuck = pod(&cluster, "stuck").expect("pod stuck");
    assert_eq!(stuck.spec.node_name, None);
    assert_eq!(stuck.status.phase.as_deref(), Some("Pending"));
    let condition = stuck
        .status
        .conditions
        .iter()
        .find(|c| c.type_ == "PodScheduled")
        .expect("PodScheduled condition");
    assert_eq!(condition.status, "False");
    assert_eq!(condition.message.as_deref(), Some(UNBOUND));
    assert_eq!(failed_scheduling(&cluster), [UNBOUND]);
}

#[test]
fn a_volume_that_arrives_later_lets_the_pod_be_scheduled() {
    let mut cluster = cluster();
    cluster.apply(CLAIM_AND_POD).expect("claim and pod apply");
    advance(&mut cluster, 10);
    cluster.apply(VOLUME).expect("volume applies");
    advance(&mut cluster, 60);
    let stuck = pod(&cluster, "stuck").expect("pod stuck");
    assert!(stuck.spec.node_name.is_some(), "{:?}", stuck.status);
    assert_eq!(stuck.status.phase.as_deref(), Some("Running"));
}
