//! Option bags passed from JS, read with serde (unknown keys are ignored, as JS APIs do).

use crate::convert::argument_error;
use ordinal_sim::{ClusterConfig, Duration};
use serde::Deserialize;
use std::collections::BTreeMap;
use wasm_bindgen::prelude::*;

/// `new Cluster({ seed, nodes, clusterDomain, files })`.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ClusterOptions {
    seed: Option<u64>,
    nodes: Option<u32>,
    cluster_domain: Option<String>,
    /// The files `kubectl apply -f NAME` and `cat NAME` can read, by name.
    #[serde(default)]
    pub files: BTreeMap<String, String>,
    /// Keep checkpoints this often (and after every command) so `rewind` can go back.
    checkpoint_every: Option<DurationValue>,
}

/// A duration in an options object: milliseconds or a string such as `"30s"`.
#[derive(Deserialize)]
#[serde(untagged)]
enum DurationValue {
    Millis(u64),
    Text(String),
}

impl DurationValue {
    fn parse(&self) -> Result<Duration, String> {
        match self {
            DurationValue::Millis(ms) => Ok(Duration::from_millis(*ms)),
            DurationValue::Text(text) => Duration::parse(text),
        }
    }
}

impl ClusterOptions {
    pub fn config(&self) -> ClusterConfig {
        // Field by field, so settings the simulator adds later keep their defaults.
        let mut config = ClusterConfig::default();
        if let Some(seed) = self.seed {
            config.seed = seed;
        }
        if let Some(nodes) = self.nodes {
            config.worker_nodes = nodes;
        }
        if let Some(domain) = &self.cluster_domain {
            config.cluster_domain = domain.clone();
        }
        config
    }

    /// `checkpointEvery`, parsed; `None` when rewinding is off.
    pub fn checkpoint_every(&self) -> Result<Option<Duration>, JsValue> {
        self.checkpoint_every
            .as_ref()
            .map(|d| {
                d.parse()
                    .map_err(|e| argument_error(&format!("checkpointEvery: {e}")))
            })
            .transpose()
    }
}

/// `apply(text, { filename })`.
#[derive(Deserialize, Default)]
pub struct ApplyOptions {
    pub filename: Option<String>,
}

/// `exec(pod, argv, { container, namespace })` and `logs(pod, { container, previous,
/// namespace })`.
#[derive(Deserialize, Default)]
pub struct PodOptions {
    pub container: Option<String>,
    namespace: Option<String>,
    #[serde(default)]
    pub previous: bool,
}

impl PodOptions {
    pub fn namespace(&self) -> &str {
        self.namespace.as_deref().unwrap_or("default")
    }
}

/// Reads an optional options object; `undefined` and `null` mean all defaults.
pub fn read<T: for<'de> Deserialize<'de> + Default>(value: JsValue) -> Result<T, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    serde_wasm_bindgen::from_value(value)
        .map_err(|e| argument_error(&format!("invalid options: {e}")))
}

/// What `why` is asked about: `{ kind, name, namespace }` or an API object (`metadata.name`).
#[derive(Deserialize, Default)]
pub struct ObjectRef {
    pub kind: String,
    name: Option<String>,
    namespace: Option<String>,
    metadata: Option<ObjectRefMeta>,
}

#[derive(Deserialize, Default)]
struct ObjectRefMeta {
    #[serde(default)]
    name: String,
    namespace: Option<String>,
}

impl ObjectRef {
    pub fn name(&self) -> &str {
        match (&self.name, &self.metadata) {
            (Some(name), _) => name,
            (None, Some(meta)) => &meta.name,
            (None, None) => "",
        }
    }

    pub fn namespace(&self) -> Option<&str> {
        self.namespace
            .as_deref()
            .or_else(|| self.metadata.as_ref()?.namespace.as_deref())
    }
}
