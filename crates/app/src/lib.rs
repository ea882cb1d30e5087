//! The Ordinal playground UI. State is a thin wrapper around `ordinal_sim::Cluster`.

mod components;
mod state;

pub use components::app::App;
