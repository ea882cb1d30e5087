//! The Nodes panel: one card per Node with its Ready state, taints and the pods placed on it,
//! and a Stop / Start button that runs `sim node stop|start NAME` in the console.

use crate::commands;
use crate::context::AppContext;
use crate::i18n::Key;
use crate::node_view::{self, NodeView};
use leptos::prelude::*;

/// Pod names listed on a node card; more are counted.
const NODE_PODS_SHOWN: usize = 24;

#[component]
pub fn NodesPanel() -> impl IntoView {
    let ctx = AppContext::get();
    let nodes: Memo<Vec<NodeView>> = Memo::new(move |_| {
        ctx.with_slow(|p| ctx.measured("nodes", || node_view::nodes(p.cluster())))
    });
    view! {
        <section class="panel nodes" aria-labelledby="nodes-title" data-testid="nodes">
            <div class="panel-head">
                <h2 id="nodes-title">
                    {move || ctx.tr(Key::Nodes)}
                    <span class="count">{move || nodes.with(Vec::len)}</span>
                </h2>
            </div>
            <ul class="node-list">
                <For each=move || nodes.get() key=|n| format!("{n:?}") let:node>
                    <NodeCard node=node />
                </For>
            </ul>
        </section>
    }
}

#[component]
fn NodeCard(node: NodeView) -> impl IntoView {
    let ctx = AppContext::get();
    let name = node.name.clone();
    let ready = node.ready;
    let toggle = move |_| {
        let line = if ready {
            commands::stop_node(&name)
        } else {
            commands::start_node(&name)
        };
        ctx.run(&line);
    };
    let tone = if ready { "ok" } else { "leaving" };
    let label_name = node.name.clone();
    let pods = if node.pods.is_empty() {
        view! { <em class="muted">{move || ctx.tr(Key::NoPodsOnNode)}</em> }.into_any()
    } else {
        // A node of a big set holds a hundred pods: name the first few and count the rest,
        // so the card stays readable and cheap to redraw.
        let more = node.pods.len().saturating_sub(NODE_PODS_SHOWN);
        let names = node
            .pods
            .iter()
            .take(NODE_PODS_SHOWN)
            .map(|p| view! { <code class="node-pod">{p.clone()}</code> " " })
            .collect_view();
        view! {
            {names}
            {(more > 0).then(|| view! { <span class="muted" data-testid="node-pods-more">{format!("+{more}")}</span> })}
        }
        .into_any()
    };
    view! {
        <li
            class="node"
            class:not-ready=!ready
            data-testid="node"
            data-name=node.name.clone()
            data-ready=ready.to_string()
        >
            <div class="node-head">
                <code class="node-name">{node.name.clone()}</code>
                {node
                    .control_plane
                    .then(|| view! { <span class="role">"control-plane"</span> })}
                <span class=format!("phase tone-{tone}")>{node.status.clone()}</span>
                <button
                    class="small"
                    data-testid="node-toggle"
                    on:click=toggle
                    aria-label=move || {
                        format!(
                            "{} {label_name}",
                            ctx.tr(if ready { Key::StopNode } else { Key::StartNode }),
                        )
                    }
                >
                    {move || ctx.tr(if ready { Key::StopNode } else { Key::StartNode })}
                </button>
            </div>
            {(!node.taints.is_empty())
                .then(|| {
                    view! {
                        <div class="taints">
                            <span class="label">{move || ctx.tr(Key::Taints)} ": "</span>
                            {node.taints.iter().map(|t| view! { <code>{t.clone()}</code> " " }).collect_view()}
                        </div>
                    }
                })}
            <div class="node-pods">{pods}</div>
        </li>
    }
}
