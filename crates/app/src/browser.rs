//! The few browser facilities the app uses: localStorage, the URL query, `<html lang>`.
//! All of them fail soft (private mode, sandboxed iframes): the app works without them.

const LANG_KEY: &str = "ordinal.lang";
const MANIFEST_KEY: &str = "ordinal.manifest";
const SESSION_KEY: &str = "ordinal.session";
const SCENARIO_KEY: &str = "ordinal.scenario";

/// The URL hash prefix of a share link: `#s=v1.…`.
const SHARE_HASH: &str = "#s=";

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

/// The guided scenario last picked (empty: none).
pub fn stored_scenario() -> Option<String> {
    load(SCENARIO_KEY).filter(|s| !s.is_empty())
}

pub fn store_scenario(id: &str) {
    save(SCENARIO_KEY, id);
}

/// The autosaved session (`share::Session::encode`), so a reload or a crash loses nothing.
pub fn stored_session() -> Option<String> {
    load(SESSION_KEY)
}

pub fn store_session(encoded: &str) {
    save(SESSION_KEY, encoded);
}

/// The URL hash (`#…`), empty when there is none.
pub fn hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// The encoded session of a share link this page was opened with, if any.
pub fn shared_session() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    hash.strip_prefix(SHARE_HASH).map(str::to_string)
}

/// Removes the share hash from the address bar (without reloading), so a later reload shows
/// the autosaved work rather than the link's original state.
pub fn clear_hash() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let (Ok(path), Ok(search)) = (location.pathname(), location.search()) else {
        return;
    };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}{search}")),
        );
    }
}

/// This page's address with `encoded` as the share hash.
pub fn share_url(encoded: &str) -> Option<String> {
    let location = web_sys::window()?.location();
    let origin = location.origin().ok()?;
    let path = location.pathname().ok()?;
    let search = location.search().ok()?;
    Some(format!("{origin}{path}{search}{SHARE_HASH}{encoded}"))
}

/// Puts `text` on the clipboard; false when the browser refuses (no permission, insecure
/// context), so the caller can show the text for copying by hand.
pub fn copy_to_clipboard(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    if !window.is_secure_context() {
        return false;
    }
    // The promise is not awaited: the link is also shown, so a late failure loses nothing.
    let _ = window.navigator().clipboard().write_text(text);
    true
}

/// Opens `url` in a new tab (the embed's "open in Ordinal").
pub fn open_in_new_tab(url: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.open_with_url_and_target(url, "_blank");
    }
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
