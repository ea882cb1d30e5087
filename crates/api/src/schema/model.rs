//! The shapes the generated schema tables are made of.

/// What a field holds, as the API server's JSON decoder sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    String,
    /// A base64 string (`[]byte` in Go, e.g. `Secret.data` values).
    Bytes,
    Boolean,
    Int32,
    Int64,
    Number,
    /// `intstr.IntOrString`: an integer or a string.
    IntOrString,
    /// `resource.Quantity`: a string (or number) such as `1Gi`, `500m`.
    Quantity,
    /// `metav1.Time`: an RFC 3339 string.
    Time,
    /// Free-form JSON (`RawExtension`, `FieldsV1`).
    Any,
    /// A struct: index into [`super::TYPES`].
    Object(u16),
    Array(&'static Shape),
    /// `map[string]T`.
    Map(&'static Shape),
}

/// One field of a struct.
#[derive(Debug)]
pub struct Field {
    pub name: &'static str,
    pub shape: Shape,
    pub required: bool,
    /// Index into the description table.
    pub doc: u16,
}

/// One struct definition, e.g. `io.k8s.api.apps.v1.StatefulSetSpec`.
#[derive(Debug)]
pub struct TypeDef {
    pub name: &'static str,
    pub doc: u16,
    pub fields: &'static [Field],
}

/// A top-level kind the playground accepts.
#[derive(Debug)]
pub struct Root {
    pub api_version: &'static str,
    pub kind: &'static str,
    pub ty: u16,
}
