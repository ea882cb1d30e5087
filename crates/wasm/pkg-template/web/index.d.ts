// The browser entry re-exports the wasm-bindgen module (see index.js); its default `init()`
// also loads the schema descriptions.
import init from "./ordinal_wasm.js";

export * from "./ordinal_wasm.js";

/** wasm-bindgen's `init()`, which also fetches `schema-descriptions.txt` for `explain` and `complete`. */
declare const initOrdinal: typeof init;
export default initOrdinal;
