//! Pod spec rules the API server applies when a pod is created (not when a StatefulSet is:
//! the controller hits them later and reports `FailedCreate`).

use super::field::{FieldError, quote};
use super::names::label_errors;
use crate::types::{Container, Pod, PodSpec};
use std::collections::BTreeSet;

/// Validates the containers and volume mounts of a pod spec found at `path` (`spec`, or
/// `spec.template.spec`).
pub fn validate_pod_spec(spec: &PodSpec, path: &str) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let volumes: BTreeSet<&str> = spec.volumes.iter().map(|v| v.name.as_str()).collect();
    let mut names = BTreeSet::new();
    let groups = [
        ("initContainers", &spec.init_containers),
        ("containers", &spec.containers),
    ];
    for (field, containers) in groups {
        for (i, container) in containers.iter().enumerate() {
            let at = format!("{path}.{field}[{i}]");
            check_container(container, &at, &volumes, &mut names, &mut errors);
        }
    }
    if spec.containers.is_empty() {
        errors.push(FieldError::Required {
            path: format!("{path}.containers"),
            detail: String::new(),
        });
    }
    errors
}

fn check_container<'a>(
    container: &'a Container,
    at: &str,
    volumes: &BTreeSet<&str>,
    names: &mut BTreeSet<&'a str>,
    errors: &mut Vec<FieldError>,
) {
    let name_path = format!("{at}.name");
    if container.name.is_empty() {
        errors.push(FieldError::Required {
            path: name_path,
            detail: String::new(),
        });
    } else if !names.insert(&container.name) {
        errors.push(FieldError::Duplicate {
            path: name_path,
            value: quote(&container.name),
        });
    } else {
        errors.extend(label_errors(&name_path, &container.name));
    }
    if container
        .image
        .as_deref()
        .is_none_or(|i| i.trim().is_empty())
    {
        errors.push(FieldError::Required {
            path: format!("{at}.image"),
            detail: String::new(),
        });
    }
    for (j, mount) in container.volume_mounts.iter().enumerate() {
        if !volumes.contains(mount.name.as_str()) {
            errors.push(FieldError::NotFound {
                path: format!("{at}.volumeMounts[{j}].name"),
                value: quote(&mount.name),
            });
        }
    }
}

/// The API server's rule for updating a pod (ValidatePodUpdate): a pod is immutable but for
/// its containers' and init containers' images, `activeDeadlineSeconds`, added tolerations and
/// `terminationGracePeriodSeconds`. (Upstream appends a diff of the specs to the message; it
/// is left out here.)
pub fn validate_pod_update(old: &Pod, new: &Pod) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if frozen_part(&old.spec) != frozen_part(&new.spec) {
        errors.push(FieldError::Forbidden {
            path: "spec".into(),
            detail: "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)".into(),
        });
    }
    if old
        .spec
        .tolerations
        .iter()
        .any(|t| !new.spec.tolerations.contains(t))
    {
        errors.push(FieldError::Forbidden {
            path: "spec.tolerations".into(),
            detail: "existing toleration can not be modified except its tolerationSeconds".into(),
        });
    }
    errors
}

/// The pod spec with every field an update may change cleared.
fn frozen_part(spec: &PodSpec) -> PodSpec {
    let mut frozen = spec.clone();
    for c in frozen
        .containers
        .iter_mut()
        .chain(frozen.init_containers.iter_mut())
    {
        c.image = None;
    }
    frozen.tolerations = Default::default();
    frozen.termination_grace_period_seconds = None;
    frozen.extra.remove("activeDeadlineSeconds");
    frozen
}

#[cfg(test)]
mod tests {
    use super::*;

    fn container(name: &str, image: Option<&str>, mount: Option<&str>) -> Container {
        serde_json::from_value(serde_json::json!({
            "name": name,
            "image": image,
            "volumeMounts": mount.map(|m| vec![serde_json::json!({"name": m, "mountPath": "/d"})]).unwrap_or_default(),
        }))
        .expect("container")
    }

    #[test]
    fn container_rules() {
        let spec = PodSpec {
            containers: vec![
                container("web", Some("nginx"), Some("www")),
                container("web", None, None),
                container("Bad", Some("x"), None),
            ]
            .into(),
            ..PodSpec::default()
        };
        let messages: Vec<String> = validate_pod_spec(&spec, "spec")
            .iter()
            .map(FieldError::message)
            .collect();
        assert_eq!(
            messages[0],
            "spec.containers[0].volumeMounts[0].name: Not found: \"www\""
        );
        assert_eq!(
            messages[1],
            "spec.containers[1].name: Duplicate value: \"web\""
        );
        assert_eq!(messages[2], "spec.containers[1].image: Required value");
        assert!(messages[3].starts_with(
            "spec.containers[2].name: Invalid value: \"Bad\": a lowercase RFC 1123 label"
        ));
        assert_eq!(messages.len(), 4);
    }

    #[test]
    fn a_pod_update_may_change_images_only() {
        let pod = |image: &str, port: i64| -> Pod {
            crate::decode::from_value(serde_json::json!({
                "metadata": {"name": "p"},
                "spec": {"containers": [{"name": "c", "image": image,
                                         "ports": [{"containerPort": port}]}]}
            }))
            .expect("a pod")
        };
        assert!(validate_pod_update(&pod("nginx:1", 80), &pod("nginx:2", 80)).is_empty());
        let errors = validate_pod_update(&pod("nginx:1", 80), &pod("nginx:1", 81));
        assert_eq!(errors.len(), 1);
        assert!(matches!(&errors[0], FieldError::Forbidden { path, .. } if path == "spec"));
    }
}
