//! The object store: every object by kind, namespace and name, plus the watch log.

use crate::clock::Time;
use ordinal_api::Object;
use std::collections::BTreeMap;

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum WatchEventType {
    Added,
    Modified,
    Deleted,
}

/// One change to the store, as a watcher sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct WatchEvent {
    pub time: Time,
    pub kind: WatchEventType,
    pub object: Object,
}

#[derive(Debug, Clone, Default)]
pub struct Store {
    objects: BTreeMap<ObjectKey, Object>,
    resource_version: u64,
    watch_log: Vec<WatchEvent>,
}

impl Store {
    pub fn get(&self, key: &ObjectKey) -> Option<&Object> {
        self.objects.get(key)
    }

    /// All objects of a kind in a namespace (`None` for every namespace), in name order.
    pub fn list<'a>(
        &'a self,
        kind: &'a str,
        namespace: Option<&'a str>,
    ) -> impl Iterator<Item = &'a Object> + 'a {
        self.objects
            .iter()
            .filter(move |(k, _)| k.kind == kind && namespace.is_none_or(|ns| k.namespace == ns))
            .map(|(_, o)| o)
    }

    /// Inserts or replaces an object, stamping a new resourceVersion and logging the change.
    pub fn put(&mut self, now: Time, mut object: Object) {
        self.resource_version += 1;
        object.metadata_mut().resource_version = Some(self.resource_version.to_string());
        let key = ObjectKey::of(&object);
        let kind = if self.objects.contains_key(&key) {
            WatchEventType::Modified
        } else {
            WatchEventType::Added
        };
        self.watch_log.push(WatchEvent {
            time: now,
            kind,
            object: object.clone(),
        });
        self.objects.insert(key, object);
    }

    pub fn remove(&mut self, now: Time, key: &ObjectKey) -> Option<Object> {
        let object = self.objects.remove(key)?;
        self.resource_version += 1;
        self.watch_log.push(WatchEvent {
            time: now,
            kind: WatchEventType::Deleted,
            object: object.clone(),
        });
        Some(object)
    }

    pub fn watch_log(&self) -> &[WatchEvent] {
        &self.watch_log
    }

    pub fn len(&self) -> usize {
        self.objects.len()
    }

    pub fn is_empty(&self) -> bool {
        self.objects.is_empty()
    }
}
