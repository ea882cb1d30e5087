//! The bridge to the CodeMirror bundle (`crates/app/js/editor.js`, built into
//! `web/vendor/editor.js`): lazy loading, and diagnostics converted to CodeMirror ranges.
//! If the bundle is missing or fails to load, the textarea simply stays.
//!
//! Also loads the schema descriptions (completion details, `kubectl explain` in the console),
//! which are a file beside the app rather than part of its wasm: on the first focus anywhere
//! in the page, i.e. before anyone can type, but after the first load.

use ordinal_api::{Diagnostic, Severity};
use wasm_bindgen::prelude::*;

// The dynamic import is resolved against the page, not against this snippet's own URL.
#[wasm_bindgen(
    inline_js = "export function mountEditor(parent, text, onChange, label, complete, onReady) { \
    import(new URL('vendor/editor.js', document.baseURI).href).then( \
        (m) => { m.create(parent, text, onChange, label, complete); onReady(m); }, \
        (e) => console.info('Ordinal: editor bundle not loaded; keeping the text area.', e)); }"
)]
extern "C" {
    #[wasm_bindgen(js_name = mountEditor)]
    fn mount_editor(
        parent: &web_sys::HtmlElement,
        text: &str,
        on_change: &JsValue,
        label: &str,
        complete: &JsValue,
        on_ready: &JsValue,
    );
}

// `focusin` bubbles, so this fires for the editor, the console and any control alike.
#[wasm_bindgen(inline_js = "export function onFirstFocusFetch(path, install) { \
    document.addEventListener('focusin', () => \
        fetch(new URL(path, document.baseURI).href) \
            .then((r) => (r.ok ? r.text() : Promise.reject(r.status))) \
            .then((text) => install(text)) \
            .catch((e) => console.info('Ordinal: ' + path + ' not loaded; descriptions stay empty.', e)), \
        { once: true }); }")]
extern "C" {
    #[wasm_bindgen(js_name = onFirstFocusFetch)]
    fn on_first_focus_fetch(path: &str, install: &JsValue);
}

#[wasm_bindgen]
extern "C" {
    /// The loaded ES module's namespace object.
    pub type EditorModule;

    #[wasm_bindgen(method, js_name = setDiagnostics)]
    fn set_diagnostics(this: &EditorModule, list: &js_sys::Array);

    /// Replaces the text unless it is already the same (so typing does not loop back).
    #[wasm_bindgen(method, js_name = setText)]
    pub fn set_text(this: &EditorModule, text: &str);
}

/// Loads the bundle and mounts an editor in `parent`; `on_change` gets the text after each
/// edit, `on_ready` the module once it is mounted. If the bundle cannot be loaded, neither is
/// called and the page keeps its text area.
pub fn mount(
    parent: &web_sys::HtmlElement,
    text: &str,
    label: &str,
    on_change: impl FnMut(String) + 'static,
    on_ready: impl FnOnce(EditorModule) + 'static,
) {
    // One editor per page for the page's lifetime, so the callbacks are deliberately leaked.
    let on_change = Closure::<dyn FnMut(String)>::new(on_change).into_js_value();
    let complete =
        Closure::<dyn Fn(String, u32) -> js_sys::Array>::new(completions).into_js_value();
    let on_ready = Closure::once_into_js(move |module: JsValue| {
        on_ready(module.unchecked_into::<EditorModule>());
    });
    mount_editor(parent, text, &on_change, label, &complete, &on_ready);
    load_descriptions_on_first_focus();
}

/// Arranges for the schema descriptions to be fetched and installed on the first focus in
/// the page. A file from another build is refused by the api crate (the error is thrown into
/// the promise chain above, which logs it).
fn load_descriptions_on_first_focus() {
    let install = Closure::once_into_js(|text: String| -> Result<(), JsValue> {
        ordinal_api::schema::descriptions::install(&text).map_err(|e| JsValue::from_str(&e))
    });
    on_first_focus_fetch(ordinal_api::schema::descriptions::FILE_NAME, &install);
}

/// Completion candidates for CodeMirror, from the api crate's schema-aware `complete`.
fn completions(text: String, utf16_pos: u32) -> js_sys::Array {
    let cursor = char_offset(&text, utf16_pos as usize);
    let list = js_sys::Array::new();
    for c in ordinal_api::complete::complete(&text, cursor) {
        list.push(&js_object(&[
            ("label", JsValue::from_str(&c.label)),
            ("detail", JsValue::from_str(&c.detail)),
            ("info", JsValue::from_str(&c.description)),
        ]));
    }
    list
}

fn js_object(fields: &[(&str, JsValue)]) -> js_sys::Object {
    let object = js_sys::Object::new();
    for (key, value) in fields {
        // Setting a property on a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object
}

/// The char offset of UTF-16 offset `units` in `text` (CodeMirror positions to api positions).
pub fn char_offset(text: &str, units: usize) -> usize {
    let mut seen = 0;
    for (i, c) in text.chars().enumerate() {
        if seen >= units {
            return i;
        }
        seen += c.len_utf16();
    }
    text.chars().count()
}

/// Shows `diagnostics` (whose spans count chars in `text`) as squiggles.
pub fn show_diagnostics(module: &EditorModule, text: &str, diagnostics: &[Diagnostic]) {
    let list = js_sys::Array::new();
    for d in diagnostics {
        let (from, to) = utf16_range(text, d.span.start, d.span.end);
        let severity = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let message = match &d.suggestion {
            Some(s) => format!("{} (did you mean {s:?}?)", d.message),
            None => d.message.clone(),
        };
        list.push(&js_object(&[
            ("from", JsValue::from(from as f64)),
            ("to", JsValue::from(to as f64)),
            ("severity", JsValue::from_str(severity)),
            ("message", JsValue::from_str(&message)),
        ]));
    }
    module.set_diagnostics(&list);
}

/// CodeMirror counts UTF-16 units; spans count chars. An empty span is widened to the end of
/// its line so the squiggle is visible.
pub fn utf16_range(text: &str, start: usize, end: usize) -> (usize, usize) {
    let mut from = None;
    let mut to = None;
    let mut units = 0;
    let mut line_end = None;
    for (i, c) in text.chars().enumerate() {
        if i == start {
            from = Some(units);
        }
        if i == end {
            to = Some(units);
        }
        if i >= start && line_end.is_none() && c == '\n' {
            line_end = Some(units);
        }
        units += c.len_utf16();
    }
    let from = from.unwrap_or(units);
    let to = to.unwrap_or(units);
    if to > from {
        (from, to)
    } else {
        (from, line_end.unwrap_or(units).max(from))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_offsets_are_unchanged() {
        assert_eq!(utf16_range("kind: Pod\n", 6, 9), (6, 9));
    }

    #[test]
    fn astral_chars_count_two_units() {
        // "😀" is one char but two UTF-16 units.
        assert_eq!(utf16_range("a: 😀\nb: x", 6, 7), (7, 8));
    }

    #[test]
    fn utf16_positions_map_back_to_chars() {
        let text = "a: 😀\nb: x";
        assert_eq!(char_offset(text, 3), 3);
        assert_eq!(char_offset(text, 5), 4, "after the emoji");
        assert_eq!(char_offset(text, 99), text.chars().count());
    }

    #[test]
    fn empty_span_widens_to_end_of_line() {
        assert_eq!(utf16_range("replica: 3\nkind: x", 0, 0), (0, 10));
        assert_eq!(utf16_range("abc", 3, 3), (3, 3));
    }
}
