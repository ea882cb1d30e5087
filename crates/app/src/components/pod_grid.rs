//! The pods panel's compact grid for big sets: one small cell per pod, in order, the ordinal
//! inside, the status as colour and icon shape (the same icons as the cards), the name and status in the tooltip; a tally by
//! status above.
//!
//! A 1,000-pod rolling update refreshes this ten times a second, and only a few pods change
//! status between two refreshes. Each cell therefore reads its own status signal, and a
//! refresh sets only the signals whose status changed ([`CellSignals::sync`]): the cells of the
//! other pods do no work at all. (A memo per cell over one shared map would re-run all of
//! them, and their subscriptions to that map churn a 1,000-entry subscriber list each time.)

use super::pods::status_look;
use crate::context::AppContext;
use crate::i18n::Key;
use crate::snapshot::{self, PodCell};
use leptos::prelude::*;
use std::collections::BTreeMap;

/// A pod in the grid: namespace, name, owner (a cell is rebuilt only when these change).
pub type CellId = (String, String, Option<String>);

/// One row of the grid: which pod, and the signal its cell reads its status from.
pub type Row = (CellId, ArcRwSignal<String>);

/// Each pod's status signal, by namespace and name, kept from one refresh to the next.
#[derive(Debug, Default)]
pub struct CellSignals(BTreeMap<String, BTreeMap<String, ArcRwSignal<String>>>);

impl CellSignals {
    /// The grid's rows for `cells`: a pod seen before keeps its signal, which is set only when
    /// its status changed; a new pod gets a new signal; pods that are gone are forgotten.
    pub fn sync(&mut self, cells: &[PodCell]) -> Vec<Row> {
        let mut kept: BTreeMap<String, BTreeMap<String, ArcRwSignal<String>>> = BTreeMap::new();
        let rows = cells
            .iter()
            .map(|cell| {
                let known = self
                    .0
                    .get_mut(cell.namespace.as_str())
                    .and_then(|names| names.remove(cell.name.as_str()));
                let signal = match known {
                    Some(signal) => {
                        if signal.with_untracked(|s| *s != cell.status) {
                            signal.set(cell.status.clone());
                        }
                        signal
                    }
                    None => ArcRwSignal::new(cell.status.clone()),
                };
                kept.entry(cell.namespace.clone())
                    .or_default()
                    .insert(cell.name.clone(), signal.clone());
                (
                    (
                        cell.namespace.clone(),
                        cell.name.clone(),
                        cell.owner.clone(),
                    ),
                    signal,
                )
            })
            .collect();
        self.0 = kept;
        rows
    }
}

#[component]
pub fn PodGrid() -> impl IntoView {
    let ctx = AppContext::get();
    let cells: Memo<Vec<PodCell>> = Memo::new(move |_| {
        ctx.with_fast(|p| ctx.measured("pod cells", || snapshot::pod_cells(p.cluster())))
    });
    let tally = Memo::new(move |_| cells.with(|cs| status_tally(cs)));
    let signals = StoredValue::new_local(CellSignals::default());
    // Equal (same pods, same signals) on a refresh that only changed statuses, so the list
    // itself is left alone then; the changed statuses reach their cells through the signals.
    let rows: Memo<Vec<Row>> = Memo::new(move |_| {
        cells.with(|cs| signals.try_update_value(|s| s.sync(cs)).unwrap_or_default())
    });
    view! {
        <p class="pod-tally" data-testid="pod-tally" aria-live="off">
            {move || {
                tally
                    .get()
                    .into_iter()
                    .map(|(status, n)| {
                        let tone = status_look(&status).1;
                        view! { <span class=format!("tally tone-{tone}")>{format!("{n} {status}")}</span> }
                    })
                    .collect_view()
            }}
        </p>
        <ul class="pod-grid" data-testid="pods" aria-label=move || ctx.tr(Key::Pods)>
            // Keyed by pod, so a cell stays in place while its pod lives.
            <For each=move || rows.get() key=|row| row.0.clone() let:row>
                <PodCellView id=row.0 status=row.1 />
            </For>
        </ul>
    }
}

#[component]
fn PodCellView(id: CellId, status: ArcRwSignal<String>) -> impl IntoView {
    let (namespace, name, owner) = id;
    let ordinal = name
        .rsplit_once('-')
        .map_or(name.as_str(), |(_, n)| n)
        .to_string();
    let tone = {
        let status = status.clone();
        move || format!("pod-cell tone-{}", status.with(|s| status_look(s).1))
    };
    let label = {
        let (name, status) = (name.clone(), status.clone());
        move || format!("{name}: {}", status.get())
    };
    view! {
        <li
            class=tone
            data-testid="pod"
            data-name=name
            data-namespace=namespace
            data-status=move || status.get()
            data-owner=owner.unwrap_or_default()
            title=label.clone()
            aria-label=label
        >
            // The status icon is the tone class's `::before` (style.css).
            {ordinal}
        </li>
    }
}

/// How many pods are in each status, most common first (ties by name).
fn status_tally(cells: &[PodCell]) -> Vec<(String, usize)> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for cell in cells {
        *counts.entry(cell.status.as_str()).or_default() += 1;
    }
    let mut tally: Vec<(String, usize)> = counts
        .into_iter()
        .map(|(s, n)| (s.to_string(), n))
        .collect();
    ordinal_api::order::sort_by(&mut tally, |a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    tally
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(name: &str, status: &str) -> PodCell {
        PodCell {
            namespace: "default".into(),
            name: name.into(),
            status: status.into(),
            owner: Some("StatefulSet/big".into()),
        }
    }

    #[test]
    fn tally_counts_each_status_most_common_first() {
        let cells = [
            cell("big-0", "Running"),
            cell("big-1", "Pending"),
            cell("big-2", "Running"),
            cell("big-3", "ContainerCreating"),
            cell("big-4", "Running"),
        ];
        assert_eq!(
            status_tally(&cells),
            [
                ("Running".to_string(), 3),
                ("ContainerCreating".to_string(), 1),
                ("Pending".to_string(), 1)
            ]
        );
    }

    #[test]
    fn a_refresh_keeps_each_pods_signal_and_sets_only_changed_statuses() {
        let mut signals = CellSignals::default();
        let first = signals.sync(&[cell("big-0", "Running"), cell("big-1", "Pending")]);
        let second = signals.sync(&[cell("big-0", "Running"), cell("big-1", "Running")]);
        assert_eq!(
            first, second,
            "same pods: the same rows, so the list is left alone"
        );
        assert_eq!(
            second[1].1.get_untracked(),
            "Running",
            "big-1's status reached it"
        );
        assert_eq!(second[0].1.get_untracked(), "Running");
        // big-0 is replaced by a new pod of the same name after big-1 is gone: big-0 keeps
        // its signal (its cell stays), big-1's is forgotten, big-2 is new.
        let third = signals.sync(&[cell("big-0", "Terminating"), cell("big-2", "Pending")]);
        assert_eq!(third.len(), 2);
        assert_eq!(third[0].1, second[0].1, "big-0 keeps its signal");
        assert_eq!(third[0].1.get_untracked(), "Terminating");
        assert_eq!(third[1].0.1, "big-2");
        let fourth = signals.sync(&[cell("big-1", "Pending")]);
        assert_ne!(
            fourth[0].1, second[1].1,
            "a pod that came back gets a new signal"
        );
    }
}
