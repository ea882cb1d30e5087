//! The intake's work grows linearly with its input (issue #4): for adversarial shapes of size
//! n and 8n, parsing and validating the 8n input costs at most `BOUND` (16) times the n input,
//! where a linear intake costs 8 times and a quadratic one 64. Work is counted, not timed: the
//! allocations and bytes the intake asks for on the calling thread (`allocation-counter`), the
//! same on every run. Alias expansion (billion laughs) must stay capped by the node limit
//! however many levels a document has.
//!
//! An allocation count does not see a loop that only compares (a quadratic scan over nodes
//! already built); every shape here also builds nodes and strings per item, so such a scan
//! would have to allocate nothing per step to hide. Part of `never_panics`, so
//! `cargo xtask fuzz` runs the property with many more cases.

use ordinal_api::parse_manifests;
use proptest::prelude::*;

/// 8n costs at most this many times n: twice the linear 8, far below the quadratic 64.
const BOUND: u64 = 16;

/// The work (allocations + bytes / 64, on this thread) of taking `text` in: parse, strict check, decode,
/// defaults, validation and the kubectl error text.
pub fn work(text: &str) -> u64 {
    let info = allocation_counter::measure(|| {
        let intake = parse_manifests(text);
        let _ = intake.kubectl_errors("x.yaml");
    });
    info.count_total + info.bytes_total / 64
}

/// Asserts the 8n input costs at most `BOUND` times the n input.
fn assert_linear(name: &str, shape: impl Fn(usize) -> String, n: usize) {
    let small = work(&shape(n));
    let large = work(&shape(8 * n));
    assert!(small > 0, "{name}: no work measured");
    assert!(
        large <= BOUND * small,
        "{name}: size {n} costs {small}, size {} costs {large} ({:.1}x, bound {BOUND}x)",
        8 * n,
        large as f64 / small as f64
    );
}

const POD_HEAD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n";

/// Nested mappings `n` deep (the depth limit is 128).
fn deep_maps(n: usize) -> String {
    let mut text = String::from(POD_HEAD);
    text.push_str("  annotations: {}\nspec:\n  containers:\n  - name: c\n    image: nginx\n");
    text.push_str("  x:\n");
    for level in 0..n {
        text.push_str(&" ".repeat(4 + 2 * level));
        text.push_str("k:\n");
    }
    text.push_str(&" ".repeat(4 + 2 * n));
    text.push_str("v: 1\n");
    text
}

/// Flow sequences nested `n` deep: `[[[…]]]`.
fn deep_flow(n: usize) -> String {
    format!("{POD_HEAD}spec:\n  x: {}{}\n", "[".repeat(n), "]".repeat(n))
}

/// `n` containers in one flow sequence.
fn long_flow_sequence(n: usize) -> String {
    let items: Vec<String> = (0..n)
        .map(|i| format!("{{name: c{i}, image: nginx, ports: [{{containerPort: {i}}}]}}"))
        .collect();
    format!("{POD_HEAD}spec:\n  containers: [{}]\n", items.join(", "))
}

/// `n` labels (many keys in one map), plus `n` unknown keys in the spec for the strict check.
fn many_keys(n: usize) -> String {
    let mut text = String::from(POD_HEAD);
    text.push_str("  labels:\n");
    for i in 0..n {
        text.push_str(&format!("    key-{i}: value-{i}\n"));
    }
    text.push_str("spec:\n  containers:\n  - name: c\n    image: nginx\n");
    for i in 0..n {
        text.push_str(&format!("  unknown{i}: {i}\n"));
    }
    text
}

/// `n` aliases of one small anchored map (each expands to a few nodes).
fn many_aliases(n: usize) -> String {
    let mut text = String::from(POD_HEAD);
    text.push_str("spec:\n  containers:\n  - &c {name: c, image: nginx}\n");
    for _ in 0..n {
        text.push_str("  - *c\n");
    }
    text
}

/// `n` documents in one stream.
fn many_documents(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-{i}\ndata:\n  k: v{i}\n---\n"
            )
        })
        .collect()
}

/// A billion-laughs document with `levels` levels of ten aliases each (10^levels nodes).
fn laughs(levels: usize) -> String {
    let mut text = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..=levels {
        let refs = vec![format!("*a{}", level - 1); 10].join(", ");
        text.push_str(&format!("a{level}: &a{level} [{refs}]\n"));
    }
    text
}

#[test]
fn deep_nesting_up_to_the_limit_is_linear() {
    // 15 and 120 levels: the second is just under the 128-level limit.
    assert_linear("nested maps", deep_maps, 15);
    assert_linear("nested flow sequences", deep_flow, 15);
}

#[test]
fn long_flow_sequences_are_linear() {
    assert_linear("flow sequence", long_flow_sequence, 50);
}

#[test]
fn many_keys_are_linear() {
    assert_linear("many keys", many_keys, 60);
}

#[test]
fn many_aliases_are_linear() {
    assert_linear("many aliases", many_aliases, 60);
}

#[test]
fn many_documents_are_linear() {
    assert_linear("many documents", many_documents, 20);
}

#[test]
fn alias_expansion_is_capped_by_the_node_limit() {
    // 10^7 and 10^12 nodes: both stop at the same limit, so the second costs about the same,
    // not 10^5 times more.
    let seven = work(&laughs(7));
    let twelve = work(&laughs(12));
    assert!(
        twelve <= 2 * seven,
        "12 levels cost {twelve}, 7 levels {seven}: expansion is not capped"
    );
    let intake = parse_manifests(&laughs(12));
    let errors = intake.kubectl_errors("x.yaml").join("\n");
    assert!(errors.contains("alias expansion limit"), "{errors}");
}

/// Builds an input of a given size.
type Shape = fn(usize) -> String;

/// A random mix of the shapes above at sizes n and 8n.
fn shape() -> impl Strategy<Value = (usize, usize)> {
    (0usize..5, 4usize..24)
}

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(16);
    ProptestConfig::with_cases(cases)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn generated_inputs_grow_linearly((which, n) in shape()) {
        let shapes: [(&str, Shape); 5] = [
            ("flow sequence", long_flow_sequence),
            ("many keys", many_keys),
            ("many aliases", many_aliases),
            ("many documents", many_documents),
            ("nested flow sequences", deep_flow),
        ];
        let (name, build) = shapes[which];
        // Nesting stays under the depth limit at 8n.
        let n = if name == "nested flow sequences" { n.min(15) } else { n };
        assert_linear(name, build, n);
    }
}
