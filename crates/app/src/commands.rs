//! The kubectl command line each button stands for. Buttons and the console share one path:
//! a button builds its command here and runs it through `ordinal_kubectl::Shell`.

/// `kubectl apply -f -`; the editor text is fed as stdin.
pub fn apply() -> String {
    "kubectl apply -f -".into()
}

pub fn scale(set: &str, replicas: u32) -> String {
    format!("kubectl scale statefulset {set} --replicas={replicas}")
}

pub fn set_image(set: &str, container: &str, image: &str) -> String {
    format!("kubectl set image statefulset/{set} {container}={image}")
}

pub fn rollback(set: &str) -> String {
    format!("kubectl rollout undo statefulset/{set}")
}

pub fn delete_pod(pod: &str) -> String {
    format!("kubectl delete pod {pod}")
}

pub fn describe_pod(pod: &str) -> String {
    format!("kubectl describe pod {pod}")
}

pub fn pod_yaml(pod: &str) -> String {
    format!("kubectl get pod {pod} -o yaml")
}

pub fn pod_logs(pod: &str) -> String {
    format!("kubectl logs {pod}")
}

/// A look at the pod's filesystem: its volumes are mounted there.
pub fn pod_exec_ls(pod: &str) -> String {
    format!("kubectl exec {pod} -- ls -l /")
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
            scale("web", 5),
            "kubectl scale statefulset web --replicas=5"
        );
        assert_eq!(
            set_image("web", "nginx", "registry.k8s.io/nginx-slim:0.9"),
            "kubectl set image statefulset/web nginx=registry.k8s.io/nginx-slim:0.9"
        );
        assert_eq!(rollback("web"), "kubectl rollout undo statefulset/web");
        assert_eq!(delete_pod("web-1"), "kubectl delete pod web-1");
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
