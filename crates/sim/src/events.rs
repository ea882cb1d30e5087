//! Events (R-7.8, §3.11): every recorded event is a `v1 Event` object in the store, so
//! `kubectl get events -o yaml`, `get ev -w` (the ordinary watch log), `describe` and the JS
//! `get("Event")` all read the same objects. The log keeps them in the order first recorded
//! for the views that show a history (the app's events panel, the JS `events()`).
//!
//! Repeats aggregate as client-go's `EventCorrelator` does: an identical event (same involved
//! object and uid, field path, type, reason, message and source) updates the existing
//! object's `count` and `lastTimestamp` (a MODIFIED watch row) instead of adding another.
//! The recorder patches the object while it exists, so repeats aggregate until the API
//! server's one-hour TTL removes it (each write renews the TTL); after that the next repeat
//! starts a new Event. Lookups go through a fingerprint index, so recording is O(log n).

use crate::clock::{Duration, Time};
use crate::cluster::Cluster;
use crate::store::ObjectKey;
use ordinal_api::{EventInvolvedObject, EventSource, Object, ObjectMeta};
use std::collections::BTreeSet;
use std::sync::Arc;

/// The API server keeps an Event one hour after its last write (`--event-ttl`).
pub const EVENT_TTL: Duration = Duration::from_secs(60 * 60);

/// Unix milliseconds of `Time(0)` (the virtual calendar starts 2026-01-01T00:00:00Z).
const CALENDAR_START_UNIX_MS: u64 = 1_767_225_600_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// `Normal` or `Warning`.
    pub type_: &'static str,
    pub reason: String,
    pub message: String,
    /// `statefulset-controller`, `kubelet`, `default-scheduler`, …
    pub source: &'static str,
    /// `source.host`: the node of a kubelet's event.
    pub host: Option<String>,
    pub involved: ObjectKey,
    /// The involved object's uid when the event was recorded, so `describe` lists a pod's own
    /// events and not those of an earlier pod with the same name.
    pub involved_uid: Option<String>,
    /// `involvedObject.fieldPath`: `spec.containers{nginx}` for a container's events.
    pub field_path: Option<String>,
    pub first_timestamp: Time,
    pub last_timestamp: Time,
    pub count: u32,
    /// The Event object's name: `<involved name>.<creation instant in Unix nanoseconds, hex>`
    /// as client-go's `makeEvent` names it.
    pub name: String,
    /// The Event object's namespace: the involved object's (`default` for cluster-scoped).
    pub namespace: String,
    involved_api_version: String,
    involved_resource_version: Option<String>,
    uid: String,
}

impl Event {
    /// The key of the Event object in the store.
    pub fn key(&self) -> ObjectKey {
        ObjectKey::new("Event", &self.namespace, &self.name)
    }

    /// Whether a new event is a repeat of this one (the correlator's key).
    fn same_as(&self, new: &NewEvent<'_>) -> bool {
        self.involved == *new.involved
            && self.involved_uid.as_deref() == new.involved_uid
            && self.field_path.as_deref() == new.field_path
            && self.type_ == new.type_
            && self.reason == new.reason
            && self.message == new.message
            && self.source == new.source
    }

    /// The `v1 Event` object as the API server would return it.
    fn to_object(&self) -> Object {
        // A new event's three timestamps are one instant: format it once.
        let first = self.first_timestamp.rfc3339();
        let last = if self.last_timestamp == self.first_timestamp {
            first.clone()
        } else {
            self.last_timestamp.rfc3339()
        };
        let namespace = &self.involved.namespace;
        Object::Event(ordinal_api::Event {
            metadata: ObjectMeta {
                name: self.name.clone(),
                namespace: Some(self.namespace.clone()),
                uid: Some(self.uid.clone()),
                creation_timestamp: Some(first.clone()),
                ..ObjectMeta::default()
            },
            count: self.count,
            event_time: None,
            first_timestamp: first,
            involved_object: EventInvolvedObject {
                api_version: self.involved_api_version.clone(),
                field_path: self.field_path.clone(),
                kind: self.involved.kind.clone(),
                name: self.involved.name.clone(),
                namespace: (!namespace.is_empty()).then(|| namespace.clone()),
                resource_version: self.involved_resource_version.clone(),
                uid: self.involved_uid.clone(),
            },
            last_timestamp: last,
            message: self.message.clone(),
            reason: self.reason.clone(),
            reporting_component: self.source.into(),
            reporting_instance: self.host.clone().unwrap_or_default(),
            source: EventSource {
                component: self.source.into(),
                host: self.host.clone(),
            },
            type_: self.type_.into(),
        })
    }
}

