//! Scale figures for the simulator.
//!
//! First a growth table: apply → all Ready for n = 10 … 100,000 replicas under both pod
//! management policies, one run each, with wall time, virtual time, watch events and the
//! memory the cluster holds per pod (a counting global allocator, in this bench binary only).
//! Then criterion measurements of the targets: 10,000 OrderedReady replicas, a 1,000-pod
//! rolling update and restoring a 1,000-pod checkpoint.
//!
//! `ORDINAL_BENCH_MAX=n` caps the table (default 100,000); `ORDINAL_BENCH_TABLE_ONLY=1` skips
//! criterion.

use criterion::{Criterion, criterion_group, criterion_main};
use ordinal_api::Object;
use ordinal_sim::{Cluster, ClusterConfig, ObjectKey};
use stats_alloc::{INSTRUMENTED_SYSTEM, StatsAlloc};
use std::alloc::System;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// The system allocator, counting bytes (for the memory-per-pod column).
#[global_allocator]
static ALLOCATOR: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Bytes currently allocated.
fn live_bytes() -> isize {
    let s = ALLOCATOR.stats();
    s.bytes_allocated as isize - s.bytes_deallocated as isize + s.bytes_reallocated
}

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
    // A node holds at most 110 pods (the kubelet's default maxPods): give the pods room, as a
    // real cluster of this size would have, so every replica can become Ready.
    let mut c = Cluster::new(ClusterConfig {
        worker_nodes: replicas.div_ceil(100).max(3),
        ..ClusterConfig::default()
    });
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

/// Changes the image, which rolls every pod.
fn set_image(c: &mut Cluster, image: &str) {
    let Some(Object::StatefulSet(mut set)) = c
        .store()
        .get(&ObjectKey::new("StatefulSet", "default", "web"))
        .cloned()
    else {
        panic!("the set exists");
    };
    set.spec.template.spec.containers[0].image = Some(image.into());
    c.update_object(Object::StatefulSet(set)).expect("update");
}

/// One apply → all Ready: a row of the growth table.
fn table_row(replicas: u32, policy: &str) {
    let before = live_bytes();
    let started = Instant::now();
    let c = all_ready(replicas, policy);
    let wall = started.elapsed();
    assert_eq!(ready_replicas(&c), replicas as i32);
    let held = (live_bytes() - before).max(0);
    let log = c.store().watch_log().len();
    let per_step = wall.as_secs_f64() * 1e9 / log.max(1) as f64;
    println!(
        "{policy:>12} {replicas:>7} {:>10.1} ms {:>9} {:>9} {:>8.0} ns {:>9.1} KiB",
        wall.as_secs_f64() * 1e3,
        c.now().to_string(),
        log,
        per_step,
        held as f64 / 1024.0 / f64::from(replicas),
    );
    drop(c);
    // The allocator tidies up after a big drop on its next allocations; let an untimed small
    // run pay for that instead of the next row.
    drop(all_ready(1, policy));
}

fn growth_table() {
    let max: u32 = std::env::var("ORDINAL_BENCH_MAX")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    println!(
        "{:>12} {:>7} {:>13} {:>9} {:>9} {:>11} {:>13}",
        "policy", "pods", "wall", "virtual", "watch ev", "wall/event", "memory/pod"
    );
    let only = std::env::var("ORDINAL_BENCH_POLICY").ok();
    for policy in ["OrderedReady", "Parallel"] {
        for n in [10, 100, 1_000, 10_000, 100_000] {
            if n <= max && only.as_deref().is_none_or(|p| p == policy) {
                table_row(n, policy);
            }
        }
    }
    println!("(memory/pod: everything the cluster holds, watch log included, divided by pods)");
}

fn benches(criterion: &mut Criterion) {
    growth_table();
    if std::env::var_os("ORDINAL_BENCH_TABLE_ONLY").is_some() {
        return;
    }
    let mut group = criterion.benchmark_group("cluster");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(3));
    group.bench_function("ordered_ready_10k_apply_to_all_ready", |b| {
        b.iter(|| {
            let c = all_ready(10_000, "OrderedReady");
            black_box(c.now())
        })
    });
    let base = all_ready(1_000, "OrderedReady");
    group.bench_function("rolling_update_1k", |b| {
        b.iter(|| {
            let mut c = base.clone();
            set_image(&mut c, "registry.k8s.io/nginx-slim:0.9");
            c.run_until_idle(usize::MAX);
            black_box(c.now())
        })
    });
    // A 1,000-pod scenario with checkpoints: from the end of a rolling update, go back to
    // the instant all 1,000 pods were first Ready.
    let mut c = all_ready(1_000, "OrderedReady");
    let ready = c.snapshot();
    set_image(&mut c, "registry.k8s.io/nginx-slim:0.9");
    c.run_until_idle(usize::MAX);
    group.bench_function("restore_1k_pod_checkpoint", |b| {
        b.iter(|| {
            c.restore(&ready);
            black_box(c.now())
        })
    });
    group.finish();
}

criterion_group!(cluster, benches);
criterion_main!(cluster);
