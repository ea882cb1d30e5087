//! Generates `crates/api/src/schema/generated.rs` (the field tables of every kind Ordinal
//! accepts) and `crates/api/src/schema/descriptions.txt` (their descriptions, a separate
//! asset so the browser can load them lazily), taken from the Kubernetes OpenAPI definitions
//! that `k8s-openapi` ships (through its `schemars` feature). Nothing in the output is typed
//! by hand.
//!
//! Regenerate with `cargo run -p ordinal-schemagen`; pass `--check` (or run its tests) to
//! fail instead of writing when a checked-in file is stale.

use k8s_openapi::api::{apps, core, discovery, policy, storage};
use schemars::{JsonSchema, SchemaGenerator};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::process::ExitCode;

/// The Kubernetes minor the tables describe: the SPEC's baseline API server.
const KUBERNETES: &str = "1.35";
/// The checked-in tables, found from this package so the command works from any directory.
const OUTPUT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../crates/api/src/schema/generated.rs"
);
/// The checked-in descriptions, one per line (see `crates/api/src/schema/descriptions.rs`).
const DESCRIPTIONS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../crates/api/src/schema/descriptions.txt"
);

/// The kinds the playground accepts: (group/version, kind, definition name).
fn roots(generator: &mut SchemaGenerator) -> Vec<(&'static str, &'static str, String)> {
    fn root<T: JsonSchema>(
        generator: &mut SchemaGenerator,
        api_version: &'static str,
        kind: &'static str,
    ) -> (&'static str, &'static str, String) {
        let _ = generator.subschema_for::<T>();
        (api_version, kind, T::schema_name().into_owned())
    }
    let g = generator;
    vec![
        root::<apps::v1::StatefulSet>(g, "apps/v1", "StatefulSet"),
        root::<apps::v1::DaemonSet>(g, "apps/v1", "DaemonSet"),
        root::<apps::v1::Deployment>(g, "apps/v1", "Deployment"),
        root::<apps::v1::ReplicaSet>(g, "apps/v1", "ReplicaSet"),
        root::<apps::v1::ControllerRevision>(g, "apps/v1", "ControllerRevision"),
        root::<core::v1::Pod>(g, "v1", "Pod"),
        root::<core::v1::Service>(g, "v1", "Service"),
        root::<core::v1::Endpoints>(g, "v1", "Endpoints"),
        root::<core::v1::PersistentVolumeClaim>(g, "v1", "PersistentVolumeClaim"),
        root::<core::v1::PersistentVolume>(g, "v1", "PersistentVolume"),
        root::<core::v1::Node>(g, "v1", "Node"),
        root::<core::v1::Namespace>(g, "v1", "Namespace"),
        root::<core::v1::ConfigMap>(g, "v1", "ConfigMap"),
        root::<core::v1::Secret>(g, "v1", "Secret"),
        root::<core::v1::Event>(g, "v1", "Event"),
        root::<discovery::v1::EndpointSlice>(g, "discovery.k8s.io/v1", "EndpointSlice"),
        root::<storage::v1::StorageClass>(g, "storage.k8s.io/v1", "StorageClass"),
        root::<policy::v1::PodDisruptionBudget>(g, "policy/v1", "PodDisruptionBudget"),
    ]
}

fn main() -> ExitCode {
    let check = std::env::args().any(|a| a == "--check");
    let (tables, descriptions) = generate();
    for (path, text) in [(OUTPUT, &tables), (DESCRIPTIONS, &descriptions)] {
        if check {
            let current = std::fs::read_to_string(path).unwrap_or_default();
            if current != *text {
                eprintln!("{path} is stale; run `cargo run -p ordinal-schemagen`");
                return ExitCode::FAILURE;
            }
            continue;
        }
        if let Err(e) = std::fs::write(path, text) {
            eprintln!("cannot write {path}: {e}");
            return ExitCode::FAILURE;
        }
        eprintln!("wrote {path} ({} bytes)", text.len());
    }
    ExitCode::SUCCESS
}

