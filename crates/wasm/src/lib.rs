//! The JavaScript API: a `Cluster` class over `ordinal-sim` and `ordinal-kubectl`. Type
//! conversion and calls only; behaviour lives in the core crates.

mod cluster;
mod convert;
mod descriptions;
mod options;
mod types;
mod watch;

use ordinal_heap as heap;

pub use cluster::{Cluster, Snapshot};
pub use descriptions::install_descriptions;
pub use types::*;
