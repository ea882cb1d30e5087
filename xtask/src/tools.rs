//! Idempotent tool installation. Every check is cheap; nothing is reinstalled when present.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use crate::util::{self, Context, Result};

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Where the wasm-bindgen binaries live once ensured.
#[derive(Debug, Clone)]
pub struct Tools {
    pub wasm_bindgen: PathBuf,
    pub test_runner: PathBuf,
    /// `node_modules/.bin/wasm-opt` from the npm `binaryen` package, if npm works here.
    pub wasm_opt: Option<PathBuf>,
}

/// Everything `dist` needs: the wasm32 target, wasm-bindgen-cli and the npm packages.
pub fn ensure() -> Result<Tools> {
    ensure_wasm_target()?;
    let (wasm_bindgen, test_runner) = ensure_wasm_bindgen()?;
    let wasm_opt = ensure_npm_packages();
    Ok(Tools {
        wasm_bindgen,
        test_runner,
        wasm_opt,
    })
}

/// `rustup target add wasm32-unknown-unknown`, unless already installed.
fn ensure_wasm_target() -> Result<()> {
    match util::output_of("rustup", &["target", "list", "--installed"]) {
        Some(list) if list.lines().any(|l| l.trim() == WASM_TARGET) => Ok(()),
        Some(_) => {
            println!("xtask: installing the {WASM_TARGET} target");
            util::run_inherit(Command::new("rustup").args(["target", "add", WASM_TARGET]))
        }
        None => {
            // No rustup (e.g. a distro toolchain): trust that the target exists and let
            // cargo report it if not.
            println!("xtask: warning: rustup not found; assuming {WASM_TARGET} is installed");
            Ok(())
        }
    }
}

/// The exact `wasm-bindgen` version in Cargo.lock; the CLI must match it.
pub fn locked_wasm_bindgen_version() -> Result<String> {
    let lock_path = util::workspace_root().join("Cargo.lock");
    if !lock_path.exists() {
        // `cargo metadata` writes Cargo.lock when it is missing.
        util::target_dir()?;
    }
    let lock = std::fs::read_to_string(&lock_path)
        .context(|| format!("reading {}", lock_path.display()))?;
    locked_version(&lock, "wasm-bindgen")
        .ok_or_else(|| format!("no `wasm-bindgen` package in {}", lock_path.display()))
}

fn locked_version(lock: &str, package: &str) -> Option<String> {
    let name_line = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == name_line {
            let version = lines.next()?.trim().strip_prefix("version = \"")?;
            return Some(version.trim_end_matches('"').to_string());
        }
    }
    None
}

fn wasm_bindgen_version(binary: &Path) -> Option<String> {
    let out = util::output_of(binary, &["--version"])?;
    // "wasm-bindgen 0.2.130"
    out.split_whitespace().nth(1).map(str::to_string)
}

/// Ensures `wasm-bindgen` and `wasm-bindgen-test-runner` of the locked version exist,
/// preferring `$CARGO_HOME/bin`, then `PATH`, and `cargo install`ing them otherwise.
fn ensure_wasm_bindgen() -> Result<(PathBuf, PathBuf)> {
    let version = locked_wasm_bindgen_version()?;
    let mut dirs = vec![util::cargo_bin_dir()];
    if let Some(found) = util::which("wasm-bindgen").and_then(|p| p.parent().map(Path::to_path_buf))
    {
        dirs.push(found);
    }
    for dir in &dirs {
        let cli = dir.join("wasm-bindgen");
        let runner = dir.join("wasm-bindgen-test-runner");
        if runner.is_file() && wasm_bindgen_version(&cli).as_deref() == Some(version.as_str()) {
            return Ok((cli, runner));
        }
    }

    println!(
        "xtask: installing wasm-bindgen-cli {version} (matches Cargo.lock; takes a few minutes)"
    );
    let install = |locked: bool| {
        let mut cmd = util::cargo();
        cmd.args([
            "install",
            "wasm-bindgen-cli",
            "--version",
            &version,
            "--force",
        ]);
        if locked {
            cmd.arg("--locked");
        }
        util::run_inherit(&mut cmd)
    };
    if install(true).is_err() {
        println!("xtask: `cargo install --locked` failed; retrying without --locked");
        install(false)?;
    }
    let dir = util::cargo_bin_dir();
    let cli = dir.join("wasm-bindgen");
    match wasm_bindgen_version(&cli) {
        Some(v) if v == version => Ok((cli, dir.join("wasm-bindgen-test-runner"))),
        other => Err(format!(
            "after installing, {} reports version {other:?}, expected {version}",
            cli.display()
        )),
    }
}

