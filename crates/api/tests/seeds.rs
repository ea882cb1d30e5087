//! The manifests of the seed tutorials: seed 001's two real mistakes are each reported with
//! the right line, column and message.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use ordinal_api::{Severity, Stage, parse_manifests};

const SEED_001: &str = include_str!("fixtures/seed001-stateful-demo.yaml");

#[test]
fn seed_001_mistakes_are_located() {
    let intake = parse_manifests(SEED_001);
    // The Service is fine; the StatefulSet carries both mistakes, reported together.
    assert_eq!(intake.documents.len(), 2);
    assert!(intake.documents[0].diagnostics.is_empty());
    let sts = &intake.documents[1];
    let found: Vec<_> = sts
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.span.line,
                d.span.column,
                d.stage,
                d.message.as_str(),
                d.suggestion.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                31,
                9,
                Stage::Decode,
                "json: cannot unmarshal object into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container",
                None
            ),
            (
                39,
                3,
                Stage::Strict,
                "unknown field \"spec.volumeClaimTemolates\"",
                Some("volumeClaimTemplates")
            ),
        ]
    );
    assert!(
        sts.diagnostics
            .iter()
            .all(|d| d.severity == Severity::Error)
    );
    assert!(sts.object.is_none());
}

#[test]
fn seed_001_kubectl_prints_the_decode_error_first() {
    let intake = parse_manifests(SEED_001);
    assert_eq!(
        intake.kubectl_errors("stateful-demo.yaml"),
        [
            "Error from server (BadRequest): error when creating \"stateful-demo.yaml\": StatefulSet in version \"v1\" cannot be handled as a StatefulSet: json: cannot unmarshal object into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container"
        ]
    );
}

#[test]
fn seed_001_fixed_by_hand_only_reports_the_typo() {
    let fixed = SEED_001.replace(
        "      containers:\n        name: myapp\n        image: ikubernetes/myapp:v1\n        ports:\n        - containerPort: 80\n          name: web\n        volumeMounts:\n        - name: myappdata\n          mountPath: /usr/share/nginx/html\n",
        "      containers:\n      - name: myapp\n        image: ikubernetes/myapp:v1\n",
    );
    assert_ne!(fixed, SEED_001);
    let intake = parse_manifests(&fixed);
    assert_eq!(
        intake.kubectl_errors("stateful-demo.yaml"),
        [
            "Error from server (BadRequest): error when creating \"stateful-demo.yaml\": StatefulSet in version \"v1\" cannot be handled as a StatefulSet: strict decoding error: unknown field \"spec.volumeClaimTemolates\""
        ]
    );
}
