//! The page: editor on the left, live panels on the right, virtual time ticking.

use super::editor::Editor;
use super::pods::PodsPanel;
use crate::state::Playground;
use leptos::prelude::*;
use ordinal_sim::Duration;

/// Real milliseconds between two ticks of the virtual clock.
const TICK_MS: u64 = 100;

#[component]
pub fn App() -> impl IntoView {
    let playground = RwSignal::new(Playground::default());
    let message = RwSignal::new(String::new());

    set_interval(
        move || playground.update(|p| p.cluster.advance(Duration::from_millis(TICK_MS))),
        std::time::Duration::from_millis(TICK_MS),
    );

    let apply = move |text: String| {
        let mut result = String::new();
        playground.update(|p| match p.cluster.apply(&text) {
            Ok(outcomes) => {
                for o in outcomes {
                    result.push_str(&format!("{}/{} {}\n", o.resource, o.name, o.action));
                }
            }
            Err(diagnostics) => {
                for d in diagnostics {
                    result.push_str(&format!("error: {d}\n"));
                }
            }
        });
        message.set(result);
    };

    view! {
        <header class="topbar">
            <h1>"Ordinal"</h1>
            <span class="tagline">"A StatefulSet playground"</span>
            <span class="clock" data-testid="clock">
                {move || playground.with(|p| p.cluster.now().to_string())}
            </span>
        </header>
        <main class="layout">
            <Editor on_apply=apply message=message />
            <PodsPanel playground=playground />
        </main>
    }
}
