//! The `Cluster`: owns the store, the virtual clock, the event queue and the seeded RNG.

use crate::clock::{Duration, Time};
use crate::rng::Rng;
use crate::statefulset;
use crate::store::{ObjectKey, Store};
use ordinal_api::{Diagnostic, Object, intake};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

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

/// Something scheduled to happen at a virtual instant.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Timer {
    /// The scheduler binds the pod to a node.
    Schedule(ObjectKey),
    /// The kubelet finished pulling the image and started the containers.
    ContainersStarted(ObjectKey),
}

/// The result of applying one manifest document, as `kubectl apply` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplyOutcome {
    /// `statefulset.apps`, `service`, …
    pub resource: String,
    pub name: String,
    /// `created`, `configured` or `unchanged`.
    pub action: &'static str,
}

#[derive(Debug, Clone)]
pub struct Cluster {
    config: ClusterConfig,
    now: Time,
    rng: Rng,
    pub(crate) store: Store,
    queue: BinaryHeap<Reverse<(Time, u64, Timer)>>,
    sequence: u64,
    nodes: Vec<String>,
    next_pod_ip: u32,
}

impl Cluster {
    pub fn new(config: ClusterConfig) -> Self {
        let nodes = (1..=config.worker_nodes.max(1))
            .map(|i| format!("node-{i}"))
            .collect();
        Cluster {
            rng: Rng::new(config.seed),
            config,
            now: Time(0),
            store: Store::default(),
            queue: BinaryHeap::new(),
            sequence: 0,
            nodes,
            next_pod_ip: 0,
        }
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

    /// Applies a manifest stream. Nothing is applied if any document has an error.
    pub fn apply(&mut self, text: &str) -> Result<Vec<ApplyOutcome>, Vec<Diagnostic>> {
        let intake = intake::parse_manifests(text);
        if intake.has_errors() {
            return Err(intake.diagnostics);
        }
        let mut outcomes = Vec::new();
        for manifest in intake.manifests {
            outcomes.push(self.apply_object(manifest.object));
        }
        self.reconcile();
        Ok(outcomes)
    }

    fn apply_object(&mut self, mut object: Object) -> ApplyOutcome {
        let key = ObjectKey::of(&object);
        let resource = resource_name(object.kind());
        let existing = self.store.get(&key).cloned();
        if object.is_namespaced() {
            object.metadata_mut().namespace = Some(key.namespace.clone());
        }
        let action = match existing {
            None => {
                let meta = object.metadata_mut();
                meta.uid = Some(self.rng.uid());
                meta.creation_timestamp = Some(self.now.rfc3339());
                meta.generation = Some(1);
                "created"
            }
            Some(old) => {
                let unchanged = spec_of(&old) == spec_of(&object);
                let old_meta = old.metadata().clone();
                let meta = object.metadata_mut();
                meta.uid = old_meta.uid;
                meta.creation_timestamp = old_meta.creation_timestamp;
                meta.generation = old_meta.generation;
                if unchanged {
                    return ApplyOutcome {
                        resource,
                        name: key.name,
                        action: "unchanged",
                    };
                }
                meta.generation = meta.generation.map(|g| g + 1);
                "configured"
            }
        };
        self.store.put(self.now, object);
        ApplyOutcome {
            resource,
            name: key.name,
            action,
        }
    }

    pub(crate) fn schedule_timer(&mut self, after: Duration, timer: Timer) {
        self.sequence += 1;
        self.queue
            .push(Reverse((self.now + after, self.sequence, timer)));
    }

    pub(crate) fn jitter(&mut self, lo_ms: u64, hi_ms: u64) -> Duration {
        Duration(self.rng.range(lo_ms, hi_ms))
    }

    pub(crate) fn new_uid(&mut self) -> String {
        self.rng.uid()
    }

    /// Picks a node for a pod, spreading pods round-robin over the workers.
    pub(crate) fn pick_node(&mut self) -> (String, String) {
        let index = self.next_pod_ip as usize % self.nodes.len();
        self.next_pod_ip += 1;
        let host = self.next_pod_ip / self.nodes.len() as u32 + 2;
        (
            self.nodes[index].clone(),
            format!("10.244.{}.{host}", index + 1),
        )
    }

    /// Runs the next pending timer, if any. Returns whether something happened.
    pub fn step(&mut self) -> bool {
        let Some(Reverse((at, _, timer))) = self.queue.pop() else {
            return false;
        };
        self.now = self.now.max(at);
        statefulset::fire(self, timer);
        self.reconcile();
        true
    }

    /// Advances virtual time by `d`, running every timer due in that window.
    pub fn advance(&mut self, d: Duration) {
        let until = self.now + d;
        while self
            .queue
            .peek()
            .is_some_and(|Reverse((at, _, _))| *at <= until)
        {
            self.step();
        }
        self.now = until;
    }

    /// Runs timers until none is left or `max_steps` have run. Returns the steps taken.
    pub fn run_until_idle(&mut self, max_steps: usize) -> usize {
        let mut steps = 0;
        while steps < max_steps && self.step() {
            steps += 1;
        }
        steps
    }

    fn reconcile(&mut self) {
        statefulset::reconcile_all(self);
    }
}

fn spec_of(object: &Object) -> serde_json::Value {
    match object {
        Object::StatefulSet(s) => serde_json::to_value(&s.spec).unwrap_or_default(),
        Object::Service(s) => serde_json::to_value(&s.spec).unwrap_or_default(),
        Object::Pod(p) => serde_json::to_value(&p.spec).unwrap_or_default(),
        Object::PersistentVolumeClaim(p) => serde_json::to_value(&p.spec).unwrap_or_default(),
        Object::PersistentVolume(p) => serde_json::to_value(&p.spec).unwrap_or_default(),
        Object::StorageClass(s) => serde_json::to_value(s).unwrap_or_default(),
        Object::Other { body, .. } => body.clone(),
    }
}

/// The resource name kubectl prints for a kind (`statefulset.apps/web created`).
pub fn resource_name(kind: &str) -> String {
    match kind {
        "StatefulSet" => "statefulset.apps".into(),
        "StorageClass" => "storageclass.storage.k8s.io".into(),
        other => other.to_ascii_lowercase(),
    }
}
