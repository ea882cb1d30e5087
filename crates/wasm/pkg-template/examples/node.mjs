// Run with `node examples/node.mjs` from the package folder: creates a StatefulSet, lets two
// minutes of virtual time pass, and prints what kubectl and the watch saw.
import { readFileSync } from "node:fs";
import { Cluster } from "ordinal-wasm";

const web = readFileSync(new URL("./web.yaml", import.meta.url), "utf8");
const cluster = new Cluster({ seed: 1, files: { "web.yaml": web } });

const stop = cluster.watch("pods", (event) => {
  const phase = event.object.status?.phase ?? "-";
  console.log(`${event.time / 1000}s ${event.type} pod/${event.object.metadata.name} ${phase}`);
});

const { results } = cluster.apply(web, { filename: "web.yaml" });
for (const r of results) console.log(`${r.resource}/${r.name} ${r.action}`);

cluster.advance("2m");
stop();
console.log(cluster.kubectl("get pods -o wide").stdout);

try {
  cluster.apply("apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  replica: 2\n", {
    filename: "db.yaml",
  });
} catch (error) {
  for (const d of error.diagnostics) {
    console.log(`${d.file}:${d.line}:${d.column} ${d.path}: ${d.message} (suggestion: ${d.suggestion})`);
  }
}

console.log(cluster.run("kubectl scale sts web --replicas=1\nsleep 30\nkubectl get pods\n"));
