//! The JS `Cluster` through its wasm-bindgen surface: what JavaScript callers see.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, JSON, Reflect};
use ordinal_wasm::Cluster;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test as test;

const WEB: &str = include_str!("../../../tests/scenarios/web.yaml");

/// Builds a JS value from JSON text, as a caller's object literal would be.
fn js<T: JsCast>(json: &str) -> T {
    JSON::parse(json).expect("test JSON").unchecked_into()
}

fn field(value: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(value.clone(), |v, key| {
        Reflect::get(&v, &JsValue::from_str(key)).expect("readable")
    })
}

fn string(value: &JsValue, path: &str) -> String {
    field(value, path).as_string().unwrap_or_default()
}

/// The value a call threw; fails the test if it returned.
fn thrown<T>(result: Result<T, JsValue>) -> JsValue {
    match result {
        Ok(_) => panic!("expected the call to throw"),
        Err(error) => error,
    }
}

fn cluster(seed: u32) -> Cluster {
    Cluster::new(Some(js(&format!(r#"{{"seed":{seed}}}"#)))).expect("cluster")
}

fn names(list: &JsValue) -> Vec<String> {
    Array::from(list)
        .iter()
        .map(|o| string(&o, "metadata.name"))
        .collect()
}

#[test]
fn apply_reports_each_object_and_get_returns_api_objects() {
    let c = cluster(7);
    let applied = c.apply(WEB, None).expect("valid manifest");
    let results = field(&applied, "results");
    assert_eq!(Array::from(&results).length(), 2);
    assert_eq!(
        string(&Array::from(&results).get(1), "resource"),
        "statefulset.apps"
    );
    assert_eq!(string(&Array::from(&results).get(1), "action"), "created");

    c.advance(JsValue::from_str("2m").unchecked_into())
        .expect("advance");
    let pods = c.get("po", None, None).expect("get pods");
    assert_eq!(names(&pods), ["web-0", "web-1", "web-2"]);
    let sts = c
        .get("statefulsets.apps", Some("web".into()), None)
        .expect("get sts");
    assert_eq!(string(&sts, "apiVersion"), "apps/v1");
    assert_eq!(string(&sts, "kind"), "StatefulSet");
    // Maps arrive as plain objects, not `Map`s.
    assert!(!field(&sts, "metadata").is_instance_of::<js_sys::Map>());
    assert_eq!(string(&sts, "spec.selector.matchLabels.app"), "nginx");
    assert!(
        c.get("pods", Some("web-9".into()), None)
            .expect("get")
            .is_undefined()
    );
    assert_eq!(
        names(&c.get("pods", None, Some("other".into())).expect("get")).len(),
        0
    );
}

#[test]
fn invalid_manifest_throws_a_manifest_error_with_located_diagnostics() {
    let c = cluster(1);
    let text =
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  replica: 2\n";
    let options = js(r#"{"filename":"db.yaml"}"#);
    let error = thrown(c.apply(text, Some(options)));
    assert!(error.is_instance_of::<js_sys::Error>());
    assert_eq!(string(&error, "name"), "ManifestError");
    assert!(
        string(&error, "message").starts_with("db.yaml:6:3:"),
        "{error:?}"
    );
    let first = Array::from(&field(&error, "diagnostics")).get(0);
    assert_eq!(field(&first, "line").as_f64(), Some(6.0));
    assert_eq!(field(&first, "column").as_f64(), Some(3.0));
    assert_eq!(string(&first, "path"), "spec.replica");
    assert_eq!(string(&first, "suggestion"), "replicas");
    assert_eq!(string(&first, "file"), "db.yaml");
    // Nothing was applied.
    assert_eq!(
        Array::from(&c.get("sts", None, None).expect("get")).length(),
        0
    );
}

#[test]
fn kubectl_feeds_stdin_and_reports_exit_codes() {
    let c = cluster(7);
    let applied = c.kubectl("apply -f -", Some(WEB.into())).expect("kubectl");
    assert_eq!(field(&applied, "exitCode").as_f64(), Some(0.0));
    assert!(string(&applied, "stdout").contains("statefulset.apps/web created"));
    let missing = c.kubectl("get foos", None).expect("kubectl");
    assert_ne!(field(&missing, "exitCode").as_f64(), Some(0.0));
    assert!(string(&missing, "stderr").contains("foos"));
}

#[test]
fn watch_callbacks_see_changes_until_unsubscribed() {
    let c = cluster(7);
    let seen = Array::new();
    let sink = seen.clone();
    let callback = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
        sink.push(&JsValue::from_str(&format!(
            "{} {}",
            string(&event, "type"),
            string(&event, "object.metadata.name")
        )));
    });
    let stop = c
        .watch("pods", callback.as_ref().clone().unchecked_into())
        .expect("watch");
    c.apply(WEB, None).expect("apply");
    assert!(
        seen.includes(&JsValue::from_str("ADDED web-0"), 0),
        "{seen:?}"
    );
    c.advance(JsValue::from_f64(120_000.0).unchecked_into())
        .expect("advance");
    assert!(
        seen.includes(&JsValue::from_str("ADDED web-2"), 0),
        "{seen:?}"
    );
    assert!(
        seen.includes(&JsValue::from_str("MODIFIED web-2"), 0),
        "{seen:?}"
    );
    let before = seen.length();
    stop.unchecked_ref::<js_sys::Function>()
        .call0(&JsValue::NULL)
        .expect("unsubscribe");
    c.kubectl("scale sts web --replicas=5", None)
        .expect("scale");
    c.advance(JsValue::from_str("2m").unchecked_into())
        .expect("advance");
    assert_eq!(seen.length(), before);
}

#[test]
fn snapshot_and_restore_return_to_the_saved_world() {
    let c = cluster(3);
    c.apply(WEB, None).expect("apply");
    c.advance(JsValue::from_str("10s").unchecked_into())
        .expect("advance");
    let saved = c.snapshot();
    let pods_then = names(&c.get("pods", None, None).expect("get"));
    c.advance(JsValue::from_str("5m").unchecked_into())
        .expect("advance");
    assert_eq!(c.now(), 310_000.0);
    c.restore(&saved);
    assert_eq!(c.now(), 10_000.0);
    assert_eq!(saved.time(), 10_000.0);
    assert_eq!(names(&c.get("pods", None, None).expect("get")), pods_then);
}

#[test]
fn advance_takes_milliseconds_or_duration_strings_and_rejects_others() {
    let c = cluster(1);
    c.advance(JsValue::from_f64(1500.0).unchecked_into())
        .expect("ms");
    c.advance(JsValue::from_str("1m30s").unchecked_into())
        .expect("string");
    assert_eq!(c.now(), 91_500.0);
    for bad in [
        JsValue::from_str("3x"),
        JsValue::from_f64(-1.0),
        JsValue::TRUE,
    ] {
        let error = thrown(c.advance(bad.unchecked_into()));
        assert!(error.is_instance_of::<js_sys::TypeError>(), "{error:?}");
    }
    assert_eq!(c.now(), 91_500.0);
}

#[test]
fn step_and_run_until_idle_drain_the_event_queue() {
    let c = cluster(7);
    assert!(
        !c.step().expect("step"),
        "an empty cluster has nothing scheduled"
    );
    c.apply(WEB, None).expect("apply");
    assert!(c.step().expect("step"));
    let steps = c.run_until_idle(None).expect("idle");
    assert!(steps > 0);
    assert!(!c.step().expect("step"));
}

#[test]
fn run_returns_the_transcript_and_same_seed_gives_the_same_one() {
    let files = JSON::stringify(&JsValue::from_str(WEB)).expect("json");
    let options = format!(
        r#"{{"seed":5,"files":{{"web.yaml":{}}}}}"#,
        String::from(files)
    );
    let script = "kubectl apply -f web.yaml\nsleep 60\nkubectl get pods\n";
    let first = Cluster::new(Some(js(&options)))
        .expect("cluster")
        .run(script)
        .expect("run");
    let second = Cluster::new(Some(js(&options)))
        .expect("cluster")
        .run(script)
        .expect("run");
    assert!(
        first.starts_with("$ kubectl apply -f web.yaml\n"),
        "{first}"
    );
    assert!(first.contains("statefulset.apps/web created"), "{first}");
    assert!(first.contains("\n$ kubectl get pods\nNAME"), "{first}");
    assert_eq!(first, second);
}

#[test]
fn unknown_resource_types_throw_a_named_error() {
    let c = cluster(1);
    let error = thrown(c.get("foos", None, None));
    assert_eq!(string(&error, "name"), "UnknownResourceError");
    assert_eq!(string(&error, "resource"), "foos");
}

#[test]
fn events_list_what_the_controllers_did() {
    let c = cluster(7);
    c.apply(WEB, None).expect("apply");
    c.advance(JsValue::from_str("2m").unchecked_into())
        .expect("advance");
    let events = Array::from(&c.events().expect("events"));
    let created = events
        .iter()
        .find(|e| string(e, "reason") == "SuccessfulCreate")
        .expect("a SuccessfulCreate event");
    assert_eq!(string(&created, "involvedObject.kind"), "StatefulSet");
    assert_eq!(string(&created, "involvedObject.name"), "web");
    assert!(string(&created, "firstTimestamp").starts_with("2026-01-01T"));
}

#[test]
fn why_explains_a_set_waiting_for_its_first_pod() {
    let c = cluster(7);
    c.apply(WEB, None).expect("apply");
    let waiting = Array::from(&c.why(js(r#"{"kind":"sts","name":"web"}"#)).expect("why"));
    assert!(waiting.length() > 0, "a new set waits for web-0");
    assert!(!string(&waiting.get(0), "message").is_empty());
    c.run_until_idle(None).expect("idle");
    // An object returned by `get` names itself.
    let sts = c.get("sts", Some("web".into()), None).expect("get");
    let settled = Array::from(&c.why(sts.unchecked_into()).expect("why"));
    assert_eq!(settled.length(), 0, "{settled:?}");
}

#[test]
fn rewind_goes_back_in_virtual_time_when_checkpoints_are_kept() {
    let c = Cluster::new(Some(js(r#"{"seed":7,"checkpointEvery":"10s"}"#))).expect("cluster");
    c.apply(WEB, None).expect("apply");
    c.advance(JsValue::from_str("5s").unchecked_into())
        .expect("advance");
    let pods_at_5s = names(&c.get("pods", None, None).expect("get"));
    c.advance(JsValue::from_str("2m").unchecked_into())
        .expect("advance");
    c.rewind(JsValue::from_f64(5000.0).unchecked_into())
        .expect("rewind");
    assert_eq!(c.now(), 5000.0);
    assert_eq!(names(&c.get("pods", None, None).expect("get")), pods_at_5s);

    let plain = cluster(7);
    plain
        .advance(JsValue::from_str("1m").unchecked_into())
        .expect("advance");
    let error = thrown(plain.rewind(JsValue::from_str("30s").unchecked_into()));
    assert_eq!(string(&error, "name"), "RewindError");
}

#[test]
fn explain_prints_kubectl_explain_and_throws_for_unknown_fields() {
    let c = cluster(1);
    let text = c.explain("statefulset.spec.replicas").expect("explain");
    assert!(text.contains("replicas"), "{text}");
    let error = thrown(c.explain("statefulset.spec.replica"));
    assert_eq!(string(&error, "name"), "ExplainError");
    assert!(!string(&error, "message").is_empty());
}

#[test]
fn descriptions_are_installed_from_the_file_beside_the_module() {
    // In wasm the descriptions are not compiled in: the package's entry points install them.
    let bad = thrown(ordinal_wasm::install_descriptions("not the file\n"));
    assert_eq!(string(&bad, "name"), "DescriptionsError");
    ordinal_wasm::install_descriptions(include_str!("../../api/src/schema/descriptions.txt"))
        .expect("the generated file installs");
    let text = cluster(1)
        .explain("statefulset.spec.replicas")
        .expect("explain");
    assert!(text.contains("desired number of replicas"), "{text}");
}

#[test]
fn complete_takes_a_js_string_index() {
    let c = cluster(1);
    // The label holds a two-unit emoji: the cursor is a JS index, past it.
    let text =
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  labels: {x: \"🙂\"}\nspec:\n  repl";
    let cursor = text.encode_utf16().count() as u32;
    let found = Array::from(&c.complete(text, cursor).expect("complete"));
    let labels: Vec<String> = found.iter().map(|o| string(&o, "label")).collect();
    assert_eq!(labels, ["replicas"]);
    assert!(string(&found.get(0), "detail").contains("integer"));
}

#[test]
fn diagnostic_offsets_are_js_string_indexes() {
    let c = cluster(1);
    let text = "# 🙂🙂\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  replica: 2\n";
    let error = thrown(c.apply(text, None));
    let first = Array::from(&field(&error, "diagnostics")).get(0);
    let start = field(&first, "start").as_f64().expect("start") as usize;
    let end = field(&first, "end").as_f64().expect("end") as usize;
    let units: Vec<u16> = text.encode_utf16().collect();
    assert_eq!(String::from_utf16_lossy(&units[start..end]), "replica");
}

#[test]
fn lookup_returns_records_and_throws_a_lookup_error_for_nxdomain() {
    let c = cluster(1);
    c.apply(WEB, None).expect("valid manifest");
    c.advance(JsValue::from_str("2m").unchecked_into())
        .expect("advance");
    let records = Array::from(&c.lookup("web-0.nginx", None).expect("resolves"));
    assert_eq!(records.length(), 1);
    let record = records.get(0);
    assert_eq!(
        string(&record, "name"),
        "web-0.nginx.default.svc.cluster.local"
    );
    assert_eq!(string(&record, "type"), "A");
    let pod = c.get("pod", Some("web-0".into()), None).expect("get web-0");
    assert_eq!(string(&record, "value"), string(&pod, "status.podIP"));
    assert_eq!(field(&record, "ttl").as_f64(), Some(30.0));
    let error = thrown(c.lookup("web-0.nginx", Some("kube-system".into())));
    assert_eq!(string(&error, "name"), "LookupError");
    assert_eq!(string(&error, "query"), "web-0.nginx");
    assert!(error.is_instance_of::<js_sys::Error>());
}

#[test]
fn exec_and_logs_reach_the_container_or_throw_with_the_pod() {
    let c = cluster(1);
    c.apply(WEB, None).expect("valid manifest");
    c.advance(JsValue::from_str("2m").unchecked_into())
        .expect("advance");
    let out = c
        .exec("web-0", vec!["hostname".into()], None)
        .expect("exec");
    assert_eq!(string(&out, "stdout"), "web-0\n");
    assert_eq!(field(&out, "exitCode").as_f64(), Some(0.0));
    assert!(c.logs("web-0", None).is_ok());
    let error = thrown(c.exec("web-9", vec!["hostname".into()], None));
    assert_eq!(string(&error, "name"), "ExecError");
    assert_eq!(string(&error, "pod"), "web-9");
    let error = thrown(c.logs("web-9", None));
    assert_eq!(string(&error, "name"), "LogsError");
}

#[test]
fn node_calls_change_the_node_or_throw_a_node_error() {
    let c = cluster(1);
    c.add_node("node-9").expect("add");
    let node = c
        .get("nodes", Some("node-9".into()), None)
        .expect("get node");
    assert_eq!(string(&node, "metadata.name"), "node-9");
    c.stop_node("node-9").expect("stop");
    c.start_node("node-9").expect("start");
    let error = thrown(c.stop_node("nope"));
    assert_eq!(string(&error, "name"), "NodeError");
    assert_eq!(string(&error, "node"), "nope");
    let error = thrown(c.add_node("node-9"));
    assert!(string(&error, "message").contains("already exists"));
}

#[test]
fn validate_lists_diagnostics_without_applying() {
    let c = cluster(1);
    assert_eq!(
        Array::from(&c.validate(WEB, None).expect("validate")).length(),
        0
    );
    let text =
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  replica: 2\n";
    let found = Array::from(&c.validate(text, None).expect("validate"));
    assert_eq!(found.length(), 1);
    assert_eq!(string(&found.get(0), "path"), "spec.replica");
    let listed = c.get("sts", None, None).expect("get");
    assert_eq!(Array::from(&listed).length(), 0);
}