/// `npm ci` in the workspace root when needed. Returns the path of wasm-opt (npm
/// `binaryen`), or `None` (with a warning) when npm or the package is unavailable.
fn ensure_npm_packages() -> Option<PathBuf> {
    let root = util::workspace_root();
    if !root.join("package-lock.json").exists() {
        println!("xtask: warning: no package-lock.json; skipping npm packages (no wasm-opt)");
        return None;
    }
    if let Err(e) = npm_ci_if_stale(&root) {
        println!("xtask: warning: {e}; continuing without wasm-opt");
        return None;
    }
    let wasm_opt = root.join("node_modules/.bin/wasm-opt");
    if wasm_opt.exists() {
        Some(wasm_opt)
    } else {
        println!(
            "xtask: warning: {} is missing after npm ci; continuing without wasm-opt",
            wasm_opt.display()
        );
        None
    }
}

/// `node_modules/.bin/tsc` of the root npm project (installed by [`ensure`]).
pub fn tsc() -> Option<PathBuf> {
    let tsc = util::workspace_root().join("node_modules/.bin/tsc");
    tsc.exists().then_some(tsc)
}

/// Runs `npm ci` in `dir` when `node_modules` is missing or older than `package-lock.json`
/// (npm writes `node_modules/.package-lock.json` on every install).
pub fn npm_ci_if_stale(dir: &Path) -> Result<()> {
    let lock = dir.join("package-lock.json");
    let installed_marker = dir.join("node_modules/.package-lock.json");
    let fresh = match (mtime(&lock), mtime(&installed_marker)) {
        (Some(lock), Some(installed)) => installed >= lock,
        _ => false,
    };
    if fresh {
        return Ok(());
    }
    println!(
        "xtask: installing npm packages in {} (npm ci)",
        dir.display()
    );
    util::run_inherit(npm(dir).args(["ci", "--no-audit", "--no-fund"]))
}

/// An `npm` command in `dir` that may not download anything from outside the npm registry.
pub fn npm(dir: &Path) -> Command {
    let mut cmd = Command::new("npm");
    cmd.current_dir(dir)
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
        .env("PUPPETEER_SKIP_DOWNLOAD", "1")
        .env("PUPPETEER_SKIP_CHROMIUM_DOWNLOAD", "1")
        .env("CYPRESS_INSTALL_BINARY", "0")
        .env("ELECTRON_SKIP_BINARY_DOWNLOAD", "1")
        .env("npm_config_update_notifier", "false");
    cmd
}

fn mtime(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// What `test` needs beyond `dist`: Node.js, Chromium and chromedriver.
pub fn ensure_test_tools() -> Result<()> {
    if util::output_of("node", &["--version"]).is_none() {
        return Err(
            "Node.js (`node`) is needed for the wasm-bindgen tests; install it \
                    (e.g. `apt-get install -y nodejs npm`) and re-run"
                .to_string(),
        );
    }
    if Path::new(CHROMIUM).is_file() && Path::new(CHROMEDRIVER).is_file() {
        return Ok(());
    }
    println!("xtask: {CHROMIUM} or {CHROMEDRIVER} missing; installing them with apt-get");
    let root = util::output_of("id", &["-u"]).as_deref() == Some("0");
    let sudo = !root && util::which("sudo").is_some();
    let apt = |args: &[&str]| {
        let mut cmd = if sudo {
            let mut c = Command::new("sudo");
            c.arg("apt-get");
            c
        } else {
            Command::new("apt-get")
        };
        cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        util::run_inherit(&mut cmd)
    };
    let installed = apt(&["update"])
        .and_then(|()| apt(&["install", "-y", "chromium", "chromium-driver"]))
        .is_ok();
    if installed && Path::new(CHROMIUM).is_file() && Path::new(CHROMEDRIVER).is_file() {
        Ok(())
    } else {
        Err(format!(
            "could not install Chromium. The browser tests need {CHROMIUM} and {CHROMEDRIVER}; \
             install them with\n\n    sudo apt-get update && sudo apt-get install -y chromium chromium-driver\n\n\
             (Debian/Ubuntu package names) and re-run `cargo xtask test`."
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_locked_versions() {
        let lock = "[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n\n\
                    [[package]]\nname = \"wasm-bindgen-test\"\nversion = \"0.3.80\"\n";
        assert_eq!(
            locked_version(lock, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(
            locked_version(lock, "wasm-bindgen-test").as_deref(),
            Some("0.3.80")
        );
        assert_eq!(locked_version(lock, "leptos"), None);
    }
}
