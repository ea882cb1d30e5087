// Loads the built package the way a Node user's `import "ordinal-wasm"` would: through the
// `exports` map of dist/pkg/package.json. ORDINAL_PKG overrides where the package is.
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, "../../..");
export const pkgDir = resolve(process.env.ORDINAL_PKG ?? join(repoRoot, "dist/pkg"));

// A require() rooted inside the package resolves its own name (self-reference) via `exports`.
const requireFromPkg = createRequire(join(pkgDir, "package.json"));
export const entry = requireFromPkg.resolve("ordinal-wasm");
export const { Cluster, Snapshot } = await import(pathToFileURL(entry).href);
