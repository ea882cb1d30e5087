//! Process helpers: locating the workspace, running commands, streaming their output.

use std::ffi::OsStr;
use std::io::{BufRead, BufReader, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

/// Errors are human-readable messages; an empty message means "already reported".
pub type Result<T> = std::result::Result<T, String>;

/// Adds a description of what was being done to an error.
pub trait Context<T> {
    fn context(self, what: impl FnOnce() -> String) -> Result<T>;
}

impl<T, E: std::fmt::Display> Context<T> for std::result::Result<T, E> {
    fn context(self, what: impl FnOnce() -> String) -> Result<T> {
        self.map_err(|e| format!("{}: {e}", what()))
    }
}

/// The workspace root, found from the current directory (see `root.rs`).
pub fn workspace_root() -> PathBuf {
    crate::root::workspace_root()
}

/// A `cargo` command, using the cargo that runs us when there is one.
pub fn cargo() -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(workspace_root());
    cmd
}

/// `$CARGO_HOME/bin` (default `~/.cargo/bin`), where `cargo install` puts binaries.
pub fn cargo_bin_dir() -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"));
    home.join("bin")
}

/// The cargo target directory, as cargo itself resolves it (honours `CARGO_TARGET_DIR`
/// and `build.target-dir`).
pub fn target_dir() -> Result<PathBuf> {
    static DIR: OnceLock<std::result::Result<PathBuf, String>> = OnceLock::new();
    DIR.get_or_init(|| {
        let out = cargo()
            .args(["metadata", "--format-version", "1", "--no-deps"])
            .stderr(Stdio::inherit())
            .output()
            .context(|| "running `cargo metadata`".to_string())?;
        if !out.status.success() {
            return Err("`cargo metadata` failed".to_string());
        }
        let json = String::from_utf8_lossy(&out.stdout);
        json_string_field(&json, "target_directory")
            .map(PathBuf::from)
            .ok_or_else(|| "`cargo metadata` printed no target_directory".to_string())
    })
    .clone()
}

/// Extracts the first `"key": "string value"` from a JSON document (enough for
/// `cargo metadata`, without a JSON dependency).
pub fn json_string_field(json: &str, key: &str) -> Option<String> {
    let needle = format!("\"{key}\"");
    let after_key = &json[json.find(&needle)? + needle.len()..];
    let after_colon = after_key.trim_start().strip_prefix(':')?.trim_start();
    let mut chars = after_colon.strip_prefix('"')?.chars();
    let mut value = String::new();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(value),
            '\\' => match chars.next()? {
                'n' => value.push('\n'),
                't' => value.push('\t'),
                'r' => value.push('\r'),
                'b' => value.push('\u{8}'),
                'f' => value.push('\u{c}'),
                'u' => {
                    let hex: String = chars.by_ref().take(4).collect();
                    value.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                }
                other => value.push(other),
            },
            c => value.push(c),
        }
    }
    None
}

/// Renders a command for banners and error messages.
pub fn display(cmd: &Command) -> String {
    let mut s = String::new();
    for (k, v) in cmd.get_envs() {
        if let Some(v) = v {
            s.push_str(&format!("{}={} ", k.to_string_lossy(), v.to_string_lossy()));
        }
    }
    s.push_str(&cmd.get_program().to_string_lossy());
    for arg in cmd.get_args() {
        let arg = arg.to_string_lossy();
        if arg.contains(' ') || arg.is_empty() {
            s.push_str(&format!(" '{arg}'"));
        } else {
            s.push(' ');
            s.push_str(&arg);
        }
    }
    s
}

