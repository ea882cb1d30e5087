//! The object store: every object by kind, namespace and name, the watch log every view reads,
//! and the indexes controllers use instead of scanning (pods by controller, objects by owner).

use crate::clock::Time;
use ordinal_api::Object;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;
use std::sync::Arc;

/// Identifies an object. Cluster-scoped objects have an empty namespace.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct ObjectKey {
    pub kind: String,
    pub namespace: String,
    pub name: String,
}

impl ObjectKey {
    pub fn new(kind: &str, namespace: &str, name: &str) -> Self {
        ObjectKey {
            kind: kind.to_string(),
            namespace: namespace.to_string(),
            name: name.to_string(),
        }
    }

    pub fn of(object: &Object) -> Self {
        let meta = object.metadata();
        let namespace = if object.is_namespaced() {
            meta.namespace.clone().unwrap_or_else(|| "default".into())
        } else {
            String::new()
        };
        ObjectKey {
            kind: object.kind().to_string(),
            namespace,
            name: meta.name.clone(),
        }
    }
}

impl std::fmt::Display for ObjectKey {
    /// `pod/web-0`, as kubectl names objects in messages.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.kind.to_ascii_lowercase(), self.name)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum WatchEventType {
    Added,
    Modified,
    Deleted,
}

impl WatchEventType {
    /// The upper-case name a Kubernetes watch stream uses.
    pub fn as_str(self) -> &'static str {
        match self {
            WatchEventType::Added => "ADDED",
            WatchEventType::Modified => "MODIFIED",
            WatchEventType::Deleted => "DELETED",
        }
    }
}

/// One change to the store, as a watcher sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct WatchEvent {
    pub time: Time,
    pub kind: WatchEventType,
    /// Shared with the store: logging a write costs a pointer, not a copy of the object.
    pub object: Arc<Object>,
}

/// The objects of one kind in one namespace, by name.
type ByName = BTreeMap<String, Arc<Object>>;

#[derive(Debug, Clone, Default)]
pub struct Store {
    /// Kind → namespace → name → object, in `ObjectKey` order. Nested rather than one map
    /// keyed by `ObjectKey`: a lookup compares names only among objects of its own kind and
    /// namespace (a cluster of 100,000 pods holds several Events per pod, and with one flat
    /// map every pod lookup also walked past them, comparing three heap strings per step),
    /// and a stored object costs one key string instead of three.
    ///
    /// Shared, not owned: a checkpoint (a clone of the cluster) then copies pointers, not
    /// objects, so restoring any instant costs the number of objects, not their size.
    objects: BTreeMap<String, BTreeMap<String, ByName>>,
    /// How many objects `objects` holds.
    count: usize,
    /// Owner uid → keys of the objects whose ownerReferences name it (for the garbage
    /// collector and for controllers listing their pods without a scan).
    dependents: BTreeMap<String, BTreeSet<ObjectKey>>,
    /// uid → key, so ownerReferences can be resolved.
    by_uid: BTreeMap<String, ObjectKey>,
    resource_version: u64,
    watch_log: Vec<WatchEvent>,
}

/// Whether two versions of an object put the same entries in the uid and owner indexes.
fn same_index_entries(old: &Object, new: &Object) -> bool {
    let (a, b) = (old.metadata(), new.metadata());
    a.uid == b.uid
        && a.owner_references.len() == b.owner_references.len()
        && a.owner_references
            .iter()
            .zip(&b.owner_references)
            .all(|(x, y)| x.uid == y.uid)
}

impl Store {
    fn slot(&self, key: &ObjectKey) -> Option<&Arc<Object>> {
        self.objects
            .get(key.kind.as_str())?
            .get(key.namespace.as_str())?
            .get(key.name.as_str())
    }

    fn slot_mut(&mut self, key: &ObjectKey) -> Option<&mut Arc<Object>> {
        self.objects
            .get_mut(key.kind.as_str())?
            .get_mut(key.namespace.as_str())?
            .get_mut(key.name.as_str())
    }

    /// The map of the key's kind and namespace, made if it is the first such object (kind and
    /// namespace are copied only then).
    fn names_mut(&mut self, key: &ObjectKey) -> &mut ByName {
        if !self.objects.contains_key(key.kind.as_str()) {
            self.objects.insert(key.kind.clone(), BTreeMap::new());
        }
        let namespaces = self
            .objects
            .get_mut(key.kind.as_str())
            .expect("the kind's map was just ensured");
        if !namespaces.contains_key(key.namespace.as_str()) {
            namespaces.insert(key.namespace.clone(), BTreeMap::new());
        }
        namespaces
            .get_mut(key.namespace.as_str())
            .expect("the namespace's map was just ensured")
    }

