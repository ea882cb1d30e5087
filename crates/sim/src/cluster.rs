//! The `Cluster`: owns the store, the virtual clock, the event queue and the seeded RNG, and
//! runs the controllers (kubelet, scheduler, volume binder, StatefulSet controller, garbage
//! collector) after every change.

use crate::clock::{Duration, Time};
use crate::events::{Event, EventLog};
use crate::images::ImageCatalogue;
use crate::kubelet::{self, KubeletAction, PodRuntime};
use crate::nodes::Nodes;
use crate::rng::Rng;
use crate::store::{ObjectKey, Store};
use crate::why::{Explanations, Reason};
use crate::{gc, scheduler, statefulset, volumes};
use ordinal_api::{Diagnostic, Object, defaults, intake, validation};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterConfig {
    pub seed: u64,
    pub worker_nodes: u32,
    pub cluster_domain: String,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            seed: 1,
            worker_nodes: 3,
            cluster_domain: "cluster.local".into(),
        }
    }
}

/// Something scheduled to happen at a virtual instant. Timers name the object *and* its uid,
/// so a timer for a pod that was deleted and re-created under the same name does nothing.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Timer {
    /// The scheduler binds the pod to a node.
    Schedule { pod: ObjectKey, uid: String },
    /// The kubelet on the pod's node does the next thing for it.
    Kubelet {
        pod: ObjectKey,
        uid: String,
        action: KubeletAction,
    },
    /// The provisioner finished creating a volume for the claim.
    Provisioned { claim: ObjectKey, uid: String },
    /// A controller asked to look at a StatefulSet again (minReadySeconds).
    Resync { set: ObjectKey },
    /// The node lifecycle / taint eviction controllers look at a node that stopped.
    Node {
        node: String,
        step: crate::node_lifecycle::NodeStep,
    },
    /// A released volume's reclaim policy (Delete, Recycle) is carried out.
    Reclaim { volume: String, uid: String },
    /// A Deployment, ReplicaSet or DaemonSet asked to be looked at again (minReadySeconds,
    /// progressDeadlineSeconds).
    WorkloadResync { key: ObjectKey },
    /// A large Service's endpoints throttle ran out: its waiting changes are written.
    EndpointsSync,
    /// The scheduling queue's periodic flush finds a pod unschedulable for 5 minutes. A
    /// background timer: it alone does not keep `run_until_idle` running.
    FlushUnschedulable { pod: ObjectKey, uid: String },
}

/// The result of applying one manifest document, as `kubectl apply` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplyOutcome {
    /// `statefulset.apps`, `service`, …
    pub resource: String,
    pub name: String,
    /// `created`, `configured` or `unchanged`.
    pub action: &'static str,
    /// `kubectl apply` found the object without a last-applied record (made by `create`,
    /// `run` or a controller): kubectl warns, and the record is added.
    pub missing_last_applied: bool,
}

/// `kubectl delete --cascade`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Cascade {
    #[default]
    Background,
    Foreground,
    Orphan,
}

/// Options of a delete call (`kubectl delete --grace-period --cascade --force`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DeleteOptions {
    /// Seconds; `None` uses the object's own (`terminationGracePeriodSeconds`).
    pub grace_period: Option<i64>,
    pub cascade: Cascade,
    /// Remove the object at once without waiting for the kubelet (`--force --grace-period=0`).
    pub force: bool,
}

