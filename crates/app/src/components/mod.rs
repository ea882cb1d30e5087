//! One component per panel.

pub mod actions;
pub mod app;
pub mod console;
pub mod editor;
pub mod embed;
pub mod events;
pub mod guide;
pub mod network;
pub mod nodes;
pub mod notices;
pub mod pod_grid;
pub mod pods;
pub mod scrubber;
pub mod status;
pub mod timeline;
pub mod topbar;
pub mod volumes;
