// The native benches, run through the built JS package in Node (`cargo xtask bench` runs this
// after `cargo bench` and prints both): intake of the 1,000-line manifest (crates/api's
// criterion bench), and the simulator's OrderedReady to-Ready and 1k rolling-update runs
// (crates/sim/benches/cluster.rs). Prints a table, then one `ORDINAL_WASM_BENCH {json}` line
// with the median milliseconds per bench for xtask.
//
//   node crates/wasm/bench/bench.mjs          (ORDINAL_PKG=/path/to/pkg, default dist/pkg)
//   ORDINAL_BENCH_QUICK=1 node ...            (fewer samples, no 10k run)
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

/** Runs `body` (after `setup`, untimed) `samples` times; returns the median and min in ms. */
function measure(samples, body, setup = () => undefined) {
  const times = [];
  for (let i = 0; i < samples; i++) {
    const input = setup();
    const start = performance.now();
    body(input);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], min: times[0], samples };
}

const results = {};
function report(name, what, result) {
  results[name] = result.median;
  console.log(
    `${name.padEnd(40)} ${result.median.toFixed(2).padStart(10)} ms  (min ${result.min.toFixed(2)}, ${result.samples} runs)  ${what}`,
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
const oneK = measure(quick ? 2 : 5, () => allReady(1_000, "OrderedReady"));
report("cluster/ordered_ready_1k_apply_to_all_ready", "new cluster, apply, runUntilIdle", oneK);
// The 10k run costs at least 10x the 1k one (more if the simulator scales worse than
// linearly); past 10 s per 1k run it is left out unless forced.
const tenKAffordable = oneK.median < 10_000 || process.env.ORDINAL_BENCH_FORCE_10K;
if (!quick && !tenKAffordable) {
  console.log(
    `cluster/ordered_ready_10k_apply_to_all_ready  skipped: the 1k run took ${(oneK.median / 1000).toFixed(1)} s (ORDINAL_BENCH_FORCE_10K=1 runs it)`,
  );
}
if (!quick && tenKAffordable) {
  report(
    "cluster/ordered_ready_10k_apply_to_all_ready",
    "new cluster, apply, runUntilIdle",
    measure(1, () => allReady(10_000, "OrderedReady")),
  );
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
