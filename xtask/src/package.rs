//! The npm package `dist/pkg/` (crates/wasm/BUILD.md): one wasm module bound twice, for
//! browsers (`--target web`, an ES module whose `init()` fetches the `.wasm`) and for Node
//! (`--target nodejs`, CommonJS that loads the `.wasm` synchronously; Node's ESM `import`
//! reaches it through the `exports` map), plus the template (package.json, README, examples).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::tools::Tools;
use crate::util::{self, Context, Result};

/// The module both bindings load, relative to `dist/pkg/`.
pub const WEB_WASM: &str = "web/ordinal_wasm_bg.wasm";
pub const NODE_WASM: &str = "node/ordinal_wasm_bg.wasm";

/// Runs wasm-bindgen for both targets into `pkg/web` and `pkg/node`. Returns the web copy of
/// the module: the caller optimises it, then calls [`finish`].
pub fn bind(tools: &Tools, wasm: &Path, pkg: &Path) -> Result<PathBuf> {
    for target in ["web", "nodejs"] {
        let dir = pkg.join(if target == "web" { "web" } else { "node" });
        util::run_inherit(
            Command::new(&tools.wasm_bindgen)
                .args(["--target", target, "--out-name", "ordinal_wasm"])
                .arg("--out-dir")
                .arg(&dir)
                .arg(wasm),
        )?;
    }
    Ok(pkg.join(WEB_WASM))
}

/// Copies the (optimised) web module over the Node one — wasm-bindgen writes the same
/// module for both targets, so it is optimised once — and copies the package template.
pub fn finish(pkg: &Path) -> Result<()> {
    let web = pkg.join(WEB_WASM);
    let node = pkg.join(NODE_WASM);
    fs::copy(&web, &node).context(|| format!("copying {} to {}", web.display(), node.display()))?;
    let template = util::workspace_root().join("crates/wasm/pkg-template");
    crate::dist::copy_dir(&template, pkg)?;
    Ok(())
}
