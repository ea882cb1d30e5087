//! Event marks on the timeline scrubber: user commands and pod lifecycle changes (created,
//! became Ready, deleted), read from the watch log. Marks close together are merged into one
//! with a count, so a 1,000-pod rollout draws a bounded number of ticks.

use crate::history::TimedCommand;
use ordinal_api::Object;
use ordinal_sim::statefulset::utils::is_ready;
use ordinal_sim::{Time, WatchEvent, WatchEventType};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MarkKind {
    Command,
    Created,
    Ready,
    Deleted,
}

impl MarkKind {
    /// The CSS class and `data-kind` of the tick.
    pub fn as_str(self) -> &'static str {
        match self {
            MarkKind::Command => "command",
            MarkKind::Created => "created",
            MarkKind::Ready => "ready",
            MarkKind::Deleted => "deleted",
        }
    }
}

/// One tick on the scrubber.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mark {
    /// The first instant merged into this mark.
    pub at: Time,
    pub kind: MarkKind,
    /// What happened first: `web-0`, or the command line.
    pub label: String,
    /// How many changes were merged into the mark.
    pub count: usize,
}

/// The pod lifecycle changes found in a watch log so far. The log only grows while playing,
/// so each refresh reads just the new events instead of the whole history (tens of thousands
/// of events after a big rollout); a log that was replaced (rewind, fork, reset) is read again
/// from the start.
#[derive(Debug, Default, Clone)]
pub struct MarkScan {
    /// Events read.
    seen: usize,
    /// The object of the last event read, to recognise the same log next time.
    last: Option<Arc<Object>>,
    /// Pods Ready as of the last event about them (namespace, name).
    ready: BTreeSet<(String, String)>,
    /// (instant, kind, pod name) in log order.
    found: Vec<(Time, MarkKind, String)>,
}

impl MarkScan {
    /// Reads the events of `log` not read yet.
    pub fn update(&mut self, log: &[WatchEvent]) {
        let same_log = match (self.seen.checked_sub(1), &self.last) {
            (None, _) => true,
            (Some(i), Some(last)) => log.get(i).is_some_and(|e| Arc::ptr_eq(&e.object, last)),
            (Some(_), None) => false,
        };
        if !same_log {
            *self = MarkScan::default();
        }
        for event in log.iter().skip(self.seen) {
            let Object::Pod(pod) = &*event.object else {
                continue;
            };
            let name = &pod.metadata.name;
            let id = || {
                (
                    pod.metadata.namespace.clone().unwrap_or_default(),
                    name.clone(),
                )
            };
            let kind = match event.kind {
                WatchEventType::Added => Some(MarkKind::Created),
                WatchEventType::Deleted => {
                    self.ready.remove(&id());
                    Some(MarkKind::Deleted)
                }
                // The moment readiness turns on, not every update of a Ready pod.
                WatchEventType::Modified if is_ready(pod) => {
                    self.ready.insert(id()).then_some(MarkKind::Ready)
                }
                WatchEventType::Modified => {
                    self.ready.remove(&id());
                    None
                }
            };
            if let Some(kind) = kind {
                self.found.push((event.time, kind, name.clone()));
            }
        }
        self.seen = log.len();
        self.last = log.last().map(|e| Arc::clone(&e.object));
    }

    /// The marks for a history ending at `horizon`, at most one per kind in each of
    /// `buckets` equal slices of time.
    pub fn marks(&self, commands: &[TimedCommand], horizon: Time, buckets: u64) -> Vec<Mark> {
        let width = (horizon.0 / buckets.max(1)).max(1);
        let mut merged: BTreeMap<(u64, MarkKind), Mark> = BTreeMap::new();
        let mut add = |at: Time, kind: MarkKind, label: &str| {
            merged
                .entry((at.0 / width, kind))
                .and_modify(|m| m.count += 1)
                .or_insert_with(|| Mark {
                    at,
                    kind,
                    label: label.to_string(),
                    count: 1,
                });
        };
        for command in commands {
            add(command.at, MarkKind::Command, &command.line);
        }
        for (at, kind, name) in &self.found {
            add(*at, *kind, name);
        }
        let mut marks: Vec<Mark> = merged.into_values().collect();
        ordinal_api::order::sort_by_key(&mut marks, |m| (m.at, m.kind));
        marks
    }
}

/// The marks for a history ending at `horizon`, read from the whole `log` at once (what the
/// cached scan must always equal).
#[cfg(test)]
pub fn marks(
    log: &[WatchEvent],
    commands: &[TimedCommand],
    horizon: Time,
    buckets: u64,
) -> Vec<Mark> {
    let mut scan = MarkScan::default();
    scan.update(log);
    scan.marks(commands, horizon, buckets)
}
