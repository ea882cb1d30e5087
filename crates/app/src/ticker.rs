//! The real-time ticker that drives virtual time, paced by animation frames so the page stays
//! at 60 fps even when a big cluster makes each virtual second expensive. Each frame runs the
//! simulator for at most a small budget of real time (the rest of a large step waits for the
//! next frame); panels are told to re-read the cluster at a lower rate, the busy ones (pods,
//! clock) more often than the rest, on different frames so their work does not add up.

use crate::context::AppContext;
use crate::profile::now_ms;
use leptos::prelude::*;
use ordinal_sim::Duration;

/// Real milliseconds of simulator work per animation frame (of the ~16 ms a frame has).
const SIM_BUDGET_MS: f64 = 5.0;

/// Real milliseconds between refreshes of the clock, pods, timeline and console.
const FAST_REFRESH_MS: f64 = 100.0;

/// Real milliseconds between refreshes of the other panels (volumes, network, nodes,
/// events, status, scrubber marks).
const SLOW_REFRESH_MS: f64 = 500.0;

/// A frame arriving later than this (a background tab, a debugger pause) counts as this long,
/// so coming back does not run minutes of virtual time at once.
const MAX_FRAME_MS: f64 = 100.0;

/// Virtual time owed is capped at this many frames' worth: when the simulator cannot keep up
/// with the chosen speed, the clock runs slower instead of falling ever further behind.
const MAX_OWED_FRAMES: f64 = 4.0;

/// What one animation frame should do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refresh {
    Nothing,
    Fast,
    Slow,
}

/// The ticker's bookkeeping, kept apart from the browser so it is tested natively.
#[derive(Debug, Clone, Default)]
pub struct Pace {
    last_frame: Option<f64>,
    /// Virtual milliseconds that should have run but have not yet.
    owed: f64,
    last_fast: f64,
    last_slow: f64,
    /// Whether the cluster changed since panels were last told.
    dirty_fast: bool,
    dirty_slow: bool,
}

impl Pace {
    /// The virtual time to run in the frame starting at real instant `now` (ms).
    pub fn owed(&mut self, now: f64, playing: bool, speed: u32) -> Duration {
        let elapsed = self
            .last_frame
            .map_or(0.0, |last| (now - last).clamp(0.0, MAX_FRAME_MS));
        self.last_frame = Some(now);
        if !playing {
            self.owed = 0.0;
            return Duration(0);
        }
        let speed = f64::from(speed);
        self.owed = (self.owed + elapsed * speed).min(MAX_FRAME_MS * MAX_OWED_FRAMES * speed);
        Duration(self.owed.floor() as u64)
    }

    /// Records the virtual time that did run, and whether the cluster changed.
    pub fn ran(&mut self, advanced: Duration) {
        self.owed = (self.owed - advanced.0 as f64).max(0.0);
        if advanced.0 > 0 {
            self.dirty_fast = true;
            self.dirty_slow = true;
        }
    }

    /// Which panels to refresh at real instant `now`: at most one group per frame, so the
    /// slow panels never land on the same frame as the fast ones.
    pub fn refresh(&mut self, now: f64) -> Refresh {
        if self.dirty_fast && now - self.last_fast >= FAST_REFRESH_MS {
            self.last_fast = now;
            self.dirty_fast = false;
            Refresh::Fast
        } else if self.dirty_slow
            && now - self.last_slow >= SLOW_REFRESH_MS
            && now - self.last_fast >= FAST_REFRESH_MS / 2.0
        {
            self.last_slow = now;
            self.dirty_slow = false;
            Refresh::Slow
        } else {
            Refresh::Nothing
        }
    }
}

/// When profiling, a User Timing mark naming what this frame did, so the e2e perf test can
/// tell which work makes long frames.
fn mark(ctx: AppContext, name: &str) {
    if ctx.profile {
        crate::profile::mark(name);
    }
}

