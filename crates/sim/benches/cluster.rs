//! Scale figures: 10,000 OrderedReady replicas to all Ready, 100,000 Parallel replicas, and
//! a 1,000-pod rolling update; plus restoring a 1,000-pod checkpoint.
//!
//! The 10,000 / 100,000 runs take tens of seconds to minutes each (a sync is still one pass
//! over the set's pod summaries), too long for criterion's sampling: they run once and print
//! their wall time; the 100,000 run only with `ORDINAL_BENCH_HUGE=1`.

use criterion::{Criterion, criterion_group, criterion_main};
use ordinal_api::Object;
use ordinal_sim::{Cluster, ClusterConfig, ObjectKey};
use std::hint::black_box;

fn manifest(replicas: u32, policy: &str) -> String {
    format!(
        "apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  replicas: {replicas}
  podManagementPolicy: {policy}
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.8
"
    )
}

fn all_ready(replicas: u32, policy: &str) -> Cluster {
    let mut c = Cluster::new(ClusterConfig::default());
    c.apply(&manifest(replicas, policy)).expect("applies");
    c.run_until_idle(usize::MAX);
    c
}

fn ready_replicas(c: &Cluster) -> i32 {
    match c
        .store()
        .get(&ObjectKey::new("StatefulSet", "default", "web"))
    {
        Some(Object::StatefulSet(s)) => s.status.ready_replicas.unwrap_or(0),
        _ => 0,
    }
}

/// Runs one apply → all Ready and prints the wall time and the virtual time it took.
fn one_shot(replicas: u32, policy: &str) {
    let started = std::time::Instant::now();
    let c = all_ready(replicas, policy);
    assert_eq!(ready_replicas(&c), replicas as i32);
    println!(
        "cluster/{policy}_{replicas}_apply_to_all_ready: {:.2?} wall, {} virtual, {} watch events",
        started.elapsed(),
        c.now(),
        c.store().watch_log().len()
    );
}

fn benches(criterion: &mut Criterion) {
    one_shot(10_000, "OrderedReady");
    if std::env::var_os("ORDINAL_BENCH_HUGE").is_some() {
        one_shot(100_000, "Parallel");
    }
    let mut group = criterion.benchmark_group("cluster");
    group.sample_size(10);
    group.bench_function("ordered_ready_1k_apply_to_all_ready", |b| {
        b.iter(|| {
            let c = all_ready(1_000, "OrderedReady");
            assert_eq!(ready_replicas(&c), 1_000);
            black_box(c.now())
        })
    });
    group.bench_function("parallel_10k_apply_to_all_ready", |b| {
        b.iter(|| {
            let c = all_ready(10_000, "Parallel");
            assert_eq!(ready_replicas(&c), 10_000);
            black_box(c.now())
        })
    });
    let base = all_ready(1_000, "OrderedReady");
    group.bench_function("rolling_update_1k", |b| {
        b.iter(|| {
            let mut c = base.clone();
            let Some(Object::StatefulSet(mut set)) = c
                .store()
                .get(&ObjectKey::new("StatefulSet", "default", "web"))
                .cloned()
            else {
                panic!("set");
            };
            set.spec.template.spec.containers[0].image =
                Some("registry.k8s.io/nginx-slim:0.9".into());
            c.update_object(Object::StatefulSet(set)).expect("update");
            c.run_until_idle(usize::MAX);
            black_box(c.now())
        })
    });
    let mut base = base;
    let checkpoint = base.snapshot();
    group.bench_function("restore_1k_pod_checkpoint", |b| {
        b.iter(|| {
            base.restore(&checkpoint);
            black_box(base.now())
        })
    });
    group.finish();
}

criterion_group!(cluster, benches);
criterion_main!(cluster);
