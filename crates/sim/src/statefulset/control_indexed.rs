//! The same decision as [`control::decide`], read from the per-set indexes of the pod cache
//! instead of a walk over every pod: an OrderedReady sync jumps to the first ordinal that is
//! missing or not Ready, a Parallel sync visits only the missing, Pending and Failed ordinals,
//! and a rolling update only the outdated and not-Ready ones. So a sync costs what it acts on
//! and the set's size does not matter.
//!
//! It covers sets without minReadySeconds (whose health changes with time alone) and without
//! two pods on one ordinal; the caller uses `control::decide` for those.

use super::cache::{PodView, SetPods};
use super::control::{Action, Decision, Revision, max_unavailable, on_delete_wait, partition_wait};
use super::utils::{is_parallel, pod_name, replicas, start_ordinal};
use ordinal_api::StatefulSet;
use std::collections::BTreeSet;

/// Healthy without minReadySeconds: Running and Ready, not terminating.
fn healthy(pod: &PodView) -> bool {
    !pod.terminating && pod.running_and_ready
}

/// `None` when this set needs the full decision (`control::decide`).
pub fn decide(set: &StatefulSet, pods: &SetPods, update_revision: &str) -> Option<Decision> {
    if pods.conflicted || set.spec.min_ready_seconds.unwrap_or(0) > 0 {
        return None;
    }
    let name = &set.metadata.name;
    let mut d = Decision::default();
    if set.metadata.deletion_timestamp.is_some() {
        d.waits
            .push(("R-3.6", "the StatefulSet is being deleted".into()));
        return Some(d);
    }
    let monotonic = !is_parallel(set);
    let start = start_ordinal(set);
    let count = replicas(set);
    let (lo, hi) = (u64::from(start), u64::from(start) + u64::from(count));
    let slot = |o: u64| u32::try_from(o).ok().and_then(|o| pods.slot(o));

    let strategy = set.spec.update_strategy.as_ref();
    let rolling = strategy.and_then(|s| s.rolling_update.as_ref());
    let is_rolling = strategy.and_then(|s| s.type_.as_deref()) != Some("OnDelete");
    let partition = rolling
        .and_then(|r| r.partition)
        .map_or(0, |p| u32::try_from(p).unwrap_or(0));
    let current_replicas = u32::try_from(set.status.current_replicas.unwrap_or(0)).unwrap_or(0);
    let create = |ordinal: u32| {
        let i = ordinal - start;
        let revision = if (is_rolling && rolling.is_none() && i < current_replicas)
            || (rolling.is_some() && i < partition)
        {
            Revision::Current
        } else {
            Revision::Update
        };
        Action::CreatePod { ordinal, revision }
    };

    // Replica pass (R-3.4 … R-3.6b).
    if monotonic {
        // Every pod before the first missing or not-Ready ordinal passes untouched.
        let missing = pods.present.first_missing(lo);
        let not_ready = pods.not_ready.range(start..).next().map(|o| u64::from(*o));
        let stop = not_ready.map_or(missing, |n| n.min(missing));
        if stop < hi {
            let ordinal = u32::try_from(stop).unwrap_or(u32::MAX);
            let this = pod_name(name, ordinal);
            let Some(pod) = slot(stop) else {
                d.actions.push(create(ordinal));
                return Some(d);
            };
            if pod.failed_or_succeeded {
                if !pod.terminating {
                    d.actions
                        .push(Action::DeleteFailedPod { name: this.clone() });
                }
                d.waits.push((
                    "R-3.4",
                    format!("{this} failed; it is deleted and re-created once it is gone"),
                ));
                return Some(d);
            }
            if pod.pending {
                d.actions.push(Action::EnsureClaims { ordinal });
            }
            let next = if stop + 1 < hi {
                format!(
                    "{} not created: ",
                    pod_name(name, ordinal.saturating_add(1))
                )
            } else {
                String::new()
            };
            if pod.terminating {
                d.waits.push((
                    "R-3.6b",
                    format!("{next}OrderedReady waits for {this} to finish terminating"),
                ));
            } else {
                d.waits.push((
                    "R-3.6b",
                    format!(
                        "{next}OrderedReady waits for {this} to be Running and Ready ({})",
                        pod.state
                    ),
                ));
            }
            return Some(d);
        }
    } else {
        // Missing ordinals are created, failed pods deleted, Pending pods get their claims,
        // all in ordinal order.
        let mut visits: Vec<u32> = Vec::new();
        for (a, b) in pods.present.gaps(lo, hi) {
            visits.extend((a..b).filter_map(|o| u32::try_from(o).ok()));
        }
        visits.extend(within(&pods.failed, lo, hi).copied());
        if !set.spec.volume_claim_templates.is_empty() {
            // Without claim templates, making sure a Pending pod's claims exist does nothing.
            visits.extend(within(&pods.pending, lo, hi).copied());
        }
        visits.sort_unstable();
        visits.dedup();
        for ordinal in visits {
            let Some(pod) = slot(u64::from(ordinal)) else {
                d.actions.push(create(ordinal));
                continue;
            };
            if pod.failed_or_succeeded {
                if !pod.terminating {
                    d.actions.push(Action::DeleteFailedPod {
                        name: pod_name(name, ordinal),
                    });
                }
                continue;
            }
            if pod.pending {
                d.actions.push(Action::EnsureClaims { ordinal });
            }
        }
    }

    // Condemned pass: ordinals out of range, highest first.
    let first_unhealthy = || -> Option<String> {
        within(&pods.not_ready, lo, hi)
            .next()
            .or_else(|| within(&pods.not_ready, 0, lo).next())
            .or_else(|| within(&pods.not_ready, hi, END).next())
            .and_then(|o| slot(u64::from(*o)))
            .map(|p| p.name.clone())
    };
    for ordinal in condemned_desc(pods, lo, hi) {
        let Some(pod) = slot(u64::from(ordinal)) else {
            continue;
        };
        let this = &pod.name;
        if pod.terminating {
            if monotonic {
                d.waits.push((
                    "R-3.8",
                    format!("scale down waits for {this} to finish terminating"),
                ));
                return Some(d);
            }
            continue;
        }
        if monotonic && !healthy(pod) {
            let first = first_unhealthy();
            if first.as_deref() != Some(this.as_str()) {
                d.waits.push((
                    "R-3.8",
                    format!(
                        "scale down halted: {this} is not healthy ({}) and {} is unhealthy first",
                        pod.state,
                        first.as_deref().unwrap_or("another pod")
                    ),
                ));
                return Some(d);
            }
        }
        d.actions.push(Action::CondemnPod {
            name: this.clone(),
            ordinal,
        });
        if monotonic {
            return Some(d);
        }
    }
    if !d.actions.is_empty() && monotonic {
        return Some(d);
    }

    // Updates (R-3.10 … ).
    if !is_rolling {
        // the highest outdated, non-terminating pod waits for someone to delete it.
        let top = pods
            .by_revision
            .iter()
            .filter(|(revision, _)| revision.as_str() != update_revision)
            .filter_map(|(_, ordinals)| {
                within(ordinals, lo, hi)
                    .rev()
                    .filter_map(|o| slot(u64::from(*o)))
                    .find(|p| !p.terminating)
                    .and_then(|p| p.ordinal.map(|o| (o, p)))
            })
            .max_by_key(|(o, _)| *o);
        if let Some((_, pod)) = top {
            d.waits.push(on_delete_wait(&pod.name));
        }
        return Some(d);
    }
    let update_lo = lo + u64::from(partition);
    let held_back = pods
        .by_revision
        .iter()
        .filter(|(revision, _)| revision.as_str() != update_revision)
        .any(|(_, ordinals)| within(ordinals, lo, update_lo.min(hi)).next().is_some());
    if held_back {
        d.waits.push(partition_wait(name, start, partition));
    }
    // Ordinals in [update_lo, hi) whose pod is at another revision than the update one,
    // highest first, across every other revision.
    let outdated_desc = |limit: usize| -> Vec<u32> {
        let mut all: Vec<u32> = Vec::new();
        for (revision, ordinals) in &pods.by_revision {
            if revision == update_revision {
                continue;
            }
            all.extend(within(ordinals, update_lo, hi).rev().copied().take(limit));
        }
        all.sort_unstable_by(|a, b| b.cmp(a));
        all
    };
    if rolling.is_none() {
        // Classic path: highest index first, one at a time; the first pod from the
        // top that is outdated or not healthy decides.
        let outdated_top = outdated_desc(1).first().copied();
        let unhealthy_top = within(&pods.not_ready, update_lo, hi).next_back().copied();
        let Some(top) = outdated_top.max(unhealthy_top) else {
            return Some(d);
        };
        let Some(pod) = slot(u64::from(top)) else {
            return Some(d);
        };
        if pod.revision != update_revision && !pod.terminating {
            d.actions.push(Action::DeleteForUpdate {
                name: pod.name.clone(),
            });
        } else if !healthy(pod) {
            d.waits.push((
                "R-3.11",
                format!(
                    "rolling update halted: {} is not Ready ({})",
                    pod.name, pod.state
                ),
            ));
        }
        return Some(d);
    }
    // maxUnavailable path.
    if outdated_desc(1).is_empty() {
        // Nothing to update: no outdated pod to replace and nothing to report.
        return Some(d);
    }
    let max = max_unavailable(set);
    let unavailable: Vec<&PodView> = within(&pods.not_ready, lo, hi)
        .filter_map(|o| slot(u64::from(*o)))
        .collect();
    let missing = hi - lo - pods.present.count_in(lo, hi);
    let count = unavailable.len() as u64 + missing;
    // Outdated pods that are already unavailable are replaced regardless of the budget.
    for o in within(&pods.not_ready, update_lo, hi).rev() {
        if let Some(pod) = slot(u64::from(*o))
            && pod.revision != update_revision
            && !pod.terminating
        {
            d.actions.push(Action::DeleteForUpdate {
                name: pod.name.clone(),
            });
        }
    }
    if count >= u64::from(max) {
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
        return Some(d);
    }
    let mut budget = u64::from(max) - count;
    // Pods skipped below are not healthy, so at most `count` of them per revision.
    let candidates = outdated_desc(usize::try_from(budget + count).unwrap_or(usize::MAX));
    for o in candidates {
        if budget == 0 {
            break;
        }
        let Some(pod) = slot(u64::from(o)) else {
            continue;
        };
        if healthy(pod) {
            d.actions.push(Action::DeleteForUpdate {
                name: pod.name.clone(),
            });
            budget -= 1;
        }
    }
    Some(d)
}

