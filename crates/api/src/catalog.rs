//! Built-in Kubernetes kinds (at the SPEC's 1.35 baseline) that Ordinal has no schema for.
//!
//! A document of one of these kinds is a valid manifest on a real cluster, so it is stored
//! unchecked with a warning instead of failing like an unknown kind (`no matches for kind`).

/// `(apiVersion, kind)` pairs served by a 1.35 API server besides those in [`crate::schema`].
const BUILT_IN: &[(&str, &str)] = &[
    ("v1", "ServiceAccount"),
    ("v1", "LimitRange"),
    ("v1", "ResourceQuota"),
    ("v1", "PodTemplate"),
    ("v1", "ReplicationController"),
    ("rbac.authorization.k8s.io/v1", "Role"),
    ("rbac.authorization.k8s.io/v1", "RoleBinding"),
    ("rbac.authorization.k8s.io/v1", "ClusterRole"),
    ("rbac.authorization.k8s.io/v1", "ClusterRoleBinding"),
    ("networking.k8s.io/v1", "Ingress"),
    ("networking.k8s.io/v1", "IngressClass"),
    ("networking.k8s.io/v1", "NetworkPolicy"),
    ("networking.k8s.io/v1", "IPAddress"),
    ("networking.k8s.io/v1", "ServiceCIDR"),
    ("batch/v1", "Job"),
    ("batch/v1", "CronJob"),
    ("autoscaling/v1", "HorizontalPodAutoscaler"),
    ("autoscaling/v2", "HorizontalPodAutoscaler"),
    ("apiextensions.k8s.io/v1", "CustomResourceDefinition"),
    (
        "admissionregistration.k8s.io/v1",
        "MutatingWebhookConfiguration",
    ),
    (
        "admissionregistration.k8s.io/v1",
        "ValidatingWebhookConfiguration",
    ),
    (
        "admissionregistration.k8s.io/v1",
        "ValidatingAdmissionPolicy",
    ),
    (
        "admissionregistration.k8s.io/v1",
        "ValidatingAdmissionPolicyBinding",
    ),
    ("scheduling.k8s.io/v1", "PriorityClass"),
    ("coordination.k8s.io/v1", "Lease"),
    ("storage.k8s.io/v1", "CSIDriver"),
    ("storage.k8s.io/v1", "CSINode"),
    ("storage.k8s.io/v1", "CSIStorageCapacity"),
    ("storage.k8s.io/v1", "VolumeAttachment"),
    ("storage.k8s.io/v1", "VolumeAttributesClass"),
    ("node.k8s.io/v1", "RuntimeClass"),
    ("certificates.k8s.io/v1", "CertificateSigningRequest"),
    ("events.k8s.io/v1", "Event"),
    ("apiregistration.k8s.io/v1", "APIService"),
    ("flowcontrol.apiserver.k8s.io/v1", "FlowSchema"),
    (
        "flowcontrol.apiserver.k8s.io/v1",
        "PriorityLevelConfiguration",
    ),
    ("resource.k8s.io/v1", "DeviceClass"),
    ("resource.k8s.io/v1", "ResourceClaim"),
    ("resource.k8s.io/v1", "ResourceClaimTemplate"),
    ("resource.k8s.io/v1", "ResourceSlice"),
];

/// Whether a 1.35 API server serves `kind` in `api_version` although Ordinal has no schema.
pub fn is_built_in_without_schema(api_version: &str, kind: &str) -> bool {
    BUILT_IN.contains(&(api_version, kind))
}

/// Kinds whose objects only hold data (nothing about them needs simulating), or that the
/// simulator drives from their stored JSON form (workload controllers, nodes).
pub fn is_passive(kind: &str) -> bool {
    matches!(
        kind,
        "ConfigMap"
            | "Secret"
            | "Namespace"
            | "Endpoints"
            | "EndpointSlice"
            | "Event"
            | "ControllerRevision"
            | "Deployment"
            | "ReplicaSet"
            | "DaemonSet"
            | "Node"
    )
}
