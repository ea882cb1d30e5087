//! The manifest editor: a textarea (CodeMirror replaces it once loaded) and the intake's
//! diagnostics as `line:col message` under it, recomputed as the user types.

use crate::browser;
use crate::code_editor::{self, EditorModule};
use crate::context::AppContext;
use crate::i18n::Key;
use leptos::html;
use leptos::prelude::*;
use ordinal_api::{Diagnostic, Severity, parse_manifests};

#[component]
pub fn Editor() -> impl IntoView {
    let ctx = AppContext::get();
    let diagnostics: Memo<Vec<Diagnostic>> =
        Memo::new(move |_| ctx.manifest.with(|text| parse_manifests(text).diagnostics));
    let set_text = move |text: String| {
        browser::store_manifest(&text);
        ctx.manifest.set(text);
    };
    let on_input = move |ev| set_text(event_target_value(&ev));

    // CodeMirror loads after first paint; until then (or if it never loads) the textarea works.
    let host = NodeRef::<html::Div>::new();
    let module: StoredValue<Option<EditorModule>, LocalStorage> = StoredValue::new_local(None);
    let loaded = RwSignal::new(false);
    Effect::new(move |started: Option<bool>| {
        if started == Some(true) {
            return true;
        }
        let Some(el) = host.get() else { return false };
        let text = ctx.manifest.get_untracked();
        let label = t_untracked(ctx, Key::ManifestLabel);
        code_editor::mount(&el, &text, label, set_text, move |m| {
            module.set_value(Some(m));
            loaded.set(true);
        });
        true
    });
    // Text set from outside the editor (a guided step, a restored session) reaches CodeMirror.
    Effect::new(move |_| {
        let text = ctx.manifest.get();
        if loaded.get() {
            module.with_value(|m| {
                if let Some(m) = m {
                    m.set_text(&text);
                }
            });
        }
    });
    Effect::new(move |_| {
        let list = diagnostics.get();
        if loaded.get() {
            module.with_value(|m| {
                if let Some(m) = m {
                    ctx.manifest
                        .with_untracked(|text| code_editor::show_diagnostics(m, text, &list));
                }
            });
        }
    });
    view! {
        <section class="panel editor" aria-labelledby="editor-title">
            <div class="panel-head">
                <h2 id="editor-title">{move || ctx.tr(Key::Manifest)}</h2>
                <span class="hint">{move || ctx.tr(Key::ApplyShortcut)}</span>
            </div>
            <div class="cm-host" node_ref=host></div>
            <Show when=move || !loaded.get()>
                <textarea
                    data-testid="editor"
                    spellcheck="false"
                    autocapitalize="off"
                    aria-label=move || ctx.tr(Key::ManifestLabel)
                    aria-describedby="editor-problems"
                    prop:value=move || ctx.manifest.get()
                    on:input=on_input
                ></textarea>
            </Show>
            <div id="editor-problems" class="problems" data-testid="problems" aria-live="polite">
                {move || {
                    diagnostics
                        .with(|ds| {
                            if ds.is_empty() {
                                view! {
                                    <p class="ok-line">
                                        <span aria-hidden="true">"✓ "</span>
                                        {ctx.tr(Key::NoProblems)}
                                    </p>
                                }
                                    .into_any()
                            } else {
                                view! {
                                    <ul aria-label=ctx.tr(Key::ProblemsFound)>
                                        {ds.iter().map(problem).collect_view()}
                                    </ul>
                                }
                                    .into_any()
                            }
                        })
                }}
            </div>
        </section>
    }
}

fn t_untracked(ctx: AppContext, key: Key) -> &'static str {
    crate::i18n::t(ctx.lang.get_untracked(), key)
}

fn problem(d: &Diagnostic) -> impl IntoView + use<> {
    let class = match d.severity {
        Severity::Error => "problem error",
        Severity::Warning => "problem warning",
    };
    let icon = match d.severity {
        Severity::Error => "✕",
        Severity::Warning => "⚠",
    };
    let suggestion = d
        .suggestion
        .as_ref()
        .map(|s| view! { <span class="suggestion">{format!(" → {s}")}</span> });
    view! {
        <li class=class>
            <span class="icon" aria-hidden="true">{icon}</span>
            <code class="where">{format!("{}:{}", d.span.line, d.span.column)}</code>
            <span class="message">{d.message.clone()}</span>
            {suggestion}
        </li>
    }
}
