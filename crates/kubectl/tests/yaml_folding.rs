//! `-o yaml` of tricky strings, as kubectl writes them through go-yaml v2 (best width 80):
//! long plain, single- and double-quoted scalars folded at spaces under their key, multi-line
//! text as `|` blocks unless a line ends in a space, and the quoting of strings that would read
//! back as something else. Reviewed against go-yaml v2.4's emitterc.go rules.

use ordinal_kubectl::print::yaml::to_yaml;
use serde_json::json;

#[test]
fn tricky_strings() {
    let long = "Back-off pulling image \"registry.k8s.io/nginx-slim:0.99\": ErrImagePull: \
                failed to pull and unpack image: not found";
    let value = json!({
        "status": {
            "conditions": [{
                "message": "0/4 nodes are available: 1 node(s) had untolerated taint \
                    {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. preemption: \
                    0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No \
                    preemption victims found for incoming pod.",
                "reason": "Unschedulable",
            }],
            "containerStatuses": [{
                "state": {"waiting": {"message": long, "reason": "ImagePullBackOff"}},
            }],
        },
        "metadata": {
            "annotations": {
                "kubectl.kubernetes.io/last-applied-configuration":
                    "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"annotations\":{},\"name\":\"web\",\"namespace\":\"default\"}}\n",
                "plain-long": "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau",
                "single-long": "'alpha' beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma",
                "double-long": "tab\there beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma",
                "double-spaces": "0123456789 0123456789 0123456789 0123456789 0123456789 0123456789 0123456789  two spaces",
                "no-spaces": "x".repeat(120),
                "trailing-space-line": "first line \nsecond line\n",
                "leading-space-block": "  indented\nnext\n",
                "keep-newlines": "a\n\n",
                "strip": "a\nb",
                "number-like": "1e3",
                "octal-like": "0o7",
                "bool-like": "true",
                "null-like": "null",
                "hash": "a #b",
                "colon": "key: value",
            },
            "name": "web",
        },
        "spec": {
            "containers": [{
                "args": [
                    "--one=alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron",
                    "- dash",
                    "",
                    "echo hello\nsleep 3600\n",
                ],
            }],
        },
    });
    insta::assert_snapshot!(to_yaml(&value));
}