/// Definitions that decode as something other than a JSON object with fixed fields.
fn special(name: &str) -> Option<&'static str> {
    Some(match name {
        "io.k8s.apimachinery.pkg.api.resource.Quantity" => "Quantity",
        "io.k8s.apimachinery.pkg.util.intstr.IntOrString" => "IntOrString",
        "io.k8s.apimachinery.pkg.apis.meta.v1.Time"
        | "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime" => "Time",
        "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1"
        | "io.k8s.apimachinery.pkg.runtime.RawExtension" => "Any",
        _ => return None,
    })
}

/// Returns (generated.rs, descriptions.txt).
fn generate() -> (String, String) {
    let mut generator = SchemaGenerator::default();
    let roots = roots(&mut generator);
    let defs: BTreeMap<String, Value> = generator
        .definitions()
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    // Object types get an index, in name order.
    let objects: Vec<&String> = defs
        .iter()
        .filter(|(name, def)| special(name).is_none() && def.get("properties").is_some())
        .map(|(name, _)| name)
        .collect();
    let index: BTreeMap<&str, usize> = objects
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();

    let mut docs: Vec<String> = Vec::new();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "// @generated by `cargo run -p ordinal-schemagen` from k8s-openapi 0.29 (Kubernetes {KUBERNETES}).\n// Do not edit by hand.\n"
    );
    out.push_str("use super::model::{Field, Root, Shape as S, TypeDef};\n\n");
    let _ = writeln!(out, "pub(crate) const KUBERNETES: &str = {KUBERNETES:?};\n");
    out.push_str("pub(crate) static ROOTS: &[Root] = &[\n");
    for (api_version, kind, def) in &roots {
        let Some(i) = index.get(def.as_str()) else {
            panic!("root {def} is not an object definition");
        };
        let _ = writeln!(
            out,
            "    Root {{ api_version: {api_version:?}, kind: {kind:?}, ty: {i} }},"
        );
    }
    out.push_str("];\n\npub(crate) static TYPES: &[TypeDef] = &[\n");
    for name in &objects {
        let def = &defs[name.as_str()];
        let _ = writeln!(
            out,
            "    TypeDef {{\n        name: {name:?},\n        doc: {},\n        fields: &[",
            description(def, &mut docs)
        );
        // k8s-openapi lists `metadata` as required because its Rust field is not optional;
        // the OpenAPI document (and `kubectl explain`) does not.
        let required: Vec<&str> = def
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let empty = Map::new();
        let props = def
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let props: BTreeMap<&String, &Value> = props.iter().collect();
        for (field, schema) in props {
            let _ = writeln!(
                out,
                "            Field {{ name: {field:?}, shape: {}, required: {}, doc: {} }},",
                shape(schema, &defs, &index),
                field != "metadata" && required.contains(&field.as_str()),
                description(schema, &mut docs)
            );
        }
        out.push_str("        ],\n    },\n");
    }
    out.push_str("];\n");
    let descriptions = descriptions_file(&docs);
    let _ = writeln!(
        out,
        "\n/// How many descriptions `descriptions.txt` holds, and the FNV-1a 64 digest of its lines\n\
         /// after the header: a file from other tables is refused.\n\
         pub(crate) const DOC_COUNT: usize = {};\n\
         pub(crate) const DOCS_DIGEST: u64 = {:#018x};",
        docs.len(),
        fnv1a64(
            descriptions
                .split_once('\n')
                .map_or("", |(_, body)| body)
                .as_bytes()
        )
    );
    (out, descriptions)
}

/// `descriptions.txt`: a header line, then one description per line with `\` and newlines
/// escaped as `\\` and `\n` (the format `ordinal_api::schema::descriptions` reads).
fn descriptions_file(docs: &[String]) -> String {
    let mut out = format!(
        "ordinal-schema-descriptions 1 kubernetes={KUBERNETES} count={}\n",
        docs.len()
    );
    for doc in docs {
        out.push_str(&doc.replace('\\', "\\\\").replace('\n', "\\n"));
        out.push('\n');
    }
    out
}

