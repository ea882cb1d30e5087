//! `cargo xtask fuzz`: the intake's never-panics property tests with many more cases than
//! `cargo xtask test` runs, from a fresh seed each time (printed, so a failure can be
//! replayed with `--seed`).

use std::time::{SystemTime, UNIX_EPOCH};

use crate::util::{self, Result};

/// Cases per property unless `--cases` says otherwise (the test suite runs 256; in release
/// 3,000 cases of all four properties take about 1.5 s, so this is about a minute).
const DEFAULT_CASES: u64 = 100_000;

pub struct Options {
    pub cases: u64,
    pub seed: Option<u64>,
}

pub fn parse(rest: &[String]) -> Result<Options> {
    let mut options = Options {
        cases: DEFAULT_CASES,
        seed: None,
    };
    let mut it = rest.iter();
    while let Some(arg) = it.next() {
        let (key, value) = match arg.split_once('=') {
            Some((k, v)) => (k, v.to_string()),
            None => (
                arg.as_str(),
                it.next().ok_or(format!("{arg} needs a value"))?.clone(),
            ),
        };
        let number: u64 = value
            .parse()
            .map_err(|_| format!("{key}: `{value}` is not a number"))?;
        match key {
            "--cases" => options.cases = number,
            "--seed" => options.seed = Some(number),
            _ => return Err(format!("unexpected argument `{arg}`")),
        }
    }
    Ok(options)
}

pub fn command(options: Options) -> Result<()> {
    // Not reproducibility-critical: any fresh number will do, and it is printed.
    let seed = options.seed.unwrap_or_else(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64)
    });
    println!(
        "xtask: fuzzing the intake with {} cases per property, seed {seed} \
         (replay: cargo xtask fuzz --cases {} --seed {seed})",
        options.cases, options.cases
    );
    let mut cmd = util::cargo();
    cmd.args([
        "test",
        "--release",
        "-p",
        "ordinal-api",
        "--test",
        "never_panics",
    ])
    .env("PROPTEST_CASES", options.cases.to_string())
    .env("PROPTEST_RNG_SEED", seed.to_string());
    let (tally, result) = util::run_streaming(&mut cmd);
    println!("{} passed, {} failed", tally.passed, tally.failed);
    result
}
