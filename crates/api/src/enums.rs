//! The values the API server accepts for string fields of a Go `+enum` type (the
//! `supported…` sets of upstream `pkg/apis/*/validation`), keyed by the schema's definition
//! name and field. The OpenAPI v2 definitions that k8s-openapi ships carry no `enum` lists
//! (and their descriptions name the values only for some fields), so this table is the one
//! place they are written down; a test checks every entry against the generated schema.

use crate::schema::TypeDef;

/// (definition, field, values): for an array field, the values of its items.
const ENUMS: &[(&str, &str, &[&str])] = &[
    (
        "io.k8s.api.apps.v1.StatefulSetSpec",
        "podManagementPolicy",
        &["OrderedReady", "Parallel"],
    ),
    (
        "io.k8s.api.apps.v1.StatefulSetUpdateStrategy",
        "type",
        &["RollingUpdate", "OnDelete"],
    ),
    (
        "io.k8s.api.apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy",
        "whenDeleted",
        &["Retain", "Delete"],
    ),
    (
        "io.k8s.api.apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy",
        "whenScaled",
        &["Retain", "Delete"],
    ),
    (
        "io.k8s.api.apps.v1.DeploymentStrategy",
        "type",
        &["RollingUpdate", "Recreate"],
    ),
    (
        "io.k8s.api.apps.v1.DaemonSetUpdateStrategy",
        "type",
        &["RollingUpdate", "OnDelete"],
    ),
    (
        "io.k8s.api.core.v1.Container",
        "imagePullPolicy",
        &["Always", "IfNotPresent", "Never"],
    ),
    (
        "io.k8s.api.core.v1.EphemeralContainer",
        "imagePullPolicy",
        &["Always", "IfNotPresent", "Never"],
    ),
    (
        "io.k8s.api.core.v1.Container",
        "terminationMessagePolicy",
        &["File", "FallbackToLogsOnError"],
    ),
    (
        "io.k8s.api.core.v1.PodSpec",
        "restartPolicy",
        &["Always", "OnFailure", "Never"],
    ),
    (
        "io.k8s.api.core.v1.PodSpec",
        "dnsPolicy",
        &["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"],
    ),
    (
        "io.k8s.api.core.v1.PodSpec",
        "preemptionPolicy",
        &["PreemptLowerPriority", "Never"],
    ),
    (
        "io.k8s.api.core.v1.ContainerPort",
        "protocol",
        &["TCP", "UDP", "SCTP"],
    ),
    (
        "io.k8s.api.core.v1.ServicePort",
        "protocol",
        &["TCP", "UDP", "SCTP"],
    ),
    (
        "io.k8s.api.core.v1.EndpointPort",
        "protocol",
        &["TCP", "UDP", "SCTP"],
    ),
    (
        "io.k8s.api.discovery.v1.EndpointPort",
        "protocol",
        &["TCP", "UDP", "SCTP"],
    ),
    (
        "io.k8s.api.core.v1.ServiceSpec",
        "type",
        &["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"],
    ),
    (
        "io.k8s.api.core.v1.ServiceSpec",
        "sessionAffinity",
        &["None", "ClientIP"],
    ),
    (
        "io.k8s.api.core.v1.ServiceSpec",
        "externalTrafficPolicy",
        &["Cluster", "Local"],
    ),
    (
        "io.k8s.api.core.v1.ServiceSpec",
        "internalTrafficPolicy",
        &["Cluster", "Local"],
    ),
    (
        "io.k8s.api.core.v1.ServiceSpec",
        "ipFamilyPolicy",
        &["SingleStack", "PreferDualStack", "RequireDualStack"],
    ),
    (
        "io.k8s.api.core.v1.ServiceSpec",
        "ipFamilies",
        &["IPv4", "IPv6"],
    ),
    (
        "io.k8s.api.core.v1.PersistentVolumeClaimSpec",
        "accessModes",
        &[
            "ReadWriteOnce",
            "ReadOnlyMany",
            "ReadWriteMany",
            "ReadWriteOncePod",
        ],
    ),
    (
        "io.k8s.api.core.v1.PersistentVolumeSpec",
        "accessModes",
        &[
            "ReadWriteOnce",
            "ReadOnlyMany",
            "ReadWriteMany",
            "ReadWriteOncePod",
        ],
    ),
    (
        "io.k8s.api.core.v1.PersistentVolumeClaimSpec",
        "volumeMode",
        &["Filesystem", "Block"],
    ),
    (
        "io.k8s.api.core.v1.PersistentVolumeSpec",
        "volumeMode",
        &["Filesystem", "Block"],
    ),
    (
        "io.k8s.api.core.v1.PersistentVolumeSpec",
        "persistentVolumeReclaimPolicy",
        &["Retain", "Delete", "Recycle"],
    ),
    // A StorageClass cannot ask for the deprecated Recycle (upstream
    // `supportedReclaimPolicy`).
    (
        "io.k8s.api.storage.v1.StorageClass",
        "reclaimPolicy",
        &["Delete", "Retain"],
    ),
    (
        "io.k8s.api.storage.v1.StorageClass",
        "volumeBindingMode",
        &["Immediate", "WaitForFirstConsumer"],
    ),
    (
        "io.k8s.api.core.v1.Toleration",
        "operator",
        &["Equal", "Exists"],
    ),
    (
        "io.k8s.api.core.v1.Toleration",
        "effect",
        &["NoSchedule", "PreferNoSchedule", "NoExecute"],
    ),
    (
        "io.k8s.api.core.v1.Taint",
        "effect",
        &["NoSchedule", "PreferNoSchedule", "NoExecute"],
    ),
    (
        "io.k8s.api.core.v1.NodeSelectorRequirement",
        "operator",
        &["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"],
    ),
    (
        "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement",
        "operator",
        &["In", "NotIn", "Exists", "DoesNotExist"],
    ),
    (
        "io.k8s.api.core.v1.TopologySpreadConstraint",
        "whenUnsatisfiable",
        &["DoNotSchedule", "ScheduleAnyway"],
    ),
    (
        "io.k8s.api.core.v1.HTTPGetAction",
        "scheme",
        &["HTTP", "HTTPS"],
    ),
    (
        "io.k8s.api.policy.v1.PodDisruptionBudgetSpec",
        "unhealthyPodEvictionPolicy",
        &["IfHealthyBudget", "AlwaysAllow"],
    ),
];