/// Starts the frame loop for the page's lifetime.
pub fn start(ctx: AppContext) {
    let pace = StoredValue::new_local(Pace::default());
    schedule(ctx, pace);
}

fn schedule(ctx: AppContext, pace: StoredValue<Pace, LocalStorage>) {
    request_animation_frame(move || {
        frame(ctx, pace);
        schedule(ctx, pace);
    });
}

fn frame(ctx: AppContext, pace: StoredValue<Pace, LocalStorage>) {
    let start = now_ms();
    let playing = ctx.playing.get_untracked();
    let speed = ctx.speed.get_untracked();
    let owed = pace
        .try_update_value(|p| p.owed(start, playing, speed))
        .unwrap_or(Duration(0));
    // Refresh first, on the frame after the simulator ran, so the two costs do not add up.
    match pace.try_update_value(|p| p.refresh(start)) {
        Some(Refresh::Fast) => {
            mark(ctx, "ordinal:fast");
            ctx.refresh_fast();
        }
        Some(Refresh::Slow) => {
            mark(ctx, "ordinal:slow");
            ctx.refresh_slow();
        }
        _ if owed.0 > 0 => {
            mark(ctx, "ordinal:sim");
            // Untracked: panels re-read on their own schedule (`refresh`), not per event.
            let advanced = ctx
                .playground
                .try_update_untracked(|p| {
                    ctx.measured("sim", || {
                        p.advance_within(owed, || now_ms() - start > SIM_BUDGET_MS)
                    })
                })
                .unwrap_or(Duration(0));
            pace.update_value(|p| p.ran(advanced));
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owes_speed_times_real_time_and_nothing_when_paused() {
        let mut pace = Pace::default();
        assert_eq!(pace.owed(0.0, true, 100), Duration(0), "first frame");
        assert_eq!(pace.owed(16.0, true, 100), Duration(1_600));
        pace.ran(Duration(1_000));
        assert_eq!(
            pace.owed(32.0, true, 100),
            Duration(2_200),
            "the rest carries over"
        );
        assert_eq!(pace.owed(48.0, false, 100), Duration(0));
        assert_eq!(pace.owed(64.0, true, 1), Duration(16));
    }

    #[test]
    fn a_slow_simulator_slows_the_clock_instead_of_piling_up_debt() {
        let mut pace = Pace::default();
        pace.owed(0.0, true, 100);
        let mut owed = Duration(0);
        for frame in 1..100 {
            owed = pace.owed(f64::from(frame) * 16.0, true, 100);
            pace.ran(Duration(10));
        }
        assert!(owed.0 <= 40_000, "capped at four long frames: {owed:?}");
        // A long pause (background tab) counts as one long frame.
        let mut pace = Pace::default();
        pace.owed(0.0, true, 10);
        assert_eq!(pace.owed(60_000.0, true, 10), Duration(1_000));
    }

    #[test]
    fn fast_and_slow_refreshes_are_spaced_and_never_share_a_frame() {
        let mut pace = Pace::default();
        assert_eq!(pace.refresh(1_000.0), Refresh::Nothing, "nothing changed");
        pace.ran(Duration(5));
        assert_eq!(pace.refresh(1_000.0), Refresh::Fast);
        assert_eq!(
            pace.refresh(1_016.0),
            Refresh::Nothing,
            "too soon after the fast one"
        );
        assert_eq!(pace.refresh(1_060.0), Refresh::Slow);
        pace.ran(Duration(5));
        assert_eq!(pace.refresh(1_080.0), Refresh::Nothing);
        assert_eq!(pace.refresh(1_100.0), Refresh::Fast);
        pace.ran(Duration(5));
        assert_eq!(pace.refresh(1_200.0), Refresh::Fast);
        assert_eq!(pace.refresh(1_216.0), Refresh::Nothing, "slow waits 500 ms");
        assert_eq!(pace.refresh(1_560.0), Refresh::Slow);
    }
}
