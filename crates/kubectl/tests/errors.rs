//! kubectl's error text and exit codes (R-2.2, R-7.2/7.3).

use ordinal_kubectl::{Output, Shell};
use ordinal_sim::{Cluster, ClusterConfig};

fn shell() -> Shell {
    Shell::new(Cluster::new(ClusterConfig::default()))
}

fn err(out: &Output) -> (&str, i32) {
    (out.stderr.as_str(), out.exit_code)
}

#[test]
fn error_table() {
    let cases: &[(&str, &str, i32)] = &[
        (
            "kubectl get foo",
            "error: the server doesn't have a resource type \"foo\"\n",
            1,
        ),
        (
            "kubectl get pods,foo",
            "error: the server doesn't have a resource type \"foo\"\n",
            1,
        ),
        (
            "kubectl get pods web-9",
            "Error from server (NotFound): pods \"web-9\" not found\n",
            1,
        ),
        (
            "kubectl get sts web",
            "Error from server (NotFound): statefulsets.apps \"web\" not found\n",
            1,
        ),
        (
            "kubectl get pv/pv-1",
            "Error from server (NotFound): persistentvolumes \"pv-1\" not found\n",
            1,
        ),
        (
            "kubectl get pods",
            "No resources found in default namespace.\n",
            0,
        ),
        (
            "kubectl get pods -n zk",
            "No resources found in zk namespace.\n",
            0,
        ),
        ("kubectl get pv", "No resources found\n", 0),
        ("kubectl get pods -A", "No resources found\n", 0),
        (
            "kubectl frobnicate",
            "Error: unknown command \"frobnicate\" for \"kubectl\"\n",
            1,
        ),
        (
            "kubectl get pods --bogus",
            "Error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.\n",
            1,
        ),
        (
            "kubectl scale sts web --replicas=x",
            "error: invalid argument \"x\" for \"--replicas\" flag: strconv.ParseInt: parsing \"x\": invalid syntax\nSee 'kubectl scale --help' for usage.\n",
            1,
        ),
        (
            "kubectl scale sts web --replicas=2",
            "Error from server (NotFound): statefulsets.apps \"web\" not found\n",
            1,
        ),
        (
            "kubectl patch sts web -p '{}' --type=foo",
            "error: --type must be one of [json merge strategic], not \"foo\"\n",
            1,
        ),
        (
            "kubectl apply -f nope.yaml",
            "error: the path \"nope.yaml\" does not exist\n",
            1,
        ),
        (
            "kubectl get pods -w,",
            "Error: unknown shorthand flag: ',' in -w,\nSee 'kubectl get --help' for usage.\n",
            1,
        ),
        (
            "kubectl get pods,svc -w",
            "error: you may only specify a single resource type\n",
            1,
        ),
        ("nslookup web-0", "sh: nslookup: command not found\n", 127),
        (
            "echo 'unterminated",
            "sh: unexpected EOF while looking for matching `''\n",
            2,
        ),
    ];
    for (line, stderr, code) in cases {
        let out = shell().exec(line, "");
        assert_eq!(err(&out), (*stderr, *code), "{line}");
        if *code != 0 {
            assert_eq!(out.stdout, "", "{line}");
        }
    }
}

#[test]
fn not_found_names_still_print_the_ones_found() {
    let mut shell = shell();
    let applied = shell.exec(
        "kubectl apply -f -",
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: nginx\nspec:\n  clusterIP: None\n  ports:\n  - port: 80\n",
    );
    assert_eq!(applied.stdout, "service/nginx created\n");
    let out = shell.exec("kubectl get svc nginx nope", "");
    assert_eq!(
        out.stdout,
        "NAME    TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\nnginx   ClusterIP   None         <none>        80/TCP    0s\n"
    );
    assert_eq!(
        out.stderr,
        "Error from server (NotFound): services \"nope\" not found\n"
    );
    assert_eq!(out.exit_code, 1);
}

#[test]
fn create_refuses_existing_objects() {
    let mut shell = shell();
    let manifest =
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: nginx\nspec:\n  ports:\n  - port: 80\n";
    assert_eq!(
        shell.exec("kubectl create -f -", manifest).stdout,
        "service/nginx created\n"
    );
    let again = shell.exec("kubectl create -f -", manifest);
    assert_eq!(
        again.stderr,
        "Error from server (AlreadyExists): error when creating \"-\": services \"nginx\" already exists\n"
    );
    assert_eq!(again.exit_code, 1);
}
