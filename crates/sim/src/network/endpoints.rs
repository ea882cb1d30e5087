//! The endpoints and EndpointSlice controllers: for every Service with a selector they
//! keep a v1 Endpoints object and one EndpointSlice in the store, so the objects appear in
//! watches like any other. Work is incremental: a pod change touches only the Services of
//! its namespace (a few), each keeping its endpoints by pod name; only a Service change looks
//! at all the pods of its namespace. An object is written only when its content changes.
//! A Service over more than [`IMMEDIATE_LIMIT`] pods is written at most once per
//! [`SYNC_INTERVAL`], changes in between coalesced (as upstream's work queue coalesces a
//! Service's changes while it syncs), so thousands of pods do not each rewrite it whole.

use super::endpoint_objects::{derived_uid, endpoint_slice_object, endpoints_object};
use crate::clock::{Duration, Time};
use crate::cluster::{Cluster, Timer};
use crate::services::{self, Endpoint};
use crate::store::ObjectKey;
use ordinal_api::{Object, ObjectMeta, Pod, Service};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// What the controllers remember between changes.
#[derive(Debug, Clone, Default)]
pub(crate) struct EndpointsControllers {
    /// Per Service with a selector: the endpoint of each selected pod with an IP, by pod name.
    members: BTreeMap<ObjectKey, BTreeMap<String, Endpoint>>,
    /// Services whose objects may be out of date.
    dirty: BTreeSet<ObjectKey>,
    /// When each large Service's objects were last written.
    last_write: BTreeMap<ObjectKey, Time>,
    /// Large Services with changes waiting for the throttle, and when they are due.
    waiting: BTreeMap<ObjectKey, Time>,
}

/// The shortest time between two writes of a large Service's objects.
pub(crate) const SYNC_INTERVAL: Duration = Duration(1_000);
/// Services selecting at most this many pods (every tutorial's) are written at once.
pub(crate) const IMMEDIATE_LIMIT: usize = 100;

impl EndpointsControllers {
    pub(crate) fn is_dirty(&self) -> bool {
        !self.dirty.is_empty()
    }
}

/// The throttle's timer fired: the Services now due are written at this settle.
pub(crate) fn throttle_expired(cluster: &mut Cluster) {
    let now = cluster.now();
    let controllers = &mut cluster.endpoints;
    let due: Vec<ObjectKey> = (controllers.waiting.iter())
        .filter(|(_, at)| **at <= now)
        .map(|(key, _)| key.clone())
        .collect();
    for key in due {
        controllers.waiting.remove(&key);
        controllers.dirty.insert(key);
    }
}

/// Whether a large Service was written too recently: then it waits for the throttle.
fn throttled(cluster: &mut Cluster, key: &ObjectKey, members: usize) -> bool {
    let now = cluster.now();
    let controllers = &mut cluster.endpoints;
    if members <= IMMEDIATE_LIMIT {
        controllers.last_write.remove(key);
        return false;
    }
    if controllers.waiting.contains_key(key) {
        return true;
    }
    match controllers.last_write.get(key) {
        Some(last) if now < *last + SYNC_INTERVAL => {
            let due = *last + SYNC_INTERVAL;
            controllers.waiting.insert(key.clone(), due);
            cluster.schedule_timer(due.since(now), Timer::EndpointsSync);
            true
        }
        _ => {
            controllers.last_write.insert(key.clone(), now);
            false
        }
    }
}

/// An object is about to be stored (`Cluster::write`): a pod changes the endpoint it is for
/// each Service of its namespace; a Service is looked at again as a whole.
pub(crate) fn object_written(cluster: &mut Cluster, key: &ObjectKey, object: &Object) {
    match object {
        Object::Pod(pod) => pod_changed(cluster, key, Some(pod)),
        Object::Service(svc) => {
            let members = services::selected_endpoints(&cluster.store, svc);
            cluster.endpoints.members.insert(key.clone(), members);
            cluster.endpoints.dirty.insert(key.clone());
        }
        _ => {}
    }
}

