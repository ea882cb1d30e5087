//! The resource types kubectl knows: plural, singular and short names, kind, group, scope.

/// One row of `kubectl api-resources`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResourceType {
    /// `statefulsets`
    pub plural: &'static str,
    /// `statefulset`
    pub singular: &'static str,
    pub short_names: &'static [&'static str],
    /// `""` for the core group.
    pub group: &'static str,
    pub version: &'static str,
    pub kind: &'static str,
    pub namespaced: bool,
}

const fn rt(
    plural: &'static str,
    singular: &'static str,
    short_names: &'static [&'static str],
    group: &'static str,
    version: &'static str,
    kind: &'static str,
    namespaced: bool,
) -> ResourceType {
    ResourceType {
        plural,
        singular,
        short_names,
        group,
        version,
        kind,
        namespaced,
    }
}

/// In `kubectl api-resources` order (core group first, then by group name).
pub const RESOURCE_TYPES: &[ResourceType] = &[
    rt(
        "configmaps",
        "configmap",
        &["cm"],
        "",
        "v1",
        "ConfigMap",
        true,
    ),
    rt(
        "endpoints",
        "endpoints",
        &["ep"],
        "",
        "v1",
        "Endpoints",
        true,
    ),
    rt("events", "event", &["ev"], "", "v1", "Event", true),
    rt(
        "namespaces",
        "namespace",
        &["ns"],
        "",
        "v1",
        "Namespace",
        false,
    ),
    rt("nodes", "node", &["no"], "", "v1", "Node", false),
    rt(
        "persistentvolumeclaims",
        "persistentvolumeclaim",
        &["pvc"],
        "",
        "v1",
        "PersistentVolumeClaim",
        true,
    ),
    rt(
        "persistentvolumes",
        "persistentvolume",
        &["pv"],
        "",
        "v1",
        "PersistentVolume",
        false,
    ),
    rt("pods", "pod", &["po"], "", "v1", "Pod", true),
    rt("secrets", "secret", &[], "", "v1", "Secret", true),
    rt(
        "serviceaccounts",
        "serviceaccount",
        &["sa"],
        "",
        "v1",
        "ServiceAccount",
        true,
    ),
    rt("services", "service", &["svc"], "", "v1", "Service", true),
    rt(
        "controllerrevisions",
        "controllerrevision",
        &[],
        "apps",
        "v1",
        "ControllerRevision",
        true,
    ),
    rt(
        "daemonsets",
        "daemonset",
        &["ds"],
        "apps",
        "v1",
        "DaemonSet",
        true,
    ),
    rt(
        "deployments",
        "deployment",
        &["deploy"],
        "apps",
        "v1",
        "Deployment",
        true,
    ),
    rt(
        "replicasets",
        "replicaset",
        &["rs"],
        "apps",
        "v1",
        "ReplicaSet",
        true,
    ),
    rt(
        "statefulsets",
        "statefulset",
        &["sts"],
        "apps",
        "v1",
        "StatefulSet",
        true,
    ),
    rt(
        "cronjobs",
        "cronjob",
        &["cj"],
        "batch",
        "v1",
        "CronJob",
        true,
    ),
    rt("jobs", "job", &[], "batch", "v1", "Job", true),
    rt(
        "endpointslices",
        "endpointslice",
        &[],
        "discovery.k8s.io",
        "v1",
        "EndpointSlice",
        true,
    ),
    rt(
        "poddisruptionbudgets",
        "poddisruptionbudget",
        &["pdb"],
        "policy",
        "v1",
        "PodDisruptionBudget",
        true,
    ),
    rt(
        "storageclasses",
        "storageclass",
        &["sc"],
        "storage.k8s.io",
        "v1",
        "StorageClass",
        false,
    ),
];

impl ResourceType {
    /// `statefulset.apps`, `pod`: how kubectl names the type in `TYPE/NAME` output and messages.
    pub fn qualified(&self) -> String {
        if self.group.is_empty() {
            self.singular.to_string()
        } else {
            format!("{}.{}", self.singular, self.group)
        }
    }

    /// `statefulsets.apps`, `pods`: the plural form used in `Error from server (NotFound)`.
    pub fn qualified_plural(&self) -> String {
        if self.group.is_empty() {
            self.plural.to_string()
        } else {
            format!("{}.{}", self.plural, self.group)
        }
    }

    /// `apps/v1`, `v1`.
    pub fn api_version(&self) -> String {
        if self.group.is_empty() {
            self.version.to_string()
        } else {
            format!("{}/{}", self.group, self.version)
        }
    }
}

/// Resolves what a user typed (`po`, `Pods`, `statefulset.apps`, `sts`) to a type.
pub fn lookup(name: &str) -> Option<&'static ResourceType> {
    let lower = name.to_ascii_lowercase();
    let (base, group) = match lower.split_once('.') {
        Some((base, group)) => (base.to_string(), Some(group.to_string())),
        None => (lower, None),
    };
    RESOURCE_TYPES.iter().find(|t| {
        let name_matches = t.plural == base
            || t.singular == base
            || t.short_names.contains(&base.as_str())
            || t.kind.eq_ignore_ascii_case(&base);
        let group_matches = group
            .as_deref()
            .is_none_or(|g| g == t.group || g == format!("{}.{}", t.version, t.group));
        name_matches && group_matches
    })
}

/// The type of a stored object's kind.
pub fn for_kind(kind: &str) -> Option<&'static ResourceType> {
    RESOURCE_TYPES.iter().find(|t| t.kind == kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_short_names_and_groups_resolve() {
        let cases = [
            ("po", "Pod"),
            ("pods", "Pod"),
            ("Pod", "Pod"),
            ("sts", "StatefulSet"),
            ("statefulset.apps", "StatefulSet"),
            ("svc", "Service"),
            ("pvc", "PersistentVolumeClaim"),
            ("pv", "PersistentVolume"),
            ("sc", "StorageClass"),
            ("ep", "Endpoints"),
            ("no", "Node"),
            ("ds", "DaemonSet"),
            ("deploy", "Deployment"),
            ("rs", "ReplicaSet"),
            ("cm", "ConfigMap"),
            ("ev", "Event"),
            ("controllerrevision", "ControllerRevision"),
            ("storageclasses.storage.k8s.io", "StorageClass"),
        ];
        for (typed, kind) in cases {
            assert_eq!(lookup(typed).map(|t| t.kind), Some(kind), "{typed}");
        }
        assert!(lookup("foo").is_none());
        assert!(lookup("pods.apps").is_none());
    }

    #[test]
    fn qualified_names() {
        let sts = lookup("sts").expect("known");
        assert_eq!(sts.qualified(), "statefulset.apps");
        assert_eq!(sts.qualified_plural(), "statefulsets.apps");
        assert_eq!(lookup("po").expect("known").qualified(), "pod");
    }
}
