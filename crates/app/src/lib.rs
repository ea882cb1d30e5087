//! The Ordinal playground UI. State is a thin wrapper around a kubectl shell over
//! `ordinal_sim::Cluster` (`state`); panels read plain snapshots of it (`snapshot`).

mod browser;
mod code_editor;
mod commands;
mod components;
mod context;
mod embed;
mod history;
pub mod i18n;
mod marks;
mod network_view;
mod node_view;
pub mod panic;
mod profile;
mod scenarios;
mod share;
mod snapshot;
mod startup;
mod state;
mod ticker;

pub use components::app::App;
