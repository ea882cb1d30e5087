//! The pods panel: one card per pod, grouped by owner and in ordinal order, with its owner,
//! status, readiness, revision, node, IP, restarts and age, and a Delete button
//! (`kubectl delete pod NAME`).

use super::pod_grid::PodGrid;
use crate::commands;
use crate::context::AppContext;
use crate::i18n::Key;
use crate::snapshot::{self, PodView};
use leptos::prelude::*;

/// The icon and colour class for a kubectl STATUS value.
pub(super) fn status_look(status: &str) -> (&'static str, &'static str) {
    match status {
        "Running" => ("●", "ok"),
        "Pending" | "ContainerCreating" | "PodInitializing" => ("◐", "progress"),
        "Terminating" => ("◌", "leaving"),
        "Completed" | "Succeeded" => ("✓", "done"),
        _ => ("✕", "bad"),
    }
}

/// A missing value (not scheduled yet, no revision label).
fn dash(value: &Option<String>) -> String {
    value.clone().unwrap_or_else(|| "—".into())
}

/// Above this many pods the panel shows a compact grid of cells (still in order and coloured
/// by status) instead of full cards: a thousand cards cannot refresh within a frame.
const COMPACT_AT: usize = 48;

#[component]
pub fn PodsPanel() -> impl IntoView {
    let ctx = AppContext::get();
    let count = Memo::new(move |_| ctx.with_fast(|p| snapshot::pod_count(p.cluster())));
    let compact = Memo::new(move |_| count.get() > COMPACT_AT);
    // Only one of the two views is built: full cards for a few pods, cells for many.
    let pods: Memo<Vec<PodView>> = Memo::new(move |_| {
        if compact.get() {
            Vec::new()
        } else {
            ctx.with_fast(|p| ctx.measured("pods", || snapshot::pods(p.cluster())))
        }
    });
    // (namespace, name): the ZooKeeper tutorial's pods live in their own namespace.
    let names = Memo::new(move |_| {
        pods.with(|ps| {
            ps.iter()
                .map(|p| (p.namespace.clone(), p.name.clone()))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="panel pods" aria-labelledby="pods-title">
            <div class="panel-head">
                <h2 id="pods-title">
                    {move || ctx.tr(Key::Pods)}
                    <span class="count">{move || count.get()}</span>
                </h2>
            </div>
            <Show when=move || count.get() == 0>
                <p class="empty">{move || ctx.tr(Key::NoPods)}</p>
            </Show>
            <Show
                when=move || compact.get()
                fallback=move || {
                    view! {
                        <ul class="pod-list" data-testid="pods">
                            // Keyed by name so a card stays put and its colour can transition.
                            <For each=move || names.get() key=Clone::clone let:id>
                                <PodCard namespace=id.0 name=id.1 pods=pods />
                            </For>
                        </ul>
                    }
                }
            >
                <PodGrid />
            </Show>
        </section>
    }
}

#[component]
fn PodCard(namespace: String, name: String, pods: Memo<Vec<PodView>>) -> impl IntoView {
    let ctx = AppContext::get();
    let pod = {
        let (namespace, name) = (namespace.clone(), name.clone());
        Memo::new(move |_| {
            pods.with(|ps| {
                ps.iter()
                    .find(|p| p.name == name && p.namespace == namespace)
                    .cloned()
            })
        })
    };
    let field = move |f: fn(&PodView) -> String| {
        move || pod.with(|p| p.as_ref().map(f).unwrap_or_default())
    };
    let status = field(|p| p.status.clone());
    let owner = field(|p| p.owner.clone().unwrap_or_default());
    // Outside `default` the card names the namespace before the owner.
    let owner_line = field(|p| {
        let owner = p.owner.clone().unwrap_or_default();
        if p.namespace == "default" {
            owner
        } else {
            format!("{} · {owner}", p.namespace)
        }
    });
    let look = move || pod.with(|p| status_look(p.as_ref().map_or("", |p| p.status.as_str())));
    let delete_name = name.clone();
    view! {
        <li
            class=move || format!("pod tone-{}", look().1)
            data-testid="pod"
            data-name=name.clone()
            data-namespace=namespace.clone()
            data-status=status
            data-owner=owner
            data-revision=field(|p| p.revision.clone().unwrap_or_default())
        >
            <div class="pod-head">
                <span class="pod-name">{name.clone()}</span>
                <button
                    class="text-button delete"
                    data-testid="delete-pod"
                    title=move || ctx.tr(Key::DeletePod)
                    aria-label=move || format!("{} {}", ctx.tr(Key::DeletePod), delete_name)
                    on:click={
                        let (namespace, name) = (namespace.clone(), name.clone());
                        move |_| ctx.run(&commands::delete_pod(&namespace, &name))
                    }
                >
                    {move || ctx.tr(Key::Delete)}
                </button>
            </div>
            // Which controller made the pod: StatefulSet pods sit beside a ReplicaSet's.
            <div class="pod-owner" data-testid="pod-owner">{owner_line}</div>
            <div class="pod-tools" role="group" aria-label=move || ctx.tr(Key::InspectPod)>
                {[
                    ("describe", commands::describe_pod as fn(&str, &str) -> String),
                    ("yaml", commands::pod_yaml),
                    ("logs", commands::pod_logs),
                    ("exec", commands::pod_exec_ls),
                ]
                    .into_iter()
                    .map(|(label, command)| {
                        let line = command(&namespace, &name);
                        view! {
                            <button
                                class="text-button small"
                                data-testid=format!("pod-{label}")
                                title=line.clone()
                                on:click=move |_| ctx.run(&line)
                            >
                                {label}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <div class="pod-status">
                <span class="status-icon" aria-hidden="true">{move || look().0}</span>
                {status}
            </div>
            <dl class="pod-facts">
                <div><dt>{move || ctx.tr(Key::Ready)}</dt><dd>{field(|p| p.ready.clone())}</dd></div>
                <div><dt>{move || ctx.tr(Key::Restarts)}</dt><dd>{field(|p| p.restarts.to_string())}</dd></div>
                <div><dt>{move || ctx.tr(Key::Age)}</dt><dd>{field(|p| p.age.clone())}</dd></div>
                <div><dt>{move || ctx.tr(Key::Node)}</dt><dd>{field(|p| dash(&p.node))}</dd></div>
                <div><dt>{move || ctx.tr(Key::Ip)}</dt><dd>{field(|p| dash(&p.ip))}</dd></div>
                <div><dt>{move || ctx.tr(Key::Revision)}</dt><dd title=field(|p| dash(&p.revision))>{field(|p| dash(&p.short_revision()))}</dd></div>
            </dl>
            <Show when=move || pod.with(|p| p.as_ref().is_some_and(|p| !p.waiting.is_empty()))>
                <ul class="why" data-testid="pod-why">
                    {move || {
                        pod.with(|p| {
                            p.iter()
                                .flat_map(|p| p.waiting.iter())
                                .map(|m| view! { <li>{m.clone()}</li> })
                                .collect_view()
                        })
                    }}
                </ul>
            </Show>
        </li>
    }
}
