//! `kubectl run -i --rm … -- CMD` ends with the command's exit code, as kubectl 1.33's
//! run.go does (uexec.CodeExitError with `pod NS/NAME terminated (REASON)`).

use ordinal_kubectl::{Output, Shell};
use ordinal_sim::{Cluster, ClusterConfig};

fn run(command: &str) -> Output {
    let mut shell = Shell::new(Cluster::new(ClusterConfig::default()));
    shell.exec(
        &format!(
            "kubectl run -i --tty --image busybox:1.28 dns-test --restart=Never --rm -- {command}"
        ),
        "",
    )
}

#[test]
fn a_failing_lookup_exits_1_after_the_pod_is_deleted() {
    let out = run("nslookup web-9.nginx");
    assert_eq!(out.exit_code, 1, "{out:?}");
    assert!(
        out.stdout.contains("can't resolve 'web-9.nginx'"),
        "{out:?}"
    );
    assert!(
        out.stdout
            .ends_with("pod \"dns-test\" deleted from default namespace\n"),
        "{out:?}"
    );
    assert_eq!(out.stderr, "pod default/dns-test terminated (Error)\n");
}

#[test]
fn a_lookup_that_resolves_exits_0() {
    let out = run("nslookup kubernetes.default");
    assert_eq!(out.exit_code, 0, "{out:?}");
    assert_eq!(out.stderr, "");
    assert!(
        out.stdout
            .ends_with("pod \"dns-test\" deleted from default namespace\n"),
        "{out:?}"
    );
}

#[test]
fn the_exit_status_of_a_shell_command_is_passed_on() {
    let out = run("sh -c 'exit 3'");
    assert_eq!(out.exit_code, 3, "{out:?}");
    assert_eq!(out.stderr, "pod default/dns-test terminated (Error)\n");
}

#[test]
fn without_rm_the_pod_stays_and_the_code_is_still_returned() {
    let mut shell = Shell::new(Cluster::new(ClusterConfig::default()));
    let out = shell.exec(
        "kubectl run -i --image busybox:1.28 t --restart=Never -- sh -c 'exit 2'",
        "",
    );
    assert_eq!(out.exit_code, 2, "{out:?}");
    assert!(!out.stdout.contains("deleted"), "{out:?}");
    let get = shell.exec("kubectl get pod t", "");
    assert!(get.stdout.contains("Error"), "{get:?}");
}