/// Runs a command with inherited stdio; fails on a non-zero exit.
pub fn run_inherit(cmd: &mut Command) -> Result<()> {
    println!("$ {}", display(cmd));
    let status = cmd
        .status()
        .context(|| format!("could not start `{}`", display(cmd)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", display(cmd)))
    }
}

/// Runs a command quietly and returns its trimmed stdout, or `None` if it could not
/// run or failed.
pub fn output_of(program: impl AsRef<OsStr>, args: &[&str]) -> Option<String> {
    let out = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Totals of libtest-style `test result:` lines.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub passed: u64,
    pub failed: u64,
}

impl std::ops::AddAssign for Tally {
    fn add_assign(&mut self, other: Tally) {
        self.passed += other.passed;
        self.failed += other.failed;
    }
}

/// Parses `test result: ok. 3 passed; 0 failed; 0 ignored; ...` (as printed by libtest
/// and by wasm-bindgen-test-runner, possibly with colour codes).
pub fn parse_test_result(line: &str) -> Option<Tally> {
    let line = strip_ansi(line);
    let rest = &line[line.find("test result:")? + "test result:".len()..];
    let count = |word: &str| -> Option<u64> {
        let words: Vec<&str> = rest
            .split(|c: char| c == ';' || c == '.' || c.is_whitespace())
            .filter(|w| !w.is_empty())
            .collect();
        let i = words.iter().position(|w| *w == word)?;
        words.get(i.checked_sub(1)?)?.parse().ok()
    };
    Some(Tally {
        passed: count("passed")?,
        failed: count("failed")?,
    })
}

/// Parses the closing counts of `node --test --test-reporter=tap`: `# pass 12` and
/// `# fail 0` (two lines, each a partial tally).
pub fn parse_tap_count(line: &str) -> Option<Tally> {
    let rest = line.trim_end().strip_prefix("# ")?;
    let (word, count) = rest.split_once(' ')?;
    let count: u64 = count.parse().ok()?;
    match word {
        "pass" => Some(Tally {
            passed: count,
            failed: 0,
        }),
        "fail" => Some(Tally {
            passed: 0,
            failed: count,
        }),
        _ => None,
    }
}

/// Removes ANSI escape sequences (`ESC [ ... letter`).
pub fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            if chars.peek() == Some(&'[') {
                chars.next();
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() {
                        break;
                    }
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Runs a command, echoing its output line by line as it arrives (tee-like) while counting
/// `test result:` lines. The child's stdout and stderr share one pipe, so their lines stay in
/// the order the child wrote them; both are echoed to our stdout. Fails on a non-zero exit;
/// the tally is returned either way.
pub fn run_streaming(cmd: &mut Command) -> (Tally, Result<()>) {
    println!("$ {}", display(cmd));
    flush();
    // Output goes through a pipe; keep cargo's colours when we print to a terminal.
    if std::io::stdout().is_terminal() && std::env::var_os("CARGO_TERM_COLOR").is_none() {
        cmd.env("CARGO_TERM_COLOR", "always");
    }
    let spawned = std::io::pipe().and_then(|(reader, writer)| {
        let writer2 = writer.try_clone()?;
        cmd.stdin(Stdio::null()).stdout(writer).stderr(writer2);
        let child = cmd.spawn();
        // Drop our copies of the write end, or reading would never see end-of-file.
        cmd.stdout(Stdio::null()).stderr(Stdio::null());
        Ok((reader, child?))
    });
    let (reader, mut child) = match spawned {
        Ok(ok) => ok,
        Err(e) => {
            return (
                Tally::default(),
                Err(format!("could not start `{}`: {e}", display(cmd))),
            );
        }
    };
    let tally = pump(reader, &mut std::io::stdout());
    let result = match child.wait() {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => Err(format!("`{}` failed ({status})", display(cmd))),
        Err(e) => Err(format!("waiting for `{}`: {e}", display(cmd))),
    };
    (tally, result)
}

/// Copies `from` to `to` line by line, returning the tally of `test result:` lines.
fn pump(from: impl Read, to: &mut impl Write) -> Tally {
    let mut reader = BufReader::new(from);
    let mut line = Vec::new();
    let mut tally = Tally::default();
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) => {
                let _ = to.write_all(&line);
                let _ = to.flush();
                let text = String::from_utf8_lossy(&line);
                if let Some(t) = parse_test_result(&text).or_else(|| parse_tap_count(&text)) {
                    tally += t;
                }
            }
        }
    }
    tally
}

pub fn flush() {
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
}

/// Formats a duration as `1m 23.4s` or `12.3s`.
pub fn human_duration(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs >= 60.0 {
        format!("{}m {:.1}s", (secs / 60.0).floor(), secs % 60.0)
    } else {
        format!("{secs:.1}s")
    }
}

/// Finds a program in `PATH`.
pub fn which(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
}

/// A free TCP port on 127.0.0.1 (free at the time of asking).
pub fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")
        .context(|| "binding a free loopback port".to_string())?;
    listener
        .local_addr()
        .map(|a| a.port())
        .context(|| "reading the bound port".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_libtest_result_lines() {
        assert_eq!(
            parse_test_result(
                "test result: ok. 12 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s"
            ),
            Some(Tally {
                passed: 12,
                failed: 0
            })
        );
        assert_eq!(
            parse_test_result("test result: FAILED. 3 passed; 2 failed; 0 ignored"),
            Some(Tally {
                passed: 3,
                failed: 2
            })
        );
        assert_eq!(
            parse_test_result("test result: \u{1b}[32mok\u{1b}[0m. 1 passed; 0 failed;"),
            Some(Tally {
                passed: 1,
                failed: 0
            })
        );
        assert_eq!(parse_test_result("running 3 tests"), None);
        assert_eq!(parse_test_result("test result: garbage"), None);
    }

    #[test]
    fn parses_node_tap_counts() {
        assert_eq!(
            parse_tap_count("# pass 12\n"),
            Some(Tally {
                passed: 12,
                failed: 0
            })
        );
        assert_eq!(
            parse_tap_count("# fail 2"),
            Some(Tally {
                passed: 0,
                failed: 2
            })
        );
        assert_eq!(parse_tap_count("# skipped 1"), None);
        assert_eq!(parse_tap_count("# pass many"), None);
        assert_eq!(parse_tap_count("ok 1 - # pass 3"), None);
    }

    #[test]
    fn reads_json_string_fields() {
        let json = r#"{"packages":[],"target_directory" : "/tmp/a \"b\"\\c\u00e9","x":1}"#;
        assert_eq!(
            json_string_field(json, "target_directory").as_deref(),
            Some("/tmp/a \"b\"\\cé")
        );
        assert_eq!(json_string_field(json, "missing"), None);
    }

    #[test]
    fn formats_durations() {
        assert_eq!(human_duration(Duration::from_millis(12_340)), "12.3s");
        assert_eq!(human_duration(Duration::from_secs(83)), "1m 23.0s");
    }
}
