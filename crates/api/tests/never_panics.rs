//! Arbitrary bytes and YAML-ish text never make the intake panic (or hang).
#![cfg(not(target_arch = "wasm32"))]

use ordinal_api::{
    complete::complete, explain::explain, parse_manifests, repair::repair_indentation,
};
use proptest::prelude::*;

/// And their work grows linearly with their size.
mod linear_work;

const WEB: &str = include_str!("../../../tests/scenarios/web.yaml");

/// Pieces that make up manifests, glued in random order and indentation.
fn yamlish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("apiVersion: apps/v1".to_string()),
        Just("kind: StatefulSet".to_string()),
        Just("kind: List".to_string()),
        Just("items:".to_string()),
        Just("metadata:".to_string()),
        Just("spec:".to_string()),
        Just("replicas: -3".to_string()),
        Just("- name: x".to_string()),
        Just("containers:".to_string()),
        Just("&a [1, *a]".to_string()),
        Just("<<: *a".to_string()),
        Just("storage: 1Gb".to_string()),
        Just("---".to_string()),
        Just("{\"a\": [".to_string()),
        "[a-zA-Z:{}\\[\\]\\-&*!|>'\" #%@`,.0-9]{0,12}",
    ];
    prop::collection::vec((0usize..8, piece), 0..40).prop_map(|lines| {
        lines
            .into_iter()
            .map(|(indent, text)| format!("{}{text}\n", " ".repeat(indent)))
            .collect()
    })
}

/// 256 cases, or `PROPTEST_CASES` (`cargo xtask fuzz` runs many more, with a fresh seed).
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(256);
    ProptestConfig::with_cases(cases)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let text = String::from_utf8_lossy(&bytes);
        let intake = parse_manifests(&text);
        for document in &intake.documents {
            let _ = document.kubectl_error("x.yaml");
        }
        let _ = repair_indentation(&text);
    }

    #[test]
    fn yamlish_text(text in yamlish()) {
        let intake = parse_manifests(&text);
        let _ = intake.kubectl_errors("x.yaml");
        let _ = repair_indentation(&text);
    }

    #[test]
    fn completion_and_explain(text in yamlish(), cursor in 0usize..2000, path in "[a-zA-Z.]{0,30}") {
        let _ = complete(&text, cursor);
        let _ = complete(WEB, cursor);
        let _ = explain(&path);
        let _ = explain(&format!("sts.{path}"));
    }

    #[test]
    fn mutated_real_manifest(at in 0usize..WEB.len(), cut in 0usize..40, insert in "[ :\\-\\[\\]{}a-z0-9\n]{0,6}") {
        let mut text: String = WEB.chars().take(at).collect();
        text.push_str(&insert);
        text.extend(WEB.chars().skip(at + cut));
        let intake = parse_manifests(&text);
        let _ = intake.kubectl_errors("web.yaml");
    }
}
