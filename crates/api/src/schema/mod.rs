//! The OpenAPI schema of every kind Ordinal accepts: field names, types and descriptions.
//!
//! The tables in `generated.rs` come from the official Kubernetes OpenAPI definitions (via
//! `k8s-openapi`); they are never edited by hand. Regenerate them from the repository root with
//!
//! ```text
//! cargo run -p ordinal-schemagen            # rewrite crates/api/src/schema/generated.rs
//! cargo run -p ordinal-schemagen -- --check # fail if the checked-in file is stale
//! ```
//!
//! (`cargo test -p ordinal-schemagen` also fails when the file is stale.) Descriptions keep the
//! first two sentences of their first paragraph and live apart from the tables, in
//! `descriptions.txt` (see [`descriptions`]), so wasm builds can load them lazily. `cargo xtask
//! dist` measures both parts (the budget for the two together is 60 KB gzip).

pub mod descriptions;
#[rustfmt::skip]
mod generated;
mod model;

pub use model::{Field, Root, Shape, TypeDef};

/// The Kubernetes minor version the tables describe.
pub const KUBERNETES_VERSION: &str = generated::KUBERNETES;

/// Every kind the playground accepts, with its `apiVersion`.
pub fn roots() -> &'static [Root] {
    generated::ROOTS
}

/// The schema of `kind` in `api_version`, if Ordinal accepts it.
pub fn root(api_version: &str, kind: &str) -> Option<&'static TypeDef> {
    generated::ROOTS
        .iter()
        .find(|r| r.api_version == api_version && r.kind == kind)
        .and_then(|r| type_def(r.ty))
}

/// A struct definition by its index in the tables.
pub fn type_def(index: u16) -> Option<&'static TypeDef> {
    generated::TYPES.get(usize::from(index))
}

/// A description by its index in the tables (`""` while a wasm build has not loaded them).
pub fn doc(index: u16) -> &'static str {
    descriptions::get(index)
}

impl TypeDef {
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    pub fn description(&self) -> &'static str {
        doc(self.doc)
    }

    /// The Go type name, as the API server's decoder prints it: `StatefulSetSpec`.
    pub fn go_name(&self) -> &'static str {
        self.name.rsplit('.').next().unwrap_or(self.name)
    }

    /// The Go type qualified by its package: `v1.StatefulSetSpec`.
    pub fn go_qualified(&self) -> String {
        let mut parts = self.name.rsplit('.');
        let name = parts.next().unwrap_or(self.name);
        match parts.next() {
            Some(package) => format!("{package}.{name}"),
            None => name.to_string(),
        }
    }
}

impl Field {
    pub fn description(&self) -> &'static str {
        doc(self.doc)
    }
}

impl Shape {
    /// The Go type of a field of this shape, as `encoding/json` names it in errors.
    pub fn go_type(&self) -> String {
        match self {
            Shape::String => "string".into(),
            Shape::Bytes => "[]uint8".into(),
            Shape::Boolean => "bool".into(),
            Shape::Int32 => "int32".into(),
            Shape::Int64 => "int64".into(),
            Shape::Number => "float64".into(),
            Shape::IntOrString => "intstr.IntOrString".into(),
            Shape::Quantity => "resource.Quantity".into(),
            Shape::Time => "v1.Time".into(),
            Shape::Any => "interface {}".into(),
            Shape::Object(i) => type_def(*i).map_or_else(String::new, TypeDef::go_qualified),
            Shape::Array(item) => format!("[]{}", item.go_type()),
            Shape::Map(value) => format!("map[string]{}", value.go_type()),
        }
    }

    /// The word `kubectl explain` prints for this shape: `<string>`, `<[]Container>`, ….
    pub fn explain_type(&self) -> String {
        match self {
            Shape::String | Shape::Bytes | Shape::Time => "string".into(),
            Shape::Boolean => "boolean".into(),
            Shape::Int32 | Shape::Int64 => "integer".into(),
            Shape::Number => "number".into(),
            Shape::IntOrString => "IntOrString".into(),
            Shape::Quantity => "Quantity".into(),
            Shape::Any => "Object".into(),
            Shape::Object(i) => type_def(*i).map_or_else(String::new, |t| t.go_name().to_string()),
            Shape::Array(item) => format!("[]{}", item.explain_type()),
            Shape::Map(value) => format!("map[string]{}", value.explain_type()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statefulset_spec_fields_come_from_the_openapi_definitions() {
        let sts = root("apps/v1", "StatefulSet").expect("StatefulSet is a root");
        let Some(Shape::Object(spec)) = sts.field("spec").map(|f| f.shape) else {
            panic!("spec is an object");
        };
        let spec = type_def(spec).expect("spec type");
        assert_eq!(spec.go_name(), "StatefulSetSpec");
        let vct = spec.field("volumeClaimTemplates").expect("field");
        assert_eq!(vct.shape.go_type(), "[]v1.PersistentVolumeClaim");
        assert!(vct.description().contains("volumeClaimTemplates"));
        assert_eq!(spec.field("replicas").map(|f| f.shape), Some(Shape::Int32));
    }

    #[test]
    fn every_listed_kind_has_a_schema() {
        assert_eq!(roots().len(), 18);
        for r in roots() {
            let def = root(r.api_version, r.kind).expect("root resolves");
            assert!(def.field("metadata").is_some(), "{}", r.kind);
        }
    }

    #[test]
    fn removed_versions_are_not_roots() {
        assert!(root("policy/v1beta1", "PodDisruptionBudget").is_none());
        assert!(root("policy/v1", "PodDisruptionBudget").is_some());
    }
}
