//! One component per panel.

pub mod actions;
pub mod app;
pub mod console;
pub mod editor;
pub mod events;
pub mod pods;
pub mod status;
pub mod timeline;
pub mod topbar;
pub mod volumes;
