//! The PersistentVolume controller and what pods need of it (SPEC §5): binding claims to
//! static volumes (`binder`), dynamic provisioning through StorageClasses (`provisioner`),
//! reclaim policies and protection finalizers (`reclaim`), and the volumes' contents
//! (`files`). Like the upstream controller it works from queues of changed claims and
//! volumes, filled by `Cluster::write`/`erase`, and runs in `settle` before the scheduler.

pub mod binder;
pub mod files;
pub mod provisioner;
pub mod reclaim;

use crate::cluster::Cluster;
use crate::store::{ObjectKey, Store};
use files::FileTree;
use ordinal_api::{Object, PersistentVolumeClaim, Pod};
use std::collections::{BTreeMap, BTreeSet};

pub const PVC_PROTECTION: &str = "kubernetes.io/pvc-protection";
pub const PV_PROTECTION: &str = "kubernetes.io/pv-protection";
pub const SELECTED_NODE: &str = "volume.kubernetes.io/selected-node";
pub const PROVISIONED_BY: &str = "pv.kubernetes.io/provisioned-by";
pub const DEFAULT_CLASS: &str = "storageclass.kubernetes.io/is-default-class";
/// The `From` of the PV controller's events.
pub const CONTROLLER: &str = "persistentvolume-controller";

/// Where a file tree lives: a PersistentVolume (outlives pods), a pod's emptyDir, or a
/// container's own writable layer (both gone with the pod).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum TreeId {
    Volume(String),
    EmptyDir { pod_uid: String, volume: String },
    Container { pod_uid: String, container: String },
}

/// The controller's queues and every volume's contents.
#[derive(Debug, Clone, Default)]
pub struct Storage {
    pub(crate) dirty_claims: BTreeSet<ObjectKey>,
    pub(crate) dirty_volumes: BTreeSet<String>,
    /// A volume became Available: every Pending claim gets another look.
    pub(crate) recheck_pending: bool,
    /// The last waiting event recorded for a claim (by key, with the claim's uid), so a
    /// resync does not repeat it; dropped when the claim binds or goes.
    pub(crate) noted: BTreeMap<ObjectKey, (String, String)>,
    /// Claim uids a provisioner is working on.
    pub(crate) provisioning: BTreeSet<String>,
    /// StorageClasses whose provisioner is down (`sim storageclass break`).
    pub(crate) broken_classes: BTreeSet<String>,
    pub(crate) trees: BTreeMap<TreeId, FileTree>,
}

impl Storage {
    pub fn is_dirty(&self) -> bool {
        !self.dirty_claims.is_empty() || !self.dirty_volumes.is_empty() || self.recheck_pending
    }

    /// The contents of a volume, a pod's emptyDir or a container's layer (the app's volume
    /// panel reads these).
    pub fn tree(&self, id: &TreeId) -> Option<&FileTree> {
        self.trees.get(id)
    }

    /// Drops the trees that die with a pod (emptyDirs, container layers).
    pub fn forget_pod(&mut self, pod_uid: &str) {
        // Each kind of pod-local tree sorts by pod uid first, so the pod's trees are a range.
        let starts = [
            TreeId::EmptyDir {
                pod_uid: pod_uid.to_string(),
                volume: String::new(),
            },
            TreeId::Container {
                pod_uid: pod_uid.to_string(),
                container: String::new(),
            },
        ];
        for start in starts {
            let doomed: Vec<TreeId> =
                self.trees
                    .range(start..)
                    .take_while(|(id, _)| match id {
                        TreeId::EmptyDir { pod_uid: p, .. }
                        | TreeId::Container { pod_uid: p, .. } => p == pod_uid,
                        TreeId::Volume(_) => false,
                    })
                    .map(|(id, _)| id.clone())
                    .collect();
            for id in doomed {
                self.trees.remove(&id);
            }
        }
    }
}

/// What admission adds to every new claim: the protection finalizer, phase Pending.
pub(crate) fn admit_claim(claim: &mut PersistentVolumeClaim) {
    if claim.metadata.deletion_timestamp.is_none()
        && !claim
            .metadata
            .finalizers
            .iter()
            .any(|f| f == PVC_PROTECTION)
    {
        claim.metadata.finalizers.push(PVC_PROTECTION.into());
    }
    claim.status.phase.get_or_insert_with(|| "Pending".into());
}