#[derive(Debug, Clone)]
pub struct Cluster {
    config: ClusterConfig,
    now: Time,
    pub(crate) rng: Rng,
    pub(crate) store: Store,
    queue: BinaryHeap<Reverse<(Time, u64, Timer)>>,
    sequence: u64,
    pub(crate) nodes: Nodes,
    pub(crate) images: ImageCatalogue,
    /// Per-pod kubelet state (pull and crash back-off counters), by pod uid.
    pub(crate) runtimes: BTreeMap<String, PodRuntime>,
    pub(crate) events: EventLog,
    pub(crate) why: Explanations,
    /// StatefulSets to sync after the current change.
    pub(crate) dirty_sets: BTreeSet<ObjectKey>,
    /// Deployments, ReplicaSets and DaemonSets to sync after the current change.
    pub(crate) dirty_workloads: BTreeSet<ObjectKey>,
    /// Owner uids whose dependents the garbage collector should look at.
    pub(crate) gc_queue: BTreeSet<String>,
    /// Pods the scheduler should look at (new, or a claim they wait for got bound).
    pub(crate) unscheduled: BTreeSet<ObjectKey>,
    /// Pods whose labels changed, for their StatefulSet to claim or release.
    pub(crate) relabeled_pods: BTreeSet<ObjectKey>,
    /// Claim → pods waiting for it to be bound (so a bind wakes only those pods).
    pub(crate) waiting_on_claims: BTreeMap<ObjectKey, BTreeSet<ObjectKey>>,
    /// Pod summaries by controller, for the StatefulSet controller's syncs.
    pub(crate) pod_cache: statefulset::cache::PodCache,
    /// Run `check_invariants` after every step and panic on a violation (tests only; ignored
    /// without debug assertions, so release builds such as the wasm app leave the checker out).
    pub check_invariants_each_step: bool,
    pub(crate) timeline: crate::checkpoint::Timeline,
    /// The PV controller's queues and the volumes' contents.
    pub(crate) storage: volumes::Storage,
    /// Container processes (the mini shell) and their logs.
    pub(crate) processes: crate::process::Processes,
    /// The endpoints and EndpointSlice controllers' per-Service state.
    pub(crate) endpoints: crate::network::endpoints::EndpointsControllers,
    /// The last pod tolerations admission completed, and what it made of them: the pods of
    /// one template share their tolerations, so they share the admitted list too.
    pub(crate) admitted_tolerations: Option<crate::node_lifecycle::AdmittedTolerations>,
    /// Queued background timers (`Timer::FlushUnschedulable`): a queue holding only those
    /// is idle, or a pod Pending for good would keep `run_until_idle` busy forever.
    background_timers: usize,
}

impl Cluster {
    pub fn new(config: ClusterConfig) -> Self {
        let mut cluster = Cluster {
            rng: Rng::new(config.seed),
            nodes: Nodes::new(config.worker_nodes.max(1)),
            config,
            now: Time(0),
            store: Store::default(),
            queue: BinaryHeap::new(),
            sequence: 0,
            images: ImageCatalogue::default(),
            runtimes: BTreeMap::new(),
            events: EventLog::default(),
            why: Explanations::default(),
            dirty_sets: BTreeSet::new(),
            dirty_workloads: BTreeSet::new(),
            gc_queue: BTreeSet::new(),
            unscheduled: BTreeSet::new(),
            waiting_on_claims: BTreeMap::new(),
            relabeled_pods: BTreeSet::new(),
            pod_cache: Default::default(),
            check_invariants_each_step: false,
            timeline: Default::default(),
            storage: Default::default(),
            processes: Default::default(),
            endpoints: Default::default(),
            background_timers: 0,
            admitted_tolerations: None,
        };
        volumes::provisioner::install_default_class(&mut cluster);
        crate::node_lifecycle::install_default_nodes(&mut cluster);
        cluster
    }

    pub fn config(&self) -> &ClusterConfig {
        &self.config
    }

