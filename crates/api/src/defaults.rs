//! Defaults exactly as the API server applies them on create (`SetDefaults_*` in
//! `pkg/apis/*/v1/defaults.go`; SPEC, §1.4). The sim calls [`apply_defaults`]
//! before storing an object; validation runs on the defaulted object, as the API server does.

use crate::types::*;
use serde_json::{Value, json};

/// Fills every field the API server would default in `object`.
pub fn apply_defaults(object: &mut Object) {
    match object {
        Object::StatefulSet(sts) => statefulset(&mut sts.spec),
        Object::Pod(pod) => pod_spec(&mut pod.spec),
        Object::Service(service) => service_spec(&mut service.spec),
        Object::PersistentVolumeClaim(pvc) => claim_spec(&mut pvc.spec),
        Object::PersistentVolume(pv) => {
            let spec = &mut pv.spec;
            // Statically created volumes are kept after release unless the user says otherwise.
            spec.persistent_volume_reclaim_policy
                .get_or_insert_with(|| "Retain".into());
            spec.volume_mode.get_or_insert_with(|| "Filesystem".into());
        }
        Object::StorageClass(class) => {
            class.reclaim_policy.get_or_insert_with(|| "Delete".into());
            class
                .volume_binding_mode
                .get_or_insert_with(|| "Immediate".into());
        }
        Object::Event(_) | Object::Other { .. } => {}
    }
}

/// in its order (a)–(f), then the template and claim-template defaults.
fn statefulset(spec: &mut StatefulSetSpec) {
    spec.pod_management_policy
        .get_or_insert_with(|| "OrderedReady".into());
    let strategy = spec.update_strategy.get_or_insert_with(Default::default);
    if strategy.type_.as_deref().unwrap_or("").is_empty() {
        strategy.type_ = Some("RollingUpdate".into());
        strategy.rolling_update.get_or_insert_with(Default::default);
    }
    // an explicit `type: RollingUpdate` without `rollingUpdate` stays without it.
    if strategy.type_.as_deref() == Some("RollingUpdate")
        && let Some(rolling) = &mut strategy.rolling_update
    {
        rolling.partition.get_or_insert(0);
        rolling.max_unavailable.get_or_insert(json!(1));
    }
    let retention = spec
        .persistent_volume_claim_retention_policy
        .get_or_insert_with(Default::default);
    retention
        .when_deleted
        .get_or_insert_with(|| "Retain".into());
    retention.when_scaled.get_or_insert_with(|| "Retain".into());
    spec.replicas.get_or_insert(1);
    spec.revision_history_limit.get_or_insert(10);
    pod_spec(&mut spec.template.spec);
    for claim in &mut spec.volume_claim_templates {
        claim_spec(&mut claim.spec);
        claim.status.phase.get_or_insert_with(|| "Pending".into());
    }
}

fn default_extra(extra: &mut Extra, key: &str, value: Value) {
    extra.entry(key.to_string()).or_insert(value);
}

/// §1.4: pod spec defaults visible in `-o yaml`.
fn pod_spec(spec: &mut PodSpec) {
    spec.restart_policy.get_or_insert_with(|| "Always".into());
    spec.dns_policy.get_or_insert_with(|| "ClusterFirst".into());
    spec.scheduler_name
        .get_or_insert_with(|| "default-scheduler".into());
    spec.termination_grace_period_seconds.get_or_insert(30);
    default_extra(&mut spec.extra, "securityContext", json!({}));
    for container in spec.init_containers.iter_mut().chain(&mut spec.containers) {
        container_defaults(container);
    }
}

fn container_defaults(container: &mut Container) {
    let policy = image_pull_policy(container.image.as_deref().unwrap_or(""));
    container
        .image_pull_policy
        .get_or_insert_with(|| policy.into());
    container.resources.get_or_insert_with(|| json!({}));
    default_extra(
        &mut container.extra,
        "terminationMessagePath",
        json!("/dev/termination-log"),
    );
    default_extra(
        &mut container.extra,
        "terminationMessagePolicy",
        json!("File"),
    );
    for port in &mut container.ports {
        port.protocol.get_or_insert_with(|| "TCP".into());
    }
    for probe in [
        &mut container.readiness_probe,
        &mut container.liveness_probe,
    ]
    .into_iter()
    .flatten()
    {
        probe.period_seconds.get_or_insert(10);
        probe.timeout_seconds.get_or_insert(1);
        probe.success_threshold.get_or_insert(1);
        probe.failure_threshold.get_or_insert(3);
    }
}

