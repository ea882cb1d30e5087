//! Identity and health helpers (`stateful_set_utils.go`): one helper per name, one per
//! predicate, so every module derives pod names, claim names and health the same way.

use crate::clock::{Duration, Time};
use ordinal_api::{Pod, StatefulSet};

pub const POD_NAME_LABEL: &str = "statefulset.kubernetes.io/pod-name";
pub const POD_INDEX_LABEL: &str = "apps.kubernetes.io/pod-index";
pub const REVISION_LABEL: &str = "controller-revision-hash";

/// The ordinal of a pod named `<set>-<ordinal>`, if it belongs to `set`.
pub fn get_ordinal(set: &str, pod: &str) -> Option<u32> {
    let digits = pod.strip_prefix(set)?.strip_prefix('-')?;
    // `web-01` is not web's pod 1: the upstream regex needs the canonical decimal form.
    if digits.len() > 1 && digits.starts_with('0') {
        return None;
    }
    digits.parse().ok()
}

pub fn pod_name(set: &str, ordinal: u32) -> String {
    format!("{set}-{ordinal}")
}

/// `<template>-<set>-<ordinal>`.
pub fn claim_name(template: &str, set: &str, ordinal: u32) -> String {
    format!("{template}-{set}-{ordinal}")
}

/// `ordinals.start`, 0 when unset.
pub fn start_ordinal(set: &StatefulSet) -> u32 {
    set.spec
        .ordinals
        .as_ref()
        .map_or(0, |o| u32::try_from(o.start).unwrap_or(0))
}

pub fn replicas(set: &StatefulSet) -> u32 {
    u32::try_from(set.spec.replicas.unwrap_or(1)).unwrap_or(0)
}

pub fn is_parallel(set: &StatefulSet) -> bool {
    set.spec.pod_management_policy.as_deref() == Some("Parallel")
}

pub fn is_created(pod: &Pod) -> bool {
    pod.status.phase.as_deref().is_some_and(|p| !p.is_empty())
}

pub fn is_terminating(pod: &Pod) -> bool {
    pod.metadata.deletion_timestamp.is_some()
}

pub fn is_failed_or_succeeded(pod: &Pod) -> bool {
    matches!(pod.status.phase.as_deref(), Some("Failed" | "Succeeded"))
}

/// Whether the Ready condition is True.
pub fn is_ready(pod: &Pod) -> bool {
    pod.status
        .conditions
        .iter()
        .any(|c| c.type_ == "Ready" && c.status == "True")
}

/// When the Ready condition last turned True, if it is True.
pub fn ready_since(pod: &Pod) -> Option<Time> {
    pod.status
        .conditions
        .iter()
        .find(|c| c.type_ == "Ready" && c.status == "True")
        .map(|c| {
            c.last_transition_time
                .as_deref()
                .and_then(Time::from_rfc3339)
                .unwrap_or_default()
        })
}

/// Phase Running and Ready condition True.
pub fn is_running_and_ready(pod: &Pod) -> bool {
    pod.status.phase.as_deref() == Some("Running") && is_ready(pod)
}

/// Running and Ready for at least `min_ready`.
pub fn is_available(pod: &Pod, min_ready: Duration, now: Time) -> bool {
    // Parsing the transition time only matters with minReadySeconds.
    is_running_and_ready(pod)
        && (min_ready.as_millis() == 0
            || ready_since(pod).is_some_and(|since| since + min_ready <= now))
}

/// Available and not terminating: what OrderedReady waits for.
pub fn is_healthy(pod: &Pod, min_ready: Duration, now: Time) -> bool {
    !is_terminating(pod) && is_available(pod, min_ready, now)
}

/// The pod's revision label.
pub fn pod_revision(pod: &Pod) -> &str {
    pod.metadata
        .labels
        .get(REVISION_LABEL)
        .map_or("", String::as_str)
}

/// A short, kubectl-like description of why a pod is not Ready (`ImagePullBackOff`, …).
pub fn pod_state(pod: &Pod) -> String {
    if is_terminating(pod) {
        return "Terminating".into();
    }
    let waiting = pod
        .status
        .init_container_statuses
        .iter()
        .chain(pod.status.container_statuses.iter())
        .rev()
        .find_map(|s| {
            s.state
                .as_ref()?
                .pointer("/waiting/reason")?
                .as_str()
                .map(str::to_string)
        });
    if let Some(reason) = waiting {
        return reason;
    }
    match pod.status.phase.as_deref() {
        Some("Running") if !is_running_and_ready(pod) => "Running but not Ready".into(),
        Some(phase) => phase.to_string(),
        None => "Pending".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_helpers_r_1_9() {
        assert_eq!(pod_name("web", 2), "web-2");
        assert_eq!(claim_name("www", "web", 0), "www-web-0");
        assert_eq!(get_ordinal("web", "web-12"), Some(12));
        assert_eq!(get_ordinal("web", "webx-1"), None);
        assert_eq!(get_ordinal("web", "web-01"), None);
        assert_eq!(get_ordinal("web", "web-x"), None);
    }
}