/// What admission does to a claim being created without a class: the default class, if one
/// exists (R-5.4, the DefaultStorageClass admission plugin).
pub(crate) fn default_class_on_create(store: &Store, object: &mut Object) {
    if let Object::PersistentVolumeClaim(claim) = object
        && claim.spec.storage_class_name.is_none()
        && let Some(class) = provisioner::default_class(store)
    {
        claim.spec.storage_class_name = Some(class);
    }
}

/// A claim was just stored for the first time: the PV controller looks at it.
pub(crate) fn claim_created(cluster: &mut Cluster, key: &ObjectKey, _uid: &str) {
    cluster.storage.dirty_claims.insert(key.clone());
}

/// Called for every stored or removed object: queues what the PV controller must look at.
pub(crate) fn object_changed(cluster: &mut Cluster, key: &ObjectKey) {
    match key.kind.as_str() {
        "PersistentVolumeClaim" => {
            cluster.storage.dirty_claims.insert(key.clone());
        }
        "PersistentVolume" => {
            cluster.storage.dirty_volumes.insert(key.name.clone());
        }
        "StorageClass" => cluster.storage.recheck_pending = true,
        _ => {}
    }
}

/// One pass of the PV controller over what changed.
pub(crate) fn sync(cluster: &mut Cluster) {
    if !cluster.storage.is_dirty() {
        return;
    }
    let volumes = std::mem::take(&mut cluster.storage.dirty_volumes);
    for name in &volumes {
        reclaim::sync_volume(cluster, name);
    }
    let mut claims = std::mem::take(&mut cluster.storage.dirty_claims);
    if std::mem::take(&mut cluster.storage.recheck_pending) {
        claims.extend(
            cluster
                .store
                .list("PersistentVolumeClaim", None)
                .filter(|o| {
                    matches!(o, Object::PersistentVolumeClaim(c)
                        if c.status.phase.as_deref() != Some("Bound"))
                })
                .map(ObjectKey::of),
        );
    }
    for key in &claims {
        binder::sync_claim(cluster, key);
    }
}

/// Names of the claims `pod` mounts that are not Bound (missing ones included).
pub(crate) fn unbound_claims(store: &Store, pod: &Pod) -> Vec<String> {
    let namespace = pod.metadata.namespace.as_deref().unwrap_or("default");
    pod.spec
        .volumes
        .iter()
        .filter_map(|v| v.persistent_volume_claim.as_ref())
        .filter(|source| {
            let key = ObjectKey::new("PersistentVolumeClaim", namespace, &source.claim_name);
            !matches!(store.get(&key), Some(Object::PersistentVolumeClaim(c))
                if c.status.phase.as_deref() == Some("Bound"))
        })
        .map(|source| source.claim_name.clone())
        .collect()
}

/// Whether the scheduler may place `pod` as far as its volumes go, and if not, the text of
/// the scheduler's reason — for the scheduler's FailedScheduling message.
pub fn pod_volumes_ready(cluster: &Cluster, pod: &Pod) -> Result<(), String> {
    let namespace = pod.metadata.namespace.as_deref().unwrap_or("default");
    for source in pod
        .spec
        .volumes
        .iter()
        .filter_map(|v| v.persistent_volume_claim.as_ref())
    {
        let key = ObjectKey::new("PersistentVolumeClaim", namespace, &source.claim_name);
        let Some(Object::PersistentVolumeClaim(claim)) = cluster.store.get(&key) else {
            return Err(format!(
                "persistentvolumeclaim \"{}\" not found",
                source.claim_name
            ));
        };
        if claim.metadata.deletion_timestamp.is_some() {
            return Err(format!(
                "persistentvolumeclaim \"{}\" is being deleted",
                source.claim_name
            ));
        }
        if claim.status.phase.as_deref() == Some("Bound") {
            continue;
        }
        match provisioner::binding_mode(&cluster.store, claim).as_deref() {
            Some("WaitForFirstConsumer") => {
                if !provisioner::can_provision(&cluster.store, claim)
                    && binder::find_matching_volume(&cluster.store, claim).is_none()
                {
                    return Err("node(s) didn't find available persistent volumes to bind".into());
                }
                // Provisioning for this pod is under way: wait without a failure message.
                return Err(String::new());
            }
            _ => return Err("pod has unbound immediate PersistentVolumeClaims".into()),
        }
    }
    Ok(())
}