    pub fn get(&self, key: &ObjectKey) -> Option<&Object> {
        self.slot(key).map(|o| &**o)
    }

    /// The stored object itself, shared: a controller can hold it while it writes others.
    pub(crate) fn get_shared(&self, key: &ObjectKey) -> Option<Arc<Object>> {
        self.slot(key).cloned()
    }

    /// The key of the live object with this uid (Events are not indexed by uid).
    pub fn key_of_uid(&self, uid: &str) -> Option<&ObjectKey> {
        self.by_uid.get(uid)
    }

    /// All objects of a kind in a namespace (`None` for every namespace), in name order.
    pub fn list<'a>(
        &'a self,
        kind: &'a str,
        namespace: Option<&'a str>,
    ) -> impl Iterator<Item = &'a Object> + 'a {
        self.objects
            .get(kind)
            .into_iter()
            .flat_map(|namespaces| namespaces.iter())
            .filter(move |(ns, _)| namespace.is_none_or(|wanted| ns.as_str() == wanted))
            .flat_map(|(_, names)| names.values())
            .map(|o| &**o)
    }

    /// Objects of a kind in a namespace whose names start with `prefix`, in name order (one
    /// sequential range of the store: how a controller lists `<set>-*` pods cheaply).
    pub fn list_prefix<'a, 'p>(
        &'a self,
        kind: &'p str,
        namespace: &'p str,
        prefix: &'p str,
    ) -> impl Iterator<Item = &'a Object> + use<'a, 'p> {
        self.objects
            .get(kind)
            .and_then(|namespaces| namespaces.get(namespace))
            .into_iter()
            .flat_map(move |names| {
                names
                    .range::<str, _>((Bound::Included(prefix), Bound::Unbounded))
                    .take_while(move |(name, _)| name.starts_with(prefix))
            })
            .map(|(_, o)| &**o)
    }

    /// Keys of the objects that name `owner_uid` in their ownerReferences.
    pub fn dependents_of(&self, owner_uid: &str) -> impl Iterator<Item = &ObjectKey> {
        self.dependents.get(owner_uid).into_iter().flatten()
    }

    /// Keys of the objects of one kind that name `owner_uid` in their ownerReferences: one
    /// range of the owner's index (keys sort by kind), so a set's few ControllerRevisions are
    /// found without walking its pods.
    pub fn dependents_of_kind<'a>(
        &'a self,
        owner_uid: &str,
        kind: &'a str,
    ) -> impl Iterator<Item = &'a ObjectKey> + 'a {
        self.dependents
            .get(owner_uid)
            .into_iter()
            .flat_map(move |keys| {
                keys.range(ObjectKey::new(kind, "", "")..)
                    .take_while(move |k| k.kind == kind)
            })
    }

    /// Inserts or replaces an object, stamping a new resourceVersion and logging the change.
    pub fn put(&mut self, now: Time, object: Object) {
        let key = ObjectKey::of(&object);
        self.put_keyed(now, &key, object);
    }

    /// `put` for a caller that already holds the object's key (`ObjectKey::of(&object)`).
    pub(crate) fn put_keyed(&mut self, now: Time, key: &ObjectKey, mut object: Object) {
        self.resource_version += 1;
        object.metadata_mut().resource_version = Some(self.resource_version.to_string());
        let shared = Arc::new(object);
        let kind = if let Some(slot) = self.slot_mut(key) {
            let old = std::mem::replace(slot, Arc::clone(&shared));
            // Most writes are status updates: uid and owners unchanged, so the indexes
            // already say the right thing and re-indexing would only copy strings.
            if !same_index_entries(&old, &shared) {
                self.unindex(key, &old);
                self.index(key, &shared);
            }
            WatchEventType::Modified
        } else {
            self.index(key, &shared);
            self.names_mut(key)
                .insert(key.name.clone(), Arc::clone(&shared));
            self.count += 1;
            WatchEventType::Added
        };
        self.watch_log.push(WatchEvent {
            time: now,
            kind,
            object: shared,
        });
    }

    /// `put` for a caller that built the object's key for it and gives it away: a new object
    /// keeps that key instead of a copy (recording an event writes one new object each time).
    pub(crate) fn put_owned_key(&mut self, now: Time, key: ObjectKey, mut object: Object) {
        if self.slot(&key).is_some() {
            self.put_keyed(now, &key, object);
            return;
        }
        self.resource_version += 1;
        object.metadata_mut().resource_version = Some(self.resource_version.to_string());
        let shared = Arc::new(object);
        self.index(&key, &shared);
        self.names_mut(&key).insert(key.name, Arc::clone(&shared));
        self.count += 1;
        self.watch_log.push(WatchEvent {
            time: now,
            kind: WatchEventType::Added,
            object: shared,
        });
    }

    /// Removes an object, logging its last state; returns it (shared with the log).
    pub fn remove(&mut self, now: Time, key: &ObjectKey) -> Option<Arc<Object>> {
        let namespaces = self.objects.get_mut(key.kind.as_str())?;
        let names = namespaces.get_mut(key.namespace.as_str())?;
        let object = names.remove(key.name.as_str())?;
        // No empty maps stay behind: the store's shape depends only on what it holds.
        if names.is_empty() {
            namespaces.remove(key.namespace.as_str());
            if namespaces.is_empty() {
                self.objects.remove(key.kind.as_str());
            }
        }
        self.count -= 1;
        self.unindex(key, &object);
        self.resource_version += 1;
        self.watch_log.push(WatchEvent {
            time: now,
            kind: WatchEventType::Deleted,
            object: Arc::clone(&object),
        });
        Some(object)
    }

    /// Whether the uid index holds objects of this kind. Events are never looked up by uid
    /// (nothing owns or is owned by one) and are the most numerous objects, so leaving them
    /// out saves a key copy and a tree insert per recorded event.
    fn indexed_by_uid(key: &ObjectKey) -> bool {
        key.kind != "Event"
    }

    fn index(&mut self, key: &ObjectKey, object: &Object) {
        let meta = object.metadata();
        if let Some(uid) = &meta.uid
            && Self::indexed_by_uid(key)
        {
            self.by_uid.insert(uid.clone(), key.clone());
        }
        for owner in &meta.owner_references {
            // An owner usually has dependents already: look up before copying its uid.
            match self.dependents.get_mut(&owner.uid) {
                Some(keys) => {
                    keys.insert(key.clone());
                }
                None => {
                    self.dependents
                        .insert(owner.uid.clone(), BTreeSet::from([key.clone()]));
                }
            }
        }
    }

    fn unindex(&mut self, key: &ObjectKey, object: &Object) {
        let meta = object.metadata();
        if let Some(uid) = &meta.uid
            && Self::indexed_by_uid(key)
        {
            self.by_uid.remove(uid);
        }
        for owner in &meta.owner_references {
            if let Some(set) = self.dependents.get_mut(&owner.uid) {
                set.remove(key);
                if set.is_empty() {
                    self.dependents.remove(&owner.uid);
                }
            }
        }
    }

    /// Whether the uid and owner indexes agree with the objects (checked by the invariants).
    pub fn indexes_agree(&self) -> Result<(), String> {
        let mut fresh = Store::default();
        let mut count = 0;
        for (kind, namespaces) in &self.objects {
            for (namespace, names) in namespaces {
                for (name, object) in names {
                    let key = ObjectKey::new(kind, namespace, name);
                    if key != ObjectKey::of(object) {
                        return Err(format!("object stored under {key:?} has another key"));
                    }
                    fresh.index(&key, object);
                    count += 1;
                }
            }
        }
        if count != self.count {
            return Err(format!(
                "store counts {} objects, holds {count}",
                self.count
            ));
        }
        if fresh.by_uid != self.by_uid {
            return Err("uid index disagrees with the objects".into());
        }
        if fresh.dependents != self.dependents {
            return Err("owner index disagrees with the objects".into());
        }
        Ok(())
    }

    pub fn watch_log(&self) -> &[WatchEvent] {
        &self.watch_log
    }

    /// Takes the watch log out (a checkpoint does not copy it; the log is append-only).
    pub(crate) fn take_watch_log(&mut self) -> Vec<WatchEvent> {
        std::mem::take(&mut self.watch_log)
    }

    pub(crate) fn set_watch_log(&mut self, log: Vec<WatchEvent>) {
        self.watch_log = log;
    }

    pub fn resource_version(&self) -> u64 {
        self.resource_version
    }

    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ordinal_api::{ObjectMeta, OwnerReference, Pod};

    fn pod(owner_uid: &str) -> Object {
        Object::Pod(Pod {
            metadata: ObjectMeta {
                name: "web-0".into(),
                namespace: Some("default".into()),
                uid: Some("pod-uid".into()),
                owner_references: vec![OwnerReference {
                    kind: "StatefulSet".into(),
                    name: "web".into(),
                    uid: owner_uid.into(),
                    ..OwnerReference::default()
                }]
                .into(),
                ..ObjectMeta::default()
            },
            ..Pod::default()
        })
    }

    #[test]
    fn an_update_that_changes_owners_moves_the_object_in_the_owner_index() {
        let mut store = Store::default();
        store.put(Time(0), pod("set-a"));
        store.put(Time(1), pod("set-a"));
        store.put(Time(2), pod("set-b"));
        assert_eq!(store.dependents_of("set-a").count(), 0);
        assert_eq!(store.dependents_of("set-b").count(), 1);
        assert_eq!(store.indexes_agree(), Ok(()));
        let kinds: Vec<_> = store.watch_log().iter().map(|e| e.kind).collect();
        use WatchEventType::{Added, Modified};
        assert_eq!(kinds, [Added, Modified, Modified]);
    }

    #[test]
    fn a_put_with_an_owned_key_adds_then_modifies_as_put_does() {
        let key = ObjectKey::new("Pod", "default", "web-0");
        let mut owned = Store::default();
        owned.put_owned_key(Time(0), key.clone(), pod("set-a"));
        owned.put_owned_key(Time(1), key.clone(), pod("set-b"));
        let mut plain = Store::default();
        plain.put(Time(0), pod("set-a"));
        plain.put(Time(1), pod("set-b"));
        assert_eq!(owned.watch_log(), plain.watch_log());
        assert_eq!(owned.get(&key), plain.get(&key));
        assert_eq!(owned.indexes_agree(), Ok(()));
        assert_eq!(owned.dependents_of("set-b").count(), 1);
    }

    fn named(kind: &str, namespace: &str, name: &str) -> Object {
        let metadata = ObjectMeta {
            name: name.into(),
            namespace: Some(namespace.into()),
            uid: Some(format!("{kind}/{namespace}/{name}")),
            ..ObjectMeta::default()
        };
        match kind {
            "Pod" => Object::Pod(Pod {
                metadata,
                ..Pod::default()
            }),
            _ => Object::Other {
                api_version: "v1".into(),
                kind: kind.into(),
                metadata,
                body: serde_json::Value::Null,
            },
        }
    }

    fn names<'a>(objects: impl Iterator<Item = &'a Object>) -> Vec<String> {
        objects
            .map(|o| {
                format!(
                    "{}/{}",
                    o.metadata().namespace.as_deref().unwrap_or(""),
                    o.metadata().name
                )
            })
            .collect()
    }

    #[test]
    fn lists_come_in_key_order_by_kind_namespace_and_name() {
        let mut store = Store::default();
        for (kind, ns, name) in [
            ("Pod", "b", "web-1"),
            ("Event", "a", "web-0.1"),
            ("Pod", "a", "web-10"),
            ("Pod", "a", "web-1"),
            ("Pod", "a", "db-0"),
            ("ConfigMap", "a", "web-1"),
        ] {
            store.put(Time(0), named(kind, ns, name));
        }
        assert_eq!(store.len(), 6);
        assert_eq!(
            names(store.list("Pod", None)),
            ["a/db-0", "a/web-1", "a/web-10", "b/web-1"]
        );
        assert_eq!(names(store.list("Pod", Some("b"))), ["b/web-1"]);
        assert_eq!(names(store.list("Pod", Some("c"))), Vec::<String>::new());
        assert_eq!(
            names(store.list_prefix("Pod", "a", "web-")),
            ["a/web-1", "a/web-10"]
        );
        assert_eq!(
            names(store.list_prefix("Service", "a", "")),
            Vec::<String>::new()
        );
        assert!(
            store
                .get(&ObjectKey::new("ConfigMap", "a", "web-1"))
                .is_some()
        );
        assert!(
            store
                .get(&ObjectKey::new("ConfigMap", "b", "web-1"))
                .is_none()
        );
        assert_eq!(store.indexes_agree(), Ok(()));
    }

    #[test]
    fn removing_every_object_empties_the_store() {
        let mut store = Store::default();
        store.put(Time(0), named("Pod", "a", "web-0"));
        store.put(Time(0), named("Pod", "b", "web-0"));
        let a = ObjectKey::new("Pod", "a", "web-0");
        assert!(store.remove(Time(1), &a).is_some());
        assert!(store.remove(Time(1), &a).is_none());
        assert_eq!(store.len(), 1);
        assert!(
            store
                .remove(Time(1), &ObjectKey::new("Pod", "b", "web-0"))
                .is_some()
        );
        assert!(store.is_empty());
        assert!(store.objects.is_empty(), "no empty maps stay behind");
        assert_eq!(store.indexes_agree(), Ok(()));
    }

    #[test]
    fn the_watch_log_shares_each_version_with_the_store() {
        let mut store = Store::default();
        store.put(Time(0), pod("set-a"));
        let key = ObjectKey::new("Pod", "default", "web-0");
        let logged = &store.watch_log()[0].object;
        assert!(std::ptr::eq(&**logged, store.get(&key).expect("stored")));
        assert_eq!(logged.metadata().resource_version.as_deref(), Some("1"));
    }
}
