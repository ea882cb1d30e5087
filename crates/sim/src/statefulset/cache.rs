//! The controller's pod cache (an informer's indexer): a small summary of every pod, by the
//! uid of its controlling owner, kept current on every store write. A sync reads these
//! summaries instead of walking full pod objects, so a 100,000-pod set syncs in one pass over
//! compact data.

use super::utils::{self, get_ordinal};
use crate::clock::{Duration, Time};
use ordinal_api::Pod;
use std::collections::{BTreeMap, BTreeSet};

/// What the StatefulSet controller reads from a pod.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PodView {
    pub name: String,
    /// The ordinal parsed against the controller's name.
    pub ordinal: Option<u32>,
    pub created: bool,
    pub failed_or_succeeded: bool,
    pub pending: bool,
    pub terminating: bool,
    pub running_and_ready: bool,
    pub ready_since: Option<Time>,
    pub revision: String,
    /// kubectl's STATUS-like word, for "why" messages.
    pub state: String,
}

impl PodView {
    pub fn of(pod: &Pod, controller_name: &str) -> Self {
        let running_and_ready = utils::is_running_and_ready(pod);
        PodView {
            name: pod.metadata.name.clone(),
            ordinal: get_ordinal(controller_name, &pod.metadata.name),
            created: utils::is_created(pod),
            failed_or_succeeded: utils::is_failed_or_succeeded(pod),
            pending: pod.status.phase.as_deref() == Some("Pending"),
            terminating: utils::is_terminating(pod),
            running_and_ready,
            ready_since: if running_and_ready {
                utils::ready_since(pod)
            } else {
                None
            },
            revision: utils::pod_revision(pod).to_string(),
            state: utils::pod_state(pod),
        }
    }

    /// Running and Ready for at least `min_ready`.
    pub fn is_available(&self, min_ready: Duration, now: Time) -> bool {
        self.running_and_ready
            && (min_ready.as_millis() == 0
                || self.ready_since.is_some_and(|s| s + min_ready <= now))
    }

    /// Available and not terminating.
    pub fn is_healthy(&self, min_ready: Duration, now: Time) -> bool {
        !self.terminating && self.is_available(min_ready, now)
    }
}

/// The pods of one controller, with the indexes a sync reads instead of walking every pod:
/// which ordinals are present (as runs), which pods are not Ready, Pending or Failed, which
/// carry each revision, and the counters status needs. Kept current on every pod write, so a
/// sync costs what changed, not the size of the set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SetPods {
    by_name: BTreeMap<String, PodView>,
    /// Counters over every pod (status): created, Running-and-Ready, and created,
    /// non-terminating pods per revision.
    pub(crate) created: i32,
    pub(crate) ready: i32,
    pub(crate) live_by_revision: BTreeMap<String, i32>,
    /// Two pods claim one ordinal (only possible with hand-written ownerReferences): the
    /// ordinal indexes below are then empty and a sync walks every pod instead.
    pub(crate) conflicted: bool,
    /// Ordinal → pod name.
    slots: BTreeMap<u32, String>,
    /// The ordinals present, as runs of consecutive ordinals.
    pub(crate) present: OrdinalRuns,
    /// Terminating, or not Running and Ready (what stops an OrderedReady pass).
    pub(crate) not_ready: BTreeSet<u32>,
    pub(crate) pending: BTreeSet<u32>,
    pub(crate) failed: BTreeSet<u32>,
    pub(crate) by_revision: BTreeMap<String, BTreeSet<u32>>,
}

impl SetPods {
    /// Every pod, in name order.
    pub fn views(&self) -> impl Iterator<Item = &PodView> {
        self.by_name.values()
    }

    pub fn len(&self) -> usize {
        self.by_name.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }

    /// The pod holding `ordinal` (not meaningful while `conflicted`).
    pub fn slot(&self, ordinal: u32) -> Option<&PodView> {
        self.slots.get(&ordinal).and_then(|n| self.by_name.get(n))
    }

    fn insert(&mut self, view: PodView) {
        if let Some(old) = self.by_name.get_mut(&view.name) {
            if *old == view {
                // A write that changes nothing the controller reads (most status writes).
                return;
            }
            if !self.conflicted && old.ordinal == view.ordinal {
                // The same pod in a new state: swap the summary in place and move its
                // ordinal between the indexes that changed (no key copies, no rebalancing).
                let old = std::mem::take(old);
                self.count(&old, -1);
                self.count(&view, 1);
                if let Some(ordinal) = view.ordinal {
                    self.reindex(ordinal, &old, &view);
                }
                if let Some(slot) = self.by_name.get_mut(&view.name) {
                    *slot = view;
                }
                return;
            }
            let name = view.name.clone();
            self.remove(&name);
        }
        self.count(&view, 1);
        if !self.conflicted
            && let Some(ordinal) = view.ordinal
        {
            if self.slots.contains_key(&ordinal) {
                self.conflicted = true;
                self.clear_indexes();
            } else {
                self.index(ordinal, &view);
            }
        }
        self.by_name.insert(view.name.clone(), view);
    }

