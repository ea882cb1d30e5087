//! `cargo xtask`: build, serve and test automation for Ordinal.
//!
//! ```text
//! cargo xtask serve [--port N]   build dist/ and serve it on http://127.0.0.1:N/ (default 8080, or $PORT)
//! cargo xtask dist               build the release app into dist/ (and the JS package into dist/pkg/)
//! cargo xtask test [--skip S]    fmt, clippy, native tests, wasm tests (Node + Chromium), browser e2e
//! cargo xtask bench              cargo bench --workspace, then the same benches in Node
//! cargo xtask fuzz               long never-panics property run of the intake
//! ```
//!
//! Std-only apart from two compressors used to report gzip/brotli sizes.

mod bench;
mod dist;
mod fuzz;
mod package;
mod root;
mod serve;
mod test;
mod tools;
mod util;

use std::process::ExitCode;

use util::Result;

const USAGE: &str = "\
Usage: cargo xtask <command>

Commands:
  serve [--port N]  Build the app (like `dist`) and serve dist/ on http://127.0.0.1:N/
                    (default 8080, or $PORT)
  dist [--size-options]
                    Build the release app into dist/ and the JS package into dist/pkg/,
                    then print a size table; --size-options also measures the first-load
                    alternatives (editor on focus, engine split out, no serde)
  test [--skip S]   Run every check: fmt, clippy (host + wasm32), native tests,
                    wasm-bindgen tests in Node and headless Chromium,
                    the JS package's Node suite and tsc check, browser e2e;
                    --skip takes step names (fmt, clippy, clippy-wasm, native, node,
                    chromium, js, tsc, e2e), comma-separated or repeated
  bench [--node-only] [ARGS]
                    cargo bench --workspace [ARGS], then the same benches through the
                    JS package in Node (crates/wasm/bench/bench.mjs), side by side
  fuzz [--cases N] [--seed S]
                    the intake's never-panics property tests, N cases each (default
                    100000) from a fresh (printed) seed
  help              Show this message

Missing tools (the wasm32 target, wasm-bindgen-cli, npm packages, and for `test`
Chromium + chromedriver) are installed on first use.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let result = match command.as_str() {
        "serve" => parse_port(rest).and_then(serve::command),
        "dist" => match rest {
            [flag] if flag == "--size-options" => dist::command(true),
            _ => no_args(rest).and_then(|()| dist::command(false)),
        },
        "test" => parse_skip(rest).and_then(test::command),
        "bench" => bench::command(rest),
        "fuzz" => fuzz::parse(rest).and_then(fuzz::command),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(())
        }
        other => {
            eprintln!("unknown command `{other}`\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // `test` prints its own summary; everything else reports here.
            if !e.is_empty() {
                eprintln!("error: {e}");
            }
            ExitCode::FAILURE
        }
    }
}

fn no_args(rest: &[String]) -> Result<()> {
    match rest.first() {
        None => Ok(()),
        Some(arg) => Err(format!("unexpected argument `{arg}`\n\n{USAGE}")),
    }
}

/// `--skip fmt,e2e` / `--skip fmt --skip e2e`.
fn parse_skip(rest: &[String]) -> Result<Vec<String>> {
    let mut skip = Vec::new();
    let mut it = rest.iter();
    while let Some(arg) = it.next() {
        let value = if let Some(v) = arg.strip_prefix("--skip=") {
            v.to_string()
        } else if arg == "--skip" {
            it.next().ok_or("--skip needs a value")?.clone()
        } else {
            return Err(format!("unexpected argument `{arg}`\n\n{USAGE}"));
        };
        skip.extend(
            value
                .split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_string),
        );
    }
    Ok(skip)
}

fn parse_port(rest: &[String]) -> Result<u16> {
    let mut port = match std::env::var("PORT") {
        Ok(p) if !p.trim().is_empty() => Some(p),
        _ => None,
    };
    let mut it = rest.iter();
    while let Some(arg) = it.next() {
        if let Some(value) = arg.strip_prefix("--port=") {
            port = Some(value.to_string());
        } else if arg == "--port" || arg == "-p" {
            port = Some(it.next().ok_or("--port needs a value")?.clone());
        } else {
            return Err(format!("unexpected argument `{arg}`\n\n{USAGE}"));
        }
    }
    match port {
        None => Ok(8080),
        Some(p) => p
            .trim()
            .parse()
            .map_err(|_| format!("invalid port `{p}` (expected 0-65535)")),
    }
}
