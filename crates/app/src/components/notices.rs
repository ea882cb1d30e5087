//! Messages about the session under the top bar: a share link that could not be opened (the
//! local work was kept), and the link the Share button made, selectable for copying by hand.

use crate::context::AppContext;
use crate::i18n::Key;
use crate::share::ShareError;
use leptos::prelude::*;

fn link_error_key(error: ShareError) -> Key {
    match error {
        ShareError::UnknownVersion => Key::LinkUnknownVersion,
        ShareError::Damaged => Key::LinkDamaged,
        ShareError::NotASession => Key::LinkNotASession,
    }
}

#[component]
pub fn Notices() -> impl IntoView {
    let ctx = AppContext::get();
    let link_error = move || {
        ctx.link_error.get().map(|error| {
            view! {
                <div class="notice warning" role="alert" data-testid="link-error">
                    <span>
                        {move || ctx.tr(link_error_key(error))} " "
                        {move || ctx.tr(Key::LinkKeptLocal)}
                    </span>
                    <button class="text-button" on:click=move |_| ctx.link_error.set(None)>
                        {move || ctx.tr(Key::Dismiss)}
                    </button>
                </div>
            }
        })
    };
    let shared = move || {
        ctx.shared.get().map(|(url, copied)| {
            view! {
                <div class="notice" role="status" data-testid="share-notice">
                    <label class="share-label">
                        <span>
                            {move || ctx.tr(if copied { Key::LinkCopied } else { Key::LinkCopyManually })}
                        </span>
                        <input
                            type="text"
                            readonly
                            class="share-link mono"
                            data-testid="share-link"
                            aria-label=move || ctx.tr(Key::ShareLink)
                            prop:value=url
                            on:focus=move |ev| {
                                event_target::<web_sys::HtmlInputElement>(&ev).select();
                            }
                        />
                    </label>
                    <button class="text-button" on:click=move |_| ctx.shared.set(None)>
                        {move || ctx.tr(Key::Dismiss)}
                    </button>
                </div>
            }
        })
    };
    view! { {link_error} {shared} }
}
