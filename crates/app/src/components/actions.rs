//! The actions bar. Each button builds the kubectl command it stands for (`commands`) and runs
//! it through the same shell as the console, so the console shows exactly what happened.

use crate::commands;
use crate::context::AppContext;
use crate::i18n::Key;
use crate::snapshot::{self, SetView};
use leptos::prelude::*;

#[component]
pub fn ActionsBar() -> impl IntoView {
    let ctx = AppContext::get();
    // The StatefulSet the buttons act on: the first one applied.
    let set: Memo<Option<SetView>> = Memo::new(move |_| {
        ctx.playground
            .with(|p| snapshot::sets(p.cluster()).into_iter().next())
    });
    let disabled = move || set.with(Option::is_none);
    // (namespace, name): the buttons name the namespace when it is not `default`.
    let set_name = move || set.with(|s| s.as_ref().map(|s| (s.namespace.clone(), s.name.clone())));

    let replicas = RwSignal::new(String::new());
    let image = RwSignal::new(String::new());
    // Follow the cluster when the spec changes (after a scale, an apply, a reset), but not on
    // every status change, so a half-typed value is not overwritten.
    let spec_desired = Memo::new(move |_| set.with(|s| s.as_ref().map(|s| s.desired)));
    let spec_image = Memo::new(move |_| {
        set.with(|s| {
            s.as_ref()
                .and_then(|s| s.container.as_ref().map(|c| c.1.clone()))
        })
    });
    Effect::new(move |_| {
        replicas.set(
            spec_desired
                .get()
                .map(|n| n.to_string())
                .unwrap_or_default(),
        )
    });
    Effect::new(move |_| image.set(spec_image.get().unwrap_or_default()));

    let scale_to = move |n: i64| {
        if let Some((namespace, name)) = set_name() {
            ctx.run(&commands::scale(
                &namespace,
                &name,
                n.clamp(0, i64::from(u32::MAX)) as u32,
            ));
        }
    };
    let desired = move || set.with(|s| s.as_ref().map_or(0, |s| i64::from(s.desired)));
    let update_image = move || {
        let container = set.with(|s| s.as_ref().and_then(|s| s.container.clone()));
        if let (Some((namespace, name)), Some((container, _))) = (set_name(), container) {
            let image = image.get_untracked();
            if !image.trim().is_empty() {
                ctx.run(&commands::set_image(
                    &namespace,
                    &name,
                    &container,
                    image.trim(),
                ));
            }
        }
    };

    view! {
        <nav class="actions" aria-label=move || ctx.tr(Key::Actions)>
            <button
                class="primary"
                data-testid="apply"
                title=move || ctx.tr(Key::ApplyShortcut)
                on:click=move |_| ctx.apply()
            >
                {move || ctx.tr(Key::Apply)}
                <kbd aria-hidden="true">"Ctrl+↵"</kbd>
            </button>
            <fieldset class="group" disabled=disabled title=move || disabled().then(|| ctx.tr(Key::NoStatefulSet))>
                <legend class="visually-hidden">{move || ctx.tr(Key::Replicas)}</legend>
                <span class="group-label" aria-hidden="true">{move || ctx.tr(Key::Replicas)}</span>
                <button
                    class="icon-button"
                    data-testid="scale-down"
                    aria-label=move || ctx.tr(Key::ScaleDown)
                    title=move || ctx.tr(Key::ScaleDown)
                    on:click=move |_| scale_to(desired() - 1)
                >
                    "−"
                </button>
                <input
                    type="number"
                    min="0"
                    inputmode="numeric"
                    class="replicas"
                    data-testid="replicas"
                    aria-label=move || ctx.tr(Key::Replicas)
                    prop:value=move || replicas.get()
                    on:input=move |ev| replicas.set(event_target_value(&ev))
                    on:change=move |ev| {
                        if let Ok(n) = event_target_value(&ev).trim().parse::<i64>() {
                            scale_to(n);
                        }
                    }
                />
                <button
                    class="icon-button"
                    data-testid="scale-up"
                    aria-label=move || ctx.tr(Key::ScaleUp)
                    title=move || ctx.tr(Key::ScaleUp)
                    on:click=move |_| scale_to(desired() + 1)
                >
                    "+"
                </button>
            </fieldset>
            <form
                class="group image"
                on:submit=move |ev| {
                    ev.prevent_default();
                    update_image();
                }
            >
                <fieldset class="group" disabled=disabled>
                    <legend class="visually-hidden">{move || ctx.tr(Key::Image)}</legend>
                    <input
                        type="text"
                        class="image-input"
                        data-testid="image"
                        spellcheck="false"
                        autocomplete="off"
                        aria-label=move || ctx.tr(Key::Image)
                        prop:value=move || image.get()
                        on:input=move |ev| image.set(event_target_value(&ev))
                    />
                    <button type="submit" data-testid="update-image">
                        {move || ctx.tr(Key::UpdateImage)}
                    </button>
                </fieldset>
            </form>
            <button
                data-testid="rollback"
                disabled=disabled
                on:click=move |_| {
                    if let Some((namespace, name)) = set_name() {
                        ctx.run(&commands::rollback(&namespace, &name));
                    }
                }
            >
                {move || ctx.tr(Key::Rollback)}
            </button>
            <button
                class="danger"
                data-testid="reset"
                on:click=move |_| ctx.playground.update(|p| p.reset())
            >
                {move || ctx.tr(Key::Reset)}
            </button>
        </nav>
    }
}
