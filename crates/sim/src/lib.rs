//! A deterministic, discrete-event model of a Kubernetes cluster.

pub mod checkpoint;
pub mod clock;
pub mod cluster;
pub mod daemonset;
pub mod deployment;
pub mod dns;
pub mod events;
mod gc;
pub mod images;
pub mod invariants;
pub mod invariants_workloads;
mod kubelet;
mod network;
mod node_lifecycle;
pub mod nodes;
mod probes;
pub mod process;
pub mod replicaset;
pub mod rng;
mod scheduler;
pub mod services;
mod shell;
pub mod statefulset;
pub mod store;
pub mod timing;
pub mod volumes;
pub mod why;

pub use checkpoint::Checkpoint;
pub use clock::{Duration, Time};
pub use cluster::{ApplyOutcome, Cascade, Cluster, ClusterConfig, DeleteOptions};
pub use dns::{DnsRecord, DnsRecordKind};
pub use events::Event;
pub use invariants::check_invariants;
pub use process::ExecOutput;
pub use store::{ObjectKey, WatchEvent, WatchEventType};
pub use why::Reason;