    fn remove(&mut self, name: &str) {
        let Some(view) = self.by_name.remove(name) else {
            return;
        };
        self.count(&view, -1);
        if self.conflicted {
            self.rebuild_indexes();
        } else if let Some(ordinal) = view.ordinal {
            self.unindex(ordinal, &view);
        }
    }

    fn count(&mut self, view: &PodView, delta: i32) {
        if !view.created {
            return;
        }
        self.created += delta;
        if view.running_and_ready {
            self.ready += delta;
        }
        if !view.terminating {
            // Look up before inserting: the revision is nearly always counted already.
            let n = match self.live_by_revision.get_mut(&view.revision) {
                Some(n) => n,
                None => self
                    .live_by_revision
                    .entry(view.revision.clone())
                    .or_default(),
            };
            *n += delta;
            if *n == 0 {
                self.live_by_revision.remove(&view.revision);
            }
        }
    }

    fn index(&mut self, ordinal: u32, view: &PodView) {
        self.slots.insert(ordinal, view.name.clone());
        self.present.insert(ordinal);
        if view.terminating || !view.running_and_ready {
            self.not_ready.insert(ordinal);
        }
        if view.pending {
            self.pending.insert(ordinal);
        }
        if view.failed_or_succeeded {
            self.failed.insert(ordinal);
        }
        self.by_revision
            .entry(view.revision.clone())
            .or_default()
            .insert(ordinal);
    }

    /// Moves `ordinal` between the state indexes where `old` and `new` differ.
    fn reindex(&mut self, ordinal: u32, old: &PodView, new: &PodView) {
        let not_ready = |v: &PodView| v.terminating || !v.running_and_ready;
        let flags = [
            (not_ready(old), not_ready(new), &mut self.not_ready),
            (old.pending, new.pending, &mut self.pending),
            (
                old.failed_or_succeeded,
                new.failed_or_succeeded,
                &mut self.failed,
            ),
        ];
        for (was, is, set) in flags {
            if was && !is {
                set.remove(&ordinal);
            } else if is && !was {
                set.insert(ordinal);
            }
        }
        if old.revision != new.revision {
            if let Some(set) = self.by_revision.get_mut(&old.revision) {
                set.remove(&ordinal);
                if set.is_empty() {
                    self.by_revision.remove(&old.revision);
                }
            }
            self.by_revision
                .entry(new.revision.clone())
                .or_default()
                .insert(ordinal);
        }
    }

    fn unindex(&mut self, ordinal: u32, view: &PodView) {
        self.slots.remove(&ordinal);
        self.present.remove(ordinal);
        self.not_ready.remove(&ordinal);
        self.pending.remove(&ordinal);
        self.failed.remove(&ordinal);
        if let Some(set) = self.by_revision.get_mut(&view.revision) {
            set.remove(&ordinal);
            if set.is_empty() {
                self.by_revision.remove(&view.revision);
            }
        }
    }

    fn clear_indexes(&mut self) {
        self.slots.clear();
        self.present = OrdinalRuns::default();
        self.not_ready.clear();
        self.pending.clear();
        self.failed.clear();
        self.by_revision.clear();
    }

    /// Rebuilds the ordinal indexes from the pods (after a conflict, which is rare).
    fn rebuild_indexes(&mut self) {
        self.clear_indexes();
        self.conflicted = false;
        let views: Vec<PodView> = self.by_name.values().cloned().collect();
        for view in &views {
            let Some(ordinal) = view.ordinal else {
                continue;
            };
            if self.slots.contains_key(&ordinal) {
                self.conflicted = true;
                self.clear_indexes();
                return;
            }
            self.index(ordinal, view);
        }
    }
}

/// A set of ordinals stored as runs `[start, end)` of consecutive ordinals: the first
/// missing ordinal and the gaps in a range cost the number of runs, not of ordinals.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrdinalRuns {
    runs: BTreeMap<u64, u64>,
}

impl OrdinalRuns {
    /// The run holding `at`, if any.
    fn run_at(&self, at: u64) -> Option<(u64, u64)> {
        self.runs
            .range(..=at)
            .next_back()
            .filter(|(_, end)| **end > at)
            .map(|(s, e)| (*s, *e))
    }

    pub fn insert(&mut self, ordinal: u32) {
        let at = u64::from(ordinal);
        if self.run_at(at).is_some() {
            return;
        }
        let mut start = at;
        let mut end = at + 1;
        if let Some((s, e)) = self.runs.range(..at).next_back().map(|(s, e)| (*s, *e))
            && e == at
        {
            self.runs.remove(&s);
            start = s;
        }
        if let Some(e) = self.runs.remove(&end) {
            end = e;
        }
        self.runs.insert(start, end);
    }

    pub fn remove(&mut self, ordinal: u32) {
        let at = u64::from(ordinal);
        let Some((start, end)) = self.run_at(at) else {
            return;
        };
        self.runs.remove(&start);
        if start < at {
            self.runs.insert(start, at);
        }
        if at + 1 < end {
            self.runs.insert(at + 1, end);
        }
    }

    /// The first ordinal at or after `from` that is not present.
    pub fn first_missing(&self, from: u64) -> u64 {
        self.run_at(from).map_or(from, |(_, end)| end)
    }

