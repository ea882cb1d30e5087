//! The timing model, in one place (SPEC §0, R-4.9). Every delay the simulator schedules comes
//! from here; jitter is drawn from the cluster's seeded RNG, so a seed fixes every instant.

use crate::clock::Duration;

/// The scheduler binds a pod 0–1 s after it is created (or its claims are bound).
pub const SCHEDULE_MS: (u64, u64) = (0, 1000);
/// A dynamically provisioned volume is ready 2 s after its claim asks for it.
pub const PROVISION: Duration = Duration::from_secs(2);
/// The first pull of an image on a node takes 5–15 s.
pub const FIRST_PULL_MS: (u64, u64) = (5000, 15000);
/// A pull of an image already on the node (imagePullPolicy Always) only checks the digest.
pub const CACHED_PULL_MS: (u64, u64) = (300, 800);
/// A failed pull is reported 1–3 s after it starts.
pub const FAILED_PULL_MS: (u64, u64) = (1000, 3000);
/// The kubelet turns `ErrImagePull` into `ImagePullBackOff` on its next pod sync.
pub const PULL_BACKOFF_REPORT: Duration = Duration::from_secs(1);
/// Creating and starting a container takes 1 s.
pub const CONTAINER_START: Duration = Duration::from_secs(1);
/// The readiness probe's first success lands this long after `initialDelaySeconds` (the
/// prober's worker starts at a jittered offset within the period).
pub const PROBE_JITTER_MS: (u64, u64) = (0, 1000);
/// A server (nginx, zookeeper, …) exits 0 this soon after SIGTERM.
pub const SERVER_EXIT_MS: (u64, u64) = (200, 1000);
/// After the containers stopped, the kubelet confirms the deletion this much later.
pub const REMOVE_AFTER_EXIT: Duration = Duration::from_millis(100);
/// Image-pull and crash back-off: 10 s doubling up to 5 min.
pub const BACKOFF_INITIAL: Duration = Duration::from_secs(10);
pub const BACKOFF_MAX: Duration = Duration::from_secs(300);
/// Default `terminationGracePeriodSeconds` (§1.4).
pub const DEFAULT_GRACE_SECONDS: i64 = 30;

/// The back-off after `failures` consecutive failures (1 → 10 s, 2 → 20 s, … ≤ 300 s).
pub fn backoff(failures: u32) -> Duration {
    let shift = failures.saturating_sub(1).min(16);
    let ms = BACKOFF_INITIAL.as_millis().saturating_mul(1 << shift);
    Duration::from_millis(ms.min(BACKOFF_MAX.as_millis()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_to_five_minutes_r_4_3() {
        let secs: Vec<u64> = (1..=7).map(|n| backoff(n).as_millis() / 1000).collect();
        assert_eq!(secs, [10, 20, 40, 80, 160, 300, 300]);
    }
}
