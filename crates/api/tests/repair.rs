//! Seeds 000 and 003 lost all indentation when pasted; the schema-guided repair rebuilds the
//! documents their authors meant.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use ordinal_api::repair::repair_indentation;
use ordinal_api::yaml::parse_stream;

fn as_json(text: &str) -> Vec<serde_json::Value> {
    parse_stream(text)
        .expect("valid YAML")
        .iter()
        .map(|d| d.to_json())
        .collect()
}

fn check(flattened: &str, intended: &str) {
    let intended_json = as_json(intended);
    // As pasted, the text is YAML but not the intended objects.
    assert_ne!(as_json(flattened), intended_json);
    let repaired = repair_indentation(flattened).expect("flattened text is detected");
    assert_eq!(as_json(&repaired), intended_json, "repaired:\n{repaired}");
    let intake = ordinal_api::parse_manifests(&repaired);
    assert!(!intake.has_errors(), "{:?}", intake.diagnostics);
    // Repairing is idempotent: a repaired text is no longer flattened.
    assert_eq!(repair_indentation(&repaired), None);
}

#[test]
fn seed_000_web_yaml() {
    check(
        include_str!("fixtures/seed000-web-flattened.yaml"),
        include_str!("fixtures/seed000-web-intended.yaml"),
    );
}

#[test]
fn seed_003_myapp() {
    check(
        include_str!("fixtures/seed003-myapp-flattened.yaml"),
        include_str!("fixtures/seed003-myapp-intended.yaml"),
    );
}
