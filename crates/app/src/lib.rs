//! The Ordinal playground UI. State is a thin wrapper around a kubectl shell over
//! `ordinal_sim::Cluster` (`state`); panels read plain snapshots of it (`snapshot`).

mod browser;
mod code_editor;
mod commands;
mod components;
mod context;
pub mod i18n;
pub mod panic;
mod snapshot;
mod state;

pub use components::app::App;
