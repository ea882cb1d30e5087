//! A tiny shell over the simulator: runs `kubectl …` and `sleep` lines and scripts of them.

use crate::get;
use ordinal_sim::{Cluster, Duration};

/// What one command printed, and its exit code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    pub exit_code: i32,
}

impl Output {
    fn ok(stdout: String) -> Self {
        Output {
            stdout,
            ..Output::default()
        }
    }
    fn err(stderr: String, exit_code: i32) -> Self {
        Output {
            stderr,
            exit_code,
            ..Output::default()
        }
    }
}

/// A session over one cluster.
#[derive(Debug)]
pub struct Shell {
    pub cluster: Cluster,
}

impl Shell {
    pub fn new(cluster: Cluster) -> Self {
        Shell { cluster }
    }

    /// Runs one command line; `stdin` feeds `-f -`.
    pub fn exec(&mut self, line: &str, stdin: &str) -> Output {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            [] => Output::default(),
            ["sleep", d] => match Duration::parse(d) {
                Ok(d) => {
                    self.cluster.advance(d);
                    Output::default()
                }
                Err(e) => Output::err(format!("sleep: {e}\n"), 1),
            },
            ["kubectl", rest @ ..] => self.kubectl(rest, stdin),
            [cmd, ..] => Output::err(format!("{cmd}: command not found\n"), 127),
        }
    }

    fn kubectl(&mut self, args: &[&str], stdin: &str) -> Output {
        match args {
            ["get", "pods" | "pod" | "po"] => match get::get_pods(&self.cluster, "default") {
                Ok(table) => Output::ok(table),
                Err(msg) => Output::err(format!("{msg}\n"), 0),
            },
            ["apply", "-f", "-"] => match self.cluster.apply(stdin) {
                Ok(outcomes) => Output::ok(
                    outcomes
                        .iter()
                        .map(|o| format!("{}/{} {}\n", o.resource, o.name, o.action))
                        .collect(),
                ),
                Err(diagnostics) => Output::err(
                    diagnostics
                        .iter()
                        .map(|d| format!("error: {d}\n"))
                        .collect(),
                    1,
                ),
            },
            [verb, ..] => Output::err(
                format!("error: unknown command \"{verb}\" for \"kubectl\"\n"),
                1,
            ),
            [] => Output::err("error: no command given\n".into(), 1),
        }
    }
}

/// Runs a script and returns its transcript: each command echoed as `$ COMMAND`, then its output.
pub fn run_script(shell: &mut Shell, script: &str) -> String {
    let mut transcript = String::new();
    let mut lines = script.lines();
    while let Some(line) = lines.next() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let (command, stdin) = match trimmed.split_once("<<") {
            Some((command, marker)) => {
                let marker = marker.trim().trim_matches(['\'', '"']);
                let body: Vec<&str> = lines.by_ref().take_while(|l| l.trim() != marker).collect();
                (command.trim(), body.join("\n"))
            }
            None => (trimmed, String::new()),
        };
        transcript.push_str(&format!("$ {command}\n"));
        let out = shell.exec(command, &stdin);
        transcript.push_str(&out.stdout);
        transcript.push_str(&out.stderr);
    }
    transcript
}

#[cfg(test)]
mod tests {
    use super::*;
    use ordinal_sim::ClusterConfig;

    #[test]
    fn web_script_transcript() {
        let script = format!(
            "kubectl apply -f - <<EOF\n{}EOF\nkubectl get pods\nsleep 60s\nkubectl get pods\n",
            include_str!("../../../tests/scenarios/web.yaml")
        );
        let mut shell = Shell::new(Cluster::new(ClusterConfig::default()));
        insta::assert_snapshot!(run_script(&mut shell, &script));
    }

    #[test]
    fn unknown_verb() {
        let mut shell = Shell::new(Cluster::new(ClusterConfig::default()));
        let out = shell.exec("kubectl frobnicate", "");
        assert_eq!(out.exit_code, 1);
        assert_eq!(
            out.stderr,
            "error: unknown command \"frobnicate\" for \"kubectl\"\n"
        );
    }
}
