//! App state: a kubectl shell over the simulated cluster, and the console transcript.
//! Every change to the cluster goes through [`Playground::run`] (a kubectl command) or the
//! clock controls; panels only read (see `snapshot`).

use ordinal_kubectl::{Output, Shell};
use ordinal_sim::{Cluster, ClusterConfig, Duration};

/// Upper bound on events run by "skip to settled", so a controller that never settles
/// cannot freeze the page.
pub const SETTLE_MAX_STEPS: usize = 10_000;

/// Console entries kept; older ones scroll away.
const CONSOLE_LIMIT: usize = 200;

/// One command run in the console, and what it printed.
#[derive(Debug, Clone, PartialEq)]
pub struct ConsoleEntry {
    pub id: u64,
    pub command: String,
    /// Whether stdin came from the editor (`-f -`).
    pub stdin_from_editor: bool,
    pub output: Output,
}

#[derive(Debug)]
pub struct Playground {
    shell: Shell,
    pub console: Vec<ConsoleEntry>,
    next_id: u64,
}

impl Default for Playground {
    fn default() -> Self {
        Playground {
            shell: Shell::new(Cluster::new(ClusterConfig::default())),
            console: Vec::new(),
            next_id: 0,
        }
    }
}

impl Playground {
    pub fn cluster(&self) -> &Cluster {
        &self.shell.cluster
    }

    /// Runs one kubectl command line, records it in the console and returns its output.
    pub fn run(&mut self, command: &str, stdin: Option<&str>) -> Output {
        let output = self.shell.exec(command, stdin.unwrap_or(""));
        self.next_id += 1;
        self.console.push(ConsoleEntry {
            id: self.next_id,
            command: command.to_string(),
            stdin_from_editor: stdin.is_some(),
            output: output.clone(),
        });
        if self.console.len() > CONSOLE_LIMIT {
            let excess = self.console.len() - CONSOLE_LIMIT;
            self.console.drain(..excess);
        }
        output
    }

    pub fn clear_console(&mut self) {
        self.console.clear();
    }

    /// A fresh cluster with the same configuration; the console is kept so the user can see
    /// what they did before.
    pub fn reset(&mut self) {
        let config = self.shell.cluster.config().clone();
        self.shell = Shell::new(Cluster::new(config));
    }

    pub fn advance(&mut self, d: Duration) {
        self.shell.cluster.advance(d);
    }

    /// Runs the next scheduled event. Returns whether there was one.
    pub fn step(&mut self) -> bool {
        self.shell.cluster.step()
    }

    pub fn settle(&mut self) -> usize {
        self.shell.cluster.run_until_idle(SETTLE_MAX_STEPS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands;

    const WEB: &str = include_str!("../../../tests/scenarios/web.yaml");

    #[test]
    fn apply_runs_through_the_shell_and_is_logged() {
        let mut p = Playground::default();
        let out = p.run(&commands::apply(), Some(WEB));
        assert_eq!(out.exit_code, 0, "{}", out.stderr);
        assert!(out.stdout.contains("statefulset.apps/web created"));
        assert_eq!(p.console.len(), 1);
        assert!(p.console[0].stdin_from_editor);
        assert_eq!(p.cluster().store().list("Pod", None).count(), 1);
    }

    #[test]
    fn settle_then_reset() {
        let mut p = Playground::default();
        p.run(&commands::apply(), Some(WEB));
        assert!(p.settle() > 0);
        assert_eq!(p.cluster().store().list("Pod", None).count(), 3);
        p.reset();
        assert_eq!(p.cluster().store().list("Pod", None).count(), 0);
        assert_eq!(p.console.len(), 1, "reset keeps the console");
    }

    #[test]
    fn console_is_bounded() {
        let mut p = Playground::default();
        for _ in 0..CONSOLE_LIMIT + 5 {
            p.run("kubectl get pods", None);
        }
        assert_eq!(p.console.len(), CONSOLE_LIMIT);
        assert_eq!(p.console[0].id, 6);
    }
}