/// What a controller reports.
pub(crate) struct NewEvent<'a> {
    pub involved: &'a ObjectKey,
    /// The involved object as stored now (its caller already looked it up for the uid).
    pub involved_object: Option<&'a Object>,
    pub involved_uid: Option<&'a str>,
    pub field_path: Option<&'a str>,
    pub type_: &'static str,
    pub reason: &'a str,
    pub message: &'a str,
    pub source: &'static str,
}

impl NewEvent<'_> {
    /// FNV-1a over the correlator's key: equal events have equal fingerprints.
    fn fingerprint(&self) -> u64 {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        let parts: [&str; 9] = [
            &self.involved.kind,
            &self.involved.namespace,
            &self.involved.name,
            self.involved_uid.unwrap_or(""),
            self.field_path.unwrap_or(""),
            self.type_,
            self.reason,
            self.message,
            self.source,
        ];
        for part in parts {
            for byte in part.bytes().chain([0xff]) {
                hash ^= u64::from(byte);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
        }
        hash
    }
}

/// The event history plus the indexes over its live (stored) events. Entries are shared, so
/// a checkpoint copies pointers, not events.
#[derive(Debug, Clone, Default)]
pub struct EventLog {
    events: Vec<Arc<Event>>,
    /// (fingerprint, position) of each live event (aggregation): a flat set, so recording
    /// allocates no per-fingerprint list and a checkpoint copies no nested vectors.
    similar: BTreeSet<(u64, usize)>,
    /// Live events by the instant the API server's TTL removes them.
    expiry: BTreeSet<(Time, usize)>,
    /// The instant of the last new event and how many were named at it, so two events at one
    /// instant get distinct names (nanoseconds apart).
    named_at: (Time, u64),
}

impl EventLog {
    /// Every event, in the order first recorded (expired ones included).
    pub fn all(&self) -> &[Arc<Event>] {
        &self.events
    }

    /// Live events about one object, in the order first recorded. With `uid`, only that
    /// incarnation's (and events recorded without a uid).
    pub fn about<'a>(
        &'a self,
        key: &'a ObjectKey,
        uid: Option<&'a str>,
    ) -> impl Iterator<Item = &'a Event> + 'a {
        self.events.iter().map(|e| &**e).filter(move |e| {
            e.involved == *key
                && (uid.is_none() || e.involved_uid.is_none() || e.involved_uid.as_deref() == uid)
        })
    }

    /// Events recorded or repeated at `now`, in the order first recorded: one range of the
    /// expiry index (an event written at `now` expires at `now + EVENT_TTL`), not a scan of
    /// the whole history (the invariants ask this after every step).
    pub fn written_at(&self, now: Time) -> impl Iterator<Item = &Event> + '_ {
        let expires = now + EVENT_TTL;
        self.expiry
            .range((expires, 0)..=(expires, usize::MAX))
            .filter_map(|&(_, position)| self.events.get(position))
            .map(|e| &**e)
            .filter(move |e| e.last_timestamp == now)
    }

    fn forget(&mut self, at: Time, position: usize) {
        self.expiry.remove(&(at, position));
        let Some(event) = self.events.get(position) else {
            return;
        };
        let fingerprint = NewEvent {
            involved: &event.involved,
            involved_object: None,
            involved_uid: event.involved_uid.as_deref(),
            field_path: event.field_path.as_deref(),
            type_: event.type_,
            reason: &event.reason,
            message: &event.message,
            source: event.source,
        }
        .fingerprint();
        self.similar.remove(&(fingerprint, position));
    }
}

