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

mod options;

/// The size-tuned profile in the root Cargo.toml.
const PROFILE: &str = "wasm-release";

/// wasm-opt flags. The feature flags are the ones rustc 1.95 enables by default for
/// wasm32-unknown-unknown (LLVM's "generic" CPU); wasm-opt rejects modules that use
/// features it was not told about.
///
/// Measured on the app (binaryen 132, gzip -9 of 839,118 bytes after `-Oz`): `--converge`
/// saves 0.09% for twice the time, `-Oz -Oz` 0.04%, `--gufa` loses 0.05%; none is kept.
/// `--strip-producers` drops the toolchain-name section (84 bytes); the name section is
/// already dropped by wasm-opt itself (no `-g`).
const WASM_OPT_FLAGS: &[&str] = &[
    "-Oz",
    "--strip-producers",
    "--enable-bulk-memory",
    "--enable-bulk-memory-opt",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
    "--enable-call-indirect-overlong",
];

/// `cargo xtask dist [--size-options]`: the build and its size report; `--size-options`
/// also measures the first-load alternatives of issue #8 (a few minutes more; see
/// [`options`]).
pub fn command(size_options: bool) -> Result<()> {
    let tools = tools::ensure()?;
    let dist = build(&tools)?;
    let first_load = print_size_table(&dist)?;
    print_schema_share(&tools, &dist)?;
    if size_options {
        let cargo_out = util::target_dir()?.join(tools::WASM_TARGET).join(PROFILE);
        options::print(&tools, &cargo_out, &first_load)?;
    }
    Ok(())
}

/// The schema descriptions (`explain`, completion details), generated beside the tables and
/// shipped as a file of their own that wasm builds load lazily (crates/api/src/schema).
const DESCRIPTIONS_SOURCE: &str = "crates/api/src/schema/descriptions.txt";
/// Its name in `dist/` and `dist/pkg/` (`ordinal_api::schema::descriptions::FILE_NAME`).
const DESCRIPTIONS_FILE: &str = "schema-descriptions.txt";
/// Files of the app that are not fetched before the user does something: the descriptions
/// are fetched on the first focus in the page (crates/app/src/code_editor.rs). Everything else
/// the app ships is first-load: index.html, its CSS and JS, the wasm, the wasm-bindgen
/// snippets, and `vendor/editor.js`, which the app imports as soon as the editor mounts.
const LAZY: &[&str] = &[DESCRIPTIONS_FILE];

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
    let descriptions = root.join(DESCRIPTIONS_SOURCE);
    for to in [dist.join(DESCRIPTIONS_FILE), pkg.join(DESCRIPTIONS_FILE)] {
        fs::copy(&descriptions, &to).context(|| format!("copying {}", descriptions.display()))?;
    }

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
/// module is the same bytes as the web one, so it is listed once). Returns what the first
/// load is made of.
fn print_size_table(dist: &Path) -> Result<options::FirstLoad> {
    let mut files = Vec::new();
    for path in files_under(dist)? {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let name = path
            .strip_prefix(dist)
            .unwrap_or(&path)
            .to_string_lossy()
            .into_owned();
        let descriptions = path.file_name().is_some_and(|n| n == DESCRIPTIONS_FILE);
        if (matches!(ext, "wasm" | "js" | "css") || descriptions)
            && name != format!("pkg/{}", package::NODE_WASM)
        {
            files.push((name, path));
        }
    }
    let rows = measure(&files)?;
    let (package, app): (Vec<Row>, Vec<Row>) =
        rows.into_iter().partition(|r| r.0.starts_with("pkg/"));
    let (lazy, app): (Vec<Row>, Vec<Row>) =
        app.into_iter().partition(|r| LAZY.contains(&r.0.as_str()));
    let width = app
        .iter()
        .chain(&package)
        .map(|r| r.0.len())
        .max()
        .unwrap_or(0)
        .max(24);
    let app_total = print_rows("app (first load)", &app, width);
    println!(
        "app first load (all of the above: what index.html loads before any user action) gzip {} of the {} budget: {}",
        kib(app_total.1),
        kib(BUDGET_GZIP),
        verdict(app_total.1)
    );
    if !lazy.is_empty() {
        print_rows("app (loaded later, on first use)", &lazy, width);
    }
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
    let gzip_of = |file: &str| app.iter().find(|r| r.0 == file).map_or(0, |r| r.2);
    let first_load = options::FirstLoad {
        total: app_total.1,
        app_wasm: gzip_of("ordinal_app_bg.wasm"),
        editor: gzip_of(EDITOR_BUNDLE),
    };
    if first_load.editor > 0 {
        let without = first_load.total - first_load.editor;
        println!(
            "app first load with CodeMirror loaded on first editor focus instead: gzip {} of the {} budget: {}",
            kib(without),
            kib(BUDGET_GZIP),
            verdict(without)
        );
    }
    println!("(bytes; gzip -9, brotli -q 11)");
    Ok(first_load)
}

