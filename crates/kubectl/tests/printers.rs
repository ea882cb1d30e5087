//! Printer output per resource type and format, over objects built by hand (kinds the
//! simulator does not create yet included), plus the column-count property.
#![cfg(not(target_arch = "wasm32"))]

use ordinal_api::*;
use ordinal_kubectl::get::RowOptions;
use ordinal_kubectl::print::object::to_json;
use ordinal_kubectl::print::yaml::to_yaml;
use ordinal_kubectl::print::{columns, to_json_text};
use ordinal_kubectl::table;
use ordinal_sim::Time;
use proptest::prelude::*;
use serde_json::json;
use std::collections::BTreeMap;

fn meta(name: &str, namespace: Option<&str>) -> ObjectMeta {
    ObjectMeta {
        name: name.into(),
        namespace: namespace.map(String::from),
        creation_timestamp: Some("2026-01-01T00:00:00Z".into()),
        ..ObjectMeta::default()
    }
}

const NOW: Time = Time(150_000);

fn print(objects: &[Object], options: &RowOptions) -> String {
    let first = &objects[0];
    let mut rows = vec![options.header(first.kind(), first.is_namespaced())];
    rows.extend(objects.iter().map(|o| options.row(o, NOW)));
    table::render(&rows)
}

fn pvc(name: &str, bound: bool) -> Object {
    let mut claim = PersistentVolumeClaim {
        metadata: meta(name, Some("default")),
        ..Default::default()
    };
    claim.spec.access_modes = vec!["ReadWriteOnce".into()];
    claim.spec.storage_class_name = Some("standard".into());
    if bound {
        claim.spec.volume_name = Some("pvc-3f1c".into());
        claim.status.phase = Some("Bound".into());
        claim.status.access_modes = vec!["ReadWriteOnce".into()];
        claim.status.capacity.insert("storage".into(), "2Gi".into());
    }
    Object::PersistentVolumeClaim(claim)
}

