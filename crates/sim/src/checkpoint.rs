//! Checkpoints for rewinding: `snapshot()` copies the cluster except its append-only watch
//! log (it remembers its length instead), `restore()` swaps the copy back in and
//! truncates the log; `rewind(to)` restores the last checkpoint at or before `to` and replays
//! timers up to `to`. With `record_checkpoints`, a checkpoint is taken after every user command
//! and periodically, so a replay never has to redo a user command.

use crate::clock::{Duration, Time};
use crate::cluster::Cluster;

#[derive(Debug, Clone)]
pub struct Checkpoint {
    at: Time,
    log_len: usize,
    /// The cluster with an empty watch log and no checkpoints of its own. Its events log is
    /// copied (pointers to shared events): aggregation may change any live event.
    state: Box<Cluster>,
}

impl Checkpoint {
    pub fn time(&self) -> Time {
        self.at
    }
}

/// The checkpoints a cluster keeps for `rewind`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Timeline {
    pub(crate) every: Option<Duration>,
    pub(crate) checkpoints: Vec<Checkpoint>,
}

impl Cluster {
    /// A copy of the whole state to come back to with [`Cluster::restore`]. Costs one copy of
    /// the objects, not of the watch log.
    pub fn snapshot(&mut self) -> Checkpoint {
        let log = self.store.take_watch_log();
        let timeline = std::mem::take(&mut self.timeline);
        let state = Box::new(self.clone());
        self.timeline = timeline;
        let log_len = log.len();
        self.store.set_watch_log(log);
        Checkpoint {
            at: self.now(),
            log_len,
            state,
        }
    }

    /// Returns to a checkpoint taken from this cluster earlier (the watch log is cut back to
    /// what it was then). Checkpoints taken after it are dropped.
    pub fn restore(&mut self, checkpoint: &Checkpoint) {
        let mut log = self.store.take_watch_log();
        log.truncate(checkpoint.log_len);
        let mut timeline = std::mem::take(&mut self.timeline);
        timeline
            .checkpoints
            .retain(|c| c.at <= checkpoint.at && c.log_len <= checkpoint.log_len);
        *self = (*checkpoint.state).clone();
        self.timeline = timeline;
        self.store.set_watch_log(log);
    }

    /// Keeps checkpoints after every user command and every `every` of virtual time, so
    /// [`Cluster::rewind`] can go back. Off by default (benchmarks, tests).
    pub fn record_checkpoints(&mut self, every: Duration) {
        self.timeline.every = Some(every);
        if self.timeline.checkpoints.is_empty() {
            self.checkpoint_now();
        }
    }

    pub(crate) fn checkpoint_now(&mut self) {
        if self.timeline.every.is_none() {
            return;
        }
        let checkpoint = self.snapshot();
        self.timeline.checkpoints.push(checkpoint);
    }

    /// Takes the periodic checkpoint if one is due.
    pub(crate) fn maybe_checkpoint(&mut self) {
        let Some(every) = self.timeline.every else {
            return;
        };
        let last = self.timeline.checkpoints.last().map_or(Time(0), |c| c.at);
        if self.now().since(last) >= every {
            self.checkpoint_now();
        }
    }

    /// Goes back to virtual time `to` (not later than now): the state after everything that
    /// happened at or before `to`. Restores the last checkpoint at or before it and replays the
    /// timers up to `to`. Errors when no checkpoint is that old.
    pub fn rewind(&mut self, to: Time) -> Result<(), String> {
        if to > self.now() {
            return Err(format!("cannot rewind forward to {to}"));
        }
        let Some(checkpoint) = self
            .timeline
            .checkpoints
            .iter()
            .rev()
            .find(|c| c.at <= to)
            .cloned()
        else {
            return Err(format!("no checkpoint at or before {to}"));
        };
        self.restore(&checkpoint);
        let every = self.timeline.every.take();
        self.advance(to.since(self.now()));
        self.timeline.every = every;
        Ok(())
    }
}
