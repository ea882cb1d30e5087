//! Not an example to read: `cargo xtask dist` builds it for wasm32 with the app's profile to
//! measure what the schema tables add to a module. It reads every table the intake,
//! `explain` and completion read (roots, type and field names, shapes, flags, description
//! indexes), so the linker keeps all of them; `schema_size_baseline` is the same program
//! without the tables, and the difference between the two modules is the tables' share.
//! (The descriptions are not in wasm builds; `dist` measures their file separately.)

use ordinal_api::schema::{self, Shape};
use std::hint::black_box;

fn main() {
    let mut sum = 0usize;
    for root in schema::roots() {
        sum += root.api_version.len() + root.kind.len() + usize::from(root.ty);
    }
    let mut index = 0u16;
    while let Some(def) = schema::type_def(index) {
        sum += def.name.len() + usize::from(def.doc);
        for field in def.fields {
            sum += field.name.len()
                + usize::from(field.doc)
                + usize::from(field.required)
                + weight(field.shape);
        }
        index += 1;
    }
    black_box(sum);
}

/// Follows nested shapes so the `Array`/`Map` item statics are kept too.
fn weight(shape: Shape) -> usize {
    match shape {
        Shape::Array(item) | Shape::Map(item) => 1 + weight(*item),
        Shape::Object(i) => usize::from(i),
        _ => 0,
    }
}
