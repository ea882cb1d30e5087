//! The decision (`stateful_set_control.go`): given the set, its pods and revisions, what to do
//! next and why not more. Pure: no store, no clock, no RNG — the caller applies the actions.

use super::cache::PodView;
use super::utils::{is_parallel, pod_name, replicas, start_ordinal};
use crate::clock::{Duration, Time};
use ordinal_api::StatefulSet;

/// Which revision's template a new pod gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Revision {
    Current,
    Update,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Create the claims (if missing) and then the pod for this ordinal (R-3.6a).
    CreatePod { ordinal: u32, revision: Revision },
    /// A Pending pod's claims must exist (R-3.4 step 3).
    EnsureClaims { ordinal: u32 },
    /// Delete a failed/succeeded pod so it is re-created (R-3.4 step 1).
    DeleteFailedPod { name: String },
    /// Scale-down: point the claims at the pod per whenScaled, then delete it.
    CondemnPod { name: String, ordinal: u32 },
    /// Rolling update: delete a pod at an old revision.
    DeleteForUpdate { name: String },
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Decision {
    pub actions: Vec<Action>,
    /// Why the controller stopped short (rule, message).
    pub waits: Vec<(&'static str, String)>,
    /// Look again after this long even if nothing changes (minReadySeconds).
    pub requeue_after: Option<Duration>,
}

/// Everything the decision reads.
pub struct Input<'a> {
    pub set: &'a StatefulSet,
    /// Pods owned by the set (any order).
    pub pods: Vec<&'a PodView>,
    pub current_revision: &'a str,
    pub update_revision: &'a str,
    pub now: Time,
}

struct Classified<'a> {
    /// Slot `i` holds the pod with ordinal `start + i`.
    replicas: Vec<Option<&'a PodView>>,
    /// Out-of-range pods, highest ordinal first.
    condemned: Vec<(u32, &'a PodView)>,
}

fn classify<'a>(input: &Input<'a>) -> Classified<'a> {
    let set = input.set;
    let start = start_ordinal(set);
    let count = replicas(set) as usize;
    let mut slots = vec![None; count];
    let mut condemned = Vec::new();
    for pod in &input.pods {
        let Some(ordinal) = pod.ordinal else {
            continue;
        };
        match ordinal.checked_sub(start).map(|i| i as usize) {
            Some(i) if i < count => slots[i] = Some(*pod),
            _ => condemned.push((ordinal, *pod)),
        }
    }
    condemned.sort_by_key(|c| std::cmp::Reverse(c.0));
    Classified {
        replicas: slots,
        condemned,
    }
}

fn min_ready(set: &StatefulSet) -> Duration {
    Duration::from_secs(u64::try_from(set.spec.min_ready_seconds.unwrap_or(0)).unwrap_or(0))
}

/// `maxUnavailable` as a pod count: an int, or a percent of replicas rounded down, ≥ 1.
pub fn max_unavailable(set: &StatefulSet) -> u32 {
    let value = set
        .spec
        .update_strategy
        .as_ref()
        .and_then(|s| s.rolling_update.as_ref())
        .and_then(|r| r.max_unavailable.as_ref());
    let n = match value {
        Some(serde_json::Value::Number(n)) => n.as_u64().unwrap_or(1) as u32,
        Some(serde_json::Value::String(s)) => match s.strip_suffix('%') {
            Some(p) => p.parse::<u32>().map_or(1, |p| replicas(set) * p / 100),
            None => s.parse().unwrap_or(1),
        },
        _ => 1,
    };
    n.max(1)
}

/// Why an outdated pod stays under OnDelete.
pub(crate) fn on_delete_wait(pod: &str) -> (&'static str, String) {
    (
        "R-3.10",
        format!("OnDelete: {pod} runs an old revision and is updated only when it is deleted"),
    )
}

/// Why pods below the partition keep their revision.
pub(crate) fn partition_wait(set: &str, start: u32, partition: u32) -> (&'static str, String) {
    (
        "R-3.13",
        format!(
            "partition {partition}: pods below {} keep their revision until the partition is lowered",
            pod_name(set, start.saturating_add(partition))
        ),
    )
}

