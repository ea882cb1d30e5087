// The golden scenarios of tests/scenarios/ run through the JS package must print exactly the
// transcripts the native suite pins (tests/scenarios/transcripts/*.snap, insta format).
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { Cluster, repoRoot } from "./package.mjs";

const dir = join(repoRoot, "tests/scenarios");
const scripts = readdirSync(dir).filter((f) => f.endsWith(".script")).sort();

// Every non-script file beside the scripts is a file a script may `kubectl apply -f`.
const files = Object.fromEntries(
  readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.endsWith(".script"))
    .map((e) => [e.name, readFileSync(join(dir, e.name), "utf8")]),
);

/** The body of an insta snapshot: everything after its `---`-delimited header. */
function snapshotBody(text) {
  const match = /^---\n[\s\S]*?\n---\n([\s\S]*)$/.exec(text.replace(/\r\n/g, "\n"));
  assert.ok(match, "insta snapshot header");
  return match[1];
}

test("there are scenarios to run", () => {
  assert.ok(scripts.length > 0);
});

for (const script of scripts) {
  const name = script.replace(/\.script$/, "");
  const snap = join(dir, "transcripts", `${name}.snap`);
  test(`scenario ${name}`, { skip: !existsSync(snap) && `no transcript ${snap} yet` }, () => {
    // Seed 1 and default options, as the native suite runs them.
    const cluster = new Cluster({ seed: 1, files });
    const transcript = cluster.run(readFileSync(join(dir, script), "utf8"));
    assert.equal(transcript.trimEnd(), snapshotBody(readFileSync(snap, "utf8")).trimEnd());
  });
}
