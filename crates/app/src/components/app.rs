//! The page: top bar with clock and timeline, the history scrubber, the actions bar, then the
//! guide, editor and console on the left and the live panels on the right; or, for
//! `#/embed?…`, the compact embed. Starts the real-time ticker that drives virtual time (`ticker`) and
//! owns the autosave.

use super::actions::ActionsBar;
use super::console::ConsolePanel;
use super::editor::Editor;
use super::embed::EmbedLayout;
use super::events::EventsPanel;
use super::guide::GuidePanel;
use super::network::NetworkPanel;
use super::nodes::NodesPanel;
use super::notices::Notices;
use super::pods::PodsPanel;
use super::scrubber::Scrubber;
use super::status::StatusPanel;
use super::topbar::TopBar;
use super::volumes::VolumesPanel;
use crate::browser;
use crate::context::{AppContext, SPEEDS};
use crate::embed::{self, EmbedParams};
use crate::i18n::Lang;
use crate::share::Session;
use crate::startup::{self, Startup};
use leptos::prelude::*;

/// Real milliseconds between two autosaves (only when something changed).
const AUTOSAVE_MS: u64 = 1_000;

/// The manifest of a first visit.
const EXAMPLE: &str = include_str!("../../../../tests/scenarios/web.yaml");

fn initial_lang() -> Lang {
    browser::query_param("lang")
        .or_else(browser::stored_lang)
        .or_else(browser::navigator_lang)
        .and_then(|tag| Lang::from_tag(&tag))
        .unwrap_or_default()
}

/// `?autoplay=NAME` (any guided scenario id): its manifest, applied at once.
fn autoplay_manifest() -> Option<&'static str> {
    browser::query_param("autoplay")
        .and_then(|name| crate::scenarios::find(&name))
        .and_then(|s| s.manifest())
}

/// An embed starts from its own parameters only: never from the visitor's autosave.
fn embed_start(params: &EmbedParams) -> Startup {
    let manifest = params
        .example
        .as_deref()
        .and_then(crate::scenarios::find)
        .and_then(|s| s.manifest())
        .unwrap_or(EXAMPLE);
    let session = params.session.as_deref().map(Session::decode);
    match session {
        Some(Ok(session)) => Startup {
            manifest: session
                .files
                .first()
                .map_or_else(|| manifest.to_string(), |f| f.text.clone()),
            playground: Some(session.restore()),
            link_error: None,
        },
        Some(Err(e)) => Startup {
            playground: None,
            manifest: manifest.to_string(),
            link_error: Some(e),
        },
        None => Startup {
            playground: None,
            manifest: manifest.to_string(),
            link_error: None,
        },
    }
}

#[component]
pub fn App() -> impl IntoView {
    let embed = embed::parse(&browser::hash());
    let autoplay = match &embed {
        Some(params) => params.autoplay.then_some(()),
        None => autoplay_manifest().map(|_| ()),
    };
    let start = match &embed {
        Some(params) => embed_start(params),
        None => {
            let mut start = startup::load(EXAMPLE);
            if let Some(manifest) = autoplay_manifest() {
                start.manifest = manifest.to_string();
                start.playground = None;
            }
            start
        }
    };
    let ctx = AppContext::new(start.manifest, initial_lang());
    if let Some(playground) = start.playground {
        ctx.playground.set(playground);
        // A restored session starts paused, at the instant it was saved or shared.
        ctx.playing.set(false);
    }
    ctx.link_error.set(start.link_error);
    browser::set_document_lang(ctx.lang.get_untracked().tag());
    provide_context(ctx);

    if embed.is_none() {
        // Autosave: cheap (a few KB deflated), and at most this far behind on a crash.
        let last_saved = StoredValue::new(String::new());
        set_interval(
            move || {
                let encoded = ctx.session().encode();
                if last_saved.with_value(|s| *s != encoded) {
                    browser::store_session(&encoded);
                    last_saved.set_value(encoded);
                }
            },
            std::time::Duration::from_millis(AUTOSAVE_MS),
        );
    }

    crate::ticker::start(ctx);

    let speed = embed.as_ref().and_then(|p| p.speed);
    if autoplay.is_some() {
        ctx.speed.set(10);
        ctx.playing.set(true);
        ctx.apply();
    }
    if let Some(speed) = speed.filter(|s| SPEEDS.contains(s)) {
        ctx.speed.set(speed);
    }

    // On the window, so the shortcut works wherever the focus is (or when nothing has it).
    let shortcut = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
            ev.prevent_default();
            ctx.apply();
        }
    });
    on_cleanup(move || shortcut.remove());

    match embed {
        Some(params) => view! { <EmbedLayout view=params.view /> }.into_any(),
        None => view! { <FullLayout /> }.into_any(),
    }
}

#[component]
fn FullLayout() -> impl IntoView {
    view! {
        <div class="app">
            <TopBar />
            <Notices />
            <Scrubber />
            <ActionsBar />
            <main class="layout">
                <div class="column">
                    <GuidePanel />
                    <Editor />
                    <ConsolePanel />
                </div>
                <div class="column">
                    <PodsPanel />
                    <div class="pair">
                        <StatusPanel />
                        <VolumesPanel />
                    </div>
                    <div class="pair">
                        <NetworkPanel />
                        <NodesPanel />
                    </div>
                    <EventsPanel />
                </div>
            </main>
        </div>
    }
}
