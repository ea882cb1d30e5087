import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { Cluster, Snapshot, entry, repoRoot } from "./package.mjs";

const web = readFileSync(join(repoRoot, "tests/scenarios/web.yaml"), "utf8");
const names = (list) => list.map((o) => o.metadata.name);

test("Node resolves the package to the nodejs build", () => {
  // node/index.js: the nodejs build plus its schema descriptions.
  assert.match(entry, /[\\/]node[\\/]index\.js$/);
  assert.equal(typeof Cluster, "function");
});

test("apply returns results; get returns plain API objects", () => {
  const cluster = new Cluster({ seed: 1 });
  const { results, diagnostics } = cluster.apply(web, { filename: "web.yaml" });
  assert.deepEqual(results, [
    { resource: "service", name: "nginx", action: "created" },
    { resource: "statefulset.apps", name: "web", action: "created" },
  ]);
  assert.deepEqual(diagnostics, []);
  cluster.advance("2m");
  assert.deepEqual(names(cluster.get("pods")), ["web-0", "web-1", "web-2"]);
  const sts = cluster.get("statefulsets", "web");
  assert.equal(Object.getPrototypeOf(sts), Object.prototype, "a plain object, not a Map");
  assert.equal(sts.apiVersion, "apps/v1");
  assert.equal(sts.kind, "StatefulSet");
  assert.deepEqual(sts.spec.selector.matchLabels, { app: "nginx" });
  assert.equal(JSON.parse(JSON.stringify(sts)).metadata.name, "web");
  assert.equal(cluster.get("pod", "web-7"), undefined);
});

test("a manifest error throws a ManifestError with located diagnostics", () => {
  const cluster = new Cluster();
  const text = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  replica: 2\n";
  assert.throws(
    () => cluster.apply(text, { filename: "db.yaml" }),
    (error) => {
      assert.ok(error instanceof Error);
      assert.equal(error.name, "ManifestError");
      assert.match(error.message, /^db\.yaml:6:3: unknown field "spec\.replica"/);
      const [d] = error.diagnostics;
      assert.equal(d.file, "db.yaml");
      assert.equal(d.line, 6);
      assert.equal(d.column, 3);
      assert.equal(d.path, "spec.replica");
      assert.equal(d.suggestion, "replicas");
      assert.equal(d.severity, "error");
      return true;
    },
  );
  assert.deepEqual(cluster.get("sts"), [], "nothing was applied");
});

test("kubectl runs a command line with stdin and reports the exit code", () => {
  const cluster = new Cluster();
  const applied = cluster.kubectl("apply -f -", web);
  assert.deepEqual(applied, {
    stdout: "service/nginx created\nstatefulset.apps/web created\n",
    stderr: "",
    exitCode: 0,
  });
  const missing = cluster.kubectl("get statefulset nope");
  assert.notEqual(missing.exitCode, 0);
  assert.match(missing.stderr, /not found/);
});

test("watch callbacks fire during apply and advance, and stop when unsubscribed", () => {
  const cluster = new Cluster({ seed: 3 });
  const seen = [];
  const stop = cluster.watch("po", (event) => seen.push(`${event.type} ${event.object.metadata.name}`));
  cluster.apply(web);
  assert.deepEqual(seen, ["ADDED web-0"]);
  cluster.advance(120_000);
  assert.ok(seen.includes("ADDED web-2"), seen.join("\n"));
  const count = seen.length;
  stop();
  cluster.kubectl("scale sts web --replicas=1");
  cluster.runUntilIdle();
  assert.equal(seen.length, count);
});

test("a watch callback may call back into the cluster", () => {
  const cluster = new Cluster();
  const pods = [];
  cluster.watch("pods", (event) => {
    if (event.type === "ADDED") pods.push(cluster.get("pods").length);
  });
  cluster.apply(web);
  cluster.advance("2m");
  // Callbacks run once the call's work is done (web-0 during apply; web-1 and web-2 after
  // the whole advance), with the cluster free to be read.
  assert.deepEqual(pods, [1, 3, 3]);
});

