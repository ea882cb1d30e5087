//! Kubernetes object types and the manifest intake: text in, typed objects or located errors out.

pub mod diagnostic;
pub mod intake;
pub mod schema;
pub mod types;
pub mod yaml;

pub use diagnostic::{Diagnostic, Severity, Span};
pub use intake::{Manifest, parse_manifests};
pub use types::*;
