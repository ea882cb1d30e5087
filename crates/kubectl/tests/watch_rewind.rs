//! Background watches (`kubectl get … -w &`) over a cluster that is rewound, as the app's
//! timeline does: nothing is printed for the undone part, and new changes print again.

use ordinal_kubectl::Shell;
use ordinal_sim::{Cluster, ClusterConfig, Duration, Time};

const POD: &str = "apiVersion: v1
kind: Pod
metadata:
  name: NAME
spec:
  containers:
  - name: c
    image: nginx:1.25
";

fn shell() -> Shell {
    let mut cluster = Cluster::new(ClusterConfig::default());
    cluster.record_checkpoints(Duration(1000));
    Shell::new(cluster)
}

fn create(shell: &mut Shell, name: &str) {
    let out = shell.exec("kubectl apply -f -", &POD.replace("NAME", name));
    assert_eq!(out.exit_code, 0, "{out:?}");
}

fn names_in(rows: &str) -> Vec<&str> {
    rows.lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|n| *n != "NAME")
        .collect()
}

#[test]
fn a_rewound_watch_prints_nothing_for_the_undone_part_then_the_new_future() {
    let mut shell = shell();
    let out = shell.exec("kubectl get pods -w &", "");
    assert_eq!(out.exit_code, 0, "{out:?}");
    shell.cluster.advance(Duration(2000));
    create(&mut shell, "a");
    shell.cluster.advance(Duration(30_000));
    let before = shell.drain_background();
    assert!(names_in(&before).contains(&"a"), "{before}");

    // Back to before `a` existed: the watch has nothing new to say.
    shell.cluster.rewind(Time(1000)).expect("checkpoint at 1s");
    assert_eq!(shell.drain_background(), "");

    // A different future: only `b` appears, with rows as they happen.
    create(&mut shell, "b");
    shell.cluster.advance(Duration(30_000));
    let after = shell.drain_background();
    let names = names_in(&after);
    assert!(
        !names.is_empty(),
        "the watch stopped printing after the rewind"
    );
    assert!(names.iter().all(|n| *n == "b"), "{after}");
}

#[test]
fn a_watch_not_drained_between_the_rewind_and_new_changes_prints_only_the_new_ones() {
    let mut shell = shell();
    shell.exec("kubectl get pods -w &", "");
    shell.cluster.advance(Duration(2000));
    create(&mut shell, "a");
    shell.cluster.advance(Duration(30_000));
    create(&mut shell, "c");
    shell.cluster.advance(Duration(30_000));
    let before = shell.drain_background();
    assert!(names_in(&before).contains(&"c"), "{before}");

    // Rewind to after `a` settled, then grow the log past where the watch had read before
    // the watch is asked again.
    shell.cluster.rewind(Time(20_000)).expect("checkpoint");
    for name in ["d", "e", "f", "g"] {
        create(&mut shell, name);
        shell.cluster.advance(Duration(30_000));
    }
    let after = shell.drain_background();
    let names = names_in(&after);
    for name in ["d", "e", "f", "g"] {
        assert!(names.contains(&name), "{name} missing from {after}");
    }
    assert!(
        names.iter().all(|n| !["a", "c"].contains(n)),
        "undone or old rows printed again: {after}"
    );
}

#[test]
fn a_watch_started_after_the_rewound_instant_goes_on_from_it() {
    let mut shell = shell();
    shell.cluster.advance(Duration(5000));
    shell.exec("kubectl get pods -w &", "");
    create(&mut shell, "a");
    shell.cluster.advance(Duration(30_000));
    assert!(names_in(&shell.drain_background()).contains(&"a"));
    shell.cluster.rewind(Time(1000)).expect("checkpoint");
    assert_eq!(shell.drain_background(), "");
    create(&mut shell, "b");
    shell.cluster.advance(Duration(30_000));
    let after = shell.drain_background();
    assert!(names_in(&after).contains(&"b"), "{after}");
}
