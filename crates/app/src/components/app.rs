//! The page: top bar with clock and timeline, the actions bar, then editor and console on the
//! left and the live panels on the right. Owns the real-time ticker that drives virtual time.

use super::actions::ActionsBar;
use super::console::ConsolePanel;
use super::editor::Editor;
use super::events::EventsPanel;
use super::pods::PodsPanel;
use super::status::StatusPanel;
use super::topbar::TopBar;
use super::volumes::VolumesPanel;
use crate::browser;
use crate::context::AppContext;
use crate::i18n::Lang;
use leptos::prelude::*;
use ordinal_sim::Duration;

/// Real milliseconds between two ticks of the virtual clock.
const TICK_MS: u64 = 100;

/// Example manifests that `?autoplay=NAME` can load.
const EXAMPLES: [(&str, &str); 1] = [("web", include_str!("../../../../tests/scenarios/web.yaml"))];

fn initial_lang() -> Lang {
    browser::query_param("lang")
        .or_else(browser::stored_lang)
        .or_else(browser::navigator_lang)
        .and_then(|tag| Lang::from_tag(&tag))
        .unwrap_or_default()
}

#[component]
pub fn App() -> impl IntoView {
    let autoplay = browser::query_param("autoplay")
        .and_then(|name| EXAMPLES.iter().find(|(n, _)| *n == name).map(|(_, t)| *t));
    let manifest = autoplay
        .map(str::to_string)
        .or_else(browser::stored_manifest)
        .unwrap_or_else(|| EXAMPLES[0].1.to_string());
    let ctx = AppContext::new(manifest, initial_lang());
    browser::set_document_lang(ctx.lang.get_untracked().tag());
    provide_context(ctx);

    set_interval(
        move || {
            if ctx.playing.get_untracked() {
                let virtual_ms = TICK_MS * u64::from(ctx.speed.get_untracked());
                ctx.playground
                    .update(|p| p.advance(Duration::from_millis(virtual_ms)));
            }
        },
        std::time::Duration::from_millis(TICK_MS),
    );

    if autoplay.is_some() {
        ctx.speed.set(10);
        ctx.apply();
    }

    // On the window, so the shortcut works wherever the focus is (or when nothing has it).
    let shortcut = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
            ev.prevent_default();
            ctx.apply();
        }
    });
    on_cleanup(move || shortcut.remove());

    view! {
        <div class="app">
            <TopBar />
            <ActionsBar />
            <main class="layout">
                <div class="column">
                    <Editor />
                    <ConsolePanel />
                </div>
                <div class="column">
                    <PodsPanel />
                    <div class="pair">
                        <StatusPanel />
                        <VolumesPanel />
                    </div>
                    <EventsPanel />
                </div>
            </main>
        </div>
    }
}
