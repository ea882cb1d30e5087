//! `kubectl get pods` over 10,000 pods: parsing, filtering and table rendering.

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use criterion::Criterion;
    use ordinal_kubectl::Shell;
    use ordinal_sim::{Cluster, ClusterConfig};
    use std::hint::black_box;

    /// Pods `from..to` as one manifest stream (the intake caps a stream at 1 MiB, so the bench
    /// applies them in batches).
    fn manifest(from: usize, to: usize) -> String {
        (from..to)
            .map(|i| {
                format!(
                    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: pod-{i:05}\n  labels:\n    app: bench\nspec:\n  containers:\n  - name: c\n    image: nginx\n---\n"
                )
            })
            .collect()
    }

    fn bench(c: &mut Criterion) {
        let mut shell = Shell::new(Cluster::new(ClusterConfig::default()));
        for batch in 0..10 {
            let applied = shell.exec(
                "kubectl apply -f -",
                &manifest(batch * 1000, (batch + 1) * 1000),
            );
            assert_eq!(applied.exit_code, 0, "{}", applied.stderr);
        }
        let out = shell.exec("kubectl get pods", "");
        assert_eq!(out.stdout.lines().count(), 10_001);
        c.bench_function("kubectl get pods (10,000 pods)", |b| {
            b.iter(|| black_box(shell.exec(black_box("kubectl get pods"), "")))
        });
    }

    criterion::criterion_group!(benches, bench);
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(native::benches);

#[cfg(target_arch = "wasm32")]
fn main() {}