test("an exception in a callback reaches the caller after the others ran", () => {
  const cluster = new Cluster();
  let other = 0;
  cluster.watch("pods", () => {
    throw new Error("boom");
  });
  cluster.watch("pods", () => other++);
  assert.throws(() => cluster.apply(web), /boom/);
  assert.equal(other, 1);
});

test("step, runUntilIdle and now drive virtual time", () => {
  const cluster = new Cluster();
  assert.equal(cluster.step(), false);
  cluster.apply(web);
  assert.equal(cluster.step(), true);
  assert.ok(cluster.runUntilIdle() > 0);
  assert.equal(cluster.step(), false);
  const before = cluster.now();
  cluster.advance("1m30s");
  cluster.advance(500);
  assert.equal(cluster.now(), before + 90_500);
  assert.throws(() => cluster.advance("soon"), TypeError);
  assert.throws(() => cluster.advance(-5), TypeError);
});

test("snapshot and restore; rewind with checkpoints", () => {
  const cluster = new Cluster({ checkpointEvery: "5s" });
  cluster.apply(web);
  cluster.advance("10s");
  const saved = cluster.snapshot();
  assert.ok(saved instanceof Snapshot);
  assert.equal(saved.time, 10_000);
  const then = cluster.kubectl("get pods").stdout;
  cluster.advance("3m");
  cluster.restore(saved);
  assert.equal(cluster.now(), 10_000);
  assert.equal(cluster.kubectl("get pods").stdout, then);

  cluster.advance("1m");
  cluster.rewind(10_000);
  assert.equal(cluster.kubectl("get pods").stdout, then);
  assert.throws(() => new Cluster().rewind(0), { name: "RewindError" });
});

test("events and why", () => {
  const cluster = new Cluster();
  cluster.apply(web);
  const waiting = cluster.why({ kind: "statefulset", name: "web" });
  assert.ok(waiting.length > 0);
  assert.equal(typeof waiting[0].message, "string");
  cluster.advance("2m");
  assert.deepEqual(cluster.why(cluster.get("sts", "web")), []);
  const created = cluster.events().filter((e) => e.reason === "SuccessfulCreate");
  assert.ok(created.length >= 3, JSON.stringify(created));
  assert.deepEqual(created[0].involvedObject, { kind: "StatefulSet", namespace: "default", name: "web" });
});

test("unknown resource types throw", () => {
  assert.throws(() => new Cluster().get("gizmos"), { name: "UnknownResourceError", resource: "gizmos" });
  assert.throws(() => new Cluster().watch("gizmos", () => {}), { name: "UnknownResourceError" });
});

test("same seed, same transcript; options are honoured", () => {
  const script = "kubectl apply -f web.yaml\nsleep 60\nkubectl get pods -o wide\n";
  const run = (options) => new Cluster({ files: { "web.yaml": web }, ...options }).run(script);
  assert.equal(run({ seed: 9 }), run({ seed: 9 }));
  assert.match(run({ seed: 9, nodes: 1 }), /node-1/);
  assert.doesNotMatch(run({ seed: 9, nodes: 1 }), /node-2/);
});

test("explain and complete come from the schema", () => {
  const cluster = new Cluster();
  assert.match(cluster.explain("sts.spec.podManagementPolicy"), /podManagementPolicy/);
  assert.throws(() => cluster.explain("sts.spec.nope"), { name: "ExplainError" });
  const text = "apiVersion: apps/v1\nkind: StatefulSet\nspec:\n  podMan";
  assert.deepEqual(
    cluster.complete(text, text.length).map((c) => c.label),
    ["podManagementPolicy"],
  );
});

test("the schema descriptions beside the module are loaded at import", () => {
  const cluster = new Cluster();
  // Descriptions are not inside the .wasm: the Node entry installs schema-descriptions.txt.
  assert.match(cluster.explain("sts.spec.replicas"), /desired number of replicas/);
  const text = "apiVersion: apps/v1\nkind: StatefulSet\nspec:\n  repl";
  assert.match(cluster.complete(text, text.length)[0].description, /desired number of replicas/);
});

