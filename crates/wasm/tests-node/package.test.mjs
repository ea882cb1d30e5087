// The package as shipped: both builds present, the example runs, exports resolve.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { pkgDir } from "./package.mjs";

test("package.json exports a browser and a Node build, with types", () => {
  const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
  const root = pkg.exports["."];
  for (const file of [root.node.default, root.node.types, root.default, root.types]) {
    assert.ok(existsSync(join(pkgDir, file)), file);
  }
  assert.match(readFileSync(join(pkgDir, root.default), "utf8"), /export \{ initSync, __wbg_init as default \}/);
  assert.match(readFileSync(join(pkgDir, root.types), "utf8"), /export class Cluster/);
});

test("examples/node.mjs runs and prints the cluster's state", () => {
  const out = execFileSync(process.execPath, [join(pkgDir, "examples/node.mjs")], { encoding: "utf8" });
  assert.match(out, /statefulset\.apps\/web created/);
  assert.match(out, /web-2 +1\/1 +Running/);
  assert.match(out, /db\.yaml:6:3 spec\.replica: unknown field/);
});
