//! App state: the simulated cluster and what the panels read from it.

use ordinal_api::Object;
use ordinal_sim::{Cluster, ClusterConfig};

/// One pod as the pods panel shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct PodView {
    pub name: String,
    pub status: String,
    pub node: String,
}

#[derive(Debug)]
pub struct Playground {
    pub cluster: Cluster,
}

impl Default for Playground {
    fn default() -> Self {
        Playground {
            cluster: Cluster::new(ClusterConfig::default()),
        }
    }
}

impl Playground {
    pub fn pods(&self) -> Vec<PodView> {
        let mut pods: Vec<PodView> = self
            .cluster
            .store()
            .list("Pod", Some("default"))
            .filter_map(|o| match o {
                Object::Pod(p) => Some(PodView {
                    name: p.metadata.name.clone(),
                    status: ordinal_kubectl::pod_status(p),
                    node: p.spec.node_name.clone().unwrap_or_default(),
                }),
                _ => None,
            })
            .collect();
        pods.sort_by_key(|p| natural_key(&p.name));
        pods
    }
}

/// Sorts `web-10` after `web-9`.
fn natural_key(name: &str) -> (String, u64) {
    match name.rsplit_once('-') {
        Some((base, n)) => (base.to_string(), n.parse().unwrap_or(u64::MAX)),
        None => (name.to_string(), 0),
    }
}
