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
    /// Empty for rows printed by a background watch (`kubectl get pods -w &`).
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
        self.record(command.to_string(), stdin.is_some(), output.clone());
        output
    }

    fn record(&mut self, command: String, stdin_from_editor: bool, output: Output) {
        self.next_id += 1;
        self.console.push(ConsoleEntry {
            id: self.next_id,
            command,
            stdin_from_editor,
            output,
        });
        if self.console.len() > CONSOLE_LIMIT {
            let excess = self.console.len() - CONSOLE_LIMIT;
            self.console.drain(..excess);
        }
    }

    /// Appends what background watches printed since the last call, as kubectl would stream it.
    fn drain_background(&mut self) {
        let rows = self.shell.drain_background();
        if !rows.is_empty() {
            self.record(String::new(), false, Output::ok(rows));
        }
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
        self.drain_background();
    }

    /// Runs the next scheduled event. Returns whether there was one.
    pub fn step(&mut self) -> bool {
        let stepped = self.shell.cluster.step();
        self.drain_background();
        stepped
    }

    pub fn settle(&mut self) -> usize {
        let steps = self.shell.cluster.run_until_idle(SETTLE_MAX_STEPS);
        self.drain_background();
        steps
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

    fn pod_images(p: &Playground) -> Vec<(String, String)> {
        p.cluster()
            .store()
            .list("Pod", Some("default"))
            .filter_map(|o| match o {
                ordinal_api::Object::Pod(pod) => Some((
                    pod.metadata.name.clone(),
                    pod.spec.containers[0].image.clone().unwrap_or_default(),
                )),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn every_button_command_is_accepted_by_kubectl() {
        let mut p = Playground::default();
        p.run(&commands::apply(), Some(WEB));
        p.settle();
        let ok = |p: &mut Playground, line: &str| {
            let out = p.run(line, None);
            assert_eq!(out.exit_code, 0, "{line}: {}", out.stderr);
            p.settle();
        };
        ok(&mut p, &commands::scale("web", 4));
        assert_eq!(pod_images(&p).len(), 4);
        ok(
            &mut p,
            &commands::set_image("web", "nginx", "registry.k8s.io/nginx-slim:0.9"),
        );
        assert!(pod_images(&p).iter().all(|(_, i)| i.ends_with(":0.9")));
        ok(&mut p, &commands::rollback("web"));
        assert!(pod_images(&p).iter().all(|(_, i)| i.ends_with(":0.8")));
        ok(&mut p, &commands::delete_pod("web-1"));
        assert_eq!(pod_images(&p).len(), 4, "the controller recreates web-1");
    }

    #[test]
    fn background_watch_streams_into_the_console() {
        let mut p = Playground::default();
        let out = p.run("kubectl get pods -w &", None);
        assert_eq!(out.exit_code, 0, "{}", out.stderr);
        p.run(&commands::apply(), Some(WEB));
        p.advance(Duration::from_secs(60));
        let streamed = p.console.last().expect("watch rows");
        assert!(streamed.command.is_empty());
        assert!(streamed.output.stdout.contains("web-0"), "{streamed:?}");
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