/// `Always` for `:latest` or no tag, else `IfNotPresent` (a digest counts as pinned).
pub fn image_pull_policy(image: &str) -> &'static str {
    if image.contains('@') {
        return "IfNotPresent";
    }
    let last = image.rsplit('/').next().unwrap_or(image);
    match last.split_once(':') {
        Some((_, "latest")) | None => "Always",
        Some(_) => "IfNotPresent",
    }
}

fn service_spec(spec: &mut ServiceSpec) {
    let type_ = spec.type_.get_or_insert_with(|| "ClusterIP".into()).clone();
    default_extra(&mut spec.extra, "sessionAffinity", json!("None"));
    if type_ != "ExternalName" {
        default_extra(&mut spec.extra, "internalTrafficPolicy", json!("Cluster"));
    }
    for port in &mut spec.ports {
        port.protocol.get_or_insert_with(|| "TCP".into());
        port.target_port.get_or_insert_with(|| json!(port.port));
    }
}

fn claim_spec(spec: &mut PersistentVolumeClaimSpec) {
    spec.volume_mode.get_or_insert_with(|| "Filesystem".into());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intake::parse_manifests;

    fn defaulted(text: &str) -> Object {
        let mut object = parse_manifests(text).manifests.remove(0).object;
        apply_defaults(&mut object);
        object
    }

    fn sts(update_strategy: &str) -> StatefulSet {
        let text = format!(
            "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {{app: web}}\n  template:\n    metadata:\n      labels: {{app: web}}\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.27\n        ports: [{{containerPort: 80}}]\n{update_strategy}"
        );
        match defaulted(&text) {
            Object::StatefulSet(sts) => sts,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn statefulset_defaults_r_1_1() {
        let s = sts("");
        assert_eq!(s.spec.replicas, Some(1));
        assert_eq!(
            s.spec.pod_management_policy.as_deref(),
            Some("OrderedReady")
        );
        assert_eq!(s.spec.revision_history_limit, Some(10));
        let rolling = s
            .spec
            .update_strategy
            .and_then(|u| u.rolling_update)
            .expect("rollingUpdate");
        assert_eq!(
            (rolling.partition, rolling.max_unavailable),
            (Some(0), Some(json!(1)))
        );
        let retention = s
            .spec
            .persistent_volume_claim_retention_policy
            .expect("retention");
        assert_eq!(retention.when_deleted.as_deref(), Some("Retain"));
        let pod = &s.spec.template.spec;
        assert_eq!(pod.restart_policy.as_deref(), Some("Always"));
        assert_eq!(
            pod.containers[0].image_pull_policy.as_deref(),
            Some("IfNotPresent")
        );
        assert_eq!(pod.containers[0].ports[0].protocol.as_deref(), Some("TCP"));
    }

    #[test]
    fn explicit_rolling_update_type_gets_no_object_r_1_2() {
        let s = sts("  updateStrategy:\n    type: RollingUpdate\n");
        assert_eq!(s.spec.update_strategy.and_then(|u| u.rolling_update), None);
    }

    #[test]
    fn service_defaults() {
        let Object::Service(svc) = defaulted(
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: nginx\nspec:\n  ports:\n  - port: 80\n",
        ) else {
            panic!("service");
        };
        assert_eq!(svc.spec.type_.as_deref(), Some("ClusterIP"));
        assert_eq!(svc.spec.ports[0].target_port, Some(json!(80)));
        assert_eq!(svc.spec.extra.get("sessionAffinity"), Some(&json!("None")));
    }

    #[test]
    fn pull_policy() {
        assert_eq!(image_pull_policy("nginx"), "Always");
        assert_eq!(image_pull_policy("nginx:latest"), "Always");
        assert_eq!(image_pull_policy("localhost:5000/nginx"), "Always");
        assert_eq!(
            image_pull_policy("registry.k8s.io/nginx-slim:0.8"),
            "IfNotPresent"
        );
        assert_eq!(image_pull_policy("nginx@sha256:abc"), "IfNotPresent");
    }
}
