//! Event marks on the timeline scrubber: user commands and pod lifecycle changes (created,
//! became Ready, deleted), read from the watch log. Marks close together are merged into one
//! with a count, so a 1,000-pod rollout draws a bounded number of ticks.

use crate::history::TimedCommand;
use ordinal_api::Object;
use ordinal_sim::statefulset::utils::is_ready;
use ordinal_sim::{Time, WatchEvent, WatchEventType};
use std::collections::{BTreeMap, BTreeSet};

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

/// The marks for a history ending at `horizon`, at most one per kind in each of `buckets`
/// equal slices of time.
pub fn marks(
    log: &[WatchEvent],
    commands: &[TimedCommand],
    horizon: Time,
    buckets: u64,
) -> Vec<Mark> {
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
    // Pods Ready as of the previous event about them, to see the moment readiness turns on.
    // Borrowed from the log: a big rollout's log has tens of thousands of pod events.
    let mut ready: BTreeSet<(&str, &str)> = BTreeSet::new();
    for event in log {
        let Object::Pod(pod) = &*event.object else {
            continue;
        };
        let id = (
            pod.metadata.namespace.as_deref().unwrap_or_default(),
            pod.metadata.name.as_str(),
        );
        let name = &pod.metadata.name;
        match event.kind {
            WatchEventType::Added => add(event.time, MarkKind::Created, name),
            WatchEventType::Deleted => {
                ready.remove(&id);
                add(event.time, MarkKind::Deleted, name);
            }
            WatchEventType::Modified => {
                if is_ready(pod) {
                    if ready.insert(id) {
                        add(event.time, MarkKind::Ready, name);
                    }
                } else {
                    ready.remove(&id);
                }
            }
        }
    }
    let mut marks: Vec<Mark> = merged.into_values().collect();
    ordinal_api::order::sort_by_key(&mut marks, |m| (m.at, m.kind));
    marks
}
