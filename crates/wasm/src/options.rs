//! Option bags passed from JS, read with serde (unknown keys are ignored, as JS APIs do).

use ordinal_sim::ClusterConfig;
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
}

/// `apply(text, { filename })`.
#[derive(Deserialize, Default)]
pub struct ApplyOptions {
    pub filename: Option<String>,
}

/// Reads an optional options object; `undefined` and `null` mean all defaults.
pub fn read<T: for<'de> Deserialize<'de> + Default>(value: JsValue) -> Result<T, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    serde_wasm_bindgen::from_value(value)
        .map_err(|e| crate::convert::argument_error(&format!("invalid options: {e}")))
}
