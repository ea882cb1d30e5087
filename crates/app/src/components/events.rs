//! The events panel: the `kubectl get pods -w` transcript, built from the sim's watch log and
//! stamped with virtual time.

use crate::context::AppContext;
use crate::i18n::Key;
use crate::snapshot::{self, WatchRow};
use leptos::prelude::*;

#[component]
pub fn EventsPanel() -> impl IntoView {
    let ctx = AppContext::get();
    let rows: Memo<Vec<WatchRow>> =
        Memo::new(move |_| ctx.playground.with(|p| snapshot::watch(p.cluster())));
    view! {
        <section class="panel events" aria-labelledby="events-title">
            <div class="panel-head">
                <h2 id="events-title">{move || ctx.tr(Key::Events)}</h2>
                <code class="hint">"kubectl get pods -w"</code>
            </div>
            <Show
                when=move || rows.with(|r| !r.is_empty())
                fallback=move || view! { <p class="empty">{move || ctx.tr(Key::NoEvents)}</p> }
            >
                <div class="watch-scroll" tabindex="0" role="region" aria-labelledby="events-title">
                    <table class="watch" data-testid="watch">
                        <thead>
                            <tr>
                                <th scope="col">{move || ctx.tr(Key::Time)}</th>
                                <th scope="col">"NAME"</th>
                                <th scope="col">"READY"</th>
                                <th scope="col">"STATUS"</th>
                                <th scope="col">"RESTARTS"</th>
                                <th scope="col">"AGE"</th>
                            </tr>
                        </thead>
                        <tbody>
                            <For each=move || rows.get() key=|r| r.seq let:row>
                                <tr class:deleted=row.deleted>
                                    <td class="time">{row.time.to_string()}</td>
                                    <td>{row.name}</td>
                                    <td>{row.ready}</td>
                                    <td>{row.status}</td>
                                    <td>{row.restarts}</td>
                                    <td>{row.age}</td>
                                </tr>
                            </For>
                        </tbody>
                    </table>
                </div>
            </Show>
        </section>
    }
}