    pub fn now(&self) -> Time {
        self.now
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Every recorded event, in the order first recorded, expired ones included (the live
    /// ones are `Event` objects in the store: `kubectl get events`).
    pub fn events(&self) -> &[std::sync::Arc<Event>] {
        self.events.all()
    }

    /// Events about one object (`kubectl describe`).
    pub fn events_about<'a>(&'a self, key: &'a ObjectKey) -> impl Iterator<Item = &'a Event> {
        // Only the live object's own events: a pod re-created under the same name starts afresh.
        let uid = self
            .store
            .get(key)
            .and_then(|o| o.metadata().uid.as_deref());
        self.events.about(key, uid)
    }

    /// Why a controller is waiting on, or refusing to act for, this object right now.
    pub fn why(&self, key: &ObjectKey) -> Vec<Reason> {
        self.why.of(key)
    }

    /// Marks an image as failing to pull (or pulling again), like a registry outage.
    pub fn set_image_broken(&mut self, image: &str, broken: bool) {
        self.images.set_broken(image, broken);
    }

    /// The instant of the next pending timer.
    pub fn next_timer_at(&self) -> Option<Time> {
        self.queue.peek().map(|Reverse((at, _, _))| *at)
    }

    /// `kubectl apply` of a manifest stream: new objects are created with the manifest kept
    /// in the `last-applied-configuration` annotation, existing ones patched by the
    /// three-way merge (see `apply`). Nothing is applied if any document has an error.
    pub fn apply(&mut self, text: &str) -> Result<Vec<ApplyOutcome>, Vec<Diagnostic>> {
        let objects = self.to_write(text, true)?;
        Ok(self.write_all(objects))
    }

    /// `kubectl create -f` and `kubectl run`: the manifests' objects as written, with no
    /// last-applied record (the verbs refuse an object that exists).
    pub fn create(&mut self, text: &str) -> Result<Vec<ApplyOutcome>, Vec<Diagnostic>> {
        let objects = self.to_write(text, false)?;
        Ok(self.write_all(objects))
    }

    /// The objects `apply` would write for `text`, defaulted, each with the live object it
    /// replaces, or the intake's errors. Writes nothing and skips update validation: kubectl
    /// reads a refused apply's objects from here to name the one the server refused.
    pub fn applied_objects(
        &self,
        text: &str,
    ) -> Result<Vec<(Object, Option<&Object>)>, Vec<Diagnostic>> {
        let prepared = self.prepare(text, true)?;
        Ok(prepared.into_iter().map(|(o, live, _)| (o, live)).collect())
    }

    /// Every object to write for `text`, defaulted, with the live object it replaces and
    /// whether kubectl warns that the live object had no last-applied record; `record` is
    /// `apply` (merge, keep the record) rather than `create`.
    #[allow(clippy::type_complexity)]
    fn prepare(
        &self,
        text: &str,
        record: bool,
    ) -> Result<Vec<(Object, Option<&Object>, bool)>, Vec<Diagnostic>> {
        let intake = intake::parse_manifests(text);
        if intake.has_errors() {
            return Err(intake.diagnostics);
        }
        let documents = intake.documents.iter().filter(|d| d.object.is_some());
        let mut objects = Vec::new();
        for (manifest, document) in intake.manifests.into_iter().zip(documents) {
            let live = self.store.get(&ObjectKey::of(&manifest.object));
            let (mut object, missing) = if record {
                let applied = crate::apply::applied(manifest.object, &document.node, live)?;
                (applied.object, applied.missing_annotation)
            } else {
                (manifest.object, false)
            };
            defaults::apply_defaults(&mut object);
            objects.push((object, live, missing && live.is_some()));
        }
        Ok(objects)
    }

    /// `prepare`, then every object checked against the one it replaces before any is
    /// written (update validation needs the stored objects).
    fn to_write(&self, text: &str, record: bool) -> Result<Vec<(Object, bool)>, Vec<Diagnostic>> {
        let mut objects = Vec::new();
        for (mut object, live, missing) in self.prepare(text, record)? {
            if let Some(old) = live {
                let errors = validation::validate_update(old, &object);
                if !errors.is_empty() {
                    return Err(errors);
                }
                if !record {
                    merge_applied_finalizers(old, &mut object);
                }
            }
            objects.push((object, missing));
        }
        Ok(objects)
    }

    fn write_all(&mut self, objects: Vec<(Object, bool)>) -> Vec<ApplyOutcome> {
        let outcomes = objects
            .into_iter()
            .map(|(object, missing_last_applied)| ApplyOutcome {
                missing_last_applied,
                ..self.apply_object(object)
            })
            .collect();
        self.settle();
        self.checkpoint_now();
        outcomes
    }

    /// Writes back a modified object (`kubectl patch`, `edit`, `set image`, `scale`): the same
    /// generation and revision rules as `apply`. The error is the API server's message.
    pub fn update_object(&mut self, mut object: Object) -> Result<ApplyOutcome, String> {
        defaults::apply_defaults(&mut object);
        let key = ObjectKey::of(&object);
        let Some(old) = self.store.get(&key) else {
            return Err(format!(
                "{} \"{}\" not found",
                resource_name(&key.kind),
                key.name
            ));
        };
        let errors = validation::validate_update(old, &object);
        if let Some(first) = errors.first() {
            return Err(first.message.clone());
        }
        let outcome = self.apply_object(object);
        self.settle();
        self.checkpoint_now();
        Ok(outcome)
    }

    /// `kubectl scale`: sets `spec.replicas` of a StatefulSet.
    pub fn scale(&mut self, key: &ObjectKey, replicas: i32) -> Result<ApplyOutcome, String> {
        if replicas < 0 {
            return Err(
                "The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0"
                    .into(),
            );
        }
        match self.store.get(key) {
            Some(Object::StatefulSet(set)) => {
                let mut set = set.clone();
                set.spec.replicas = Some(replicas);
                self.update_object(Object::StatefulSet(set))
            }
            // a Deployment or ReplicaSet: its spec.replicas in the stored body.
            Some(object @ Object::Other { kind, .. })
                if matches!(kind.as_str(), "Deployment" | "ReplicaSet") =>
            {
                let mut object = object.clone();
                if let Object::Other { body, .. } = &mut object
                    && let Some(spec) = body.get_mut("spec").and_then(|s| s.as_object_mut())
                {
                    spec.insert("replicas".into(), replicas.into());
                }
                self.update_object(object)
            }
            _ => Err(format!("statefulsets.apps \"{}\" not found", key.name)),
        }
    }

    /// Deletes an object as the API server does: pods terminate gracefully through their
    /// kubelet, owners cascade through the garbage collector, finalizers hold objects back.
    pub fn delete(&mut self, key: &ObjectKey, options: DeleteOptions) -> Result<(), String> {
        let result = gc::delete(self, key, options);
        self.settle();
        self.checkpoint_now();
        result
    }

    fn apply_object(&mut self, mut object: Object) -> ApplyOutcome {
        let key = ObjectKey::of(&object);
        let resource = resource_name(object.kind());
        if object.is_namespaced() {
            object.metadata_mut().namespace = Some(key.namespace.clone());
        }
        if let (Object::Service(svc), Some(Object::Service(old))) =
            (&mut object, self.store.get(&key))
        {
            crate::services::keep_cluster_ip(old, svc);
        }
        let action = match self.store.get(&key) {
            None => {
                let meta = object.metadata_mut();
                meta.uid = Some(self.rng.uid());
                meta.creation_timestamp = Some(self.now.rfc3339());
                meta.generation = Some(1);
                "created"
            }
            Some(old) => {
                let spec_changed = spec_of(old) != spec_of(&object);
                let meta_changed = {
                    let (a, b) = (old.metadata(), object.metadata());
                    a.labels != b.labels
                        || a.annotations != b.annotations
                        || a.finalizers != b.finalizers
                };
                let old_meta = old.metadata().clone();
                let old_status = status_of(old);
                let meta = object.metadata_mut();
                meta.uid = old_meta.uid;
                meta.creation_timestamp = old_meta.creation_timestamp;
                meta.generation = old_meta.generation;
                meta.owner_references = old_meta.owner_references;
                // Finalizers are the written object's: `apply` has merged the live ones in,
                // an update (patch, edit) sends the whole list, so it may remove them.
                meta.deletion_timestamp = old_meta.deletion_timestamp;
                meta.deletion_grace_period_seconds = old_meta.deletion_grace_period_seconds;
                // Status is the controllers' business; an update never changes it.
                restore_status(&mut object, old_status);
                if !spec_changed && !meta_changed {
                    return ApplyOutcome {
                        resource,
                        name: key.name,
                        action: "unchanged",
                        missing_last_applied: false,
                    };
                }
                if spec_changed {
                    let meta = object.metadata_mut();
                    meta.generation = Some(meta.generation.unwrap_or(0) + 1);
                }
                "configured"
            }
        };
        if let Object::PersistentVolumeClaim(claim) = &mut object {
            volumes::admit_claim(claim);
        }
        if action == "created"
            && let Object::Service(svc) = &mut object
        {
            crate::services::admit_service(&self.store, svc);
        }
        // An update that removes the last finalizer of an object whose deletion is only
        // waiting for them completes the deletion (the registry's deleteImmediately check
        // on update: deletionTimestamp set, grace period 0, no finalizers left).
        let meta = object.metadata();
        let finalized = meta.deletion_timestamp.is_some()
            && meta.deletion_grace_period_seconds == Some(0)
            && meta.finalizers.is_empty();
        let released_volume = match &object {
            Object::PersistentVolumeClaim(claim) => claim.spec.volume_name.clone(),
            _ => None,
        };
        self.write(object);
        if finalized {
            self.erase(&key);
            // The PV controller then releases the claim's volume (as gc's erase_claim).
            if let Some(volume) = released_volume {
                self.storage.dirty_volumes.insert(volume);
            }
        }
        ApplyOutcome {
            resource,
            name: key.name,
            action,
            missing_last_applied: false,
        }
    }

    /// Stores an object and tells the controllers that watch it.
    pub(crate) fn write(&mut self, mut object: Object) {
        let key = ObjectKey::of(&object);
        // One lookup of the stored version serves every check below: a write is the hottest
        // path there is (every status change of every pod and every event).
        let old = self.store.get_shared(&key);
        if old.is_none() {
            volumes::default_class_on_create(&self.store, &mut object);
            if let Object::Pod(pod) = &mut object {
                crate::node_lifecycle::admit_default_tolerations(
                    pod,
                    &mut self.admitted_tolerations,
                );
                pod.status.qos_class = Some(ordinal_api::qos::pod_qos(pod));
            }
        }
        self.notify(&key, old.as_deref(), &object);
        if key.kind == "Node" {
            // A node added, uncordoned or untainted may take the pods nothing could.
            self.nodes.retry = true;
            self.nodes.node_written(&object);
        }
        let added = old.is_none();
        let uid = object.metadata().uid.clone().unwrap_or_default();
        let is_claim = matches!(object, Object::PersistentVolumeClaim(_));
        let unbound_pod = matches!(&object, Object::Pod(p) if p.spec.node_name.is_none());
        if let Object::Pod(pod) = &object {
            let old = match old.as_deref() {
                Some(Object::Pod(old)) => Some(old),
                _ => None,
            };
            self.pod_cache.replace(old, pod);
        }
        drop(old);
        crate::network::endpoints::object_written(self, &key, &object);
        self.store.put_keyed(self.now, &key, object);
        volumes::object_changed(self, &key);
        if added && is_claim {
            volumes::claim_created(self, &key, &uid);
        }
        if added && unbound_pod {
            self.unscheduled.insert(key);
        }
    }

    /// Removes an object for good and tells the controllers that watched it.
    pub(crate) fn erase(&mut self, key: &ObjectKey) -> Option<Object> {
        let removed = self.store.remove(self.now, key)?;
        let object = Object::clone(&removed);
        self.notify(key, None, &object);
        crate::network::endpoints::object_erased(self, key);
        if let Some(uid) = &object.metadata().uid {
            self.runtimes.remove(uid);
            self.gc_queue.insert(uid.clone());
        }
        // Owners may be waiting for their dependents to go (foreground deletion).
        for owner in &object.metadata().owner_references {
            self.gc_queue.insert(owner.uid.clone());
        }
        volumes::object_changed(self, key);
        if key.kind == "Node" {
            // The pod garbage collector force-deletes the pods bound to a deleted node.
            self.nodes.deleted.push(key.name.clone());
            self.nodes.node_erased(&key.name);
        }
        if let Object::Pod(pod) = &object {
            if let Some(uid) = &pod.metadata.uid {
                crate::process::pod_removed(self, uid);
            }
            self.pod_cache.remove(pod);
            self.unscheduled.remove(key);
            if let Some(node) = &pod.spec.node_name {
                self.nodes.release(node, key);
            }
            gc::pod_gone(self, pod);
        }
        self.why.forget(key);
        Some(object)
    }

    /// `old` is the stored version `object` replaces (`None` for a new or erased object).
    fn notify(&mut self, key: &ObjectKey, old: Option<&Object>, object: &Object) {
        // Only changes a controller acts on wake it; a pod going from Pending to
        // ContainerCreating, or a set's status write, changes nothing it decides on.
        if let Some(old) = old
            && !relevant_change(old, object)
        {
            return;
        }
        statefulset::pod_written(self, key, old, object);
        match object {
            Object::StatefulSet(_) => {
                self.dirty_sets.insert(key.clone());
            }
            Object::Pod(_) | Object::PersistentVolumeClaim(_) | Object::Other { .. } => {
                for owner in &object.metadata().owner_references {
                    if owner.kind == "StatefulSet" {
                        let set = ObjectKey::new("StatefulSet", &key.namespace, &owner.name);
                        self.dirty_sets.insert(set);
                    }
                }
            }
            _ => {}
        }
        crate::replicaset::workloads::notify(self, key, object);
    }

    pub(crate) fn schedule_timer(&mut self, after: Duration, timer: Timer) {
        if matches!(timer, Timer::FlushUnschedulable { .. }) {
            self.background_timers += 1;
        }
        self.sequence += 1;
        self.queue
            .push(Reverse((self.now + after, self.sequence, timer)));
    }

    pub(crate) fn jitter(&mut self, (lo_ms, hi_ms): (u64, u64)) -> Duration {
        Duration(self.rng.range(lo_ms, hi_ms))
    }

    pub(crate) fn new_uid(&mut self) -> String {
        self.rng.uid()
    }

    pub(crate) fn record_event(
        &mut self,
        involved: &ObjectKey,
        type_: &'static str,
        reason: &str,
        message: String,
        source: &'static str,
    ) {
        // Shared, so the event can borrow the object while recording writes the store.
        let object = self.store.get_shared(involved);
        let object = object.as_deref();
        crate::events::record(
            self,
            crate::events::NewEvent {
                involved,
                involved_object: object,
                involved_uid: object.and_then(|o| o.metadata().uid.as_deref()),
                field_path: None,
                type_,
                reason,
                message: &message,
                source,
            },
        );
    }

    pub(crate) fn explain(
        &mut self,
        key: &ObjectKey,
        source: &'static str,
        reasons: Vec<(&'static str, String)>,
    ) {
        self.why.set(self.now, key, source, reasons);
    }

    /// Runs the next pending timer, if any. Returns whether something happened.
    pub fn step(&mut self) -> bool {
        let Some(Reverse((at, _, timer))) = self.queue.pop() else {
            return false;
        };
        self.now = self.now.max(at);
        crate::events::expire(self);
        self.fire(timer);
        // Everything due at this same instant happens before the controllers look: one step
        // is one instant (what a controller's work queue coalesces in a real cluster).
        while let Some(Reverse((next, _, _))) = self.queue.peek()
            && *next <= self.now
        {
            if let Some(Reverse((_, _, timer))) = self.queue.pop() {
                self.fire(timer);
            }
        }
        self.settle();
        self.maybe_checkpoint();
        true
    }

    fn fire(&mut self, timer: Timer) {
        match timer {
            Timer::Schedule { pod, uid } => scheduler::bind(self, &pod, &uid),
            Timer::Kubelet { pod, uid, action } => kubelet::fire(self, &pod, &uid, action),
            Timer::Provisioned { claim, uid } => {
                volumes::provisioner::provisioned(self, &claim, &uid)
            }
            Timer::Reclaim { volume, uid } => volumes::reclaim::reclaim(self, &volume, &uid),
            Timer::Resync { set } => {
                self.dirty_sets.insert(set);
            }
            Timer::Node { node, step } => crate::node_lifecycle::fire(self, &node, step),
            Timer::WorkloadResync { key } => {
                self.dirty_workloads.insert(key);
            }
            Timer::EndpointsSync => crate::network::endpoints::throttle_expired(self),
            Timer::FlushUnschedulable { pod, uid } => {
                self.background_timers = self.background_timers.saturating_sub(1);
                scheduler::queue::flush(self, &pod, &uid);
            }
        }
    }

    /// Advances virtual time by `d`, running every timer due in that window.
    pub fn advance(&mut self, d: Duration) {
        let until = self.now + d;
        while self.next_timer_at().is_some_and(|at| at <= until) {
            self.step();
        }
        self.now = until;
        crate::events::expire(self);
    }

    /// Runs timers until none is left or `max_steps` have run. Returns the steps taken.
    pub fn run_until_idle(&mut self, max_steps: usize) -> usize {
        let mut steps = 0;
        while steps < max_steps && self.queue.len() > self.background_timers && self.step() {
            steps += 1;
        }
        steps
    }

    /// Lets every controller react to the changes so far, until nothing more changes now.
    pub(crate) fn settle(&mut self) {
        // Each round can dirty more sets (a pod deletion finishing, a claim created); the
        // bound only guards against a controller bug looping forever.
        for _ in 0..64 {
            let gc_work = std::mem::take(&mut self.gc_queue);
            for uid in gc_work {
                gc::collect_dependents(self, &uid);
            }
            let sets = std::mem::take(&mut self.dirty_sets);
            for key in &sets {
                statefulset::sync(self, key);
            }
            let workloads = std::mem::take(&mut self.dirty_workloads);
            for key in &workloads {
                crate::replicaset::workloads::sync(self, key);
            }
            volumes::sync(self);
            scheduler::schedule_pending(self);
            crate::network::endpoints::sync(self);
            if !self.storage.is_dirty()
                && !self.endpoints.is_dirty()
                && self.dirty_sets.is_empty()
                && self.gc_queue.is_empty()
                && self.dirty_workloads.is_empty()
            {
                break;
            }
        }
        if cfg!(debug_assertions)
            && self.check_invariants_each_step
            && let Err(violation) = crate::invariants::check_invariants(self)
        {
            panic!("invariant violated at {}: {violation}", self.now);
        }
    }
}

/// `kubectl apply` merges `metadata.finalizers` (patchStrategy merge on a list of
/// strings): the live finalizers stay (controllers add them; the manifest rarely lists
/// them), the manifest's new ones are appended. Removing one through apply needs the
/// last-applied configuration, which the sim does not keep; `kubectl patch`/`edit` can.
fn merge_applied_finalizers(live: &Object, applied: &mut Object) {
    let applied = &mut applied.metadata_mut().finalizers;
    let mut merged = live.metadata().finalizers.clone();
    for finalizer in applied.drain(..) {
        if !merged.contains(&finalizer) {
            merged.push(finalizer);
        }
    }
    *applied = merged;
}

/// Whether an update changes something a controller decides on.
fn relevant_change(old: &Object, new: &Object) -> bool {
    let (a, b) = (old.metadata(), new.metadata());
    if a.owner_references != b.owner_references
        || a.deletion_timestamp != b.deletion_timestamp
        || a.labels != b.labels
        || a.generation != b.generation
        || a.finalizers != b.finalizers
    {
        return true;
    }
    match (old, new) {
        (Object::Pod(a), Object::Pod(b)) => {
            let ready = |p: &ordinal_api::Pod| {
                p.status
                    .conditions
                    .iter()
                    .find(|c| c.type_ == "Ready")
                    .map(|c| (c.status.clone(), c.last_transition_time.clone()))
            };
            // The state word (ImagePullBackOff, …) only feeds "why" messages, but those must
            // say what kubectl shows now.
            a.status.phase != b.status.phase
                || ready(a) != ready(b)
                || statefulset::utils::pod_state(a) != statefulset::utils::pod_state(b)
        }
        (Object::StatefulSet(a), Object::StatefulSet(b)) => a.spec != b.spec,
        (Object::PersistentVolumeClaim(_), Object::PersistentVolumeClaim(_)) => false,
        _ => true,
    }
}

fn spec_of(object: &Object) -> serde_json::Value {
    match object {
        Object::StatefulSet(s) => serde_json::to_value(&s.spec).unwrap_or_default(),
        Object::Service(s) => serde_json::to_value(&s.spec).unwrap_or_default(),
        Object::Pod(p) => serde_json::to_value(&p.spec).unwrap_or_default(),
        Object::PersistentVolumeClaim(p) => serde_json::to_value(&p.spec).unwrap_or_default(),
        Object::PersistentVolume(p) => serde_json::to_value(&p.spec).unwrap_or_default(),
        Object::StorageClass(s) => serde_json::json!({
            "provisioner": s.provisioner,
            "reclaimPolicy": s.reclaim_policy,
            "volumeBindingMode": s.volume_binding_mode,
            "parameters": s.parameters,
        }),
        // An Event has no spec: everything but its metadata, as for `Other` below.
        Object::Event(e) => {
            let mut body = serde_json::to_value(e).unwrap_or_default();
            if let Some(map) = body.as_object_mut() {
                map.remove("metadata");
            }
            body
        }
        // Status (and the copy of metadata the intake keeps) is not spec: a re-apply of an
        // unchanged Deployment is "unchanged" and keeps its generation.
        Object::Other { body, .. } => {
            let mut body = body.clone();
            if let Some(map) = body.as_object_mut() {
                map.remove("status");
                map.remove("metadata");
            }
            body
        }
    }
}

enum SavedStatus {
    StatefulSet(ordinal_api::StatefulSetStatus),
    Pod(ordinal_api::PodStatus),
    Claim(ordinal_api::PersistentVolumeClaimStatus),
    Volume(ordinal_api::PersistentVolumeStatus),
    Other(serde_json::Value),
    None,
}

fn status_of(object: &Object) -> SavedStatus {
    match object {
        Object::StatefulSet(s) => SavedStatus::StatefulSet(s.status.clone()),
        Object::Pod(p) => SavedStatus::Pod(p.status.clone()),
        Object::PersistentVolumeClaim(c) => SavedStatus::Claim(c.status.clone()),
        Object::PersistentVolume(v) => SavedStatus::Volume(v.status.clone()),
        Object::Other { body, .. } => match body.get("status") {
            Some(status) => SavedStatus::Other(status.clone()),
            None => SavedStatus::None,
        },
        _ => SavedStatus::None,
    }
}

fn restore_status(object: &mut Object, status: SavedStatus) {
    match (object, status) {
        (Object::StatefulSet(s), SavedStatus::StatefulSet(old)) => s.status = old,
        (Object::Pod(p), SavedStatus::Pod(old)) => p.status = old,
        (Object::PersistentVolumeClaim(c), SavedStatus::Claim(old)) => c.status = old,
        (Object::PersistentVolume(v), SavedStatus::Volume(old)) => v.status = old,
        (Object::Other { body, .. }, SavedStatus::Other(old)) => {
            if let Some(map) = body.as_object_mut() {
                map.insert("status".into(), old);
            }
        }
        _ => {}
    }
}

/// The resource name kubectl prints for a kind (`statefulset.apps/web created`).
pub fn resource_name(kind: &str) -> String {
    match kind {
        "StatefulSet" => "statefulset.apps".into(),
        "Deployment" => "deployment.apps".into(),
        "ReplicaSet" => "replicaset.apps".into(),
        "DaemonSet" => "daemonset.apps".into(),
        "StorageClass" => "storageclass.storage.k8s.io".into(),
        "ControllerRevision" => "controllerrevision.apps".into(),
        "PersistentVolumeClaim" => "persistentvolumeclaim".into(),
        other => other.to_ascii_lowercase(),
    }
}
