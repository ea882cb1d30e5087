//! `ordinal run SCRIPT [--seed N] [--nodes N] [--cluster-domain D] [--strict]` runs a kubectl
//! script in virtual time and prints the transcript; `ordinal` alone is an interactive session.

mod repl;

use ordinal_kubectl::{FileReader, Shell, run_script_with};
use ordinal_sim::{Cluster, ClusterConfig};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// mimalloc rather than glibc's malloc: a 100,000-pod cluster makes millions of small
/// allocations that it keeps, and glibc spent about a quarter of such a run consolidating and
/// unlinking free chunks (perf, crates/sim/benches/cluster.rs at 100,000 Parallel pods).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str =
    "usage: ordinal [run SCRIPT] [--seed N] [--nodes N] [--cluster-domain D] [--strict]";

#[derive(Debug, Default)]
struct Options {
    config: ClusterConfig,
    script: Option<PathBuf>,
    strict: bool,
}

fn parse_args(args: &[String]) -> Result<Options, String> {
    let mut options = Options::default();
    let mut iter = args.iter();
    let mut saw_run = false;
    while let Some(arg) = iter.next() {
        let mut value = |name: &str| {
            iter.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))
        };
        match arg.as_str() {
            "run" if !saw_run && options.script.is_none() => saw_run = true,
            "--seed" => {
                let v = value("--seed")?;
                options.config.seed = v.parse().map_err(|_| format!("invalid seed {v:?}"))?;
            }
            "--nodes" => {
                let v = value("--nodes")?;
                options.config.worker_nodes = v
                    .parse()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| format!("invalid node count {v:?}"))?;
            }
            "--cluster-domain" => options.config.cluster_domain = value("--cluster-domain")?,
            "--strict" => options.strict = true,
            "-h" | "--help" => return Err(USAGE.into()),
            path if saw_run && options.script.is_none() => {
                options.script = Some(PathBuf::from(path));
            }
            other => return Err(format!("unexpected argument {other:?}\n{USAGE}")),
        }
    }
    if saw_run && options.script.is_none() {
        return Err(USAGE.into());
    }
    Ok(options)
}

/// Files named in commands resolve relative to the script's directory.
fn file_reader(base: PathBuf) -> FileReader {
    Box::new(move |name: &str| {
        let path = Path::new(name);
        let path = if path.is_absolute() {
            path.to_path_buf()
        } else {
            base.join(path)
        };
        std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))
    })
}

fn repl(mut shell: Shell) -> ExitCode {
    let code = repl::run(
        &mut shell,
        &mut std::io::stdin().lock(),
        &mut std::io::stdout(),
    );
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let options = match parse_args(&args) {
        Ok(o) => o,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let cluster = Cluster::new(options.config);
    let Some(path) = options.script else {
        return repl(Shell::new(cluster).with_file_reader(file_reader(PathBuf::from("."))));
    };
    let script = match std::fs::read_to_string(&path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("ordinal: {}: {e}", path.display());
            return ExitCode::from(2);
        }
    };
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut shell = Shell::new(cluster).with_file_reader(file_reader(base));
    let run = run_script_with(&mut shell, &script, options.strict);
    print!("{}", run.transcript);
    ExitCode::from(u8::try_from(run.exit_code).unwrap_or(1))
}
