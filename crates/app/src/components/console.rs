//! A kubectl terminal over `ordinal_kubectl::Shell`: an input line with ↑/↓ history and the
//! transcript of every command run, whether typed here or issued by a button.

use crate::browser;
use crate::context::AppContext;
use crate::i18n::Key;
use crate::state::ConsoleEntry;
use leptos::html;
use leptos::prelude::*;
use ordinal_kubectl::Output;

#[component]
pub fn ConsolePanel() -> impl IntoView {
    let ctx = AppContext::get();
    let line = RwSignal::new(String::new());
    // Position while browsing history with ↑/↓; `None` while editing a new line.
    let cursor: RwSignal<Option<usize>> = RwSignal::new(None);
    // Cloned only when a command or a background watch added (or Clear removed) entries, not
    // on every refresh.
    let version =
        Memo::new(move |_| ctx.with_fast(|p| (p.console.len(), p.console.last().map(|e| e.id))));
    let entries = Memo::new(move |_| {
        // Read, not just tracked: a memo only re-runs its subscribers once someone reads it.
        version.with(|_| ());
        ctx.playground.with_untracked(|p| p.console.clone())
    });
    let history =
        move || entries.with(|es| es.iter().map(|e| e.command.clone()).collect::<Vec<_>>());
    let output_ref = NodeRef::<html::Div>::new();

    // Keep the newest output in view.
    Effect::new(move |_| {
        entries.track();
        if let Some(el) = output_ref.get() {
            let top = el.scroll_height();
            if browser::prefers_reduced_motion() {
                el.set_scroll_top(top);
            } else {
                let opts = web_sys::ScrollToOptions::new();
                opts.set_top(f64::from(top));
                opts.set_behavior(web_sys::ScrollBehavior::Smooth);
                el.scroll_to_with_scroll_to_options(&opts);
            }
        }
    });

    let submit = move || {
        let command = line.get_untracked();
        if command.trim().is_empty() {
            return;
        }
        ctx.run(command.trim());
        line.set(String::new());
        cursor.set(None);
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let hist = history();
        match ev.key().as_str() {
            "Enter" if !ev.ctrl_key() && !ev.meta_key() => {
                ev.prevent_default();
                submit();
            }
            "ArrowUp" if !hist.is_empty() => {
                ev.prevent_default();
                let at = cursor
                    .get_untracked()
                    .map_or(hist.len() - 1, |i| i.saturating_sub(1));
                cursor.set(Some(at));
                line.set(hist[at].clone());
            }
            "ArrowDown" => {
                if let Some(i) = cursor.get_untracked() {
                    ev.prevent_default();
                    if i + 1 < hist.len() {
                        cursor.set(Some(i + 1));
                        line.set(hist[i + 1].clone());
                    } else {
                        cursor.set(None);
                        line.set(String::new());
                    }
                }
            }
            _ => {}
        }
    };

    view! {
        <section class="panel console" aria-labelledby="console-title">
            <div class="panel-head">
                <h2 id="console-title">{move || ctx.tr(Key::Console)}</h2>
                <button
                    class="text-button"
                    data-testid="console-clear"
                    on:click=move |_| ctx.playground.update(|p| p.clear_console())
                >
                    {move || ctx.tr(Key::Clear)}
                </button>
            </div>
            <div
                class="terminal"
                node_ref=output_ref
                data-testid="console-output"
                role="log"
                aria-live="polite"
                aria-labelledby="console-title"
                tabindex="0"
            >
                <For each=move || entries.get() key=|e| e.id let:entry>
                    <ConsoleEntryView entry=entry />
                </For>
            </div>
            <form
                class="prompt"
                on:submit=move |ev| {
                    ev.prevent_default();
                    submit();
                }
            >
                <span class="prompt-sign" aria-hidden="true">"$"</span>
                <input
                    type="text"
                    data-testid="console-input"
                    spellcheck="false"
                    autocomplete="off"
                    autocapitalize="off"
                    aria-label=move || ctx.tr(Key::ConsoleInput)
                    aria-describedby="console-hint"
                    placeholder=move || ctx.tr(Key::ConsolePlaceholder)
                    prop:value=move || line.get()
                    on:input=move |ev| {
                        line.set(event_target_value(&ev));
                        cursor.set(None);
                    }
                    on:keydown=on_keydown
                />
                <button type="submit">{move || ctx.tr(Key::Run)}</button>
            </form>
            <p id="console-hint" class="hint">{move || ctx.tr(Key::ConsoleHint)}</p>
        </section>
    }
}

#[component]
fn ConsoleEntryView(entry: ConsoleEntry) -> impl IntoView {
    let ctx = AppContext::get();
    let stdin_note = entry
        .stdin_from_editor
        .then(|| view! { <span class="stdin-note">{move || format!("  # {}", ctx.tr(Key::StdinFromEditor))}</span> });
    let failed = entry.output.exit_code != 0;
    // Rows from a background watch have no command line of their own.
    let command = (!entry.command.is_empty()).then(|| {
        view! {
            <div class="command">
                <span class="prompt-sign" aria-hidden="true">"$ "</span>
                {entry.command.clone()}
                {stdin_note}
            </div>
        }
    });
    let Output {
        stdout,
        stderr,
        stderr_first,
        ..
    } = entry.output;
    let stdout = (!stdout.is_empty()).then(|| view! { <pre class="stdout">{stdout}</pre> });
    let stderr = (!stderr.is_empty()).then(|| view! { <pre class="stderr">{stderr}</pre> });
    // A terminal shows the streams in the order they were written.
    let streams = if stderr_first {
        view! { {stderr} {stdout} }.into_any()
    } else {
        view! { {stdout} {stderr} }.into_any()
    };
    view! {
        <div class="entry" class:failed=failed class:background=entry.command.is_empty()>
            {command}
            {streams}
        </div>
    }
}
