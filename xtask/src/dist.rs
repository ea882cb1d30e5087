//! `cargo xtask dist`: the release build of the app into `dist/`, the JS package into
//! `dist/pkg/`, and a size report.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::package;
use crate::tools::{self, Tools};
use crate::util::{self, Context, Result};

/// The size-tuned profile in the root Cargo.toml.
const PROFILE: &str = "wasm-release";

/// wasm-opt flags. The feature flags are the ones rustc 1.95 enables by default for
/// wasm32-unknown-unknown (LLVM's "generic" CPU); wasm-opt rejects modules that use
/// features it was not told about.
const WASM_OPT_FLAGS: &[&str] = &[
    "-Oz",
    "--enable-bulk-memory",
    "--enable-bulk-memory-opt",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
    "--enable-call-indirect-overlong",
];

pub fn command() -> Result<()> {
    let tools = tools::ensure()?;
    let dist = build(&tools)?;
    print_size_table(&dist)
}

/// Builds everything into `<root>/dist` (or `$ORDINAL_DIST_DIR`, so two checkouts or two
/// engineers sharing a tree need not overwrite each other's build) and returns that path.
pub fn build(tools: &Tools) -> Result<PathBuf> {
    let started = Instant::now();
    let root = util::workspace_root();
    let dist = match std::env::var_os("ORDINAL_DIST_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => root.join("dist"),
    };

    util::run_inherit(util::cargo().args([
        "build",
        "--profile",
        PROFILE,
        "--target",
        tools::WASM_TARGET,
        "-p",
        "ordinal-app",
        "-p",
        "ordinal-wasm",
    ]))?;
    let out_dir = util::target_dir()?.join(tools::WASM_TARGET).join(PROFILE);

    if dist.exists() {
        fs::remove_dir_all(&dist).context(|| format!("removing {}", dist.display()))?;
    }
    fs::create_dir_all(&dist).context(|| format!("creating {}", dist.display()))?;

    // The app: dist/ordinal_app.js + dist/ordinal_app_bg.wasm, loaded by index.html.
    util::run_inherit(
        Command::new(&tools.wasm_bindgen)
            .args([
                "--target",
                "web",
                "--no-typescript",
                "--out-name",
                "ordinal_app",
            ])
            .arg("--out-dir")
            .arg(&dist)
            .arg(out_dir.join("ordinal-app.wasm")),
    )?;

    // The JS package: dist/pkg/{web,node}/ordinal_wasm.{js,d.ts} + ordinal_wasm_bg.wasm.
    let pkg = dist.join("pkg");
    let pkg_wasm = package::bind(tools, &out_dir.join("ordinal_wasm.wasm"), &pkg)?;

    // wasm-opt is single-threaded; optimise both modules at once.
    let modules = [dist.join("ordinal_app_bg.wasm"), pkg_wasm];
    std::thread::scope(|scope| {
        for module in &modules {
            scope.spawn(move || wasm_opt(tools, module));
        }
    });
    package::finish(&pkg)?;

    // Static files (web/vendor/editor.js is built from crates/app/js first).
    build_editor_bundle(&root);
    let index = root.join("index.html");
    fs::copy(&index, dist.join("index.html")).context(|| format!("copying {}", index.display()))?;
    copy_dir(&root.join("web"), &dist)?;

    println!(
        "xtask: dist built in {} -> {}",
        util::human_duration(started.elapsed()),
        dist.display()
    );
    Ok(dist)
}

/// Optimises `wasm` in place with the npm binaryen wasm-opt; on any failure keeps the
/// unoptimised file and warns.
fn wasm_opt(tools: &Tools, wasm: &Path) {
    let Some(wasm_opt) = &tools.wasm_opt else {
        println!(
            "xtask: warning: wasm-opt unavailable; {} is not optimised",
            wasm.display()
        );
        return;
    };
    let tmp = wasm.with_extension("opt.wasm");
    let mut cmd = Command::new(wasm_opt);
    cmd.args(WASM_OPT_FLAGS).arg(wasm).arg("-o").arg(&tmp);
    let result = util::run_inherit(&mut cmd)
        .and_then(|()| fs::rename(&tmp, wasm).context(|| format!("replacing {}", wasm.display())));
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        println!(
            "xtask: warning: wasm-opt failed ({e}); keeping the unoptimised {}",
            wasm.display()
        );
    }
}

/// The app's CodeMirror editor is an npm project (`crates/app/js`) whose `build:web` script
/// bundles it into `web/vendor/editor.js`. The page falls back to a plain text area without
/// it, so a failure here is a warning.
fn build_editor_bundle(root: &Path) {
    let dir = root.join("crates/app/js");
    let manifest = dir.join("package.json");
    let has_script = fs::read_to_string(&manifest).is_ok_and(|m| m.contains("\"build:web\""));
    if !has_script {
        return;
    }
    let result = tools::npm_ci_if_stale(&dir)
        .and_then(|()| util::run_inherit(tools::npm(&dir).args(["run", "--silent", "build:web"])));
    if let Err(e) = result {
        println!(
            "xtask: warning: could not build the editor bundle ({e}); \
             the page will use a plain text area"
        );
    }
}

