//! kubectl over the simulator: parse a command line, run it, and print what kubectl prints.

mod age;
mod get;
mod shell;
mod table;

pub use age::format_age;
pub use get::pod_status;
pub use shell::{Output, Shell, run_script};
