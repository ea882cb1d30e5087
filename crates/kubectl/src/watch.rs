//! Driving `kubectl get -w`: one row per watch event after the initial listing, and
//! where a watch is in the store's watch log, kept valid when the cluster is rewound.

use crate::get::WatchSpec;
use ordinal_sim::{Cluster, WatchEvent};

/// Where a watch has got to in the store's watch log. The log is append-only until the
/// cluster is rewound (restored to an earlier instant), which cuts it back and lets it grow
/// again with a different future; so the cursor remembers a mark of every event it has read,
/// and finds where the log it read last and the current one part.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cursor {
    /// Index of the first event the watch reads (the log's length when it started).
    start: usize,
    /// One mark per event read since `start`, in log order.
    marks: Vec<u64>,
}

impl Cursor {
    /// A cursor at the end of the log: the watch prints what happens from now on.
    pub fn at_end(cluster: &Cluster) -> Self {
        Cursor {
            start: cluster.store().watch_log().len(),
            marks: Vec::new(),
        }
    }

    /// The index of the next event to read in `log`. After a rewind that is where the log
    /// stops matching what was read: the undone part was printed already and is not printed
    /// again, the new future is.
    fn resume(&mut self, log: &[WatchEvent]) -> usize {
        let read = self.start + self.marks.len();
        let unchanged = read <= log.len()
            && match (
                self.marks.last(),
                read.checked_sub(1).and_then(|i| log.get(i)),
            ) {
                (Some(last), Some(event)) => *last == mark(event),
                (None, _) => true,
                (Some(_), None) => false,
            };
        if unchanged {
            return read;
        }
        if self.start > log.len() {
            // Rewound to before the watch began: it goes on from the restored instant.
            self.start = log.len();
            self.marks.clear();
            return self.start;
        }
        let same = log
            .get(self.start..)
            .unwrap_or_default()
            .iter()
            .zip(&self.marks)
            .take_while(|(event, m)| mark(event) == **m)
            .count();
        self.marks.truncate(same);
        self.start + same
    }

    fn read(&mut self, event: &WatchEvent) {
        self.marks.push(mark(event));
    }
}

/// What identifies a watch event across a rewind: a replay of the same instant writes the
/// same object at the same resourceVersion; a different future does not. FNV-1a, so it is
/// the same on every run and target.
fn mark(event: &WatchEvent) -> u64 {
    let meta = event.object.metadata();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for b in bytes.iter().chain([&0xff]) {
            hash ^= u64::from(*b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    feed(&event.time.0.to_le_bytes());
    feed(event.kind.as_str().as_bytes());
    feed(event.object.kind().as_bytes());
    feed(meta.namespace.as_deref().unwrap_or_default().as_bytes());
    feed(meta.name.as_bytes());
    feed(
        meta.resource_version
            .as_deref()
            .unwrap_or_default()
            .as_bytes(),
    );
    hash
}

/// Prints rows for the watch events logged since the spec's cursor, and advances the cursor.
/// Every event is one row, even when the visible cells do not change; a deletion repeats the
/// final state. The header is printed before the first row if the listing printed none.
pub fn drain(cluster: &Cluster, spec: &mut WatchSpec) -> String {
    let log = cluster.store().watch_log();
    let mut out = String::new();
    let from = spec.cursor.resume(log);
    for event in log.get(from..).unwrap_or_default() {
        spec.cursor.read(event);
        let object = &*event.object;
        let meta = object.metadata();
        let in_namespace = !spec.resource.namespaced
            || spec
                .filter
                .namespace
                .as_deref()
                .is_none_or(|ns| meta.namespace.as_deref() == Some(ns));
        let named = spec.names.is_empty() || spec.names.contains(&meta.name);
        if object.kind() != spec.resource.kind
            || !in_namespace
            || !named
            || !spec.filter.matches(object)
        {
            continue;
        }
        // Ages are computed at the event's time, as a live watch prints them.
        let row = spec.rows.row(object, event.time);
        if spec.widths == Default::default() {
            // The header goes out in the same flush as the first row, so they align.
            let header = spec
                .rows
                .header(spec.resource.kind, spec.resource.namespaced);
            spec.widths.fit(&header);
            spec.widths.fit(&row);
            out.push_str(&spec.widths.line(&header));
        }
        spec.widths.fit(&row);
        out.push_str(&spec.widths.line(&row));
    }
    out
}
