//! The few browser facilities the app uses: localStorage, the URL query, `<html lang>`.
//! All of them fail soft (private mode, sandboxed iframes): the app works without them.

const LANG_KEY: &str = "ordinal.lang";
const MANIFEST_KEY: &str = "ordinal.manifest";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn load(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

fn save(key: &str, value: &str) {
    if let Some(s) = storage() {
        // A full or disabled storage only loses the preference.
        let _ = s.set_item(key, value);
    }
}

pub fn stored_lang() -> Option<String> {
    load(LANG_KEY)
}

pub fn store_lang(tag: &str) {
    save(LANG_KEY, tag);
}

/// The manifest the user last edited, so a reload (or the panic banner) loses nothing.
pub fn stored_manifest() -> Option<String> {
    load(MANIFEST_KEY)
}

pub fn store_manifest(text: &str) {
    save(MANIFEST_KEY, text);
}

/// The browser's preferred language (`navigator.language`).
pub fn navigator_lang() -> Option<String> {
    web_sys::window()?.navigator().language()
}

/// A `?name=value` query parameter of the page URL.
pub fn query_param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(name)
}

/// Sets `<html lang>` so screen readers and fonts pick the right language.
pub fn set_document_lang(tag: &str) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", tag);
    }
}

/// Whether the user asked for reduced motion (used to skip smooth scrolling).
pub fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|m| m.matches())
}
