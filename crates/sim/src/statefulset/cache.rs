//! The controller's pod cache (an informer's indexer): a small summary of every pod, by the
//! uid of its controlling owner, kept current on every store write. A sync reads these
//! summaries instead of walking full pod objects, so a 100,000-pod set syncs in one pass over
//! compact data.

use super::utils::{self, get_ordinal};
use crate::clock::{Duration, Time};
use ordinal_api::Pod;
use std::collections::BTreeMap;

/// What the StatefulSet controller reads from a pod.
#[derive(Debug, Clone, PartialEq, Eq)]
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

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PodCache {
    by_controller: BTreeMap<String, BTreeMap<String, PodView>>,
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
            && let Some(views) = self.by_controller.get_mut(uid)
        {
            views.remove(&pod.metadata.name);
            if views.is_empty() {
                self.by_controller.remove(uid);
            }
        }
    }

    pub(crate) fn insert(&mut self, pod: &Pod) {
        if let Some((uid, name)) = controller(pod) {
            self.by_controller
                .entry(uid.to_string())
                .or_default()
                .insert(pod.metadata.name.clone(), PodView::of(pod, name));
        }
    }

    /// Summaries of the pods controlled by `uid`, in name order.
    pub fn controlled_by(&self, uid: &str) -> impl Iterator<Item = &PodView> {
        self.by_controller
            .get(uid)
            .into_iter()
            .flat_map(|m| m.values())
    }
}