/// The CodeMirror bundle in `dist/` (built from crates/app/js).
const EDITOR_BUNDLE: &str = "vendor/editor.js";

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

/// Issue #4's budget for the schema's contribution to the app, descriptions included.
const SCHEMA_BUDGET_GZIP: usize = 60 * 1024;

/// Prints what the schema costs the app: the tables inside the wasm module and the
/// descriptions file beside it.
///
/// The tables are measured by building two small programs for wasm32 with the app's profile
/// and the same wasm-opt pass: `crates/api/examples/schema_size.rs` reads every table (so the
/// linker keeps all of them, as it does in the app, which reaches them all through the
/// intake, `explain` and completion) and `schema_size_baseline.rs` is the same shape of
/// program without them; the tables' share is the difference. That is a real build of the
/// real tables rather than a count of source bytes, and it is robust: a names-kept build of the
/// app cannot attribute them, because LTO merges all read-only data into one anonymous
/// `.rodata` segment. Gzip of a part measured apart is within a few percent of its share of
/// the compressed whole.
fn print_schema_share(tools: &Tools, dist: &Path) -> Result<()> {
    util::run_inherit(util::cargo().args([
        "build",
        "--profile",
        PROFILE,
        "--target",
        tools::WASM_TARGET,
        "-p",
        "ordinal-api",
        "--example",
        "schema_size",
        "--example",
        "schema_size_baseline",
    ]))?;
    let examples = util::target_dir()?
        .join(tools::WASM_TARGET)
        .join(PROFILE)
        .join("examples");
    let work = std::env::temp_dir().join(format!("ordinal-schema-size-{}", std::process::id()));
    fs::create_dir_all(&work).context(|| format!("creating {}", work.display()))?;
    let mut sizes = Vec::new();
    for name in ["schema_size", "schema_size_baseline"] {
        let module = work.join(format!("{name}.wasm"));
        let built = examples.join(format!("{name}.wasm"));
        fs::copy(&built, &module).context(|| format!("copying {}", built.display()))?;
        wasm_opt(tools, &module);
        let data = fs::read(&module).context(|| format!("reading {}", module.display()))?;
        sizes.push((data.len(), gzip_len(&data)?));
    }
    let _ = fs::remove_dir_all(&work);
    let (with, without) = (sizes[0], sizes[1]);
    let tables = (
        with.0.saturating_sub(without.0),
        with.1.saturating_sub(without.1),
    );
    let descriptions_path = dist.join(DESCRIPTIONS_FILE);
    let descriptions = fs::read(&descriptions_path)
        .context(|| format!("reading {}", descriptions_path.display()))?;
    let descriptions = (descriptions.len(), gzip_len(&descriptions)?);
    println!();
    println!(
        "schema (issue #4: at most {} gzip, descriptions included)",
        kib(SCHEMA_BUDGET_GZIP)
    );
    println!(
        "  tables in the app's wasm      {:>8} raw  {:>8} gzip  (schema_size.wasm {} - baseline {} raw)",
        tables.0, tables.1, with.0, without.0
    );
    println!(
        "  descriptions, loaded lazily   {:>8} raw  {:>8} gzip  ({DESCRIPTIONS_FILE})",
        descriptions.0, descriptions.1
    );
    let total = tables.1 + descriptions.1;
    let verdict = if total <= SCHEMA_BUDGET_GZIP {
        format!(
            "within ({:.0}%)",
            total as f64 * 100.0 / SCHEMA_BUDGET_GZIP as f64
        )
    } else {
        format!("OVER by {}", kib(total - SCHEMA_BUDGET_GZIP))
    };
    println!(
        "  total {} gzip; in the first load {}: {verdict}",
        kib(total),
        kib(tables.1)
    );
    Ok(())
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
