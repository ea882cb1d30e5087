// The package's browser entry: wasm-bindgen's module, whose default `init()` is wrapped to
// also fetch the schema descriptions (`explain`, `complete`) from the file beside the package
// — in parallel with the .wasm, and outside it to keep the module small. If that fetch
// fails, everything works with empty descriptions.
import init, { installDescriptions } from "./ordinal_wasm.js";

export * from "./ordinal_wasm.js";

export default async function initOrdinal(moduleOrPath) {
  const descriptions = fetch(new URL("../schema-descriptions.txt", import.meta.url))
    .then((response) => (response.ok ? response.text() : null))
    .catch(() => null);
  const exports = await init(moduleOrPath);
  const text = await descriptions;
  if (text !== null) {
    installDescriptions(text);
  }
  return exports;
}
