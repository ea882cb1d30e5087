//! `cargo xtask dist --size-options`: what the first-load alternatives of issue #8 would
//! weigh, measured on this build rather than guessed (crates/app/SIZE.md reads the figures).
//!
//! Method: an alternative that moves code out of the first module is measured by taking the
//! real module (wasm-bindgen output, names kept), replacing the bodies of the functions that
//! would leave with `unreachable` in binaryen's text form, and running dist's own wasm-opt
//! pass on it: its dead-code elimination then drops everything only those functions reached
//! (their generic instantiations, closures, drop glue). What remains is the code that stays.
//! The data segment cannot shrink that way (LTO merges all read-only data into one
//! `.rodata`), so code and data are reported apart and the data figure is an upper bound.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::tools::Tools;
use crate::util::{self, Context, Result};

/// Function-name fragments of the simulator engine: the core crates, the YAML parser only
/// the intake uses, and the app modules that read the cluster to build panel data (in a
/// split they would run beside the engine and send plain data).
const ENGINE: &[&str] = &[
    "ordinal_sim::",
    "ordinal_kubectl::",
    "ordinal_api::",
    "saphyr_parser",
    "ordinal_app::snapshot::",
    "ordinal_app::network_view::",
    "ordinal_app::node_view::",
    "ordinal_app::marks::",
    "ordinal_app::state::",
    "ordinal_app::history::",
];

/// Every serde function: derives, serde_json's Value (de)serializers and writers,
/// serde-wasm-bindgen.
const SERDE: &[&str] = &["serde"];

/// One alternative: which module, and which functions leave it.
struct Variant {
    label: &'static str,
    module: Module,
    remove: &'static [&'static [&'static str]],
}

#[derive(Clone, Copy, PartialEq)]
enum Module {
    App,
    Package,
}

const VARIANTS: &[Variant] = &[
    Variant {
        label: "(b) UI module: engine in a second module / worker",
        module: Module::App,
        remove: &[ENGINE],
    },
    Variant {
        label: "(c) serde-free core: app module without serde",
        module: Module::App,
        remove: &[SERDE],
    },
    Variant {
        label: "(b)+(c) UI module without serde",
        module: Module::App,
        remove: &[ENGINE, SERDE],
    },
    Variant {
        label: "(c) package module without serde",
        module: Module::Package,
        remove: &[SERDE],
    },
];

/// Code and data section sizes of one module: (raw, gzip) each.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Sections {
    pub code: (usize, usize),
    pub data: (usize, usize),
    pub whole: (usize, usize),
}

/// What the first load is made of today, from the size table.
pub struct FirstLoad {
    /// gzip bytes of everything index.html loads.
    pub total: usize,
    /// gzip bytes of the app's wasm module.
    pub app_wasm: usize,
    /// gzip bytes of the CodeMirror bundle.
    pub editor: usize,
}

/// Builds and measures every variant, then prints the comparison.
pub fn print(tools: &Tools, cargo_out: &Path, first: &FirstLoad) -> Result<()> {
    let Some(wasm_opt) = &tools.wasm_opt else {
        println!("xtask: size options need wasm-opt (npm binaryen); skipped");
        return Ok(());
    };
    let wasm_dis = wasm_opt.with_file_name("wasm-dis");
    let work = std::env::temp_dir().join(format!("ordinal-size-options-{}", std::process::id()));
    fs::create_dir_all(&work).context(|| format!("creating {}", work.display()))?;
    let result = measure_all(tools, wasm_opt, &wasm_dis, cargo_out, &work);
    let _ = fs::remove_dir_all(&work);
    let (app, package, variants) = result?;

    println!();
    println!("first-load options (issue #8; method in xtask/src/dist/options.rs)");
    println!(
        "{:<52} {:>9} {:>9} {:>9}  {:>11} {:>11}",
        "module", "raw", "gzip", "code gz", "1st load*", "1st load**"
    );
    let rest_with_editor = first.total.saturating_sub(first.app_wasm);
    let rest = rest_with_editor.saturating_sub(first.editor);
    let row = |label: &str, s: &Sections, app: bool| {
        let (with, without) = if app {
            (
                (rest_with_editor + s.whole.1).to_string(),
                (rest + s.whole.1).to_string(),
            )
        } else {
            ("-".into(), "-".into())
        };
        println!(
            "{label:<52} {:>9} {:>9} {:>9}  {with:>11} {without:>11}",
            s.whole.0, s.whole.1, s.code.1
        );
    };
    row("today: app module", &app, true);
    for (variant, sections) in VARIANTS.iter().zip(&variants) {
        row(variant.label, sections, variant.module == Module::App);
    }
    row("today: package module", &package, false);
    println!(
        "* + JS/CSS and CodeMirror at mount as today; ** CodeMirror loaded on first editor \
         focus (option (a)); budget {} gzip ({} bytes)",
        super::kib(super::BUDGET_GZIP),
        super::BUDGET_GZIP
    );
    println!(
        "data (read-only strings, all modules): {} raw {} gzip, kept whole in every row \
         (an upper bound for the UI module)",
        app.data.0, app.data.1
    );
    Ok(())
}

