//! Every table kubectl prints parses back into the header's column count: over random cluster
//! histories (StatefulSet, Deployment and DaemonSet workloads, scaling, deletions, a stopped
//! node, time passing), `kubectl get TYPE` for every resource type, plain, `-o wide`,
//! `--show-labels`, `-L` and `-A`, is cut at the header's column offsets and each cell must
//! sit in its own column: no cell runs into the next one, and splitting the row on column
//! gaps (two or more spaces) finds exactly the cells the offsets find.
#![cfg(not(target_arch = "wasm32"))]

use ordinal_kubectl::Shell;
use ordinal_kubectl::resource::RESOURCE_TYPES;
use ordinal_sim::{Cluster, ClusterConfig};
use proptest::prelude::*;

const WEB: &str = include_str!("../../../tests/scenarios/web.yaml");
const DEPLOY: &str = include_str!("../../../tests/scenarios/deploy-web.yaml");
const DAEMONS: &str = include_str!("../../../tests/scenarios/ds-fluentd.yaml");

/// One step of a random history.
#[derive(Debug, Clone)]
enum Step {
    Apply(&'static str),
    Scale(u8),
    DeletePod(u8),
    Sleep(u16),
    StopNode(u8),
    Label(u8),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        prop_oneof![Just(WEB), Just(DEPLOY), Just(DAEMONS)].prop_map(Step::Apply),
        (0u8..6).prop_map(Step::Scale),
        (0u8..6).prop_map(Step::DeletePod),
        (1u16..400).prop_map(Step::Sleep),
        (1u8..4).prop_map(Step::StopNode),
        (0u8..6).prop_map(Step::Label),
    ]
}

fn run(shell: &mut Shell, step: &Step) {
    let (line, stdin) = match step {
        Step::Apply(manifest) => ("kubectl apply -f -".to_string(), *manifest),
        Step::Scale(n) => (format!("kubectl scale sts web --replicas={n}"), ""),
        Step::DeletePod(i) => (format!("kubectl delete pod web-{i} --wait=false"), ""),
        Step::Sleep(s) => (format!("sleep {s}"), ""),
        Step::StopNode(n) => (format!("sim node stop node-{n}"), ""),
        Step::Label(i) => (
            format!("kubectl label pod web-{i} tier=a-rather-long-label-value"),
            "",
        ),
    };
    shell.exec(&line, stdin);
}

/// Where each header column starts (in characters): columns are separated by 2+ spaces,
/// names may hold one (`NOMINATED NODE`).
fn column_starts(header: &str) -> Vec<usize> {
    let chars: Vec<char> = header.chars().collect();
    let mut starts = vec![0];
    for i in 2..chars.len() {
        if chars[i] != ' ' && chars[i - 1] == ' ' && chars[i - 2] == ' ' {
            starts.push(i);
        }
    }
    starts
}

/// Splits a row on runs of two or more spaces.
fn split_on_gaps(row: &str) -> Vec<String> {
    row.split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(String::from)
        .collect()
}

/// Checks one printed table (the text of one listing, header first); returns its row count.
fn check_table(command: &str, table: &str) -> Result<usize, String> {
    let mut lines = table.lines();
    let Some(header) = lines.next() else {
        return Ok(0);
    };
    let starts = column_starts(header);
    if split_on_gaps(header).len() != starts.len() {
        return Err(format!("{command}: header does not parse: {header:?}"));
    }
    let mut rows = 0;
    for row in lines {
        rows += 1;
        let chars: Vec<char> = row.chars().collect();
        let mut cells = Vec::new();
        for (i, &start) in starts.iter().enumerate() {
            let end = starts
                .get(i + 1)
                .copied()
                .unwrap_or(chars.len())
                .min(chars.len());
            if i > 0 && start <= chars.len() && chars.get(start - 1).is_some_and(|c| *c != ' ') {
                return Err(format!(
                    "{command}: column {i} of {row:?} starts inside the previous cell\n{table}"
                ));
            }
            let cell: String = chars
                .get(start.min(end)..end)
                .unwrap_or_default()
                .iter()
                .collect();
            // Cells are left-aligned at their column's offset.
            if !cell.trim().is_empty() && cell.starts_with(' ') {
                return Err(format!(
                    "{command}: column {i} of {row:?} does not start at its offset\n{table}"
                ));
            }
            cells.push(cell.trim().to_string());
        }
        let found: Vec<String> = cells.into_iter().filter(|c| !c.is_empty()).collect();
        // Cells hold at most single spaces (`1 (5s ago)`), so the gaps find the same cells.
        if split_on_gaps(row) != found {
            return Err(format!(
                "{command}: {row:?} parses into {:?} by offsets but {:?} by gaps\n{table}",
                found,
                split_on_gaps(row)
            ));
        }
        if found.len() > starts.len() {
            return Err(format!("{command}: {row:?} has more cells than the header"));
        }
    }
    Ok(rows)
}

/// Checks every type's tables; returns how many rows were checked.
fn check_every_type(shell: &mut Shell) -> Result<usize, String> {
    let mut rows = 0;
    for t in RESOURCE_TYPES {
        for flags in ["", "-o wide", "--show-labels", "-L app,tier", "-A -o wide"] {
            let command = format!("kubectl get {} {flags}", t.plural);
            let out = shell.exec(&command, "");
            if out.exit_code != 0 {
                return Err(format!("{command} failed: {}", out.stderr));
            }
            rows += check_table(&command, &out.stdout)?;
        }
    }
    Ok(rows)
}

#[test]
fn the_parser_of_this_test_catches_a_misaligned_row() {
    let good = "NAME    READY   AGE\nweb-0   1/1     5s\n";
    assert_eq!(check_table("good", good), Ok(1));
    let overflow = "NAME    READY   AGE\nweb-000001/1     5s\n";
    assert!(check_table("overflow", overflow).is_err());
    let shifted = "NAME    READY   AGE\nweb-0     1/1   5s\n";
    assert!(check_table("shifted", shifted).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn every_printed_table_parses_back_into_its_columns(
        steps in proptest::collection::vec(step(), 1..10)
    ) {
        let mut shell = Shell::new(Cluster::new(ClusterConfig::default()));
        for s in &steps {
            run(&mut shell, s);
        }
        let checked = check_every_type(&mut shell);
        prop_assert!(checked.is_ok(), "{}", checked.clone().err().unwrap_or_default());
        // The nodes, the storage class and the events of any history are always there.
        prop_assert!(checked.clone().unwrap_or(0) >= 20, "too few rows checked: {checked:?}");
    }
}
