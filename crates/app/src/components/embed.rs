//! The compact layout of embed mode: a one-line bar (name, Apply, the timeline, "open in
//! Ordinal") over the editor and the pods, or the pods alone.

use super::editor::Editor;
use super::notices::Notices;
use super::pods::PodsPanel;
use super::timeline::Timeline;
use crate::browser;
use crate::context::AppContext;
use crate::embed::EmbedView;
use crate::i18n::Key;
use leptos::prelude::*;

#[component]
pub fn EmbedLayout(view: EmbedView) -> impl IntoView {
    let ctx = AppContext::get();
    // The full playground in a new tab, carrying this embed's session.
    let open_full = move |_| {
        let encoded = ctx.session().encode();
        if let Some(url) = browser::share_url(&encoded) {
            browser::open_in_new_tab(&url);
        }
    };
    let editor = (view == EmbedView::Editor).then(|| view! { <Editor /> });
    view! {
        <div
            class="app embed"
            class:pods-only=view == EmbedView::Pods
            data-testid="embed"
        >
            <header class="embed-bar">
                <strong class="embed-brand">"Ordinal"</strong>
                <button class="primary small" data-testid="apply" on:click=move |_| ctx.apply()>
                    {move || ctx.tr(Key::Apply)}
                </button>
                <Timeline />
                <button class="text-button small" data-testid="open-full" on:click=open_full>
                    {move || ctx.tr(Key::OpenFull)}
                </button>
            </header>
            <Notices />
            <main class="embed-layout">{editor} <PodsPanel /></main>
        </div>
    }
}