/// One past the highest ordinal.
const END: u64 = 1 << 32;

/// The members of `set` in `[lo, hi)` (bounds past the ordinals clamp).
fn within(set: &BTreeSet<u32>, lo: u64, hi: u64) -> std::collections::btree_set::Range<'_, u32> {
    let Ok(lo) = u32::try_from(lo) else {
        return set.range(0..0);
    };
    match u32::try_from(hi) {
        Ok(hi) if hi <= lo => set.range(0..0),
        Ok(hi) => set.range(lo..hi),
        Err(_) => set.range(lo..),
    }
}

/// Present ordinals outside `[lo, hi)`, highest first (lazily: OrderedReady looks at one).
fn condemned_desc(pods: &SetPods, lo: u64, hi: u64) -> impl Iterator<Item = u32> + '_ {
    let mut runs = present_runs(pods, 0, lo);
    runs.extend(present_runs(pods, hi, END));
    runs.into_iter()
        .rev()
        .flat_map(|(a, b)| (a..b).rev().filter_map(|o| u32::try_from(o).ok()))
}

/// The runs of present ordinals in `[lo, hi)`.
fn present_runs(pods: &SetPods, lo: u64, hi: u64) -> Vec<(u64, u64)> {
    let mut runs = Vec::new();
    let mut at = lo;
    for (a, b) in pods.present.gaps(lo, hi) {
        if at < a {
            runs.push((at, a));
        }
        at = b;
    }
    if at < hi {
        runs.push((at, hi));
    }
    runs
}