type Measured = (Sections, Sections, Vec<Sections>);

fn measure_all(
    tools: &Tools,
    wasm_opt: &Path,
    wasm_dis: &Path,
    cargo_out: &Path,
    work: &Path,
) -> Result<Measured> {
    let mut wat = Vec::new();
    for (name, built) in [
        ("app", "ordinal-app.wasm"),
        ("package", "ordinal_wasm.wasm"),
    ] {
        let out = work.join(name);
        util::run_inherit(
            Command::new(&tools.wasm_bindgen)
                .args(["--target", "web", "--no-typescript", "--out-name", name])
                .arg("--out-dir")
                .arg(&out)
                .arg(cargo_out.join(built)),
        )?;
        let text = out.join(format!("{name}.wat"));
        util::run_inherit(
            Command::new(wasm_dis)
                .arg(out.join(format!("{name}_bg.wasm")))
                .arg("-o")
                .arg(&text),
        )?;
        wat.push(text);
    }
    let mut jobs: Vec<(PathBuf, PathBuf)> = Vec::new();
    for (i, module) in wat.iter().enumerate() {
        jobs.push((module.clone(), work.join(format!("today-{i}.wasm"))));
    }
    for (i, variant) in VARIANTS.iter().enumerate() {
        let source = &wat[usize::from(variant.module == Module::Package)];
        let text =
            fs::read_to_string(source).context(|| format!("reading {}", source.display()))?;
        let (stubbed, count) = stub_functions(&text, |name| {
            variant
                .remove
                .iter()
                .any(|set| set.iter().any(|f| name.contains(f)))
        });
        println!("xtask: {}: {count} functions stubbed", variant.label);
        let path = work.join(format!("variant-{i}.wat"));
        fs::write(&path, stubbed).context(|| format!("writing {}", path.display()))?;
        jobs.push((path, work.join(format!("variant-{i}.wasm"))));
    }
    // wasm-opt is single-threaded; two at a time (the machines here have two cores and
    // each text module takes a few hundred MB).
    let mut sizes = Vec::new();
    for pair in jobs.chunks(2) {
        let results: Vec<Result<Sections>> = std::thread::scope(|scope| {
            let handles: Vec<_> = pair
                .iter()
                .map(|(from, to)| scope.spawn(move || optimise_and_measure(wasm_opt, from, to)))
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|_| Err("wasm-opt thread panicked".into()))
                })
                .collect()
        });
        for r in results {
            sizes.push(r?);
        }
    }
    let mut sizes = sizes.into_iter();
    let app = sizes.next().unwrap_or_default();
    let package = sizes.next().unwrap_or_default();
    Ok((app, package, sizes.collect()))
}

fn optimise_and_measure(wasm_opt: &Path, from: &Path, to: &Path) -> Result<Sections> {
    let mut cmd = Command::new(wasm_opt);
    cmd.args(super::WASM_OPT_FLAGS)
        .arg("--strip-debug")
        .arg(from)
        .arg("-o")
        .arg(to);
    util::run_inherit(&mut cmd)?;
    let module = fs::read(to).context(|| format!("reading {}", to.display()))?;
    let code = section(&module, CODE_SECTION);
    let data = section(&module, DATA_SECTION);
    Ok(Sections {
        code: (code.len(), gzip_len(&code)?),
        data: (data.len(), gzip_len(&data)?),
        whole: (module.len(), gzip_len(&module)?),
    })
}

fn gzip_len(data: &[u8]) -> Result<usize> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(data).context(|| "gzip".to_string())?;
    Ok(enc.finish().context(|| "gzip".to_string())?.len())
}

