//! Kubernetes object types and the manifest intake: text in, typed objects or located errors out.

mod catalog;
pub mod complete;
pub mod decode;
pub mod defaults;
pub mod diagnostic;
pub mod enums;
pub mod explain;
pub mod intake;
pub mod json;
pub mod order;
pub mod qos;
mod quantity;
mod render;
pub mod repair;
pub mod schema;
pub mod strict;
mod suggest;
pub mod types;
pub mod validation;
pub mod yaml;

pub use diagnostic::{Diagnostic, Severity, Span, Stage};
pub use intake::{Document, Intake, Manifest, parse_manifests};
pub use types::*;
