//! Parse + check + validate a 1,000-line manifest stream. Native only (criterion).

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use criterion::{Criterion, criterion_group};
    use std::hint::black_box;

    const WEB: &str = include_str!("../../../tests/scenarios/web.yaml");

    fn thousand_lines() -> String {
        let mut text = String::new();
        let mut i = 0;
        while text.lines().count() < 1000 {
            if !text.is_empty() {
                text.push_str("---\n");
            }
            text.push_str(&WEB.replace("name: web", &format!("name: web-{i}")));
            i += 1;
        }
        text
    }

    fn intake(c: &mut Criterion) {
        let text = thousand_lines();
        let lines = text.lines().count();
        let documents = ordinal_api::parse_manifests(&text).documents.len();
        println!(
            "manifest: {lines} lines, {documents} documents, {} bytes",
            text.len()
        );
        c.bench_function("parse_manifests 1000 lines", |b| {
            b.iter(|| ordinal_api::parse_manifests(black_box(&text)))
        });
    }

    criterion_group!(benches, intake);
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(native::benches);

#[cfg(target_arch = "wasm32")]
fn main() {}
