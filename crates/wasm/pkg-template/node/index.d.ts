// The Node entry re-exports the wasm-bindgen module (see index.js).
export * from "./ordinal_wasm.js";
