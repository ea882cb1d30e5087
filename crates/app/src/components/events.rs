//! The events panel, two tabs: the `kubectl get pods -w` transcript built from the sim's watch
//! log (stamped with virtual time), and the cluster's Events as `kubectl get events` lists them.

use crate::context::AppContext;
use crate::i18n::Key;
use crate::snapshot::{self, EventRow, WatchRow};
use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Watch,
    Events,
}

#[component]
pub fn EventsPanel() -> impl IntoView {
    let ctx = AppContext::get();
    let tab = RwSignal::new(Tab::Watch);
    let tab_button = move |which: Tab, key: Key, command: &'static str| {
        let id = match which {
            Tab::Watch => "tab-watch",
            Tab::Events => "tab-events",
        };
        view! {
            <button
                role="tab"
                id=id
                class="tab"
                aria-selected=move || (tab.get() == which).to_string()
                aria-controls="events-tabpanel"
                tabindex=move || if tab.get() == which { "0" } else { "-1" }
                data-testid=id
                on:click=move |_| tab.set(which)
            >
                {move || ctx.tr(key)}
                <code class="tab-command">{command}</code>
            </button>
        }
    };
    // Arrow keys move between tabs, as the WAI-ARIA tabs pattern expects.
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if matches!(ev.key().as_str(), "ArrowLeft" | "ArrowRight") {
            ev.prevent_default();
            let next = if tab.get_untracked() == Tab::Watch {
                Tab::Events
            } else {
                Tab::Watch
            };
            tab.set(next);
            let id = if next == Tab::Watch {
                "tab-watch"
            } else {
                "tab-events"
            };
            if let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(id))
                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
            {
                let _ = el.focus();
            }
        }
    };
    view! {
        <section class="panel events" aria-labelledby="events-title">
            <div class="panel-head">
                <h2 id="events-title">{move || ctx.tr(Key::Events)}</h2>
                <div class="tabs" role="tablist" aria-labelledby="events-title" on:keydown=on_keydown>
                    {tab_button(Tab::Watch, Key::PodWatch, "get pods -w")}
                    {tab_button(Tab::Events, Key::ClusterEvents, "get events")}
                </div>
            </div>
            <div
                id="events-tabpanel"
                role="tabpanel"
                aria-labelledby=move || if tab.get() == Tab::Watch { "tab-watch" } else { "tab-events" }
            >
                {move || match tab.get() {
                    Tab::Watch => view! { <WatchTable /> }.into_any(),
                    Tab::Events => view! { <EventsTable /> }.into_any(),
                }}
            </div>
        </section>
    }
}

#[component]
fn WatchTable() -> impl IntoView {
    let ctx = AppContext::get();
    let rows: Memo<Vec<WatchRow>> = Memo::new(move |_| {
        ctx.with_slow(|p| ctx.measured("watch", || snapshot::watch(p.cluster())))
    });
    view! {
        <Show
            when=move || rows.with(|r| !r.is_empty())
            fallback=move || view! { <p class="empty">{move || ctx.tr(Key::NoEvents)}</p> }
        >
            <div class="table-scroll" tabindex="0" role="region" aria-label=move || ctx.tr(Key::PodWatch)>
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
    }
}

#[component]
fn EventsTable() -> impl IntoView {
    let ctx = AppContext::get();
    let rows: Memo<Vec<EventRow>> = Memo::new(move |_| {
        ctx.with_slow(|p| ctx.measured("events", || snapshot::events(p.cluster())))
    });
    view! {
        <Show
            when=move || rows.with(|r| !r.is_empty())
            fallback=move || view! { <p class="empty">{move || ctx.tr(Key::NoEvents)}</p> }
        >
            <div class="table-scroll" tabindex="0" role="region" aria-label=move || ctx.tr(Key::ClusterEvents)>
                <table class="watch kube-events" data-testid="kube-events">
                    <thead>
                        <tr>
                            <th scope="col">"LAST SEEN"</th>
                            <th scope="col">"TYPE"</th>
                            <th scope="col">"REASON"</th>
                            <th scope="col">"OBJECT"</th>
                            <th scope="col">"MESSAGE"</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || rows.get() key=|r| r.clone() let:row>
                            <tr class:warning=row.type_ == "Warning">
                                <td class="time">{row.last_seen}</td>
                                <td>{row.type_}</td>
                                <td>{row.reason}</td>
                                <td>{row.object}</td>
                                <td class="message">
                                    {row.message}
                                    {(row.count > 1).then(|| format!(" (×{})", row.count))}
                                </td>
                            </tr>
                        </For>
                    </tbody>
                </table>
            </div>
        </Show>
    }
}
