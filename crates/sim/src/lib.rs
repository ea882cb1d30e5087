//! A deterministic, discrete-event model of a Kubernetes cluster.

pub mod clock;
pub mod cluster;
pub mod rng;
pub mod statefulset;
pub mod store;

pub use clock::{Duration, Time};
pub use cluster::{ApplyOutcome, Cluster, ClusterConfig};
pub use store::{ObjectKey, WatchEvent, WatchEventType};
