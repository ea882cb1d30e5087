//! The status panel: each StatefulSet's spec.replicas against its status fields, and the
//! current / update revisions that drive rolling updates.

use crate::context::AppContext;
use crate::i18n::Key;
use crate::snapshot::{self, SetView};
use leptos::prelude::*;

#[component]
pub fn StatusPanel() -> impl IntoView {
    let ctx = AppContext::get();
    let sets: Memo<Vec<SetView>> =
        Memo::new(move |_| ctx.with_slow(|p| ctx.measured("sets", || snapshot::sets(p.cluster()))));
    view! {
        <section class="panel status" aria-labelledby="status-title">
            <div class="panel-head">
                <h2 id="status-title">{move || ctx.tr(Key::Status)}</h2>
            </div>
            <Show
                when=move || sets.with(|s| !s.is_empty())
                fallback=move || view! { <p class="empty">{move || ctx.tr(Key::NoSetYet)}</p> }
            >
                <For each=move || sets.get() key=|s| s.clone() let:set>
                    <SetStatus set=set />
                </For>
            </Show>
        </section>
    }
}

#[component]
fn SetStatus(set: SetView) -> impl IntoView {
    let ctx = AppContext::get();
    let opt = |v: Option<String>| v.unwrap_or_else(|| "—".into());
    let generation = format!(
        "{} / {}",
        opt(set.observed_generation.map(|g| g.to_string())),
        opt(set.generation.map(|g| g.to_string()))
    );
    let rows: Vec<(Key, &'static str, String)> = vec![
        (Key::Desired, "spec.replicas", set.desired.to_string()),
        (Key::Replicas, "replicas", set.replicas.to_string()),
        (Key::Ready, "readyReplicas", set.ready.to_string()),
        (Key::Current, "currentReplicas", set.current.to_string()),
        (Key::Updated, "updatedReplicas", set.updated.to_string()),
        (
            Key::Available,
            "availableReplicas",
            set.available.to_string(),
        ),
        (
            Key::CurrentRevision,
            "currentRevision",
            opt(set.current_revision.clone()),
        ),
        (
            Key::UpdateRevision,
            "updateRevision",
            opt(set.update_revision.clone()),
        ),
        (Key::ObservedGeneration, "observedGeneration", generation),
    ];
    let settled = set.ready == set.desired && set.updated == set.desired;
    view! {
        <div class="set-status" data-testid="set-status" data-name=set.name.clone() data-namespace=set.namespace.clone()>
            <h3>
                <code>
                    {if set.namespace == "default" {
                        format!("statefulset/{}", set.name)
                    } else {
                        format!("{}/statefulset/{}", set.namespace, set.name)
                    }}
                </code>
                <span class=if settled { "badge tone-ok" } else { "badge tone-progress" }>
                    {format!("{}/{}", set.ready, set.desired)}
                </span>
            </h3>
            <dl class="fields">
                {rows
                    .into_iter()
                    .map(|(key, field, value)| {
                        view! {
                            <div>
                                <dt>
                                    {move || ctx.tr(key)}
                                    <code class="field">{field}</code>
                                </dt>
                                <dd>{value}</dd>
                            </div>
                        }
                    })
                    .collect_view()}
            </dl>
            {(!set.waiting.is_empty())
                .then(|| {
                    view! {
                        <ul class="why" data-testid="set-why">
                            {set.waiting.iter().map(|m| view! { <li>{m.clone()}</li> }).collect_view()}
                        </ul>
                    }
                })}
        </div>
    }
}
