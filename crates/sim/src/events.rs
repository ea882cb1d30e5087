//! The events log: v1 Events as `kubectl get events` / `describe` list them (R-7.8, §3.11).
//! Identical events on the same object aggregate into one record with a count.

use crate::clock::Time;
use crate::store::ObjectKey;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// `Normal` or `Warning`.
    pub type_: &'static str,
    pub reason: String,
    pub message: String,
    /// `statefulset-controller`, `kubelet`, `default-scheduler`, …
    pub source: &'static str,
    pub involved: ObjectKey,
    /// The involved object's uid when the event was recorded, so `describe` lists a pod's own
    /// events and not those of an earlier pod with the same name.
    pub involved_uid: Option<String>,
    pub first_timestamp: Time,
    pub last_timestamp: Time,
    pub count: u32,
}

/// How many of the latest events a new one may aggregate into: older events never change, so
/// a checkpoint keeps only the log's length and this many last events.
pub(crate) const AGGREGATION_WINDOW: usize = 16;

#[derive(Debug, Clone, Default)]
pub struct EventLog {
    events: Vec<Event>,
}

impl EventLog {
    pub(crate) fn record(
        &mut self,
        now: Time,
        // The object's key, and its uid when it is in the store.
        (involved, involved_uid): (&ObjectKey, Option<String>),
        type_: &'static str,
        reason: &str,
        message: String,
        source: &'static str,
    ) {
        // Aggregate with the latest identical event, as the event recorder's correlator does.
        if let Some(last) = self
            .events
            .iter_mut()
            .rev()
            .take(AGGREGATION_WINDOW)
            .find(|e| {
                e.involved == *involved
                    && e.involved_uid == involved_uid
                    && e.reason == reason
                    && e.message == message
            })
        {
            last.count += 1;
            last.last_timestamp = now;
            return;
        }
        self.events.push(Event {
            type_,
            reason: reason.to_string(),
            message,
            source,
            involved: involved.clone(),
            involved_uid,
            first_timestamp: now,
            last_timestamp: now,
            count: 1,
        });
    }

    pub(crate) fn len(&self) -> usize {
        self.events.len()
    }

    /// The last events, which later events may still aggregate into.
    pub(crate) fn mutable_tail(&self) -> Vec<Event> {
        let from = self.events.len().saturating_sub(AGGREGATION_WINDOW);
        self.events[from..].to_vec()
    }

    /// Goes back to when the log had `len` events ending with `tail` (from `mutable_tail`
    /// then). The log must have grown from that one; if it is shorter it is left alone.
    pub(crate) fn rewind(&mut self, len: usize, tail: &[Event]) {
        if self.events.len() < len || tail.len() > len {
            return;
        }
        self.events.truncate(len - tail.len());
        self.events.extend_from_slice(tail);
    }

    /// Every event, in the order first recorded.
    pub fn all(&self) -> &[Event] {
        &self.events
    }

    /// Events about one object, in the order first recorded. With `uid`, only that
    /// incarnation's (and events recorded without a uid).
    pub fn about<'a>(
        &'a self,
        key: &'a ObjectKey,
        uid: Option<&'a str>,
    ) -> impl Iterator<Item = &'a Event> + 'a {
        self.events.iter().filter(move |e| {
            e.involved == *key
                && (uid.is_none() || e.involved_uid.is_none() || e.involved_uid.as_deref() == uid)
        })
    }
}