/// The apiVersion a kind is served at (for `involvedObject.apiVersion`).
fn api_version(object: &Object) -> String {
    match object {
        Object::StatefulSet(_) => "apps/v1".into(),
        Object::StorageClass(_) => "storage.k8s.io/v1".into(),
        Object::Other { api_version, .. } => api_version.clone(),
        _ => "v1".into(),
    }
}

/// A uid for an Event object, derived from the cluster seed and the Event's name: events
/// draw nothing from the cluster's RNG, so recording one never shifts other objects' uids,
/// IPs or timings.
fn event_uid(seed: u64, name: &str) -> String {
    let mut a: u64 = 0xcbf2_9ce4_8422_2325 ^ seed;
    for byte in name.bytes() {
        a ^= u64::from(byte);
        a = a.wrapping_mul(0x0100_0000_01b3);
    }
    let mut b = a ^ 0x9e37_79b9_7f4a_7c15;
    b = (b ^ (b >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    b = (b ^ (b >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    b ^= b >> 31;
    let mut uid = String::with_capacity(36);
    push_hex(&mut uid, a >> 32, 8);
    uid.push('-');
    push_hex(&mut uid, (a >> 16) & 0xffff, 4);
    uid.push_str("-4");
    push_hex(&mut uid, a & 0xfff, 3);
    uid.push('-');
    push_hex(&mut uid, ((b >> 48) & 0x3fff) | 0x8000, 4);
    uid.push('-');
    push_hex(&mut uid, b & 0xffff_ffff_ffff, 12);
    uid
}

/// Appends the low `digits` hex digits of `value` (lower case, zero-padded): what
/// `format!("{value:0digits$x}")` writes when `value` fits, without the formatting machinery
/// (every recorded event formats a name and a uid).
fn push_hex(out: &mut String, value: u64, digits: u32) {
    for place in (0..digits).rev() {
        let nibble = (value >> (place * 4)) & 0xf;
        out.push(char::from(b"0123456789abcdef"[nibble as usize]));
    }
}

/// `<involved name>.<nanos in hex>`: client-go's `fmt.Sprintf("%v.%x", ref.Name, t.UnixNano())`.
fn event_name(involved: &str, nanos: u64) -> String {
    let digits = (u64::BITS - nanos.leading_zeros()).div_ceil(4).max(1);
    let mut name = String::with_capacity(involved.len() + 1 + digits as usize);
    name.push_str(involved);
    name.push('.');
    push_hex(&mut name, nanos, digits);
    name
}

/// Records an event: aggregates it into a live identical one, or stores a new Event object.
pub(crate) fn record(cluster: &mut Cluster, new: NewEvent<'_>) {
    expire(cluster);
    let now = cluster.now();
    let fingerprint = new.fingerprint();
    let log = &mut cluster.events;
    let repeat = log
        .similar
        .range((fingerprint, 0)..=(fingerprint, usize::MAX))
        .map(|&(_, p)| p)
        .find(|p| log.events.get(*p).is_some_and(|e| e.same_as(&new)));
    if let Some(position) = repeat
        && let Some(slot) = log.events.get_mut(position)
    {
        let old_expiry = slot.last_timestamp + EVENT_TTL;
        let event = Arc::make_mut(slot);
        event.count = event.count.saturating_add(1);
        event.last_timestamp = now;
        let object = event.to_object();
        let key = event.key();
        log.expiry.remove(&(old_expiry, position));
        log.expiry.insert((now + EVENT_TTL, position));
        cluster.store.put_owned_key(now, key, object);
        return;
    }
    let involved_object = new.involved_object;
    let (api_version, resource_version) = match involved_object {
        Some(o) => (api_version(o), o.metadata().resource_version.clone()),
        None => ("v1".into(), None),
    };
    let host = match involved_object {
        Some(Object::Pod(pod)) if new.source == "kubelet" => pod.spec.node_name.clone(),
        _ if new.source == "kubelet" && new.involved.kind == "Node" => {
            Some(new.involved.name.clone())
        }
        _ => None,
    };
    let serial = if log.named_at.0 == now {
        log.named_at.1 + 1
    } else {
        0
    };
    log.named_at = (now, serial);
    let nanos = (CALENDAR_START_UNIX_MS + now.0)
        .saturating_mul(1_000_000)
        .saturating_add(serial);
    let name = event_name(&new.involved.name, nanos);
    let namespace = if new.involved.namespace.is_empty() {
        "default".to_string()
    } else {
        new.involved.namespace.clone()
    };
    let event = Event {
        type_: new.type_,
        reason: new.reason.to_string(),
        message: new.message.to_string(),
        source: new.source,
        host,
        involved: new.involved.clone(),
        involved_uid: new.involved_uid.map(str::to_string),
        field_path: new.field_path.map(str::to_string),
        first_timestamp: now,
        last_timestamp: now,
        count: 1,
        uid: event_uid(cluster.config().seed, &name),
        name,
        namespace,
        involved_api_version: api_version,
        involved_resource_version: resource_version,
    };
    let object = event.to_object();
    let key = event.key();
    let log = &mut cluster.events;
    let position = log.events.len();
    log.events.push(Arc::new(event));
    log.similar.insert((fingerprint, position));
    log.expiry.insert((now + EVENT_TTL, position));
    cluster.store.put_owned_key(now, key, object);
}

/// Deletes the Event objects whose TTL ran out (DELETED watch rows); they stay in the history.
pub(crate) fn expire(cluster: &mut Cluster) {
    let now = cluster.now();
    while let Some(&(at, position)) = cluster.events.expiry.first()
        && at <= now
    {
        cluster.events.forget(at, position);
        if let Some(event) = cluster.events.events.get(position) {
            let key = event.key();
            cluster.store.remove(now, &key);
        }
    }
}

impl Cluster {
    /// Records an event about a container (`involvedObject.fieldPath`
    /// `spec.containers{name}`, or `spec.initContainers{name}`), as the kubelet reports
    /// pulls, starts, probe failures and kills.
    pub(crate) fn record_container_event(
        &mut self,
        pod: &ObjectKey,
        field_path: &str,
        type_: &'static str,
        reason: &str,
        message: String,
    ) {
        // Shared, so the event can borrow the pod while recording writes the store.
        let object = self.store.get_shared(pod);
        let object = object.as_deref();
        record(
            self,
            NewEvent {
                involved: pod,
                involved_object: object,
                involved_uid: object.and_then(|o| o.metadata().uid.as_deref()),
                field_path: Some(field_path),
                type_,
                reason,
                message: &message,
                source: "kubelet",
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_calendar_start_matches_the_clock() {
        assert_eq!(Time(0).rfc3339(), "2026-01-01T00:00:00Z");
        assert_eq!(CALENDAR_START_UNIX_MS / 1000, 1_767_225_600);
    }

    #[test]
    fn hand_written_hex_matches_format() {
        for value in [0, 1, 0xf, 0x10, 0xabc, 0x1886_0000_0000_0001, u64::MAX] {
            assert_eq!(event_name("web-0", value), format!("web-0.{value:x}"));
            let mut padded = String::new();
            push_hex(&mut padded, value & 0xffff_ffff_ffff, 12);
            assert_eq!(padded, format!("{:012x}", value & 0xffff_ffff_ffff));
        }
        let a: u64 = 0x0123_4567_89ab_cdef;
        let b: u64 = 0xfedc_ba98_7654_3210;
        let mut uid = String::new();
        push_hex(&mut uid, a >> 32, 8);
        push_hex(&mut uid, a & 0xfff, 3);
        push_hex(&mut uid, ((b >> 48) & 0x3fff) | 0x8000, 4);
        assert_eq!(
            uid,
            format!(
                "{:08x}{:03x}{:04x}",
                a >> 32,
                a & 0xfff,
                ((b >> 48) & 0x3fff) | 0x8000
            )
        );
    }

    #[test]
    fn event_uids_differ_by_name_and_seed() {
        let a = event_uid(1, "web-0.1886");
        assert_ne!(a, event_uid(1, "web-1.1886"));
        assert_ne!(a, event_uid(2, "web-0.1886"));
        assert_eq!(a.len(), 36);
    }
}
