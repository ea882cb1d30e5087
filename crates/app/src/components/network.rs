//! The Network panel: Services with their endpoints, the DNS records cluster DNS serves for
//! them (the Service name, each pod's own name behind a headless Service, SRV per named port),
//! and an nslookup box that resolves a name as a pod in `default` would.

use crate::context::AppContext;
use crate::i18n::Key;
use crate::network_view::{self, RecordView, ServiceView};
use leptos::prelude::*;

/// The namespace the nslookup box resolves from (short names use its search path).
const LOOKUP_NAMESPACE: &str = "default";

#[component]
pub fn NetworkPanel() -> impl IntoView {
    let ctx = AppContext::get();
    let services: Memo<Vec<ServiceView>> = Memo::new(move |_| {
        ctx.with_slow(|p| ctx.measured("services", || network_view::services(p.cluster())))
    });
    let records: Memo<Vec<RecordView>> = Memo::new(move |_| {
        ctx.with_slow(|p| ctx.measured("dns", || network_view::records(p.cluster())))
    });
    let query = RwSignal::new(String::new());
    let answer = RwSignal::new(None::<(String, bool)>);
    let lookup = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = query.get_untracked();
        if name.trim().is_empty() {
            return;
        }
        let (stdout, stderr, code) = ctx
            .playground
            .with_untracked(|p| p.cluster().nslookup(name.trim(), LOOKUP_NAMESPACE));
        answer.set(Some((format!("{stdout}{stderr}"), code == 0)));
    };
    view! {
        <section class="panel network" aria-labelledby="network-title" data-testid="network">
            <div class="panel-head">
                <h2 id="network-title">{move || ctx.tr(Key::Network)}</h2>
            </div>
            <Show
                when=move || services.with(|s| !s.is_empty())
                fallback=move || view! { <p class="empty">{move || ctx.tr(Key::NoServices)}</p> }
            >
                <ul class="service-list" data-testid="services">
                    <For each=move || services.get() key=|s| format!("{s:?}") let:svc>
                        <li class="service" data-testid="service" data-name=svc.name.clone()>
                            <code class="service-name">{format!("{}/{}", svc.namespace, svc.name)}</code>
                            <span class="mono">{svc.cluster_ip.clone()}</span>
                            <span class="mono">{svc.ports.clone()}</span>
                            <span class="endpoints">
                                <span class="label">{move || ctx.tr(Key::Endpoints)} ": "</span>
                                {svc
                                    .endpoints
                                    .iter()
                                    .map(|(text, ready)| {
                                        view! {
                                            <code class:not-ready=!*ready>{text.clone()}</code>
                                            " "
                                        }
                                    })
                                    .collect_view()}
                            </span>
                        </li>
                    </For>
                </ul>
                <table class="dns-table" data-testid="dns-records">
                    <caption>{move || ctx.tr(Key::DnsRecords)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{move || ctx.tr(Key::DnsName)}</th>
                            <th scope="col">{move || ctx.tr(Key::DnsType)}</th>
                            <th scope="col">{move || ctx.tr(Key::DnsValue)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || records.get() key=|r| format!("{r:?}") let:record>
                            <tr data-testid="dns-record" data-kind=record.kind>
                                <td class="mono">{record.name.clone()}</td>
                                <td>{record.kind}</td>
                                <td class="mono">
                                    {record
                                        .values
                                        .iter()
                                        .map(|v| view! { <span class="dns-value">{v.clone()}</span> })
                                        .collect_view()}
                                </td>
                            </tr>
                        </For>
                    </tbody>
                </table>
            </Show>
            <form class="nslookup" on:submit=lookup>
                <label>
                    <span class="label">{move || ctx.tr(Key::Nslookup)}</span>
                    <input
                        type="text"
                        class="mono"
                        data-testid="nslookup-input"
                        placeholder="web-0.nginx"
                        spellcheck="false"
                        autocapitalize="off"
                        prop:value=move || query.get()
                        on:input=move |ev| query.set(event_target_value(&ev))
                    />
                </label>
                <button type="submit" data-testid="nslookup-run">{move || ctx.tr(Key::Lookup)}</button>
            </form>
            {move || {
                answer
                    .get()
                    .map(|(text, ok)| {
                        view! {
                            <pre class="nslookup-answer" class:failed=!ok data-testid="nslookup-answer" aria-live="polite">
                                {text}
                            </pre>
                        }
                    })
            }}
        </section>
    }
}
