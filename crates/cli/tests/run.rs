//! Runs the `ordinal` binary on a script, as a user would.

use std::process::Command;

fn scenario(name: &str) -> String {
    format!(
        "{}/../../tests/scenarios/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn runs_a_script_and_prints_its_transcript() {
    let out = Command::new(env!("CARGO_BIN_EXE_ordinal"))
        .args(["run", &scenario("web-scale.script"), "--seed", "1"])
        .output()
        .expect("ordinal runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with("$ kubectl apply -f web.yaml\nservice/nginx created\n"),
        "{stdout}"
    );
    assert!(stdout.contains("statefulset.apps/web scaled\n"), "{stdout}");
}

#[test]
fn strict_stops_at_the_first_failure_with_its_exit_code() {
    let out = Command::new(env!("CARGO_BIN_EXE_ordinal"))
        .args(["run", &scenario("errors.script"), "--strict"])
        .output()
        .expect("ordinal runs");
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        stdout,
        "$ kubectl get foo\nerror: the server doesn't have a resource type \"foo\"\n"
    );
}

#[test]
fn without_strict_a_failing_script_still_exits_zero() {
    let out = Command::new(env!("CARGO_BIN_EXE_ordinal"))
        .args(["run", &scenario("errors.script")])
        .output()
        .expect("ordinal runs");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn the_repl_reads_commands_from_stdin() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_ordinal"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("ordinal starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"kubectl get pods\nkubectl version --client\n")
        .expect("write");
    let out = child.wait_with_output().expect("ordinal exits");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("No resources found in default namespace.\n"),
        "{stdout}"
    );
    assert!(stdout.contains("Client Version: v1.34.0\n"), "{stdout}");
}

#[test]
fn bad_arguments_print_usage() {
    let out = Command::new(env!("CARGO_BIN_EXE_ordinal"))
        .args(["run"])
        .output()
        .expect("ordinal runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("usage: ordinal"));
}
