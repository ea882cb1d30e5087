//! A catalogue of broken manifests, one per error class (`tests/broken/*.yaml`): the located
//! diagnostics and the exact stderr kubectl would print are pinned as insta snapshots.
#![cfg(not(target_arch = "wasm32"))]

use ordinal_api::{Severity, parse_manifests};
use std::fmt::Write as _;
use std::path::Path;

fn render(file_name: &str, text: &str) -> String {
    let intake = parse_manifests(text);
    let mut out = String::from("diagnostics:\n");
    for d in &intake.diagnostics {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = writeln!(
            out,
            "  {}:{} {level} [{:?}] {}: {}",
            d.span.line, d.span.column, d.stage, d.path, d.message
        );
        if let Some(s) = &d.suggestion {
            let _ = writeln!(out, "    did you mean: {s}");
        }
    }
    let _ = writeln!(out, "applied: {}", intake.manifests.len());
    out.push_str("kubectl stderr:\n");
    for error in intake.kubectl_errors(file_name) {
        let _ = writeln!(out, "{error}");
    }
    out
}

#[test]
fn broken_manifests() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/broken exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    assert!(files.len() >= 40, "only {} broken manifests", files.len());
    for path in files {
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("utf-8 name");
        let text = std::fs::read_to_string(&path).expect("readable");
        let rendered = render(&format!("{stem}.yaml"), &text);
        assert!(
            rendered
                .lines()
                .any(|l| l.contains(" error ") || l.contains(" warning ")),
            "{stem} produced no diagnostic:\n{rendered}"
        );
        insta::assert_snapshot!(stem, rendered);
    }
}