/// Replaces the body of every function whose name `remove` accepts with `unreachable`,
/// in binaryen's text format (`wasm-dis` output: a function starts with ` (func $name` at
/// one space of indentation and ends with a line ` )`). Returns the text and how many
/// functions were stubbed.
pub fn stub_functions(wat: &str, remove: impl Fn(&str) -> bool) -> (String, usize) {
    let mut out = String::with_capacity(wat.len());
    let mut skipping = false;
    let mut count = 0;
    for line in wat.split_inclusive('\n') {
        if skipping {
            if line.trim_end() == " )" {
                out.push_str("  (unreachable)\n )\n");
                skipping = false;
            }
            continue;
        }
        out.push_str(line);
        if let Some(name) = function_name(line) {
            let complete = line.matches('(').count() == line.matches(')').count();
            if !complete && remove(name) {
                skipping = true;
                count += 1;
            }
        }
    }
    (out, count)
}

/// The name in a ` (func $name ...` line (binaryen quotes names with spaces or other
/// special characters: `$"<a as b>::c"`).
fn function_name(line: &str) -> Option<&str> {
    let rest = line.strip_prefix(" (func $")?;
    if let Some(quoted) = rest.strip_prefix('"') {
        quoted.split('"').next()
    } else {
        rest.split([' ', '\n', ')']).next()
    }
}

const CODE_SECTION: u8 = 10;
const DATA_SECTION: u8 = 11;

/// The contents of every section with id `id`, concatenated (empty when malformed).
pub fn section(module: &[u8], id: u8) -> Vec<u8> {
    let mut out = Vec::new();
    let mut at = 8; // magic + version
    while at < module.len() {
        let kind = module[at];
        let Some((len, body)) = leb128(module, at + 1) else {
            return Vec::new();
        };
        let Some(contents) = module.get(body..body + len) else {
            return Vec::new();
        };
        if kind == id {
            out.extend_from_slice(contents);
        }
        at = body + len;
    }
    out
}

/// An unsigned LEB128 at `at`: its value and the index after it.
fn leb128(bytes: &[u8], mut at: usize) -> Option<(usize, usize)> {
    let mut value = 0usize;
    let mut shift = 0;
    loop {
        let byte = *bytes.get(at)?;
        at += 1;
        value |= usize::from(byte & 0x7f).checked_shl(shift)?;
        if byte & 0x80 == 0 {
            return Some((value, at));
        }
        shift += 7;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WAT: &str = "(module
 (type $0 (func))
 (import \"env\" \"f\" (func $imported (param i32)))
 (func $ordinal_sim::cluster::Cluster::settle::h1 (param $0 i32)
  (local $1 i32)
  (call $keep)
 )
 (func $\"<ordinal_api::X as serde::Serialize>::serialize::h2\" (param $0 i32) (result i32)
  (i32.const 1)
 )
 (func $keep
  (nop)
 )
)
";

    #[test]
    fn stubs_named_functions_and_keeps_the_rest() {
        let (out, count) = stub_functions(WAT, |n| n.contains("ordinal_sim::"));
        assert_eq!(count, 1);
        assert!(out.contains(
            " (func $ordinal_sim::cluster::Cluster::settle::h1 (param $0 i32)\n  (unreachable)\n )\n"
        ));
        assert!(!out.contains("(local $1 i32)"));
        assert!(out.contains(" (func $keep\n  (nop)\n )\n"));
        assert!(out.contains("(i32.const 1)"));
        assert!(out.contains("(import \"env\" \"f\" (func $imported (param i32)))"));
    }

    #[test]
    fn quoted_names_are_read_whole() {
        let (out, count) = stub_functions(WAT, |n| n.contains("serde::Serialize"));
        assert_eq!(count, 1);
        assert!(!out.contains("(i32.const 1)"));
        assert!(out.contains("(call $keep)"));
        assert_eq!(
            function_name(" (func $\"<a as b>::c\" (param i32)\n"),
            Some("<a as b>::c")
        );
        assert_eq!(function_name(" (func $plain\n"), Some("plain"));
        assert_eq!(function_name("  (call $plain)\n"), None);
    }

    #[test]
    fn sections_are_found_by_id() {
        // magic, version, a type section (id 1, 2 bytes) and a code section (id 10, 3 bytes),
        // then a data section whose length needs two LEB128 bytes (130).
        let mut module = b"\0asm\x01\0\0\0".to_vec();
        module.extend([1, 2, 0xaa, 0xbb]);
        module.extend([10, 3, 1, 2, 3]);
        module.extend([11, 0x82, 0x01]);
        module.extend(std::iter::repeat_n(7u8, 130));
        assert_eq!(section(&module, CODE_SECTION), vec![1, 2, 3]);
        assert_eq!(section(&module, DATA_SECTION).len(), 130);
        assert!(section(&module, 5).is_empty());
        // A length running past the end is malformed: nothing, not a panic.
        assert!(section(b"\0asm\x01\0\0\0\x0a\x7f\x01", CODE_SECTION).is_empty());
    }
}