/// The scheduler is placing `pod` on `node`: its WaitForFirstConsumer claims get the
/// `volume.kubernetes.io/selected-node` annotation, which starts their binding.
pub fn select_node_for_claims(cluster: &mut Cluster, pod: &Pod, node: &str) {
    let namespace = pod
        .metadata
        .namespace
        .clone()
        .unwrap_or_else(|| "default".into());
    for source in pod
        .spec
        .volumes
        .iter()
        .filter_map(|v| v.persistent_volume_claim.as_ref())
    {
        let key = ObjectKey::new("PersistentVolumeClaim", &namespace, &source.claim_name);
        let Some(Object::PersistentVolumeClaim(claim)) = cluster.store.get(&key) else {
            continue;
        };
        let waiting = claim.status.phase.as_deref() != Some("Bound")
            && claim.metadata.deletion_timestamp.is_none()
            && !claim.metadata.annotations.contains_key(SELECTED_NODE)
            && provisioner::binding_mode(&cluster.store, claim).as_deref()
                == Some("WaitForFirstConsumer");
        if waiting {
            let mut claim = claim.clone();
            claim
                .metadata
                .annotations
                .insert(SELECTED_NODE.into(), node.to_string());
            cluster.write(Object::PersistentVolumeClaim(claim));
        }
    }
}

impl Cluster {
    /// The files on a PersistentVolume (`/path`, contents), for a volume panel; scripts that
    /// are sleeping are brought up to now first so the contents are current.
    pub fn volume_files(&mut self, volume: &str) -> Vec<(String, String)> {
        crate::process::catch_up(self);
        self.storage
            .tree(&TreeId::Volume(volume.to_string()))
            .map(|t| {
                t.files()
                    .map(|(p, c)| (format!("/{p}"), c.to_string()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Stops (or restarts) the provisioner of a StorageClass, like a provisioner pod that is
    /// not running: its claims wait with the ExternalProvisioning event until it is fixed.
    pub fn set_storage_class_broken(&mut self, class: &str, broken: bool) {
        if broken {
            self.storage.broken_classes.insert(class.to_string());
        } else if self.storage.broken_classes.remove(class) {
            self.storage.recheck_pending = true;
            sync(self);
        }
    }
}

/// Whether a pod still mounts the claim (the protection finalizer holds the claim until the
/// last such pod object is gone, R-5.10).
pub(crate) fn claim_in_use(store: &Store, key: &ObjectKey) -> bool {
    store.list("Pod", Some(&key.namespace)).any(|p| match p {
        Object::Pod(pod) => pod.spec.volumes.iter().any(|v| {
            v.persistent_volume_claim
                .as_ref()
                .is_some_and(|s| s.claim_name == key.name)
        }),
        _ => false,
    })
}

/// The binding invariant: a claim is bound to at most one volume and a volume to at most one
/// claim, and a Bound claim's `spec.volumeName` and its volume's `spec.claimRef` agree.
pub fn check_bindings(store: &Store) -> Result<(), String> {
    let mut bound_volumes: BTreeMap<&str, String> = BTreeMap::new();
    for object in store.list("PersistentVolumeClaim", None) {
        let Object::PersistentVolumeClaim(claim) = object else {
            continue;
        };
        if claim.status.phase.as_deref() != Some("Bound") {
            continue;
        }
        let name = format!(
            "{}/{}",
            claim.metadata.namespace.as_deref().unwrap_or(""),
            claim.metadata.name
        );
        let Some(volume) = claim.spec.volume_name.as_deref() else {
            return Err(format!("claim {name} is Bound without a volumeName"));
        };
        if let Some(other) = bound_volumes.insert(volume, name.clone()) {
            return Err(format!(
                "volume {volume} is bound to both {other} and {name}"
            ));
        }
        let Some(Object::PersistentVolume(pv)) =
            store.get(&ObjectKey::new("PersistentVolume", "", volume))
        else {
            return Err(format!("claim {name} is Bound to missing volume {volume}"));
        };
        let agrees = pv.spec.claim_ref.as_ref().is_some_and(|r| {
            r.name.as_deref() == Some(claim.metadata.name.as_str())
                && r.namespace.as_deref() == claim.metadata.namespace.as_deref()
                && r.uid == claim.metadata.uid
        });
        if !agrees {
            return Err(format!(
                "claim {name} names volume {volume} whose claimRef points elsewhere"
            ));
        }
    }
    for object in store.list("PersistentVolume", None) {
        let Object::PersistentVolume(pv) = object else {
            continue;
        };
        if pv.status.phase.as_deref() == Some("Bound")
            && !bound_volumes.contains_key(pv.metadata.name.as_str())
        {
            return Err(format!(
                "volume {} is Bound but no Bound claim names it",
                pv.metadata.name
            ));
        }
    }
    Ok(())
}
