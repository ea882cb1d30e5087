pub mod app;
pub mod editor;
pub mod pods;
