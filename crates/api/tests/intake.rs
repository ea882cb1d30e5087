//! Intake behaviours that must hold in the browser too (these also run under
//! wasm-bindgen-test): JSON input, `kind: List`, mapping errors for one document only, limits.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use ordinal_api::{Object, Severity, Stage, parse_manifests};

// A copy of the corpus file (shared/corpus/ is not part of the repository, and wasm tests
// cannot read files at run time).
const COCKROACH: &str = include_str!(
    "fixtures/cockroachdb__cockroach__cloud__kubernetes__cockroachdb-statefulset.yaml"
);

#[test]
fn removed_api_version_fails_that_document_only() {
    let intake = parse_manifests(COCKROACH);
    let failed: Vec<_> = intake
        .documents
        .iter()
        .filter(|d| d.has_errors())
        .map(|d| (d.kind.as_str(), d.api_version.as_str()))
        .collect();
    assert_eq!(failed, [("PodDisruptionBudget", "policy/v1beta1")]);
    let kinds: Vec<_> = intake.manifests.iter().map(|m| m.object.kind()).collect();
    assert_eq!(kinds, ["Service", "Service", "StatefulSet"]);
    let mapping = intake
        .diagnostics
        .iter()
        .find(|d| d.stage == Stage::Mapping)
        .expect("mapping error");
    assert_eq!(mapping.suggestion.as_deref(), Some("apiVersion: policy/v1"));
}

#[test]
fn json_documents_are_read_with_locations() {
    let text = "{\n  \"apiVersion\": \"apps/v1\",\n  \"kind\": \"StatefulSet\",\n  \"metadata\": {\"name\": \"web\"},\n  \"spec\": {\"replica\": 3}\n}\n";
    let intake = parse_manifests(text);
    let d = &intake.diagnostics[0];
    assert_eq!(d.message, "unknown field \"spec.replica\"");
    assert_eq!((d.span.line, d.span.column), (5, 12));
}

#[test]
fn list_of_objects_is_flattened() {
    let text = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: PersistentVolumeClaim\n  metadata:\n    name: data\n  spec:\n    accessModes: [ReadWriteOnce]\n    resources:\n      requests:\n        storage: 1Gi\n- apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: db\n";
    let intake = parse_manifests(text);
    assert!(intake.diagnostics.is_empty(), "{:?}", intake.diagnostics);
    assert!(matches!(
        intake.manifests[0].object,
        Object::PersistentVolumeClaim(_)
    ));
    assert_eq!(intake.manifests[1].object.kind(), "Namespace");
}

#[test]
fn alias_expansion_and_nesting_are_bounded() {
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (name, prev) in [
        ("b", "a"),
        ("c", "b"),
        ("d", "c"),
        ("e", "d"),
        ("f", "e"),
        ("g", "f"),
    ] {
        let refs = vec![format!("*{prev}"); 10].join(", ");
        bomb.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    let intake = parse_manifests(&bomb);
    assert_eq!(intake.diagnostics[0].stage, Stage::Limit);
    assert!(
        intake.diagnostics[0]
            .message
            .contains("alias expansion limit")
    );

    let deep = format!("a: {}{}\n", "[".repeat(200), "]".repeat(200));
    let intake = parse_manifests(&deep);
    assert_eq!(
        intake.diagnostics[0].message,
        "nesting deeper than 128 levels"
    );
}

#[test]
fn warnings_do_not_block_an_apply() {
    let text = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: d\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels: {app: d}\n";
    let intake = parse_manifests(text);
    assert!(!intake.has_errors());
    assert_eq!(intake.diagnostics[0].severity, Severity::Warning);
    assert_eq!(intake.manifests.len(), 1);
}

#[test]
fn headless_service_decodes_cluster_ip_under_its_kubernetes_name() {
    let intake = parse_manifests(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  clusterIP: None\n",
    );
    assert!(intake.diagnostics.is_empty(), "{:?}", intake.diagnostics);
    let Object::Service(svc) = &intake.manifests[0].object else {
        panic!("a Service");
    };
    assert_eq!(svc.spec.cluster_ip.as_deref(), Some("None"));
    let json = serde_json::to_value(svc).expect("serializes");
    assert_eq!(json["spec"]["clusterIP"], "None");
}