test("complete offers enum values", () => {
  const cluster = new Cluster();
  const text = "apiVersion: apps/v1\nkind: StatefulSet\nspec:\n  podManagementPolicy: ";
  assert.deepEqual(
    cluster.complete(text, text.length).map((c) => c.label),
    ["OrderedReady", "Parallel"],
  );
});

test("lookup resolves names from a pod's search path; NXDOMAIN throws a LookupError", () => {
  const cluster = new Cluster();
  cluster.apply(web);
  cluster.advance("2m");
  const records = cluster.lookup("web-0.nginx");
  assert.equal(records.length, 1);
  assert.deepEqual(Object.keys(records[0]).sort(), ["name", "ttl", "type", "value"]);
  assert.equal(records[0].name, "web-0.nginx.default.svc.cluster.local");
  assert.equal(records[0].type, "A");
  assert.equal(records[0].value, cluster.get("pod", "web-0").status.podIP);
  assert.deepEqual(cluster.lookup("web-0.nginx.default.svc.cluster.local", "kube-system"), records);
  assert.throws(() => cluster.lookup("web-0.nginx", "kube-system"), { name: "LookupError", query: "web-0.nginx" });
  assert.throws(() => cluster.lookup("nope"), (error) => {
    assert.ok(error instanceof Error);
    assert.match(error.message, /NXDOMAIN/);
    return true;
  });
});

test("exec runs a command in a container; logs reads its output; both throw for a missing pod", () => {
  const cluster = new Cluster();
  cluster.apply(web);
  cluster.advance("2m");
  assert.deepEqual(cluster.exec("web-0", ["hostname"]), { stdout: "web-0\n", stderr: "", exitCode: 0 });
  assert.deepEqual(cluster.exec("web-1", ["sh", "-c", "hostname"], { container: "nginx" }).stdout, "web-1\n");
  assert.equal(typeof cluster.logs("web-0"), "string");
  assert.throws(() => cluster.exec("web-9", ["hostname"]), { name: "ExecError", pod: "web-9" });
  assert.throws(() => cluster.logs("web-9"), { name: "LogsError", pod: "web-9" });
  assert.throws(() => cluster.exec("web-0", ["hostname"], { container: "nope" }), { name: "ExecError" });
});

test("stopNode makes a node NotReady; startNode brings it back; addNode adds one; NodeError otherwise", () => {
  const cluster = new Cluster();
  const ready = (name) =>
    cluster.get("nodes", name)?.status?.conditions?.find((c) => c.type === "Ready")?.status;
  assert.equal(ready("node-1"), "True");
  cluster.stopNode("node-1");
  cluster.advance("2m");
  assert.equal(ready("node-1"), "Unknown");
  cluster.startNode("node-1");
  cluster.advance("10s");
  assert.equal(ready("node-1"), "True");
  cluster.addNode("node-9");
  assert.equal(ready("node-9"), "True");
  assert.throws(() => cluster.stopNode("nope"), { name: "NodeError", node: "nope" });
  assert.throws(() => cluster.addNode("node-9"), { name: "NodeError", message: /already exists/ });
});

test("validate reports what apply would, without applying or throwing", () => {
  const cluster = new Cluster();
  assert.deepEqual(cluster.validate(web), []);
  const text = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  replica: 2\n";
  const [d] = cluster.validate(text, { filename: "db.yaml" });
  assert.equal(d.file, "db.yaml");
  assert.equal(d.line, 6);
  assert.equal(d.path, "spec.replica");
  assert.equal(d.suggestion, "replicas");
  assert.throws(() => cluster.apply(text), (error) => {
    assert.deepEqual(error.diagnostics.map((e) => e.message), cluster.validate(text).map((e) => e.message));
    return true;
  });
  assert.deepEqual(cluster.get("sts"), []);
});