/// FNV-1a, 64 bits: the same function the api crate checks the file with.
fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Interns the leading text of a schema's description and returns its index.
///
/// Kept: the first paragraph, at most its first two sentences. The full texts would make the
/// tables 75 KB gzip in the app's wasm; this keeps them under the 60 KB budget (measured with
/// a cdylib that touches every table) while `kubectl explain` and completion still read well.
/// Identical texts are stored once.
fn description(schema: &Value, docs: &mut Vec<String>) -> usize {
    let full = schema
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or("");
    let paragraph = full.split("\n\n").next().unwrap_or("").trim();
    let first = leading_sentences(paragraph, 2);
    match docs.iter().position(|d| *d == first) {
        Some(i) => i,
        None => {
            docs.push(first);
            docs.len() - 1
        }
    }
}

/// The first `n` sentences: a sentence ends at ". " followed by a capital letter.
fn leading_sentences(text: &str, n: usize) -> String {
    let bytes = text.as_bytes();
    let mut found = 0;
    for i in 0..bytes.len().saturating_sub(2) {
        if bytes[i] == b'.' && bytes[i + 1] == b' ' && bytes[i + 2].is_ascii_uppercase() {
            found += 1;
            if found == n {
                return text[..=i].to_string();
            }
        }
    }
    text.to_string()
}

fn shape(schema: &Value, defs: &BTreeMap<String, Value>, index: &BTreeMap<&str, usize>) -> String {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap_or(r);
        if let Some(s) = special(name) {
            return format!("S::{s}");
        }
        if let Some(i) = index.get(name) {
            return format!("S::Object({i})");
        }
        return match defs.get(name) {
            Some(def) => shape(def, defs, index),
            None => panic!("dangling $ref {name}"),
        };
    }
    if schema.get("x-kubernetes-int-or-string").is_some() {
        return "S::IntOrString".into();
    }
    let ty = schema.get("type").and_then(Value::as_str).unwrap_or("");
    match ty {
        "string" => match schema.get("format").and_then(Value::as_str) {
            Some("byte") => "S::Bytes".into(),
            _ => "S::String".into(),
        },
        "boolean" => "S::Boolean".into(),
        "number" => "S::Number".into(),
        "integer" => match schema.get("format").and_then(Value::as_str) {
            Some("int32") => "S::Int32".into(),
            _ => "S::Int64".into(),
        },
        "array" => match schema.get("items") {
            Some(items) => format!("S::Array(&{})", shape(items, defs, index)),
            None => "S::Any".into(),
        },
        "object" => match schema.get("additionalProperties") {
            Some(Value::Bool(false)) | None => "S::Any".into(),
            Some(Value::Bool(true)) => "S::Any".into(),
            Some(values) => format!("S::Map(&{})", shape(values, defs, index)),
        },
        _ => "S::Any".into(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn checked_in_tables_are_up_to_date() {
        let (tables, descriptions) = super::generate();
        let current = std::fs::read_to_string(super::OUTPUT).expect("generated.rs exists");
        assert!(
            current == tables,
            "crates/api/src/schema/generated.rs is stale: run `cargo run -p ordinal-schemagen`"
        );
        let current = std::fs::read_to_string(super::DESCRIPTIONS).expect("descriptions exist");
        assert!(
            current == descriptions,
            "crates/api/src/schema/descriptions.txt is stale: run `cargo run -p ordinal-schemagen`"
        );
    }

    #[test]
    fn descriptions_escape_backslashes_and_newlines() {
        let file = super::descriptions_file(&["a\\b\nc".to_string()]);
        assert_eq!(file.lines().nth(1), Some("a\\\\b\\nc"));
        assert_eq!(file.lines().count(), 2);
    }

    #[test]
    fn leading_sentences() {
        assert_eq!(super::leading_sentences("A b. C d. E f.", 2), "A b. C d.");
        assert_eq!(super::leading_sentences("e.g. x. Y", 1), "e.g. x.");
    }
}
