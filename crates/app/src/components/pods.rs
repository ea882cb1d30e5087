//! The pods panel: one card per pod, in ordinal order.

use crate::state::Playground;
use leptos::prelude::*;

#[component]
pub fn PodsPanel(playground: RwSignal<Playground>) -> impl IntoView {
    let pods = move || playground.with(|p| p.pods());
    view! {
        <section class="panel pods" aria-label="Pods">
            <div class="panel-head">
                <h2>"Pods"</h2>
            </div>
            <ul class="pod-list" data-testid="pods">
                <For each=pods key=|p| (p.name.clone(), p.status.clone()) let:pod>
                    <li
                        class="pod"
                        data-testid="pod"
                        data-name=pod.name.clone()
                        data-status=pod.status.clone()
                    >
                        <span class="pod-name">{pod.name.clone()}</span>
                        <span class=format!("pod-status status-{}", pod.status.to_lowercase())>
                            {pod.status.clone()}
                        </span>
                        <span class="pod-node">{pod.node.clone()}</span>
                    </li>
                </For>
            </ul>
        </section>
    }
}