    /// The runs of missing ordinals in `[lo, hi)`, in order.
    pub fn gaps(&self, lo: u64, hi: u64) -> Vec<(u64, u64)> {
        let mut gaps = Vec::new();
        let mut at = self.first_missing(lo);
        while at < hi {
            let next = self.runs.range(at..hi).next().map_or(hi, |(s, _)| *s);
            gaps.push((at, next));
            at = self.first_missing(next);
        }
        gaps
    }

    /// How many ordinals in `[lo, hi)` are present.
    pub fn count_in(&self, lo: u64, hi: u64) -> u64 {
        let missing: u64 = self.gaps(lo, hi).iter().map(|(a, b)| b - a).sum();
        hi.saturating_sub(lo).saturating_sub(missing)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PodCache {
    by_controller: BTreeMap<String, SetPods>,
}

fn controller(pod: &Pod) -> Option<(&str, &str)> {
    pod.metadata
        .owner_references
        .iter()
        .find(|o| o.controller == Some(true) && o.kind == "StatefulSet")
        .map(|o| (o.uid.as_str(), o.name.as_str()))
}

impl PodCache {
    pub(crate) fn remove(&mut self, pod: &Pod) {
        if let Some((uid, _)) = controller(pod)
            && let Some(pods) = self.by_controller.get_mut(uid)
        {
            pods.remove(&pod.metadata.name);
            if pods.is_empty() {
                self.by_controller.remove(uid);
            }
        }
    }

    pub(crate) fn insert(&mut self, pod: &Pod) {
        if let Some((uid, name)) = controller(pod) {
            let view = PodView::of(pod, name);
            match self.by_controller.get_mut(uid) {
                Some(pods) => pods.insert(view),
                None => self
                    .by_controller
                    .entry(uid.to_string())
                    .or_default()
                    .insert(view),
            }
        }
    }

    /// A stored pod was replaced by `new` (`old` is the version it replaces, if any). The
    /// same pod under the same controller is updated in place.
    pub(crate) fn replace(&mut self, old: Option<&Pod>, new: &Pod) {
        if let Some(old) = old
            && (controller(old) != controller(new) || old.metadata.name != new.metadata.name)
        {
            self.remove(old);
        }
        self.insert(new);
    }

    /// Summaries of the pods controlled by `uid`, in name order.
    pub fn controlled_by(&self, uid: &str) -> impl Iterator<Item = &PodView> {
        self.by_controller
            .get(uid)
            .into_iter()
            .flat_map(|m| m.views())
    }

    /// The pods controlled by `uid` with their indexes.
    pub fn set(&self, uid: &str) -> Option<&SetPods> {
        self.by_controller.get(uid)
    }
}

#[cfg(test)]
mod tests {
    use super::{OrdinalRuns, PodView, SetPods};

    fn view(ordinal: u32, ready: bool, revision: &str) -> PodView {
        PodView {
            name: format!("web-{ordinal}"),
            ordinal: Some(ordinal),
            created: true,
            pending: !ready,
            running_and_ready: ready,
            revision: revision.into(),
            state: if ready { "Running" } else { "Pending" }.into(),
            ..PodView::default()
        }
    }

    #[test]
    fn updating_a_pod_in_place_matches_building_afresh() {
        let mut updated = SetPods::default();
        for o in 0..4 {
            updated.insert(view(o, false, "r1"));
        }
        updated.insert(view(1, true, "r1"));
        updated.insert(view(2, true, "r2"));
        updated.insert(view(2, true, "r2"));
        updated.insert(view(3, false, "r2"));
        let mut fresh = SetPods::default();
        for v in [
            view(0, false, "r1"),
            view(1, true, "r1"),
            view(2, true, "r2"),
            view(3, false, "r2"),
        ] {
            fresh.insert(v);
        }
        assert_eq!(updated, fresh);
        assert_eq!((updated.created, updated.ready), (4, 2));
        assert_eq!(
            updated.not_ready.iter().copied().collect::<Vec<_>>(),
            [0, 3]
        );
        assert_eq!(updated.live_by_revision.get("r2"), Some(&2));
    }

    #[test]
    fn runs_track_gaps() {
        let mut runs = OrdinalRuns::default();
        for o in [0, 1, 2, 4, 5, 9] {
            runs.insert(o);
        }
        assert_eq!(runs.first_missing(0), 3);
        assert_eq!(runs.first_missing(3), 3);
        assert_eq!(runs.gaps(0, 10), vec![(3, 4), (6, 9)]);
        assert_eq!(runs.count_in(1, 6), 4);
        runs.insert(3);
        assert_eq!(runs.first_missing(0), 6);
        runs.remove(1);
        assert_eq!(runs.gaps(0, 7), vec![(1, 2), (6, 7)]);
        assert_eq!(runs.count_in(0, 10), 6);
        runs.remove(9);
        runs.remove(9);
        assert_eq!(runs.gaps(5, 12), vec![(6, 12)]);
        runs.insert(u32::MAX);
        assert_eq!(runs.first_missing(u64::from(u32::MAX)), 1 << 32);
    }
}
