//! Determinism (issue #5): the same script and seed give byte-identical watch logs; another
//! seed may change every timing but never the orderings Kubernetes guarantees: which pod the
//! StatefulSet controller creates or deletes after which, under OrderedReady (in order, one at
//! a time) and Parallel (creations in ordinal order, updates from the highest ordinal down).

mod common;

use common::*;
use ordinal_api::Object;
use ordinal_sim::{Cluster, WatchEventType};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const SEEDS: [u64; 4] = [1, 2, 7, 2026];

/// Scale 3 → 5, roll a new image through, scale down to 2.
fn scenario(seed: u64, parallel: bool) -> Cluster {
    let mut c = seeded(seed);
    let manifest = if parallel {
        WEB.replace(
            "  replicas: 3",
            "  podManagementPolicy: Parallel\n  replicas: 3",
        )
    } else {
        WEB.to_string()
    };
    c.apply(&manifest).expect("web applies");
    settle(&mut c);
    c.scale(&key("StatefulSet", "web"), 5).expect("scales");
    settle(&mut c);
    set_image(&mut c, "web", "registry.k8s.io/nginx-slim:0.9");
    settle(&mut c);
    c.scale(&key("StatefulSet", "web"), 2).expect("scales");
    settle(&mut c);
    c
}

/// Pod creations and deletion requests (the first write with a deletionTimestamp) in the
/// order the controller made them (`+web-0`, `-web-4`, …). When a deleted pod is finally
/// removed depends on timings, so that is not compared.
fn pod_births_and_deaths(c: &Cluster) -> Vec<String> {
    let mut terminating = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for e in c.store().watch_log() {
        let Object::Pod(p) = &*e.object else {
            continue;
        };
        let uid = p.metadata.uid.clone().unwrap_or_default();
        if e.kind == WatchEventType::Added {
            out.push(format!("+{}", p.metadata.name));
        }
        if (p.metadata.deletion_timestamp.is_some() || e.kind == WatchEventType::Deleted)
            && terminating.insert(uid)
        {
            out.push(format!("-{}", p.metadata.name));
        }
    }
    out
}

/// The whole watch log, as bytes a diff would compare.
fn log_text(c: &Cluster) -> String {
    c.store()
        .watch_log()
        .iter()
        .map(|e| format!("{} {:?} {:?}\n", e.time, e.kind, e.object))
        .collect()
}

#[test]
fn same_seed_gives_an_identical_watch_log() {
    for parallel in [false, true] {
        let (a, b) = (scenario(7, parallel), scenario(7, parallel));
        assert_eq!(log_text(&a), log_text(&b), "parallel={parallel}");
    }
}

#[test]
fn another_seed_changes_timings_but_not_ordered_ready_orderings() {
    let runs: Vec<Cluster> = SEEDS.iter().map(|s| scenario(*s, false)).collect();
    let expected = pod_births_and_deaths(&runs[0]);
    // In order up, highest first on update and scale-down, one at a time.
    let mut want: Vec<String> = (0..5).map(|i| format!("+web-{i}")).collect();
    for i in (0..5).rev() {
        want.push(format!("-web-{i}"));
        want.push(format!("+web-{i}"));
    }
    want.extend(["-web-4", "-web-3", "-web-2"].map(String::from));
    assert_eq!(expected, want);
    for (seed, run) in SEEDS.iter().zip(&runs) {
        assert_eq!(pod_births_and_deaths(run), expected, "seed {seed}");
    }
    let ends: std::collections::BTreeSet<_> = runs.iter().map(|c| c.now()).collect();
    assert!(ends.len() > 1, "seeds should change timings: {ends:?}");
}

#[test]
fn another_seed_changes_timings_but_not_parallel_orderings() {
    let runs: Vec<Cluster> = SEEDS.iter().map(|s| scenario(*s, true)).collect();
    let expected = pod_births_and_deaths(&runs[0]);
    assert_eq!(
        expected[..5],
        ["+web-0", "+web-1", "+web-2", "+web-3", "+web-4"].map(String::from)
    );
    for (seed, run) in SEEDS.iter().zip(&runs) {
        assert_eq!(pod_births_and_deaths(run), expected, "seed {seed}");
    }
    let ends: std::collections::BTreeSet<_> = runs.iter().map(|c| c.now()).collect();
    assert!(ends.len() > 1, "seeds should change timings: {ends:?}");
}