/// Copies the contents of `from` into `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    if !from.is_dir() {
        return Ok(());
    }
    fs::create_dir_all(to).context(|| format!("creating {}", to.display()))?;
    for entry in fs::read_dir(from).context(|| format!("reading {}", from.display()))? {
        let entry = entry.context(|| format!("reading {}", from.display()))?;
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue; // .gitignore and friends are not assets
        }
        let src = entry.path();
        let dst = to.join(entry.file_name());
        if src.is_dir() {
            copy_dir(&src, &dst)?;
        } else {
            fs::copy(&src, &dst).context(|| format!("copying {}", src.display()))?;
        }
    }
    Ok(())
}

/// All files under `dir` (recursively), sorted.
fn files_under(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for entry in fs::read_dir(&d).context(|| format!("reading {}", d.display()))? {
            let path = entry.context(|| format!("reading {}", d.display()))?.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

fn gzip_len(data: &[u8]) -> Result<usize> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(data).context(|| "gzip".to_string())?;
    Ok(enc.finish().context(|| "gzip".to_string())?.len())
}

fn brotli_len(data: &[u8]) -> Result<usize> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &data[..], &mut out, &params).context(|| "brotli".to_string())?;
    Ok(out.len())
}

/// The app's first-load budget (issue #8): all wasm + JS + CSS, gzip. The JS package's
/// module must fit in it too (issue #9).
const BUDGET_GZIP: usize = 250 * 1024;

/// One measured file: name relative to `dist`, raw, gzip -9 and brotli -q11 bytes.
type Row = (String, usize, usize, usize);

/// Prints raw / gzip -9 / brotli -q11 sizes of every .wasm, .js and .css in `dist`: the app's
/// files with their total against the budget, then the JS package's (its Node copy of the
/// module is the same bytes as the web one, so it is listed once).
pub fn print_size_table(dist: &Path) -> Result<()> {
    let mut files = Vec::new();
    for path in files_under(dist)? {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let name = path
            .strip_prefix(dist)
            .unwrap_or(&path)
            .to_string_lossy()
            .into_owned();
        if matches!(ext, "wasm" | "js" | "css") && name != format!("pkg/{}", package::NODE_WASM) {
            files.push((name, path));
        }
    }
    let rows = measure(&files)?;
    let (package, app): (Vec<Row>, Vec<Row>) =
        rows.into_iter().partition(|r| r.0.starts_with("pkg/"));
    let width = app
        .iter()
        .chain(&package)
        .map(|r| r.0.len())
        .max()
        .unwrap_or(0)
        .max(24);
    let app_total = print_rows("app (first load)", &app, width);
    println!(
        "app total gzip {} of the {} budget: {}",
        kib(app_total.1),
        kib(BUDGET_GZIP),
        verdict(app_total.1)
    );
    if !package.is_empty() {
        print_rows("JS package dist/pkg", &package, width);
        if let Some(module) = package
            .iter()
            .find(|r| r.0 == format!("pkg/{}", package::WEB_WASM))
        {
            println!(
                "package wasm: {} raw, {} gzip ({} bytes); against the app's {} budget: {}",
                kib(module.1),
                kib(module.2),
                module.2,
                kib(BUDGET_GZIP),
                verdict(module.2)
            );
        }
    }
    println!("(bytes; gzip -9, brotli -q 11)");
    Ok(())
}

fn kib(bytes: usize) -> String {
    format!("{:.1} KiB", bytes as f64 / 1024.0)
}

fn verdict(gzip: usize) -> String {
    if gzip <= BUDGET_GZIP {
        format!("within ({:.0}%)", gzip as f64 * 100.0 / BUDGET_GZIP as f64)
    } else {
        format!("OVER by {}", kib(gzip - BUDGET_GZIP))
    }
}

/// Compresses every file (in parallel: brotli at quality 11 is slow).
fn measure(files: &[(String, PathBuf)]) -> Result<Vec<Row>> {
    std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .iter()
            .map(|(name, path)| {
                scope.spawn(move || -> Result<Row> {
                    let data = fs::read(path).context(|| format!("reading {}", path.display()))?;
                    Ok((
                        name.clone(),
                        data.len(),
                        gzip_len(&data)?,
                        brotli_len(&data)?,
                    ))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err("compression thread panicked".into()))
            })
            .collect::<Result<Vec<_>>>()
    })
}

/// Prints one titled table and returns its totals (raw, gzip, brotli).
fn print_rows(title: &str, rows: &[Row], width: usize) -> (usize, usize, usize) {
    let total = rows
        .iter()
        .fold((0, 0, 0), |t, r| (t.0 + r.1, t.1 + r.2, t.2 + r.3));
    println!();
    println!(
        "{:<width$}  {:>10}  {:>10}  {:>10}",
        title, "raw", "gzip", "brotli"
    );
    println!("{}", "-".repeat(width + 36));
    for (name, raw, gz, br) in rows {
        println!("{name:<width$}  {raw:>10}  {gz:>10}  {br:>10}");
    }
    println!("{}", "-".repeat(width + 36));
    println!(
        "{:<width$}  {:>10}  {:>10}  {:>10}",
        "total", total.0, total.1, total.2
    );
    total
}
