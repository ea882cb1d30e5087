//! What a container's process does, read from its command and image (SPEC §0 "Containers"):
//! servers idle and exit on SIGTERM; shells run their script, ignore SIGTERM as PID 1 and
//! exit when the script ends. This is a small reading of common command lines, not a shell.

use crate::images::{DefaultProcess, ImageCatalogue};
use ordinal_api::Container;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Process {
    /// `None`: runs until stopped; `Some((after_ms, code))`: exits on its own.
    pub exits: Option<(u64, i32)>,
    /// A shell as PID 1 has no SIGTERM handler, so only SIGKILL at the deadline stops it.
    pub ignores_sigterm: bool,
}

impl Process {
    /// Whether the process is up long enough to count as running (not an instant exit).
    pub fn runs_a_while(&self) -> bool {
        self.exits.is_none_or(|(after, _)| after > 0)
    }
}

const LONG_RUNNING: &[&str] = &[
    "sleep infinity",
    "while true",
    "while :",
    "tail -f",
    "nginx",
    "zkServer",
    "zookeeper",
    "mysqld",
    "redis-server",
    "http.server",
    "httpd",
];

const SHELLS: &[&str] = &["sh", "/bin/sh", "bash", "/bin/bash", "sleep", "/bin/sleep"];

pub fn classify(container: &Container, images: &ImageCatalogue) -> Process {
    let image = container.image.as_deref().unwrap_or("");
    let words: Vec<&str> = container
        .command
        .iter()
        .chain(&container.args)
        .flat_map(|s| s.split_whitespace())
        .collect();
    let text = words.join(" ");
    if container.command.is_empty() && container.args.is_empty() {
        return match images.default_process(image) {
            DefaultProcess::Server => Process {
                exits: None,
                ignores_sigterm: false,
            },
            // `sh` or `python` with no terminal reads EOF and exits 0 at once.
            DefaultProcess::Shell => Process {
                exits: Some((0, 0)),
                ignores_sigterm: true,
            },
        };
    }
    let ignores_sigterm = container
        .command
        .first()
        .or(container.args.first())
        .is_some_and(|first| SHELLS.contains(&first.as_str()))
        || (container.command.is_empty() && images.default_process(image) == DefaultProcess::Shell);
    if LONG_RUNNING.iter().any(|p| text.contains(p)) {
        return Process {
            exits: None,
            ignores_sigterm,
        };
    }
    // Sum the `sleep N` steps; the last `exit N` gives the code.
    let mut after_ms: u64 = 0;
    let mut code = 0;
    let mut saw_end = false;
    for pair in words.windows(2) {
        let n = pair[1].trim_end_matches(';');
        match pair[0].trim_start_matches(';') {
            "sleep" => {
                if let Ok(secs) = n.parse::<u64>() {
                    after_ms = after_ms.saturating_add(secs.saturating_mul(1000));
                    saw_end = true;
                }
            }
            "exit" => {
                if let Ok(c) = n.parse::<i32>() {
                    code = c;
                    saw_end = true;
                }
            }
            _ => {}
        }
    }
    let is_script = ignores_sigterm || saw_end;
    Process {
        exits: is_script.then_some((after_ms, code)),
        ignores_sigterm,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn container(image: &str, command: &[&str]) -> Container {
        Container {
            name: "c".into(),
            image: Some(image.into()),
            command: command.iter().map(|s| s.to_string()).collect(),
            ..Container::default()
        }
    }

    #[test]
    fn servers_run_and_shells_exit() {
        let images = ImageCatalogue::default();
        let nginx = classify(&container("nginx:1.25", &[]), &images);
        assert_eq!(nginx.exits, None);
        assert!(!nginx.ignores_sigterm);
        let bare_busybox = classify(&container("busybox", &[]), &images);
        assert_eq!(bare_busybox.exits, Some((0, 0)));
        let sleeper = classify(&container("busybox", &["sleep", "3600"]), &images);
        assert_eq!(sleeper.exits, Some((3_600_000, 0)));
        assert!(sleeper.ignores_sigterm);
        let crash = classify(&container("busybox", &["sh", "-c", "exit 1"]), &images);
        assert_eq!(crash.exits, Some((0, 1)));
        let forever = classify(
            &container("busybox", &["sh", "-c", "sleep infinity"]),
            &images,
        );
        assert_eq!(forever.exits, None);
    }
}
