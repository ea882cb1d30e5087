//! Timeline controls: play / pause, step to the next event, speed, skip to settled, and the
//! virtual clock. Real time only decides how fast virtual time advances.

use crate::context::{AppContext, SPEEDS};
use crate::i18n::Key;
use leptos::prelude::*;

#[component]
pub fn Timeline() -> impl IntoView {
    let ctx = AppContext::get();
    let toggle = move |_| {
        ctx.playing.update(|p| *p = !*p);
        // Panels refresh at their own pace while playing; on pause show exactly where the
        // clock stopped (a share link made now carries that instant).
        ctx.refresh_fast();
        ctx.refresh_slow();
    };
    let step = move |_| {
        ctx.playing.set(false);
        ctx.playground.update(|p| {
            p.step();
        });
    };
    let settle = move |_| {
        ctx.playground.update(|p| {
            p.settle();
        });
    };
    let on_speed = move |ev| {
        if let Ok(speed) = event_target_value(&ev).parse::<u32>() {
            ctx.speed.set(speed);
        }
    };
    let clock = move || ctx.with_fast(|p| p.cluster().now().to_string());
    let settled = Memo::new(move |_| ctx.with_fast(|p| p.cluster().next_timer_at().is_none()));
    view! {
        <div class="timeline" role="group" aria-label=move || ctx.tr(Key::Timeline)>
            <button
                class="icon-button"
                data-testid="play"
                aria-pressed=move || ctx.playing.get().to_string()
                title=move || ctx.tr(if ctx.playing.get() { Key::Pause } else { Key::Play })
                aria-label=move || ctx.tr(if ctx.playing.get() { Key::Pause } else { Key::Play })
                on:click=toggle
            >
                <span aria-hidden="true">{move || if ctx.playing.get() { "❚❚" } else { "▶" }}</span>
            </button>
            <button
                class="icon-button"
                data-testid="step"
                title=move || ctx.tr(Key::Step)
                aria-label=move || ctx.tr(Key::Step)
                on:click=step
            >
                <span aria-hidden="true">"▶❘"</span>
            </button>
            <label class="speed">
                <span class="visually-hidden">{move || ctx.tr(Key::Speed)}</span>
                <select data-testid="speed" on:change=on_speed title=move || ctx.tr(Key::Speed)>
                    {SPEEDS
                        .map(|s| {
                            view! {
                                <option value=s.to_string() selected=move || ctx.speed.get() == s>
                                    {format!("×{s}")}
                                </option>
                            }
                        })}
                </select>
            </label>
            <button class="text-button" data-testid="settle" disabled=move || settled.get() on:click=settle>
                {move || ctx.tr(Key::Settle)}
            </button>
            <span
                class="settled-dot"
                class:busy=move || !settled.get()
                data-testid="settled"
                data-settled=move || settled.get().to_string()
                role="img"
                aria-label=move || ctx.tr(if settled.get() { Key::Settled } else { Key::Busy })
                title=move || ctx.tr(if settled.get() { Key::Settled } else { Key::Busy })
            ></span>
            <time class="clock" data-testid="clock" title=move || ctx.tr(Key::VirtualTime)>
                <span class="visually-hidden">{move || ctx.tr(Key::VirtualTime)} " "</span>
                {clock}
            </time>
        </div>
    }
}
