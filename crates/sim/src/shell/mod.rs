//! The small, safe, bounded shell containers and `kubectl exec` run: a tokenizer
//! (`lexer`), a parser into a command tree (`parser`), a resumable interpreter (`interp`)
//! whose `sleep` hands control back to virtual time, and the commands it knows (`builtins`).
//! It touches nothing but the [`Host`] it is given: the pod's mounts, hostname and clock.

mod builtins;
mod interp;
mod lexer;
pub mod limits;
mod parser;

pub use builtins::is_command;
pub use interp::{Machine, Yield};
pub use parser::Script;

use crate::clock::Time;

/// Why a file operation failed, printed the way busybox words it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FsError {
    NotFound,
    NotADirectory,
    IsADirectory,
    Exists,
    TooBig,
    ReadOnly,
}

impl FsError {
    pub fn text(self) -> &'static str {
        match self {
            FsError::NotFound => "No such file or directory",
            FsError::NotADirectory => "Not a directory",
            FsError::IsADirectory => "Is a directory",
            FsError::Exists => "File exists",
            FsError::TooBig => "File too large",
            FsError::ReadOnly => "Read-only file system",
        }
    }
}

/// What a script can see of its container. Paths are absolute and normalised.
pub trait Host {
    fn read_file(&self, path: &str) -> Result<String, FsError>;
    fn write_file(&mut self, path: &str, data: &str, append: bool) -> Result<(), FsError>;
    fn make_dir(&mut self, path: &str, parents: bool) -> Result<(), FsError>;
    /// Entries of a directory: name and whether it is a directory, in name order.
    fn list_dir(&self, path: &str) -> Result<Vec<(String, bool)>, FsError>;
    fn remove(&mut self, path: &str, recursive: bool) -> Result<(), FsError>;
    /// `None`: nothing there; `Some(true)`: a directory; `Some(false)`: a file.
    fn kind(&self, path: &str) -> Option<bool>;
    fn hostname(&self) -> String;
    /// `hostname -f`: `<hostname>.<subdomain>.<ns>.svc.<domain>` when the pod has a subdomain.
    fn fqdn(&self) -> String;
    fn now(&self) -> Time;
    /// Commands answered by the cluster rather than the shell (`nslookup`, `dig`): stdout,
    /// stderr, exit code; `None` when the cluster does not provide it.
    fn cluster_command(&mut self, name: &str, args: &[String]) -> Option<(String, String, i32)>;
}

/// Joins `path` to `cwd` and removes `.`, `..` and doubled slashes.
pub fn normalize(cwd: &str, path: &str) -> String {
    let joined = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("{cwd}/{path}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    format!("/{}", parts.join("/"))
}

/// Splits a container's `command` + `args` into the script its PID 1 runs: `sh -c SCRIPT`
/// (and `bash -c`) runs SCRIPT; anything else runs as one command with those arguments.
pub fn script_for(argv: &[String]) -> Result<Script, String> {
    match argv {
        [shell, flag, script, ..] if is_shell(shell) && flag == "-c" => Script::parse(script),
        _ => Ok(Script::from_argv(argv)),
    }
}

pub fn is_shell(word: &str) -> bool {
    let name = word.rsplit('/').next().unwrap_or(word);
    matches!(name, "sh" | "bash" | "ash" | "dash" | "zsh")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_paths() {
        assert_eq!(normalize("/", "data"), "/data");
        assert_eq!(normalize("/a/b", "../c/./d"), "/a/c/d");
        assert_eq!(normalize("/", "/x//y/"), "/x/y");
        assert_eq!(normalize("/", "../.."), "/");
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod interpreter_tests;
