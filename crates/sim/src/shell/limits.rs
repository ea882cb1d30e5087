//! The bounds that keep a container's script cheap and finite whatever it says.

/// Longest script accepted (bytes).
pub const MAX_SCRIPT_BYTES: usize = 64 * 1024;
/// Most command-tree nodes in one script.
pub const MAX_NODES: usize = 4096;
/// Interpreter steps in one run before a busy process is made to yield.
pub const MAX_STEPS_PER_RUN: usize = 20_000;
/// Nested `$(…)` / `sh -c` depth.
pub const MAX_DEPTH: usize = 8;
/// Bytes of stdout/stderr kept per stream (the oldest are dropped, like log rotation).
pub const MAX_OUTPUT_BYTES: usize = 64 * 1024;
/// Largest file a script may write.
pub const MAX_FILE_BYTES: usize = 64 * 1024;
/// Longest `sleep` honoured (a day; `sleep infinity` blocks for good).
pub const MAX_SLEEP_MS: u64 = 24 * 3600 * 1000;
