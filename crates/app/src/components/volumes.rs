//! The volumes panel: each PersistentVolumeClaim with its phase, capacity and the pod that
//! mounts it. Claims kept after a scale-down stay listed, marked as mounted by no pod.

use crate::context::AppContext;
use crate::i18n::Key;
use crate::snapshot::{self, ClaimView};
use leptos::prelude::*;

#[component]
pub fn VolumesPanel() -> impl IntoView {
    let ctx = AppContext::get();
    let claims: Memo<Vec<ClaimView>> = Memo::new(move |_| {
        ctx.with_slow(|p| ctx.measured("claims", || snapshot::claims(p.cluster())))
    });
    view! {
        <section class="panel volumes" aria-labelledby="volumes-title">
            <div class="panel-head">
                <h2 id="volumes-title">
                    {move || ctx.tr(Key::Volumes)}
                    <span class="count">{move || claims.with(Vec::len)}</span>
                </h2>
            </div>
            <Show
                when=move || claims.with(|c| !c.is_empty())
                fallback=move || view! { <p class="empty">{move || ctx.tr(Key::NoClaims)}</p> }
            >
                <ul class="claim-list" data-testid="claims">
                    <For each=move || claims.get() key=Clone::clone let:claim>
                        <ClaimRow claim=claim />
                    </For>
                </ul>
            </Show>
        </section>
    }
}

#[component]
fn ClaimRow(claim: ClaimView) -> impl IntoView {
    let ctx = AppContext::get();
    let orphan = claim.mounted_by.is_empty();
    let tone = if claim.phase == "Bound" {
        "ok"
    } else {
        "progress"
    };
    let mounted = claim.mounted_by.join(", ");
    view! {
        <li class="claim" class:orphan=orphan data-testid="claim" data-name=claim.name.clone() data-namespace=claim.namespace.clone() data-phase=claim.phase.clone()>
            <span class="claim-name">
                {(claim.namespace != "default").then(|| format!("{}/", claim.namespace))}
                {claim.name.clone()}
            </span>
            <span class=format!("phase tone-{tone}")>{claim.phase.clone()}</span>
            <span class="capacity" title=move || ctx.tr(Key::Capacity)>
                {claim.capacity.clone().unwrap_or_else(|| "—".into())}
            </span>
            <span class="mounted">
                <span class="label">{move || ctx.tr(Key::MountedBy)} ": "</span>
                {if orphan {
                    view! { <em>{move || ctx.tr(Key::KeptNotMounted)}</em> }.into_any()
                } else {
                    view! { <code>{mounted}</code> }.into_any()
                }}
            </span>
            <FilesPreview namespace=claim.namespace.clone() claim=claim.name.clone() />
        </li>
    }
}

/// The files on the claim's volume, read on demand (reading brings container scripts up to
/// now, so it is a button rather than a live view).
#[component]
fn FilesPreview(namespace: String, claim: String) -> impl IntoView {
    let ctx = AppContext::get();
    let files = RwSignal::new(None::<Vec<(String, String)>>);
    let show = move |_| {
        let mut read = Vec::new();
        ctx.playground
            .update(|p| read = p.claim_files(&namespace, &claim));
        files.set(Some(read));
    };
    view! {
        <div class="files">
            <button class="text-button small" data-testid="claim-files" on:click=show>
                {move || ctx.tr(Key::ShowFiles)}
            </button>
            {move || {
                files
                    .get()
                    .map(|list| {
                        if list.is_empty() {
                            view! { <em class="muted">{move || ctx.tr(Key::NoFiles)}</em> }.into_any()
                        } else {
                            list.into_iter()
                                .map(|(path, text)| {
                                    view! {
                                        <div class="file" data-testid="claim-file">
                                            <code>{path}</code>
                                            <pre>{text}</pre>
                                        </div>
                                    }
                                })
                                .collect_view()
                                .into_any()
                        }
                    })
            }}
        </div>
    }
}
