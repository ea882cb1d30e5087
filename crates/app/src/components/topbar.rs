//! The top bar: name, the timeline controls with the virtual clock, Share, and the language
//! switch.

use super::timeline::Timeline;
use crate::context::AppContext;
use crate::i18n::{Key, Lang};
use leptos::prelude::*;

#[component]
pub fn TopBar() -> impl IntoView {
    let ctx = AppContext::get();
    let on_lang = move |ev| {
        let tag = event_target_value(&ev);
        if let Some(lang) = Lang::from_tag(&tag) {
            ctx.set_lang(lang);
        }
    };
    view! {
        <header class="topbar">
            <div class="brand">
                <h1>"Ordinal"</h1>
                <span class="tagline">{move || ctx.tr(Key::Tagline)}</span>
            </div>
            <Timeline />
            <button
                class="share-button"
                data-testid="share"
                title=move || ctx.tr(Key::ShareLink)
                on:click=move |_| ctx.share()
            >
                {move || ctx.tr(Key::Share)}
            </button>
            <label class="lang">
                <span class="visually-hidden">{move || ctx.tr(Key::Language)}</span>
                <select data-testid="lang" on:change=on_lang>
                    {[Lang::En, Lang::ZhHans]
                        .map(|lang| {
                            view! {
                                <option
                                    value=lang.tag()
                                    lang=lang.tag()
                                    selected=move || ctx.lang.get() == lang
                                >
                                    {lang.endonym()}
                                </option>
                            }
                        })}
                </select>
            </label>
        </header>
    }
}