/// The values `field` of `def` may take (its items', for a list), or `None` when it is not an
/// enum.
pub fn values(def: &TypeDef, field: &str) -> Option<&'static [&'static str]> {
    ENUMS
        .iter()
        .find(|(name, f, _)| *name == def.name && *f == field)
        .map(|(_, _, values)| *values)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{self, Shape};

    #[test]
    fn every_entry_names_a_string_field_of_the_schema() {
        for (name, field, values) in ENUMS {
            let def = (0..u16::MAX)
                .map_while(schema::type_def)
                .find(|d| d.name == *name)
                .unwrap_or_else(|| panic!("{name} is not in the schema"));
            let shape = def
                .field(field)
                .unwrap_or_else(|| panic!("{name} has no field {field}"))
                .shape;
            assert!(
                matches!(shape, Shape::String | Shape::Array(&Shape::String)),
                "{name}.{field} is {shape:?}, not a string or list of strings"
            );
            assert!(!values.is_empty());
        }
    }

    #[test]
    fn looks_values_up_by_definition_and_field() {
        let spec = (0..u16::MAX)
            .map_while(schema::type_def)
            .find(|d| d.name == "io.k8s.api.apps.v1.StatefulSetSpec")
            .expect("StatefulSetSpec");
        assert_eq!(
            values(spec, "podManagementPolicy"),
            Some(&["OrderedReady", "Parallel"][..])
        );
        assert_eq!(values(spec, "serviceName"), None);
    }
}
