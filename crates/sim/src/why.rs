//! "Why" explanations: whenever a controller waits or refuses, it says so here, per object
//! (`Cluster::why`). Each sync replaces an object's reasons, so they describe the present.

use crate::clock::Time;
use crate::store::ObjectKey;
use std::collections::BTreeMap;

/// One reason something is not (yet) happening.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    pub since: Time,
    /// Who is waiting: `statefulset-controller`, `kubelet`, `scheduler`, ….
    pub source: &'static str,
    /// A SPEC rule the behaviour follows, e.g. `R-3.6b`.
    pub rule: &'static str,
    pub message: String,
}

#[derive(Debug, Clone, Default)]
pub struct Explanations {
    by_object: BTreeMap<ObjectKey, Vec<Reason>>,
}

impl Explanations {
    /// Replaces what `source` says about `key`, keeping `since` for reasons that persist.
    pub(crate) fn set(
        &mut self,
        now: Time,
        key: &ObjectKey,
        source: &'static str,
        reasons: Vec<(&'static str, String)>,
    ) {
        let old = self.by_object.remove(key).unwrap_or_default();
        let mut merged: Vec<Reason> = old.iter().filter(|r| r.source != source).cloned().collect();
        for (rule, message) in reasons {
            let since = old
                .iter()
                .find(|r| r.source == source && r.message == message)
                .map_or(now, |r| r.since);
            merged.push(Reason {
                since,
                source,
                rule,
                message,
            });
        }
        if !merged.is_empty() {
            self.by_object.insert(key.clone(), merged);
        }
    }

    pub(crate) fn forget(&mut self, key: &ObjectKey) {
        self.by_object.remove(key);
    }

    pub fn of(&self, key: &ObjectKey) -> Vec<Reason> {
        self.by_object.get(key).cloned().unwrap_or_default()
    }
}
