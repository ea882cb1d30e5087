//! The guided scenarios panel: pick a tutorial, read each short step, and press its button to
//! load the manifest into the editor or run the kubectl command in the console.

use crate::browser;
use crate::context::AppContext;
use crate::i18n::Key;
use crate::scenarios::{Action, SCENARIOS, Scenario, Step};
use leptos::prelude::*;

#[component]
pub fn GuidePanel() -> impl IntoView {
    let ctx = AppContext::get();
    let scenario = move || ctx.scenario.get().and_then(crate::scenarios::find);
    let on_pick = move |ev| {
        let id = event_target_value(&ev);
        let picked = crate::scenarios::find(&id).map(|s| s.id);
        browser::store_scenario(picked.unwrap_or(""));
        ctx.scenario.set(picked);
        ctx.next_step.set(0);
    };
    view! {
        <section class="panel guide" aria-labelledby="guide-title" data-testid="guide">
            <div class="panel-head">
                <h2 id="guide-title">{move || ctx.tr(Key::Guide)}</h2>
                <label>
                    <span class="visually-hidden">{move || ctx.tr(Key::ChooseScenario)}</span>
                    <select data-testid="scenario-select" on:change=on_pick>
                        <option value="" selected=move || ctx.scenario.get().is_none()>
                            {move || ctx.tr(Key::FreePlay)}
                        </option>
                        {SCENARIOS
                            .iter()
                            .map(|s| {
                                view! {
                                    <option value=s.id selected=move || ctx.scenario.get() == Some(s.id)>
                                        {move || s.title.get(ctx.lang.get())}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
            </div>
            {move || match scenario() {
                None => view! { <p class="empty">{move || ctx.tr(Key::GuideIntro)}</p> }.into_any(),
                Some(s) => view! { <Steps scenario=s /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Steps(scenario: &'static Scenario) -> impl IntoView {
    let ctx = AppContext::get();
    view! {
        <p class="summary" data-testid="scenario-summary">
            {move || scenario.summary.get(ctx.lang.get())}
        </p>
        <ol class="steps" data-testid=format!("steps-{}", scenario.id)>
            {scenario
                .steps
                .iter()
                .enumerate()
                .map(|(index, step)| view! { <StepItem index=index step=*step /> })
                .collect_view()}
        </ol>
    }
}

#[component]
fn StepItem(index: usize, step: Step) -> impl IntoView {
    let ctx = AppContext::get();
    let state = move || {
        let next = ctx.next_step.get();
        if index < next {
            "done"
        } else if index == next {
            "current"
        } else {
            "todo"
        }
    };
    let on_click = move |_| {
        match step.action {
            Action::Load(text) => {
                browser::store_manifest(text);
                ctx.manifest.set(text.to_string());
            }
            Action::Run(line) => {
                // A step runs at the end of history and lets time flow, as the console does.
                ctx.playing.set(true);
                ctx.run(line);
            }
        }
        ctx.next_step.set(index + 1);
    };
    let command = match step.action {
        Action::Run(line) => Some(view! { <code class="step-command">{line}</code> }),
        Action::Load(_) => None,
    };
    let label = move || {
        ctx.tr(match step.action {
            Action::Load(_) => Key::LoadStep,
            Action::Run(_) => Key::RunStep,
        })
    };
    view! {
        <li
            class=move || format!("step {}", state())
            data-testid=format!("step-{index}")
            data-state=state
            aria-current=move || (state() == "current").then_some("step")
        >
            <p>{move || step.text.get(ctx.lang.get())}</p>
            {command}
            <button
                class=move || if state() == "current" { "primary small" } else { "small" }
                data-testid=format!("run-step-{index}")
                on:click=on_click
            >
                {label}
            </button>
        </li>
    }
}
