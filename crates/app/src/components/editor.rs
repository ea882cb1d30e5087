//! The manifest editor and its Apply button.

use leptos::prelude::*;

const WEB_YAML: &str = include_str!("../../../../tests/scenarios/web.yaml");

#[component]
pub fn Editor(
    on_apply: impl Fn(String) + 'static + Clone,
    message: RwSignal<String>,
) -> impl IntoView {
    let text = RwSignal::new(WEB_YAML.to_string());
    let apply = on_apply.clone();
    view! {
        <section class="panel editor" aria-label="Manifest editor">
            <div class="panel-head">
                <h2>"web.yaml"</h2>
                <button
                    class="primary"
                    data-testid="apply"
                    on:click=move |_| apply(text.get_untracked())
                >
                    "Apply"
                </button>
            </div>
            <textarea
                data-testid="editor"
                spellcheck="false"
                aria-label="YAML manifest"
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
            ></textarea>
            <pre class="apply-output" data-testid="apply-output">{move || message.get()}</pre>
        </section>
    }
}
