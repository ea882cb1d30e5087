//! kubectl over the simulator: parse a command line, run it, and print what kubectl prints.

mod age;
pub mod args;
mod backend;
mod events;
mod filters;
pub mod get;
mod kubectl;
pub mod print;
pub mod resource;
mod script;
pub mod selector;
mod shell;
pub mod table;
pub mod tokenize;
mod verbs;
mod watch;

pub use age::format_age;
pub use get::pod_status;
pub use script::{ScriptRun, run_script, run_script_with};
pub use shell::{FileReader, Output, Shell};
