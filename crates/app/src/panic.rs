//! A panic must never leave a frozen page: log it, then reveal the static error banner that
//! `index.html` carries (it is plain HTML, so it works even though the wasm instance is gone).

use crate::browser;
use crate::i18n::{Key, Lang, t};

pub fn install_hook() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        reveal_banner();
    }));
}

fn reveal_banner() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(banner) = document.get_element_by_id("panic-banner") else {
        return;
    };
    let lang = browser::stored_lang()
        .and_then(|tag| Lang::from_tag(&tag))
        .unwrap_or_default();
    let fill = |id: &str, key: Key| {
        if let Some(el) = document.get_element_by_id(id) {
            el.set_text_content(Some(t(lang, key)));
        }
    };
    fill("panic-title", Key::ErrorTitle);
    fill("panic-body", Key::ErrorBody);
    fill("panic-reload", Key::Reload);
    let _ = banner.remove_attribute("hidden");
}