pub fn decide(input: &Input<'_>) -> Decision {
    let set = input.set;
    let name = &set.metadata.name;
    let mut d = Decision::default();
    // a set being deleted only gets its status computed.
    if set.metadata.deletion_timestamp.is_some() {
        d.waits
            .push(("R-3.6", "the StatefulSet is being deleted".into()));
        return d;
    }
    let monotonic = !is_parallel(set);
    let min_ready = min_ready(set);
    let now = input.now;
    let start = start_ordinal(set);
    let c = classify(input);
    let healthy = |pod: &PodView| pod.is_healthy(min_ready, now);
    let first_unhealthy: Option<String> = c
        .replicas
        .iter()
        .flatten()
        .find(|p| !healthy(p))
        .or_else(|| {
            c.condemned
                .iter()
                .rev()
                .map(|(_, p)| p)
                .find(|p| !healthy(p))
        })
        .map(|p| p.name.clone());

    // minReadySeconds: wake up when the next ready pod becomes available.
    if min_ready.as_millis() > 0 {
        d.requeue_after = input
            .pods
            .iter()
            .filter(|p| p.running_and_ready && !p.is_available(min_ready, now))
            .filter_map(|p| p.ready_since)
            .map(|since| (since + min_ready).since(now))
            .min();
    }

    let strategy = set.spec.update_strategy.as_ref();
    let rolling = strategy.and_then(|s| s.rolling_update.as_ref());
    let is_rolling = strategy.and_then(|s| s.type_.as_deref()) != Some("OnDelete");
    let partition = rolling
        .and_then(|r| r.partition)
        .map_or(0, |p| u32::try_from(p).unwrap_or(0));
    let current_replicas = u32::try_from(set.status.current_replicas.unwrap_or(0)).unwrap_or(0);

    // Replica pass (R-3.4 … R-3.6b).
    for (i, slot) in c.replicas.iter().enumerate() {
        let i = i as u32;
        let ordinal = start + i;
        let this = pod_name(name, ordinal);
        let Some(pod) = slot else {
            let revision = if (is_rolling && rolling.is_none() && i < current_replicas)
                || (rolling.is_some() && i < partition)
            {
                Revision::Current
            } else {
                Revision::Update
            };
            d.actions.push(Action::CreatePod { ordinal, revision });
            if monotonic {
                return d;
            }
            continue;
        };
        if pod.failed_or_succeeded {
            if !pod.terminating {
                d.actions
                    .push(Action::DeleteFailedPod { name: this.clone() });
            }
            if monotonic {
                d.waits.push((
                    "R-3.4",
                    format!("{this} failed; it is deleted and re-created once it is gone"),
                ));
                return d;
            }
            continue;
        }
        if pod.pending {
            d.actions.push(Action::EnsureClaims { ordinal });
        }
        if !monotonic {
            continue;
        }
        let next = if i + 1 < c.replicas.len() as u32 {
            format!("{} not created: ", pod_name(name, ordinal + 1))
        } else {
            String::new()
        };
        if pod.terminating {
            d.waits.push((
                "R-3.6b",
                format!("{next}OrderedReady waits for {this} to finish terminating"),
            ));
            return d;
        }
        if !pod.running_and_ready {
            d.waits.push((
                "R-3.6b",
                format!(
                    "{next}OrderedReady waits for {this} to be Running and Ready ({})",
                    pod.state
                ),
            ));
            return d;
        }
        if !pod.is_available(min_ready, now) {
            d.waits.push((
                "R-3.5",
                format!(
                    "{next}OrderedReady waits for {this} to be Ready for minReadySeconds ({}s)",
                    min_ready.as_millis() / 1000
                ),
            ));
            return d;
        }
    }

    // Condemned pass.
    for (ordinal, pod) in &c.condemned {
        let this = &pod.name;
        if pod.terminating {
            if monotonic {
                d.waits.push((
                    "R-3.8",
                    format!("scale down waits for {this} to finish terminating"),
                ));
                return d;
            }
            continue;
        }
        if monotonic && !healthy(pod) && first_unhealthy.as_deref() != Some(this.as_str()) {
            d.waits.push((
                "R-3.8",
                format!(
                    "scale down halted: {this} is not healthy ({}) and {} is unhealthy first",
                    pod.state,
                    first_unhealthy.as_deref().unwrap_or("another pod")
                ),
            ));
            return d;
        }
        d.actions.push(Action::CondemnPod {
            name: this.clone(),
            ordinal: *ordinal,
        });
        if monotonic {
            return d;
        }
    }
    if !d.actions.is_empty() && monotonic {
        return d;
    }

    // Updates (R-3.10 … ).
    if !is_rolling {
        // OnDelete leaves outdated pods alone until someone deletes them.
        if let Some(pod) = c
            .replicas
            .iter()
            .rev()
            .flatten()
            .find(|p| p.revision.as_str() != input.update_revision && !p.terminating)
        {
            d.waits.push(on_delete_wait(&pod.name));
        }
        return d;
    }
    let outdated = |p: &PodView| p.revision.as_str() != input.update_revision && !p.terminating;
    let update_min = partition as usize;
    if c.replicas[..update_min.min(c.replicas.len())]
        .iter()
        .flatten()
        .any(|p| p.revision.as_str() != input.update_revision)
    {
        d.waits.push(partition_wait(name, start, partition));
    }
    if rolling.is_none() {
        // Classic path: highest index first, one at a time.
        for i in (update_min..c.replicas.len()).rev() {
            let Some(pod) = c.replicas[i] else { continue };
            if outdated(pod) {
                d.actions.push(Action::DeleteForUpdate {
                    name: pod.name.clone(),
                });
                return d;
            }
            if !healthy(pod) {
                d.waits.push((
                    "R-3.11",
                    format!(
                        "rolling update halted: {} is not Ready ({})",
                        pod.name, pod.state
                    ),
                ));
                return d;
            }
        }
        return d;
    }
    // maxUnavailable path: count unavailable pods across the whole range.
    let max = max_unavailable(set);
    let unavailable: Vec<&PodView> = c
        .replicas
        .iter()
        .flatten()
        .copied()
        .filter(|p| !healthy(p))
        .collect();
    let missing = c.replicas.iter().filter(|s| s.is_none()).count() as u32;
    let count = unavailable.len() as u32 + missing;
    let any_outdated = c.replicas[update_min.min(c.replicas.len())..]
        .iter()
        .flatten()
        .any(|p| p.revision.as_str() != input.update_revision);
    // Deleting a pod that is already unavailable costs no availability, so outdated unhealthy
    // pods are replaced regardless of the budget (this is how Parallel sets heal a broken
    // rollout after a revert, R-3.14).
    for i in (update_min..c.replicas.len()).rev() {
        if let Some(pod) = c.replicas[i]
            && outdated(pod)
            && !healthy(pod)
        {
            d.actions.push(Action::DeleteForUpdate {
                name: pod.name.clone(),
            });
        }
    }
    if count >= max {
        if any_outdated {
            let names: Vec<String> = unavailable
                .iter()
                .map(|p| format!("{} is not Ready ({})", p.name, p.state))
                .collect();
            d.waits.push((
                "R-3.12",
                format!(
                    "rolling update halted: {} (maxUnavailable {max})",
                    if names.is_empty() {
                        "pods are missing".to_string()
                    } else {
                        names.join(", ")
                    }
                ),
            ));
        }
        return d;
    }
    let mut budget = max - count;
    for i in (update_min..c.replicas.len()).rev() {
        if budget == 0 {
            break;
        }
        let Some(pod) = c.replicas[i] else { continue };
        if outdated(pod) && healthy(pod) {
            d.actions.push(Action::DeleteForUpdate {
                name: pod.name.clone(),
            });
            budget -= 1;
        }
    }
    d
}
