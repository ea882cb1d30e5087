// The package as shipped: both builds present, the example runs, exports resolve.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { pkgDir } from "./package.mjs";

test("package.json exports a browser and a Node build, with types", () => {
  const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
  const root = pkg.exports["."];
  for (const file of [root.node.default, root.node.types, root.default, root.types]) {
    assert.ok(existsSync(join(pkgDir, file)), file);
  }
  // The entries wrap wasm-bindgen's modules (adding the schema descriptions) and re-export them.
  assert.match(readFileSync(join(pkgDir, root.default), "utf8"), /export \* from "\.\/ordinal_wasm\.js"/);
  assert.match(readFileSync(join(pkgDir, root.types), "utf8"), /export \* from "\.\/ordinal_wasm\.js"/);
  assert.match(readFileSync(join(pkgDir, "web/ordinal_wasm.js"), "utf8"), /export \{ initSync, __wbg_init as default \}/);
  assert.match(readFileSync(join(pkgDir, "web/ordinal_wasm.d.ts"), "utf8"), /export class Cluster/);
  assert.ok(pkg.files.includes("schema-descriptions.txt"));
  assert.ok(existsSync(join(pkgDir, "schema-descriptions.txt")));
});

test("the browser entry's init() also installs the schema descriptions", async () => {
  // Node cannot fetch file: URLs, so answer the entry's fetch of the descriptions here.
  const realFetch = globalThis.fetch;
  const fetched = [];
  globalThis.fetch = async (url) => {
    fetched.push(String(url));
    return new Response(readFileSync(join(pkgDir, "schema-descriptions.txt"), "utf8"));
  };
  try {
    const web = await import(pathToFileURL(join(pkgDir, "web/index.js")).href);
    await web.default({ module_or_path: readFileSync(join(pkgDir, "web/ordinal_wasm_bg.wasm")) });
    assert.deepEqual(fetched.map((u) => u.split("/").pop()), ["schema-descriptions.txt"]);
    const text = new web.Cluster().explain("sts.spec.replicas");
    assert.match(text, /desired number of replicas/);
    assert.throws(() => web.installDescriptions("not the file\n"), { name: "DescriptionsError" });
  } finally {
    globalThis.fetch = realFetch;
  }
});

test("examples/node.mjs runs and prints the cluster's state", () => {
  const out = execFileSync(process.execPath, [join(pkgDir, "examples/node.mjs")], { encoding: "utf8" });
  assert.match(out, /statefulset\.apps\/web created/);
  assert.match(out, /web-2 +1\/1 +Running/);
  assert.match(out, /db\.yaml:6:3 spec\.replica: unknown field/);
});
