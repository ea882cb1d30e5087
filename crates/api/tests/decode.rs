//! `decode::from_value` gives what `serde_json::from_value` gives (the same objects, the same
//! error text) for every shape a manifest can have, and refuses a struct given as an array.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use ordinal_api::decode::from_value;
use ordinal_api::{
    ObjectMeta, PersistentVolume, PersistentVolumeClaim, Pod, Probe, Service, StatefulSet,
    StorageClass, parse_manifests,
};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::fmt::Debug;

/// Decodes `value` as `T` both ways and asserts the same outcome.
fn same_as_serde_json<T: DeserializeOwned + PartialEq + Debug>(value: &Value) {
    let ours = from_value::<T>(value.clone()).map_err(|e| e.to_string());
    let theirs = serde_json::from_value::<T>(value.clone()).map_err(|e| e.to_string());
    assert_eq!(ours, theirs, "decoding {value}");
}

/// Every typed kind, whatever the document's own kind (so mismatches exercise errors too).
fn all_kinds(value: &Value) {
    same_as_serde_json::<StatefulSet>(value);
    same_as_serde_json::<Pod>(value);
    same_as_serde_json::<Service>(value);
    same_as_serde_json::<PersistentVolumeClaim>(value);
    same_as_serde_json::<PersistentVolume>(value);
    same_as_serde_json::<StorageClass>(value);
    same_as_serde_json::<ObjectMeta>(value);
    if let Some(metadata) = value.get("metadata") {
        same_as_serde_json::<ObjectMeta>(metadata);
    }
}

/// Every document of a manifest stream, with the nulls the YAML had.
fn documents(text: &str) -> Vec<Value> {
    parse_manifests(text)
        .documents
        .iter()
        .map(|d| d.node.to_json())
        .collect()
}

#[test]
fn fixture_manifests_decode_the_same() {
    let texts = [
        include_str!(
            "fixtures/cockroachdb__cockroach__cloud__kubernetes__cockroachdb-statefulset.yaml"
        ),
        include_str!("fixtures/seed000-web-intended.yaml"),
        include_str!("fixtures/seed001-stateful-demo.yaml"),
        include_str!("fixtures/seed003-myapp-intended.yaml"),
        include_str!("fixtures/seed003-myapp-flattened.yaml"),
        include_str!("../../../tests/scenarios/deploy-web.yaml"),
        include_str!("../../../tests/scenarios/ds-fluentd.yaml"),
    ];
    let mut count = 0;
    for text in texts {
        for doc in documents(text) {
            all_kinds(&doc);
            count += 1;
        }
    }
    assert!(count >= 4, "only {count} documents");
}

#[test]
fn wrong_types_give_serde_json_errors() {
    let cases = [
        json!({"metadata": {"name": 5}}),
        json!({"metadata": "web"}),
        json!({"metadata": {"labels": {"app": ["x"]}}}),
        json!({"spec": {"replicas": "three", "serviceName": "nginx"}}),
        json!({"spec": {"replicas": -1}}),
        json!({"spec": {"replicas": 1.5}}),
        json!({"spec": {"replicas": 4294967296u64}}),
        json!({"spec": {"template": {"spec": {"containers": {"name": "nginx"}}}}}),
        json!({"spec": {"template": {"spec": {"containers": [{"name": "a", "ports": [{"containerPort": "80"}]}]}}}}),
        json!({"spec": {"template": {"spec": {"containers": [{"image": "nginx"}]}}}}),
        json!({"spec": {"ports": [{"port": 80, "targetPort": "web"}], "clusterIP": null}}),
        json!({"spec": {"podManagementPolicy": true}}),
        json!({"spec": {"volumeClaimTemplates": [{"spec": {"accessModes": "ReadWriteOnce"}}]}}),
        json!({"spec": {"capacity": {"storage": 1}}}),
        json!({"status": {"phase": null}}),
        json!(null),
        json!("a string"),
        json!(7),
        json!({"unknownField": {"nested": [1, 2, {"x": null}]}, "metadata": {"annotations": null}}),
    ];
    for case in &cases {
        all_kinds(case);
    }
    same_as_serde_json::<Probe>(&json!({"httpGet": {"path": "/", "port": 80}, "periodSeconds": 5}));
    same_as_serde_json::<Probe>(&json!({"exec": {"command": ["true"]}, "failureThreshold": "x"}));
}

#[test]
fn a_struct_is_read_from_an_object_only() {
    // serde_json reads a struct from an array of its fields in order; Kubernetes never does,
    // and this decoder does not (see the module comment of `decode`).
    let array = json!([{"name": "web"}]);
    let err = from_value::<StatefulSet>(array).expect_err("array as struct");
    assert!(
        err.to_string()
            .starts_with("invalid type: sequence, expected "),
        "{err}"
    );
}
