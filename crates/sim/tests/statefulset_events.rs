//! Events are keyed by the involved object's uid as well as its name: `describe pod web-0`
//! after the pod was deleted and re-created lists the new pod's events only (issue #5 §2).

mod common;

use common::*;
use ordinal_sim::DeleteOptions;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[test]
fn a_recreated_pod_does_not_inherit_the_events_of_its_predecessor() {
    let mut c = cluster();
    c.apply(WEB).expect("applies");
    settle(&mut c);
    let old_uid = pod(&c, "web-0").and_then(|p| p.metadata.uid).expect("uid");
    c.delete(&key("Pod", "web-0"), DeleteOptions::default())
        .expect("deletes");
    settle(&mut c);
    let new_uid = pod(&c, "web-0").and_then(|p| p.metadata.uid).expect("uid");
    assert_ne!(old_uid, new_uid);
    let web_0 = key("Pod", "web-0");
    let events: Vec<_> = c.events_about(&web_0).collect();
    let scheduled: Vec<_> = events.iter().filter(|e| e.reason == "Scheduled").collect();
    assert_eq!(scheduled.len(), 1, "{events:?}");
    assert_eq!(scheduled[0].count, 1);
    assert!(
        events
            .iter()
            .all(|e| e.involved_uid.as_deref() == Some(new_uid.as_str())),
        "{events:?}"
    );
    // `kubectl get events` still lists both pods' events.
    let all_scheduled = c
        .events()
        .iter()
        .filter(|e| e.reason == "Scheduled" && e.involved.name == "web-0")
        .map(|e| e.count)
        .sum::<u32>();
    assert_eq!(all_scheduled, 2);
}
