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
        (
            "kubectl delete",
            "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n",
            1,
        ),
        (
            "kubectl scale --replicas=5",
            "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n",
            1,
        ),
        (
            "kubectl scale sts web --replicas=-1",
            "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n",
            1,
        ),
        (
            "kubectl delete pods",
            "error: resource(s) were provided, but no name was specified\n",
            1,
        ),
        (
            "kubectl describe",
            "error: You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.\n",
            1,
        ),
        // rollout's Validate, before any lookup (rollout_status.go, history.go, …).
        (
            "kubectl rollout status",
            "error: required resource not specified\n",
            1,
        ),
        (
            "kubectl rollout history",
            "error: required resource not specified\n",
            1,
        ),
        (
            "kubectl rollout undo",
            "error: required resource not specified\n",
            1,
        ),
        (
            "kubectl rollout restart",
            "error: required resource not specified\n",
            1,
        ),
        // set_image.go's Complete runs the builder before Validate sees the pairs.
        ("kubectl set image", missing_resource(), 1),
        ("kubectl set image web=nginx:1.27", missing_resource(), 1),
        (
            "kubectl set image sts/web",
            "Error from server (NotFound): statefulsets.apps \"web\" not found\n",
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

/// resource/builder.go's missingResourceError, as kubectl prints it.
const fn missing_resource() -> &'static str {
    "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n"
}

/// With the object found, a missing image pair is Validate's plain error: no usage hint.
#[test]
fn set_image_without_a_pair_names_the_missing_update() {
    let mut shell = shell();
    let applied = shell.exec(
        "kubectl apply -f -",
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  serviceName: nginx\n  replicas: 1\n  selector:\n    matchLabels:\n      app: nginx\n  template:\n    metadata:\n      labels:\n        app: nginx\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.27\n",
    );
    assert_eq!(applied.stdout, "statefulset.apps/web created\n");
    let out = shell.exec("kubectl set image sts/web", "");
    assert_eq!(
        err(&out),
        ("error: at least one image update is required\n", 1)
    );
    assert_eq!(out.stdout, "");
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

#[test]
fn sort_by_a_field_no_object_has_is_an_error() {
    let mut shell = shell();
    shell.exec(
        "kubectl apply -f -",
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: nginx\nspec:\n  ports:\n  - port: 80\n",
    );
    let out = shell.exec("kubectl get svc --sort-by=.foo", "");
    assert_eq!(
        err(&out),
        (
            "error: couldn't find any field with path \"{.foo}\" in the list of objects\n",
            1
        )
    );
    let sorted = shell.exec("kubectl get svc --sort-by=metadata.name -o name", "");
    assert_eq!(sorted.stdout, "service/nginx\n");
}

#[test]
fn wait_timeout_names_the_plain_resource() {
    let mut shell = shell();
    shell.exec(
        "kubectl apply -f -",
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: nginx\nspec:\n  ports:\n  - port: 80\n",
    );
    let out = shell.exec(
        "kubectl wait --for=jsonpath='{.spec.type}'=NodePort svc/nginx --timeout=5s",
        "",
    );
    assert_eq!(
        err(&out),
        (
            "error: timed out waiting for the condition on services/nginx\n",
            1
        )
    );
}

#[test]
fn wait_by_selector_waits_for_every_match() {
    let mut shell = shell();
    for name in ["a", "b"] {
        let pod = format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n  labels:\n    app: w\nspec:\n  containers:\n  - name: c\n    image: nginx:1.25\n"
        );
        assert_eq!(shell.exec("kubectl apply -f -", &pod).exit_code, 0);
    }
    let out = shell.exec(
        "kubectl wait --for=condition=Ready pod -l app=w --timeout=120s",
        "",
    );
    assert_eq!(
        (out.stdout.as_str(), out.exit_code),
        ("pod/a condition met\npod/b condition met\n", 0),
        "{out:?}"
    );
    let none = shell.exec("kubectl wait --for=condition=Ready pod -l app=zz", "");
    assert_eq!(err(&none), ("error: no matching resources found\n", 1));
}
