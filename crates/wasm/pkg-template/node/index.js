// The package's Node entry: the wasm-bindgen module, plus the schema descriptions that
// `explain` and `complete` print, read from the file beside it (they are not inside the .wasm,
// which keeps it small). `module.exports = require(...)` lets Node's ESM `import` see the
// named exports.
module.exports = require("./ordinal_wasm.js");

const { readFileSync } = require("node:fs");
const { join } = require("node:path");

module.exports.installDescriptions(
  readFileSync(join(__dirname, "..", "schema-descriptions.txt"), "utf8"),
);
