//! Every document of every real-world manifest in `shared/corpus/` is accepted without a false
//! error; the one removed API version there fails alone, with kubectl's message.
#![cfg(not(target_arch = "wasm32"))]

use ordinal_api::{Severity, parse_manifests};
use std::path::{Path, PathBuf};

/// `$ORDINAL_CORPUS_DIR`, else the first `shared/corpus` found beside an ancestor of this
/// crate (the repository is cloned with `shared/` as its sibling).
fn corpus_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("ORDINAL_CORPUS_DIR") {
        return Some(PathBuf::from(dir));
    }
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|a| a.join("shared/corpus"))
        .find(|d| d.is_dir())
}

#[test]
fn corpus_is_accepted() {
    let Some(dir) = corpus_dir() else {
        // CI always has the corpus; a clone without shared/ beside it skips, visibly.
        assert!(
            std::env::var_os("CI").is_none(),
            "shared/corpus not found beside the repository (set ORDINAL_CORPUS_DIR)"
        );
        println!(
            "corpus_is_accepted: SKIPPED: no shared/corpus beside the repository and ORDINAL_CORPUS_DIR unset"
        );
        return;
    };
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read the corpus {}: {e}", dir.display()));
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    files.sort();
    assert!(files.len() >= 60, "corpus has {} files", files.len());
    let mut documents = 0;
    let mut failures = Vec::new();
    for path in &files {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let text = std::fs::read_to_string(path).expect("readable");
        let intake = parse_manifests(&text);
        documents += intake.documents.len();
        for document in &intake.documents {
            let errors: Vec<_> = document
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .collect();
            let removed_pdb = name.starts_with("cockroachdb__cockroach__")
                && document.api_version == "policy/v1beta1";
            if removed_pdb {
                assert_eq!(
                    document.kubectl_error(name).as_deref(),
                    Some(
                        "error: resource mapping not found for name: \"cockroachdb-budget\" namespace: \"\" from \"cockroachdb__cockroach__cloud__kubernetes__cockroachdb-statefulset.yaml\": no matches for kind \"PodDisruptionBudget\" in version \"policy/v1beta1\"\nensure CRDs are installed first"
                    )
                );
            } else if !errors.is_empty() {
                failures.push(format!(
                    "{name}: {} {}: {errors:?}",
                    document.kind, document.name
                ));
            }
        }
        if intake.documents.is_empty() {
            failures.push(format!("{name}: no documents: {:?}", intake.diagnostics));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(documents > 200, "read {documents} documents");
}
