//! `ordinal run SCRIPT [--seed N]`: runs a kubectl script in virtual time and prints the transcript.

use ordinal_kubectl::{Shell, run_script};
use ordinal_sim::{Cluster, ClusterConfig};
use std::process::ExitCode;

const USAGE: &str = "usage: ordinal run SCRIPT [--seed N]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(transcript) => {
            print!("{transcript}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<String, String> {
    let mut config = ClusterConfig::default();
    let mut script_path = None;
    let mut iter = args.iter();
    match iter.next().map(String::as_str) {
        Some("run") => {}
        _ => return Err(USAGE.into()),
    }
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--seed" => {
                let value = iter.next().ok_or("--seed needs a value")?;
                config.seed = value
                    .parse()
                    .map_err(|_| format!("invalid seed {value:?}"))?;
            }
            path if script_path.is_none() => script_path = Some(path.to_string()),
            other => return Err(format!("unexpected argument {other:?}\n{USAGE}")),
        }
    }
    let path = script_path.ok_or(USAGE)?;
    let script = std::fs::read_to_string(&path).map_err(|e| format!("ordinal: {path}: {e}"))?;
    let mut shell = Shell::new(Cluster::new(config));
    Ok(run_script(&mut shell, &script))
}
