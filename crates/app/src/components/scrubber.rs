//! The history scrubber: a slider over the whole virtual history with event marks. Dragging it
//! or pressing the arrow keys shows the cluster as it was then; playing or running a command
//! from there continues from that instant (the later history is dropped).

use crate::context::AppContext;
use crate::i18n::Key;
use crate::marks::{Mark, MarkKind};
use leptos::prelude::*;
use ordinal_sim::Time;

/// Slices of history that get at most one mark of each kind.
const MARK_BUCKETS: u64 = 240;

/// Arrow keys move one virtual second; Page Up / Page Down (or Shift+arrow) ten.
const SMALL_STEP_MS: u64 = 1_000;
const LARGE_STEP_MS: u64 = 10_000;

fn mark_key(kind: MarkKind) -> Key {
    match kind {
        MarkKind::Command => Key::MarkCommand,
        MarkKind::Created => Key::MarkCreated,
        MarkKind::Ready => Key::MarkReady,
        MarkKind::Deleted => Key::MarkDeleted,
    }
}

/// Where a key press moves the scrubber, if it is one of the scrubber's keys.
fn key_target(key: &str, shift: bool, now: u64, horizon: u64) -> Option<u64> {
    let step = if shift { LARGE_STEP_MS } else { SMALL_STEP_MS };
    match key {
        "ArrowLeft" | "ArrowDown" => Some(now.saturating_sub(step)),
        "ArrowRight" | "ArrowUp" => Some(now.saturating_add(step).min(horizon)),
        "PageDown" => Some(now.saturating_sub(LARGE_STEP_MS)),
        "PageUp" => Some(now.saturating_add(LARGE_STEP_MS).min(horizon)),
        "Home" => Some(0),
        "End" => Some(horizon),
        _ => None,
    }
}

#[component]
pub fn Scrubber() -> impl IntoView {
    let ctx = AppContext::get();
    let now = Memo::new(move |_| ctx.with_fast(|p| p.cluster().now().0));
    let horizon = Memo::new(move |_| ctx.with_fast(|p| p.horizon().0));
    let live = Memo::new(move |_| ctx.with_fast(|p| p.is_live()));
    let marks =
        Memo::new(move |_| ctx.with_slow(|p| ctx.measured("marks", || p.marks(MARK_BUCKETS))));
    let seek = move |to: u64| {
        ctx.playing.set(false);
        ctx.playground.update(|p| {
            // Rewinding needs a checkpoint at or before the instant; the first one is at 0,
            // so this only fails on a history without checkpoints, where staying put is right.
            let _ = p.seek(Time(to));
        });
    };
    let on_input = move |ev| {
        if let Ok(ms) = event_target_value(&ev).parse::<f64>() {
            // The slider's value is a whole number of milliseconds within 0..=horizon.
            seek(ms.max(0.0).round() as u64);
        }
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let target = key_target(
            &ev.key(),
            ev.shift_key(),
            now.get_untracked(),
            horizon.get_untracked(),
        );
        if let Some(to) = target {
            ev.prevent_default();
            seek(to);
        }
    };
    let back_to_end = move |_| seek(horizon.get_untracked());
    // Each mark's place is `--at / --horizon` (style.css): when the horizon grows only the
    // track's variable changes, not a thousand marks' styles.
    let place = |at: Time| format!("--at: {}", at.0);
    let track_horizon = move || format!("--horizon: {}", horizon.get().max(1));
    let tick = move |mark: Mark| {
        let title = {
            let more = if mark.count > 1 {
                format!(" (+{})", mark.count - 1)
            } else {
                String::new()
            };
            let label = mark.label.clone();
            move || {
                format!(
                    "{} {}: {}{}",
                    mark.at,
                    ctx.tr(mark_key(mark.kind)),
                    label,
                    more
                )
            }
        };
        view! {
            <span
                class=format!("mark {}", mark.kind.as_str())
                data-kind=mark.kind.as_str()
                data-at=mark.at.0.to_string()
                style=place(mark.at)
                title=title
            ></span>
        }
    };
    view! {
        <section
            class="scrubber"
            class:rewound=move || !live.get()
            data-testid="scrubber"
            aria-label=move || ctx.tr(Key::Scrubber)
        >
            <div class="scrubber-track">
                <input
                    type="range"
                    data-testid="scrubber-input"
                    min="0"
                    step="any"
                    prop:max=move || horizon.get().to_string()
                    prop:value=move || now.get().to_string()
                    aria-label=move || ctx.tr(Key::Scrubber)
                    title=move || ctx.tr(Key::Scrubber)
                    aria-valuetext=move || Time(now.get()).to_string()
                    on:input=on_input
                    on:keydown=on_keydown
                />
                <div class="marks" aria-hidden="true" data-testid="marks" style=track_horizon>
                    <For
                        each=move || marks.get()
                        key=|m| (m.at.0, m.kind, m.count)
                        children=tick
                    />
                </div>
            </div>
            <span class="horizon mono" data-testid="horizon">
                {move || Time(horizon.get()).to_string()}
            </span>
            <Show when=move || !live.get()>
                <p class="rewound-note" role="status" data-testid="rewound">
                    {move || ctx.tr(Key::Rewound)}
                </p>
                <button class="text-button" data-testid="back-to-end" on:click=back_to_end>
                    {move || ctx.tr(Key::BackToEnd)}
                </button>
            </Show>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_move_within_history() {
        assert_eq!(key_target("ArrowLeft", false, 5_000, 9_000), Some(4_000));
        assert_eq!(key_target("ArrowLeft", false, 500, 9_000), Some(0));
        assert_eq!(key_target("ArrowRight", true, 5_000, 9_000), Some(9_000));
        assert_eq!(key_target("PageDown", false, 25_000, 90_000), Some(15_000));
        assert_eq!(key_target("End", false, 0, 9_000), Some(9_000));
        assert_eq!(key_target("Home", false, 7, 9_000), Some(0));
        assert_eq!(key_target("a", false, 7, 9_000), None);
    }
}
