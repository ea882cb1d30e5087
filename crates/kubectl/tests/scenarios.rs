//! Golden transcripts: every `tests/scenarios/*.script` run with seed 1, pinned by insta
//! (snapshots in `tests/scenarios/transcripts/`).

use ordinal_kubectl::{Shell, run_script};
use ordinal_sim::{Cluster, ClusterConfig};
use std::path::{Path, PathBuf};

fn scenarios_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/scenarios")
}

fn run(name: &str) -> String {
    let dir = scenarios_dir();
    let script = std::fs::read_to_string(dir.join(format!("{name}.script")))
        .expect("scenario script exists");
    let reader_dir = dir.clone();
    let mut shell = Shell::new(Cluster::new(ClusterConfig::default())).with_file_reader(Box::new(
        move |file| std::fs::read_to_string(reader_dir.join(file)).map_err(|e| e.to_string()),
    ));
    run_script(&mut shell, &script)
}

fn check(name: &str) {
    let transcript = run(name);
    insta::with_settings!({
        snapshot_path => scenarios_dir().join("transcripts"),
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, transcript);
    });
}

#[test]
fn web_ordered_start() {
    check("web-ordered-start");
}

#[test]
fn web_scale() {
    check("web-scale");
}

#[test]
fn web_update() {
    check("web-update");
}

#[test]
fn printers() {
    check("printers");
}

#[test]
fn errors() {
    check("errors");
}

#[test]
fn reapply() {
    check("reapply");
}

#[test]
fn web_label() {
    check("web-label");
}

#[test]
fn events() {
    check("events");
}

#[test]
fn web_release() {
    check("web-release");
}

#[test]
fn web_delete() {
    check("web-delete");
}

#[test]
fn web_rollout() {
    check("web-rollout");
}

#[test]
fn storage_static_pvs() {
    check("storage-static-pvs");
}

#[test]
fn storage_reclaim() {
    check("storage-reclaim");
}

#[test]
fn storage_nfs_hostname() {
    check("storage-nfs-hostname");
}

#[test]
fn storage_pending() {
    check("storage-pending");
}

#[test]
fn deploy_rolling() {
    check("deploy-rolling");
}

#[test]
fn ds_zookeeper() {
    check("ds-zookeeper");
}

#[test]
fn compare() {
    check("compare");
}

#[test]
fn zk_anti_affinity() {
    check("zk-anti-affinity");
}

#[test]
fn dns_web() {
    check("dns-web");
}

#[test]
fn node_failure() {
    check("node-failure");
}

#[test]
fn endpoints_watch() {
    check("endpoints-watch");
}

#[test]
fn liveness() {
    check("liveness");
}

#[test]
fn same_seed_same_transcript() {
    assert_eq!(run("printers"), run("printers"));
}

#[test]
fn every_script_has_a_test() {
    let mut names: Vec<String> = std::fs::read_dir(scenarios_dir())
        .expect("scenarios dir")
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.file_name()
                .to_str()?
                .strip_suffix(".script")
                .map(String::from)
        })
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "compare",
            "deploy-rolling",
            "dns-web",
            "ds-zookeeper",
            "endpoints-watch",
            "errors",
            "events",
            "liveness",
            "node-failure",
            "printers",
            "reapply",
            "storage-nfs-hostname",
            "storage-pending",
            "storage-reclaim",
            "storage-static-pvs",
            "web-delete",
            "web-label",
            "web-ordered-start",
            "web-release",
            "web-rollout",
            "web-scale",
            "web-update",
            "zk-anti-affinity"
        ]
    );
}
