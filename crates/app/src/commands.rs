//! The kubectl command line each button stands for. Buttons and the console share one path:
//! a button builds its command here and runs it through `ordinal_kubectl::Shell`.

/// `kubectl apply -f -`; the editor text is fed as stdin.
pub fn apply() -> String {
    "kubectl apply -f -".into()
}

/// ` -n NAMESPACE`, or nothing for `default` (what a user would type).
fn namespace_flag(namespace: &str) -> String {
    if namespace == "default" || namespace.is_empty() {
        String::new()
    } else {
        format!(" -n {namespace}")
    }
}

pub fn scale(namespace: &str, set: &str, replicas: u32) -> String {
    format!(
        "kubectl scale statefulset {set} --replicas={replicas}{}",
        namespace_flag(namespace)
    )
}

pub fn set_image(namespace: &str, set: &str, container: &str, image: &str) -> String {
    format!(
        "kubectl set image statefulset/{set} {container}={image}{}",
        namespace_flag(namespace)
    )
}

pub fn rollback(namespace: &str, set: &str) -> String {
    format!(
        "kubectl rollout undo statefulset/{set}{}",
        namespace_flag(namespace)
    )
}

pub fn delete_pod(namespace: &str, pod: &str) -> String {
    format!("kubectl delete pod {pod}{}", namespace_flag(namespace))
}

pub fn describe_pod(namespace: &str, pod: &str) -> String {
    format!("kubectl describe pod {pod}{}", namespace_flag(namespace))
}

pub fn pod_yaml(namespace: &str, pod: &str) -> String {
    format!("kubectl get pod {pod} -o yaml{}", namespace_flag(namespace))
}

pub fn pod_logs(namespace: &str, pod: &str) -> String {
    format!("kubectl logs {pod}{}", namespace_flag(namespace))
}

/// A look at the pod's filesystem: its volumes are mounted there.
pub fn pod_exec_ls(namespace: &str, pod: &str) -> String {
    format!("kubectl exec {pod}{} -- ls -l /", namespace_flag(namespace))
}

/// The playground's node failure switch (`sim node stop|start NAME`).
pub fn stop_node(node: &str) -> String {
    format!("sim node stop {node}")
}

pub fn start_node(node: &str) -> String {
    format!("sim node start {node}")
}

/// Whether a console line reads the editor as stdin (`-f -` or `--filename=-`).
pub fn reads_stdin(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    words
        .windows(2)
        .any(|w| matches!(w, ["-f" | "--filename", "-"]))
        || words.iter().any(|w| matches!(*w, "-f=-" | "--filename=-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_are_what_kubectl_users_type() {
        assert_eq!(
            scale("default", "web", 5),
            "kubectl scale statefulset web --replicas=5"
        );
        assert_eq!(
            set_image("default", "web", "nginx", "registry.k8s.io/nginx-slim:0.9"),
            "kubectl set image statefulset/web nginx=registry.k8s.io/nginx-slim:0.9"
        );
        assert_eq!(
            rollback("default", "web"),
            "kubectl rollout undo statefulset/web"
        );
        assert_eq!(delete_pod("default", "web-1"), "kubectl delete pod web-1");
    }

    #[test]
    fn other_namespaces_are_named_with_n() {
        assert_eq!(
            scale("zookeeper", "zk", 4),
            "kubectl scale statefulset zk --replicas=4 -n zookeeper"
        );
        assert_eq!(
            delete_pod("zookeeper", "zk-1"),
            "kubectl delete pod zk-1 -n zookeeper"
        );
        assert_eq!(
            pod_exec_ls("zookeeper", "zk-0"),
            "kubectl exec zk-0 -n zookeeper -- ls -l /"
        );
    }

    #[test]
    fn stdin_detection() {
        assert!(reads_stdin(&apply()));
        assert!(reads_stdin("kubectl apply --filename=-"));
        assert!(reads_stdin("kubectl delete --filename - "));
        assert!(!reads_stdin("kubectl apply -f web.yaml"));
        assert!(!reads_stdin("kubectl get pods"));
    }
}
