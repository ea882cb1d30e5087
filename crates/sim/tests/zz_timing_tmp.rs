use ordinal_sim::{Cluster, ClusterConfig};
fn manifest(replicas: u32, policy: &str) -> String {
    format!("apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  replicas: {replicas}\n  podManagementPolicy: {policy}\n  selector:\n    matchLabels:\n      app: nginx\n  template:\n    metadata:\n      labels:\n        app: nginx\n    spec:\n      containers:\n      - name: nginx\n        image: registry.k8s.io/nginx-slim:0.8\n")
}
#[test]
fn timing() {
    for (n, p) in [(1000, "OrderedReady"), (2000, "OrderedReady"), (10000, "Parallel"), (20000, "Parallel")] {
        let t = std::time::Instant::now();
        let mut c = Cluster::new(ClusterConfig::default());
        c.apply(&manifest(n, p)).unwrap();
        let steps = c.run_until_idle(usize::MAX);
        println!("{n} {p}: {:?} steps={steps} virtual={}", t.elapsed(), c.now());
    }
}
