//! Events are `v1 Event` objects in the store (issue #5 §1): named `<object>.<hex nanos>`,
//! with the involved object's uid, apiVersion and resourceVersion, the kubelet's host; repeats
//! aggregate into one object (count, lastTimestamp, a MODIFIED watch row) and the API server's
//! one-hour TTL deletes them.

mod common;

use common::*;
use ordinal_api::Object;
use ordinal_sim::{Cluster, WatchEventType};
use serde_json::Value;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const BROKEN_LIVENESS: &str = "apiVersion: v1
kind: Pod
metadata:
  name: broken
spec:
  containers:
  - name: nginx
    image: nginx:1.25
    livenessProbe:
      httpGet:
        path: /nonexistent
        port: 80
      initialDelaySeconds: 3
      periodSeconds: 3
      failureThreshold: 3
";

fn event_bodies(c: &Cluster) -> Vec<(String, Value)> {
    c.store()
        .list("Event", None)
        .filter_map(|o| match o {
            Object::Event(event) => Some((
                event.metadata.name.clone(),
                serde_json::to_value(event).expect("an Event serializes"),
            )),
            _ => None,
        })
        .collect()
}

#[test]
fn every_event_is_an_event_object_about_its_pod() {
    let mut c = cluster();
    c.apply(WEB).expect("applies");
    settle(&mut c);
    let web_0 = pod(&c, "web-0").expect("web-0");
    let uid = web_0.metadata.uid.clone().expect("uid");
    let node = web_0.spec.node_name.clone().expect("bound");
    let bodies = event_bodies(&c);
    assert_eq!(bodies.len(), c.events().len(), "one object per live event");
    let started = bodies
        .iter()
        .find(|(_, b)| b["reason"] == "Started" && b["involvedObject"]["name"] == "web-0")
        .expect("a Started event for web-0");
    let (name, body) = started;
    let (object, hex) = name.split_once('.').expect("name is <object>.<hex>");
    assert_eq!(object, "web-0");
    assert_eq!(hex.len(), 16, "{name}");
    assert!(hex.chars().all(|c| c.is_ascii_hexdigit()), "{name}");
    assert_eq!(body["involvedObject"]["uid"], uid.as_str());
    assert_eq!(body["involvedObject"]["kind"], "Pod");
    assert_eq!(body["involvedObject"]["apiVersion"], "v1");
    assert_eq!(body["involvedObject"]["namespace"], "default");
    assert!(body["involvedObject"]["resourceVersion"].is_string());
    assert_eq!(body["source"]["component"], "kubelet");
    assert_eq!(body["source"]["host"], node.as_str());
    assert_eq!(body["reportingComponent"], "kubelet");
    assert_eq!(body["type"], "Normal");
    assert_eq!(body["count"], 1);
    assert_eq!(body["firstTimestamp"], body["lastTimestamp"]);
    // The StatefulSet's own events name it, from the controller (no host).
    let created = bodies
        .iter()
        .find(|(_, b)| b["message"] == "create Pod web-0 in StatefulSet web successful")
        .expect("SuccessfulCreate");
    assert_eq!(created.1["involvedObject"]["kind"], "StatefulSet");
    assert_eq!(created.1["involvedObject"]["apiVersion"], "apps/v1");
    assert_eq!(created.1["source"]["component"], "statefulset-controller");
    assert!(created.1["source"].get("host").is_none());
    // Names are distinct even for events recorded at one instant.
    let mut names: Vec<&String> = bodies.iter().map(|(n, _)| n).collect();
    names.dedup();
    assert_eq!(names.len(), bodies.len());
    // Every one was ADDED through the watch log, so `get ev -w` sees it.
    let added = c
        .store()
        .watch_log()
        .iter()
        .filter(|e| e.kind == WatchEventType::Added && e.object.kind() == "Event")
        .count();
    assert_eq!(added, bodies.len());
}

#[test]
fn repeated_probe_failures_aggregate_into_one_event_object() {
    let mut c = cluster();
    c.apply(BROKEN_LIVENESS).expect("applies");
    advance(&mut c, 120);
    let unhealthy: Vec<(String, Value)> = event_bodies(&c)
        .into_iter()
        .filter(|(_, b)| b["reason"] == "Unhealthy")
        .collect();
    assert_eq!(unhealthy.len(), 1, "{unhealthy:?}");
    let (name, body) = &unhealthy[0];
    let count = body["count"].as_u64().expect("count");
    assert!(count > 3, "failures keep coming: {count}");
    assert_ne!(body["firstTimestamp"], body["lastTimestamp"]);
    // Each repeat was a MODIFIED row of the same object.
    let modified = c
        .store()
        .watch_log()
        .iter()
        .filter(|e| e.kind == WatchEventType::Modified && e.object.metadata().name == *name)
        .count();
    assert_eq!(modified as u64, count - 1);
    let in_history: Vec<_> = c
        .events()
        .iter()
        .filter(|e| e.reason == "Unhealthy")
        .collect();
    assert_eq!(in_history.len(), 1);
    assert_eq!(u64::from(in_history[0].count), count);
}

#[test]
fn events_expire_an_hour_after_their_last_write() {
    let mut c = cluster();
    c.apply(WEB).expect("applies");
    settle(&mut c);
    let recorded = event_bodies(&c).len();
    assert!(recorded > 0);
    advance(&mut c, 59 * 60);
    assert!(!event_bodies(&c).is_empty(), "younger than an hour");
    advance(&mut c, 2 * 60 * 60);
    assert!(event_bodies(&c).is_empty(), "the TTL removed them");
    let deleted = c
        .store()
        .watch_log()
        .iter()
        .filter(|e| e.kind == WatchEventType::Deleted && e.object.kind() == "Event")
        .count();
    assert_eq!(deleted, recorded);
    // The history keeps them for the views that show one.
    assert_eq!(c.events().len(), recorded);
}

#[test]
fn repeats_renew_the_ttl_and_a_deleted_pods_events_expire() {
    let mut c = cluster();
    c.apply(BROKEN_LIVENESS).expect("applies");
    // The probe fails every 3 s; restarts back off to 5 minutes, so failures keep coming
    // (each write renews the TTL): after two hours the one object still aggregates them.
    advance(&mut c, 2 * 60 * 60);
    let unhealthy = event_bodies(&c)
        .into_iter()
        .filter(|(_, b)| b["reason"] == "Unhealthy")
        .count();
    assert_eq!(unhealthy, 1);
    c.delete(&key("Pod", "broken"), Default::default())
        .expect("deletes");
    advance(&mut c, 2 * 60 * 60);
    assert!(event_bodies(&c).is_empty());
}