/// An object was removed for good (`Cluster::erase`).
pub(crate) fn object_erased(cluster: &mut Cluster, key: &ObjectKey) {
    match key.kind.as_str() {
        "Pod" => pod_changed(cluster, key, None),
        "Service" => {
            cluster.endpoints.members.remove(key);
            cluster.endpoints.dirty.insert(key.clone());
        }
        _ => {}
    }
}

/// Brings each Service's entry for this pod up to date (`None`: the pod is gone).
fn pod_changed(cluster: &mut Cluster, key: &ObjectKey, pod: Option<&Pod>) {
    let controllers = &mut cluster.endpoints;
    for object in cluster.store.list("Service", Some(&key.namespace)) {
        let Object::Service(svc) = object else {
            continue;
        };
        let svc_key = ObjectKey::new("Service", &key.namespace, &svc.metadata.name);
        let Some(members) = controllers.members.get_mut(&svc_key) else {
            continue;
        };
        let endpoint = pod.and_then(|pod| services::endpoint_of(svc, pod));
        let changed = match endpoint {
            Some(e) if members.get(&key.name) == Some(&e) => false,
            Some(e) => {
                members.insert(key.name.clone(), e);
                true
            }
            None => members.remove(&key.name).is_some(),
        };
        if changed {
            controllers.dirty.insert(svc_key);
        }
    }
}

/// Writes the Endpoints and EndpointSlice of every Service that changed, if their content
/// did; removes the Endpoints of a deleted Service (its slice goes with the garbage
/// collector, through its owner reference).
pub(crate) fn sync(cluster: &mut Cluster) {
    for key in std::mem::take(&mut cluster.endpoints.dirty) {
        let svc = match cluster.store.get(&key) {
            Some(Object::Service(svc)) => svc.clone(),
            _ => {
                cluster.endpoints.last_write.remove(&key);
                cluster.endpoints.waiting.remove(&key);
                let endpoints = ObjectKey::new("Endpoints", &key.namespace, &key.name);
                if cluster.store.get(&endpoints).is_some() {
                    cluster.erase(&endpoints);
                }
                continue;
            }
        };
        // Services without a selector get their endpoints by hand, not from the controllers.
        if svc.spec.selector.is_empty() {
            continue;
        }
        let count = cluster.endpoints.members.get(&key).map_or(0, BTreeMap::len);
        if throttled(cluster, &key, count) {
            continue;
        }
        let Some(members) = cluster.endpoints.members.get(&key) else {
            continue;
        };
        let endpoints = endpoints_object(&svc, members.values());
        let slice = endpoint_slice_object(&svc, members.values());
        store_if_changed(cluster, &svc, "v1", "Endpoints", endpoints);
        store_if_changed(cluster, &svc, "discovery.k8s.io/v1", "EndpointSlice", slice);
    }
}

/// Stores the object unless the stored one already says the same; keeps its uid and
/// creation time, gives a new one both.
fn store_if_changed(
    cluster: &mut Cluster,
    svc: &Service,
    api_version: &str,
    kind: &str,
    (mut metadata, body): (ObjectMeta, Value),
) {
    let namespace = svc.metadata.namespace.as_deref().unwrap_or("default");
    let key = ObjectKey::new(kind, namespace, &metadata.name);
    match cluster.store.get(&key) {
        Some(Object::Other {
            metadata: old,
            body: old_body,
            ..
        }) => {
            if *old_body == body
                && old.labels == metadata.labels
                && old.owner_references == metadata.owner_references
            {
                return;
            }
            metadata.uid = old.uid.clone();
            metadata.creation_timestamp = old.creation_timestamp.clone();
        }
        _ => {
            metadata.uid = Some(derived_uid(svc, kind));
            metadata.creation_timestamp = Some(cluster.now().rfc3339());
        }
    }
    cluster.write(Object::Other {
        api_version: api_version.into(),
        kind: kind.into(),
        metadata,
        body,
    });
}