#[test]
fn persistent_volume_claims_blank_until_bound() {
    let out = print(
        &[pvc("www-web-0", true), pvc("www-web-1", false)],
        &RowOptions::default(),
    );
    insta::assert_snapshot!(out, @r"
    NAME        STATUS    VOLUME     CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE
    www-web-0   Bound     pvc-3f1c   2Gi        RWO            standard       <unset>                 2m30s
    www-web-1   Pending                                        standard       <unset>                 2m30s
    ");
}

#[test]
fn persistent_volumes_show_claim_and_policy() {
    let mut pv = PersistentVolume {
        metadata: meta("pv001", None),
        ..Default::default()
    };
    pv.spec.capacity.insert("storage".into(), "5Gi".into());
    pv.spec.access_modes = vec!["ReadWriteOnce".into(), "ReadWriteMany".into()];
    pv.spec.persistent_volume_reclaim_policy = Some("Recycle".into());
    pv.spec.claim_ref = Some(ObjectReference {
        namespace: Some("default".into()),
        name: Some("datadir-zk-0".into()),
        ..Default::default()
    });
    pv.status.phase = Some("Bound".into());
    let out = print(
        &[Object::PersistentVolume(pv)],
        &RowOptions {
            all_namespaces: true,
            ..Default::default()
        },
    );
    insta::assert_snapshot!(out, @r"
    NAME    CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS   CLAIM                  STORAGECLASS   VOLUMEATTRIBUTESCLASS   REASON   AGE
    pv001   5Gi        RWO,RWX        Recycle          Bound    default/datadir-zk-0                  <unset>                          2m30s
    ");
}

#[test]
fn storage_classes_mark_the_default() {
    let mut sc = StorageClass {
        metadata: meta("standard", None),
        provisioner: "rancher.io/local-path".into(),
        reclaim_policy: Some("Delete".into()),
        volume_binding_mode: Some("WaitForFirstConsumer".into()),
        ..Default::default()
    };
    sc.metadata.annotations.insert(
        "storageclass.kubernetes.io/is-default-class".into(),
        "true".into(),
    );
    let out = print(&[Object::StorageClass(sc)], &RowOptions::default());
    insta::assert_snapshot!(out, @r"
    NAME                 PROVISIONER             RECLAIMPOLICY   VOLUMEBINDINGMODE      ALLOWVOLUMEEXPANSION   AGE
    standard (default)   rancher.io/local-path   Delete          WaitForFirstConsumer   false                  2m30s
    ");
}

fn other(kind: &str, api_version: &str, name: &str, body: serde_json::Value) -> Object {
    Object::Other {
        api_version: api_version.into(),
        kind: kind.into(),
        metadata: meta(name, Some("default")),
        body,
    }
}

#[test]
fn nodes_events_and_revisions() {
    let mut node_meta = meta("node-1", None);
    node_meta
        .labels
        .insert("kubernetes.io/hostname".into(), "node-1".into());
    let node = Object::Other {
        api_version: "v1".into(),
        kind: "Node".into(),
        metadata: node_meta,
        body: json!({"spec": {"unschedulable": true}, "status": {
            "conditions": [{"type": "Ready", "status": "True"}],
            "addresses": [{"type": "InternalIP", "address": "172.18.0.3"}],
            "nodeInfo": {"kubeletVersion": "v1.35.0", "osImage": "Debian GNU/Linux 12 (bookworm)",
                "kernelVersion": "6.8.0", "containerRuntimeVersion": "containerd://2.1.0"}}}),
    };
    let nodes = print(
        &[node],
        &RowOptions {
            wide: true,
            ..Default::default()
        },
    );
    insta::assert_snapshot!(nodes, @r"
    NAME     STATUS                     ROLES    AGE     VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE                         KERNEL-VERSION   CONTAINER-RUNTIME
    node-1   Ready,SchedulingDisabled   <none>   2m30s   v1.35.0   172.18.0.3    <none>        Debian GNU/Linux 12 (bookworm)   6.8.0            containerd://2.1.0
    ");

    let event = other(
        "Event",
        "v1",
        "web.1",
        json!({
        "type": "Normal", "reason": "SuccessfulCreate", "lastTimestamp": "2026-01-01T00:02:00Z",
        "involvedObject": {"kind": "StatefulSet", "name": "web"},
        "message": "create Pod web-0 in StatefulSet web successful"}),
    );
    insta::assert_snapshot!(print(&[event], &RowOptions::default()), @r"
    LAST SEEN   TYPE     REASON             OBJECT            MESSAGE
    30s         Normal   SuccessfulCreate   statefulset/web   create Pod web-0 in StatefulSet web successful
    ");

    let mut revision_meta = meta("web-5d84f996d", Some("default"));
    revision_meta.owner_references.push(OwnerReference {
        api_version: "apps/v1".into(),
        kind: "StatefulSet".into(),
        name: "web".into(),
        uid: "u".into(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    });
    let revision = Object::Other {
        api_version: "apps/v1".into(),
        kind: "ControllerRevision".into(),
        metadata: revision_meta,
        body: json!({"revision": 1}),
    };
    insta::assert_snapshot!(print(&[revision], &RowOptions::default()), @r"
    NAME            CONTROLLER             REVISION   AGE
    web-5d84f996d   statefulset.apps/web   1          2m30s
    ");
}

#[test]
fn yaml_and_json_of_a_stored_object() {
    let mut labels = BTreeMap::new();
    labels.insert("app".to_string(), "nginx".to_string());
    let mut svc = Service {
        metadata: ObjectMeta {
            labels: labels.into(),
            ..meta("nginx", Some("default"))
        },
        ..Default::default()
    };
    // Through the pass-through map: the typed field serializes as `clusterIp` (api bug, reported).
    svc.spec.extra.insert("clusterIP".into(), json!("None"));
    svc.spec.ports.push(ServicePort {
        name: Some("web".into()),
        port: 80,
        ..Default::default()
    });
    let object = Object::Service(svc);
    insta::assert_snapshot!(to_yaml(&to_json(&object)), @r#"
    apiVersion: v1
    kind: Service
    metadata:
      creationTimestamp: "2026-01-01T00:00:00Z"
      labels:
        app: nginx
      name: nginx
      namespace: default
    spec:
      clusterIP: None
      ports:
      - name: web
        port: 80
    "#);
    let json = to_json_text(&to_json(&object));
    assert!(
        json.starts_with("{\n    \"apiVersion\": \"v1\",\n    \"kind\": \"Service\",\n"),
        "{json}"
    );
}

fn arb_pod() -> impl Strategy<Value = Object> {
    (
        "[a-z][a-z0-9-]{0,20}",
        proptest::collection::btree_map("[a-z]{1,8}", "[a-z0-9]{0,8}", 0..4),
        0usize..4,
        proptest::option::of("(Pending|Running|Succeeded|Failed)"),
        proptest::option::of("10\\.244\\.[0-9]\\.[0-9]{1,3}"),
        any::<bool>(),
    )
        .prop_map(|(name, labels, containers, phase, ip, deleting)| {
            let mut pod = Pod {
                metadata: ObjectMeta {
                    labels: labels.into(),
                    ..meta(&name, Some("default"))
                },
                ..Default::default()
            };
            pod.spec.containers = (0..containers)
                .map(|i| Container {
                    name: format!("c{i}"),
                    ..Default::default()
                })
                .collect();
            pod.status.phase = phase;
            pod.status.pod_ip = ip;
            if deleting {
                pod.metadata.deletion_timestamp = Some("2026-01-01T00:01:00Z".into());
            }
            Object::Pod(pod)
        })
}

fn arb_options() -> impl Strategy<Value = RowOptions> {
    (
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        proptest::collection::vec("[a-z]{1,5}", 0..3),
    )
        .prop_map(
            |(all_namespaces, with_kind, wide, show_labels, label_columns)| RowOptions {
                all_namespaces,
                with_kind,
                wide,
                show_labels,
                label_columns,
            },
        )
}

proptest! {
    /// Every printed table has the same number of columns in every row.
    #[test]
    fn every_row_has_the_header_column_count(
        pods in proptest::collection::vec(arb_pod(), 1..8),
        options in arb_options(),
    ) {
        let header = options.header("Pod", true);
        for pod in &pods {
            prop_assert_eq!(options.row(pod, NOW).len(), header.len());
        }
        let text = print(&pods, &options);
        prop_assert_eq!(text.lines().count(), pods.len() + 1);
        prop_assert!(!text.lines().any(|l| l.ends_with(' ')));
    }

    /// The STATUS column never panics and is never empty.
    #[test]
    fn pod_status_is_never_empty(pod in arb_pod()) {
        if let Object::Pod(p) = &pod {
            prop_assert!(!columns::pod_status(p).is_empty());
        }
    }
}

#[test]
fn restarts_show_how_long_ago_the_last_one_was() {
    let mut pod = Pod {
        metadata: meta("db-0", Some("default")),
        ..Default::default()
    };
    pod.spec.containers.push(Container {
        name: "mysql".into(),
        ..Default::default()
    });
    pod.status.phase = Some("Running".into());
    pod.status.container_statuses.push(ContainerStatus {
        name: "mysql".into(),
        restart_count: 13,
        state: Some(json!({"waiting": {"reason": "CrashLoopBackOff"}})),
        last_state: Some(json!({"terminated": {"exitCode": 1, "reason": "Error",
            "finishedAt": "2026-01-01T00:01:55Z"}})),
        ..Default::default()
    });
    let out = print(&[Object::Pod(pod)], &RowOptions::default());
    assert_eq!(
        out,
        "NAME   READY   STATUS             RESTARTS       AGE\ndb-0   0/1     CrashLoopBackOff   13 (35s ago)   2m30s\n"
    );
}
