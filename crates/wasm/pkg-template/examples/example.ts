// Type-checked with `tsc -p examples` (strict): every value crossing the boundary is typed.
import {
  Cluster,
  type ApplyResult,
  type ClusterEvent,
  type Completion,
  type CommandResult,
  type Diagnostic,
  type DnsRecord,
  type KubeObject,
  type LookupError,
  type ExecError,
  type NodeError,
  type ManifestError,
  type Reason,
  type Snapshot,
  type WatchEvent,
} from "ordinal-wasm";

const manifest = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  replicas: 2
  selector:
    matchLabels: { app: nginx }
  template:
    metadata:
      labels: { app: nginx }
    spec:
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.8
`;

function isManifestError(e: unknown): e is ManifestError {
  return e instanceof Error && e.name === "ManifestError";
}

const cluster = new Cluster({ seed: 42, nodes: 2, clusterDomain: "cluster.local", checkpointEvery: "10s" });

const seen: WatchEvent[] = [];
const unsubscribe: () => void = cluster.watch("pods", (event) => {
  seen.push(event);
  const phase: unknown = event.object.status?.["phase"];
  console.log(event.type, event.object.metadata.name, phase, event.time);
});

const problems: Diagnostic[] = cluster.validate(manifest, { filename: "web.yaml" });
const clean: boolean = problems.every((d) => d.severity !== "error");

const applied: ApplyResult = cluster.apply(manifest, { filename: "web.yaml" });
const created: string[] = applied.results.filter((r) => r.action === "created").map((r) => r.name);

const start: Snapshot = cluster.snapshot();
cluster.advance(30_000);
cluster.advance("1m");
const moved: boolean = cluster.step();
const steps: number = cluster.runUntilIdle(1000);
const now: number = cluster.now();

const pods: KubeObject[] = cluster.get("pods");
const inDefault: KubeObject[] = cluster.get("pods", null, "default");
const one: KubeObject | undefined = cluster.get("sts", "web", "default");
const replicas: unknown = one?.spec?.["replicas"] ?? inDefault.length;

const out: CommandResult = cluster.kubectl("get pods -o name");
const viaStdin: CommandResult = cluster.kubectl("apply -f -", manifest);
const exit: number = out.exitCode + viaStdin.exitCode;
const transcript: string = cluster.run("kubectl get sts\nsleep 5\n");

const events: ClusterEvent[] = cluster.events();
const warnings = events.filter((e) => e.type === "Warning").map((e) => e.involvedObject.name);
const reasons: Reason[] = cluster.why({ kind: "StatefulSet", name: "web" });
const fromObject: Reason[] = pods[0] ? cluster.why(pods[0]) : [];

const records: DnsRecord[] = cluster.lookup("web-0.nginx");
const fromOther: DnsRecord[] = cluster.lookup("web-0.nginx.default.svc.cluster.local", "kube-system");
const addresses: string[] = records.concat(fromOther).filter((r) => r.type === "A").map((r) => `${r.name} ${r.value} ${r.ttl}`);
try {
  cluster.lookup("nope");
} catch (e) {
  const error = e as LookupError;
  console.log(error.name, error.query, error.message);
}

const hostname: CommandResult = cluster.exec("web-0", ["hostname"], { container: "nginx", namespace: "default" });
const logs: string = cluster.logs("web-0", { previous: false });
try {
  cluster.exec("web-9", ["hostname"]);
} catch (e) {
  const error = e as ExecError;
  console.log(error.pod, hostname.stdout, logs);
}

cluster.addNode("node-4");
cluster.stopNode("node-1");
cluster.startNode("node-1");
try {
  cluster.stopNode("nope");
} catch (e) {
  console.log((e as NodeError).node);
}

const doc: string = cluster.explain("statefulset.spec.updateStrategy");
const completions: Completion[] = cluster.complete(manifest, manifest.indexOf("replicas"));
const labels: string[] = completions.map((c) => `${c.label} ${c.detail}`);

cluster.rewind("30s");
cluster.restore(start);
const restoredAt: number = start.time;
unsubscribe();

try {
  cluster.apply("kind: StatefulSet\n");
} catch (e) {
  if (isManifestError(e)) {
    const first: Diagnostic | undefined = e.diagnostics[0];
    const where: string = first ? `${first.line}:${first.column} ${first.path}` : "";
    const fix: string | null = first?.suggestion ?? null;
    console.log(where, fix);
  }
}

console.log(created, moved, steps, now, pods.length, replicas, exit, transcript, warnings, reasons, fromObject, restoredAt, seen.length, doc, labels, addresses, clean);
