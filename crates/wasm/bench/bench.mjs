// The native benches, run through the built JS package in Node (`cargo xtask bench` runs this
// after `cargo bench` and prints both): intake of the 1,000-line manifest (crates/api's
// criterion bench), and the simulator's runs (crates/sim/benches/cluster.rs): the growth
// table apply → all Ready for n = 10 … 100,000 under both policies, the 10k targets, the 1k
// rolling update and checkpoint restore. Prints a table, then one `ORDINAL_WASM_BENCH {json}`
// line with the median milliseconds per bench for xtask.
//
//   node crates/wasm/bench/bench.mjs          (ORDINAL_PKG=/path/to/pkg, default dist/pkg)
//   ORDINAL_BENCH_QUICK=1 node ...            (fewer samples, growth table up to 1k)
//   ORDINAL_BENCH_MAX=n node ...              (growth table up to n, default 100,000)
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, "../../..");
const pkgDir = resolve(process.env.ORDINAL_PKG ?? join(repoRoot, "dist/pkg"));
const entry = createRequire(join(pkgDir, "package.json")).resolve("ordinal-wasm");
const { Cluster } = await import(pathToFileURL(entry).href);
const quick = Boolean(process.env.ORDINAL_BENCH_QUICK);

const WEB = readFileSync(join(repoRoot, "tests/scenarios/web.yaml"), "utf8");

/** The same stream as crates/api/benches/intake.rs: copies of web.yaml up to 1,000 lines. */
function thousandLines() {
  let text = "";
  for (let i = 0; text.split("\n").length - 1 < 1000; i++) {
    if (text) text += "---\n";
    text += WEB.replaceAll("name: web", `name: web-${i}`);
  }
  return text;
}

/** crates/sim/benches/cluster.rs's manifest. */
function statefulSet(replicas, policy) {
  return `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  replicas: ${replicas}
  podManagementPolicy: ${policy}
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
`;
}

const UNLIMITED = 4_000_000_000;

function allReady(replicas, policy) {
  // Nodes admit 110 pods each (kubelet's maxPods): enough workers for every replica.
  const cluster = new Cluster({ nodes: Math.max(3, Math.ceil(replicas / 100)) });
  cluster.apply(statefulSet(replicas, policy));
  cluster.runUntilIdle(UNLIMITED);
  const ready = cluster.get("sts", "web")?.status?.readyReplicas;
  if (ready !== replicas) throw new Error(`${replicas} ${policy}: ${ready} ready`);
  return cluster;
}

/**
 * Runs `body` (after `setup`, untimed) `samples` times; returns the median, min and first run
 * in ms. A cluster `setup` or `body` returns is freed after the clock stops, as the native
 * bench drops it untimed: left to the JS garbage collector, every run's cluster would stay in
 * the wasm memory and each run would grow the memory again (which native runs, reusing freed
 * pages, do not pay). The first run is the one that grows the memory.
 */
function measure(samples, body, setup = () => undefined) {
  const times = [];
  for (let i = 0; i < samples; i++) {
    const input = setup();
    const start = performance.now();
    const output = body(input);
    times.push(performance.now() - start);
    for (const made of new Set([input, output])) if (made instanceof Cluster) made.free();
  }
  const first = times[0];
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], min: times[0], first, samples };
}

const results = {};
function report(name, what, result) {
  results[name] = result.median;
  console.log(
    `${name.padEnd(40)} ${result.median.toFixed(2).padStart(10)} ms  (min ${result.min.toFixed(2)}, first ${result.first.toFixed(2)}, ${result.samples} runs)  ${what}`,
  );
}

const text = thousandLines();
const documents = text.split("\n---\n").length;
console.log(`ordinal-wasm benches in Node ${process.version} (${entry})`);
console.log(`manifest: ${text.split("\n").length - 1} lines, ${documents} documents, ${text.length} bytes\n`);

// Warm the module (JIT tiers, allocator) before timing.
const cluster = new Cluster();
cluster.apply(text);

report(
  "intake/validate 1000 lines",
  "validate(): parse, strict check, decode, defaults, validation (what the native bench times)",
  measure(quick ? 10 : 50, () => {
    if (cluster.validate(text).length !== 0) throw new Error("the stream should be clean");
  }),
);
report(
  "intake/apply 1000 lines",
  "apply() of the stream on a new cluster: parse, strict check, decode, defaults, validation, store",
  measure(quick ? 10 : 50, (cluster) => cluster.apply(text), () => new Cluster()),
);
// The growth table, as crates/sim/benches/cluster.rs prints it natively: three runs up to
// 10,000 pods, one above. A size is left out when the one before it took over 20 s (it
// would take at least 10x that).
const max = Number(process.env.ORDINAL_BENCH_MAX ?? (quick ? 1_000 : 100_000));
for (const policy of ["OrderedReady", "Parallel"]) {
  let previous = 0;
  for (const n of [10, 100, 1_000, 10_000, 100_000]) {
    if (n > max) break;
    if (previous > 20_000) {
      console.log(`growth/${policy}/${n}  skipped: ${n / 10} pods took ${(previous / 1000).toFixed(1)} s`);
      break;
    }
    const result = measure(n <= 10_000 && !quick ? 3 : 1, () => allReady(n, policy));
    report(`growth/${policy}/${n}`, "new cluster, apply, runUntilIdle", result);
    previous = result.median;
  }
}
// The criterion targets of the same name are these growth rows.
for (const [name, row] of [
  ["cluster/ordered_ready_10k_apply_to_all_ready", "growth/OrderedReady/10000"],
  ["cluster/parallel_10k_apply_to_all_ready", "growth/Parallel/10000"],
]) {
  if (results[row] !== undefined) results[name] = results[row];
}
const base = allReady(1_000, "OrderedReady");
const ready = base.snapshot();
report(
  "cluster/rolling_update_1k",
  "restore a ready 1k-pod snapshot (untimed), set image, runUntilIdle",
  measure(
    quick ? 2 : 5,
    () => {
      const out = base.kubectl("set image statefulset/web nginx=registry.k8s.io/nginx-slim:0.9");
      if (out.exitCode !== 0) throw new Error(out.stderr);
      base.runUntilIdle(UNLIMITED);
    },
    () => base.restore(ready),
  ),
);
report(
  "cluster/restore_1k_pod_checkpoint",
  "restore a ready 1k-pod snapshot",
  measure(quick ? 5 : 20, () => base.restore(ready)),
);

console.log(`ORDINAL_WASM_BENCH ${JSON.stringify(results)}`);
