//! The user's history: every command with the virtual instant it ran at (what a share link
//! replays), and, while the timeline shows an earlier instant, the cluster at the end of
//! history so the scrubber can move forward again. Doing something at an earlier instant forks
//! history: the later part is dropped, as in an editor's undo.

use ordinal_sim::{Cluster, Time};

/// A command the user ran, at the virtual instant it ran.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimedCommand {
    pub at: Time,
    pub line: String,
    /// The editor text when the command read it (`-f -`).
    pub stdin: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct History {
    /// In time order; commands at the same instant in the order they ran.
    commands: Vec<TimedCommand>,
    /// The cluster at the end of history while an earlier instant is shown; `None` when live.
    head: Option<Box<Cluster>>,
}

impl History {
    pub fn commands(&self) -> &[TimedCommand] {
        &self.commands
    }

    /// Records a command run at `command.at`, after every earlier one at the same instant (a
    /// look at the past, e.g. `kubectl get pods` while rewound, is kept with the future).
    pub fn record(&mut self, command: TimedCommand) {
        let index = self.commands.partition_point(|c| c.at <= command.at);
        self.commands.insert(index, command);
    }

    pub fn is_live(&self) -> bool {
        self.head.is_none()
    }

    /// The last instant of history: where the scrubber ends.
    pub fn horizon(&self, shown: &Cluster) -> Time {
        self.head.as_ref().map_or(shown.now(), |head| head.now())
    }

    /// The cluster at the end of history (the shown one when live).
    pub fn head<'a>(&'a self, shown: &'a Cluster) -> &'a Cluster {
        self.head.as_deref().unwrap_or(shown)
    }

    /// Shows the instant `to` (clamped to the history): `shown` becomes the cluster as it was
    /// then. The first seek back keeps a copy of the end of history to come back to.
    pub fn seek(&mut self, shown: &mut Cluster, to: Time) -> Result<(), String> {
        let horizon = self.horizon(shown);
        let to = to.min(horizon);
        if to == horizon {
            if let Some(head) = self.head.take() {
                *shown = *head;
            }
            return Ok(());
        }
        if to == shown.now() {
            return Ok(());
        }
        let head = self.head.get_or_insert_with(|| Box::new(shown.clone()));
        if to > shown.now() {
            // Rewinding drops the checkpoints after the instant, so going forward starts again
            // from the end of history.
            *shown = (**head).clone();
        }
        shown.rewind(to)
    }

    /// Makes the shown instant the end of history, dropping what came after it. Called when
    /// the user changes something (or plays) while looking at the past.
    pub fn fork(&mut self, shown: &Cluster) {
        if self.head.take().is_some() {
            let now = shown.now();
            self.commands.retain(|c| c.at <= now);
        }
    }

    /// A fresh cluster: nothing to replay any more.
    pub fn clear(&mut self) {
        self.commands.clear();
        self.head = None;
    }
}
