//! Worker nodes `node-1..node-N`: how many pods each runs, the pod IPs each hands out
//! (10.244.N.2 upward, never reused within a run, SPEC §0) and the images each has pulled.

use std::collections::BTreeSet;

#[derive(Debug, Clone)]
pub struct Nodes {
    names: Vec<String>,
    pods: Vec<u32>,
    next_host: Vec<u32>,
    pulled: BTreeSet<(usize, String)>,
}

impl Nodes {
    pub fn new(count: u32) -> Self {
        let count = count.max(1) as usize;
        Nodes {
            names: (1..=count).map(|i| format!("node-{i}")).collect(),
            pods: vec![0; count],
            next_host: vec![2; count],
            pulled: BTreeSet::new(),
        }
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }

    fn index(&self, node: &str) -> Option<usize> {
        self.names.iter().position(|n| n == node)
    }

    /// The node running the fewest pods (lowest-numbered on a tie): simple spreading.
    pub fn least_loaded(&self) -> String {
        let best = (0..self.names.len())
            .min_by_key(|&i| (self.pods[i], i))
            .unwrap_or(0);
        self.names.get(best).cloned().unwrap_or_default()
    }

    pub fn assign(&mut self, node: &str) {
        if let Some(i) = self.index(node) {
            self.pods[i] += 1;
        }
    }

    pub fn release(&mut self, node: &str) {
        if let Some(i) = self.index(node) {
            self.pods[i] = self.pods[i].saturating_sub(1);
        }
    }

    /// The next pod IP on `node` (unknown nodes use the control plane's range).
    pub fn allocate_ip(&mut self, node: &str) -> String {
        let Some(i) = self.index(node) else {
            return "10.244.0.2".into();
        };
        let host = self.next_host[i];
        self.next_host[i] += 1;
        // A /24 holds 254 hosts; past that, spill into the next octet like a /16 would.
        format!(
            "10.244.{}.{}",
            i + 1 + (host as usize / 256) * 16,
            host % 256
        )
    }

    /// The node's InternalIP.
    pub fn host_ip(&self, node: &str) -> String {
        match self.index(node) {
            Some(i) => format!("172.18.0.{}", i + 3),
            None => "172.18.0.2".into(),
        }
    }

    pub fn has_image(&self, node: &str, image: &str) -> bool {
        self.index(node)
            .is_some_and(|i| self.pulled.contains(&(i, image.to_string())))
    }

    pub fn mark_pulled(&mut self, node: &str, image: &str) {
        if let Some(i) = self.index(node) {
            self.pulled.insert((i, image.to_string()));
        }
    }
}
