//! StatefulSet controller and a minimal kubelet (thin first slice: ordered creation only).

use crate::cluster::{Cluster, Timer};
use crate::store::ObjectKey;
use ordinal_api::*;
use serde_json::json;

/// The ordinal of a pod named `<set>-<ordinal>`, if it belongs to `set`.
pub fn get_ordinal(set: &str, pod: &str) -> Option<u32> {
    pod.strip_prefix(set)?.strip_prefix('-')?.parse().ok()
}

pub fn pod_name(set: &str, ordinal: u32) -> String {
    format!("{set}-{ordinal}")
}

pub fn claim_name(template: &str, set: &str, ordinal: u32) -> String {
    format!("{template}-{set}-{ordinal}")
}

fn is_running_and_ready(pod: &Pod) -> bool {
    pod.status.phase.as_deref() == Some("Running")
        && pod
            .status
            .conditions
            .iter()
            .any(|c| c.type_ == "Ready" && c.status == "True")
}

pub(crate) fn reconcile_all(cluster: &mut Cluster) {
    let sets: Vec<StatefulSet> = cluster
        .store
        .list("StatefulSet", None)
        .filter_map(|o| match o {
            Object::StatefulSet(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    for set in sets {
        reconcile(cluster, &set);
    }
}

fn reconcile(cluster: &mut Cluster, set: &StatefulSet) {
    let namespace = set.metadata.namespace.clone().unwrap_or_default();
    let replicas = set.spec.replicas.unwrap_or(1).max(0) as u32;
    let parallel = set.spec.pod_management_policy.as_deref() == Some("Parallel");
    for ordinal in 0..replicas {
        let name = pod_name(&set.metadata.name, ordinal);
        let key = ObjectKey::new("Pod", &namespace, &name);
        match cluster.store.get(&key) {
            Some(Object::Pod(pod)) => {
                if !parallel && !is_running_and_ready(pod) {
                    return;
                }
            }
            _ => {
                create_pod(cluster, set, &namespace, ordinal);
                if !parallel {
                    return;
                }
            }
        }
    }
}

fn create_pod(cluster: &mut Cluster, set: &StatefulSet, namespace: &str, ordinal: u32) {
    let set_name = &set.metadata.name;
    let name = pod_name(set_name, ordinal);
    let mut spec = set.spec.template.spec.clone();
    for template in &set.spec.volume_claim_templates {
        let claim = claim_name(&template.metadata.name, set_name, ordinal);
        spec.volumes.retain(|v| v.name != template.metadata.name);
        spec.volumes.push(Volume {
            name: template.metadata.name.clone(),
            persistent_volume_claim: Some(PvcVolumeSource {
                claim_name: claim,
                read_only: None,
            }),
            ..Volume::default()
        });
    }
    spec.hostname = Some(name.clone());
    spec.subdomain = set.spec.service_name.clone();
    let mut labels = set.spec.template.metadata.labels.clone();
    labels.insert("statefulset.kubernetes.io/pod-name".into(), name.clone());
    labels.insert("apps.kubernetes.io/pod-index".into(), ordinal.to_string());
    let uid = cluster.new_uid();
    let now = cluster.now();
    let pod = Pod {
        metadata: ObjectMeta {
            name: name.clone(),
            namespace: Some(namespace.to_string()),
            labels,
            uid: Some(uid),
            creation_timestamp: Some(now.rfc3339()),
            owner_references: vec![OwnerReference {
                api_version: "apps/v1".into(),
                kind: "StatefulSet".into(),
                name: set_name.clone(),
                uid: set.metadata.uid.clone().unwrap_or_default(),
                controller: Some(true),
                block_owner_deletion: Some(true),
            }],
            ..ObjectMeta::default()
        },
        spec,
        status: PodStatus {
            phase: Some("Pending".into()),
            ..PodStatus::default()
        },
    };
    cluster.store.put(now, Object::Pod(pod));
    let delay = cluster.jitter(0, 1000);
    cluster.schedule_timer(
        delay,
        Timer::Schedule(ObjectKey::new("Pod", namespace, &name)),
    );
}

pub(crate) fn fire(cluster: &mut Cluster, timer: Timer) {
    match timer {
        Timer::Schedule(key) => {
            let Some(Object::Pod(mut pod)) = cluster.store.get(&key).cloned() else {
                return;
            };
            let (node, ip) = cluster.pick_node();
            let now = cluster.now();
            pod.spec.node_name = Some(node);
            pod.status.pod_ip = Some(ip);
            pod.status.start_time = Some(now.rfc3339());
            pod.status.conditions.push(PodCondition {
                type_: "PodScheduled".into(),
                status: "True".into(),
                last_transition_time: Some(now.rfc3339()),
                ..PodCondition::default()
            });
            pod.status.container_statuses = pod
                .spec
                .containers
                .iter()
                .map(|c| ContainerStatus {
                    name: c.name.clone(),
                    image: c.image.clone(),
                    state: Some(json!({"waiting": {"reason": "ContainerCreating"}})),
                    ..ContainerStatus::default()
                })
                .collect();
            cluster.store.put(now, Object::Pod(pod));
            let pull = cluster.jitter(5000, 15000);
            cluster.schedule_timer(pull, Timer::ContainersStarted(key));
        }
        Timer::ContainersStarted(key) => {
            let Some(Object::Pod(mut pod)) = cluster.store.get(&key).cloned() else {
                return;
            };
            let now = cluster.now();
            pod.status.phase = Some("Running".into());
            for status in &mut pod.status.container_statuses {
                status.ready = true;
                status.started = Some(true);
                status.state = Some(json!({"running": {"startedAt": now.rfc3339()}}));
            }
            pod.status.conditions.push(PodCondition {
                type_: "Ready".into(),
                status: "True".into(),
                last_transition_time: Some(now.rfc3339()),
                ..PodCondition::default()
            });
            cluster.store.put(now, Object::Pod(pod));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_helpers() {
        assert_eq!(pod_name("web", 2), "web-2");
        assert_eq!(claim_name("www", "web", 0), "www-web-0");
        assert_eq!(get_ordinal("web", "web-12"), Some(12));
        assert_eq!(get_ordinal("web", "webx-1"), None);
    }
}
