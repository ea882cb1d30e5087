//! The manifest editor: a textarea (CodeMirror replaces it once loaded) and the intake's
//! diagnostics as `line:col message` under it, recomputed as the user types.

use crate::browser;
use crate::context::AppContext;
use crate::i18n::Key;
use leptos::prelude::*;
use ordinal_api::{Diagnostic, Severity, parse_manifests};

#[component]
pub fn Editor() -> impl IntoView {
    let ctx = AppContext::get();
    let diagnostics: Memo<Vec<Diagnostic>> =
        Memo::new(move |_| ctx.manifest.with(|text| parse_manifests(text).diagnostics));
    let on_input = move |ev| {
        let text = event_target_value(&ev);
        browser::store_manifest(&text);
        ctx.manifest.set(text);
    };
    view! {
        <section class="panel editor" aria-labelledby="editor-title">
            <div class="panel-head">
                <h2 id="editor-title">{move || ctx.tr(Key::Manifest)}</h2>
                <span class="hint">{move || ctx.tr(Key::ApplyShortcut)}</span>
            </div>
            <textarea
                data-testid="editor"
                spellcheck="false"
                autocapitalize="off"
                aria-label=move || ctx.tr(Key::ManifestLabel)
                aria-describedby="editor-problems"
                prop:value=move || ctx.manifest.get()
                on:input=on_input
            ></textarea>
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
