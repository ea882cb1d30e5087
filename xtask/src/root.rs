//! Which checkout `cargo xtask` works on.
//!
//! The root comes from the current directory, not from where this binary was compiled:
//! two checkouts sharing one `CARGO_TARGET_DIR` share one `target/debug/xtask`, so a binary
//! built from checkout A may be the one that runs in checkout B, and a compile-time path
//! would send it to build, test and serve A's tree.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The workspace root: the nearest directory at or above the current directory whose
/// `Cargo.toml` declares a `[workspace]` with an `xtask` member; the directory this binary
/// was compiled from only when no such directory is found (run from outside any checkout).
pub fn workspace_root() -> PathBuf {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        std::env::current_dir()
            .ok()
            .and_then(|dir| find_from(&dir))
            .unwrap_or_else(compiled_root)
    })
    .clone()
}

/// The parent of this crate's manifest directory at compile time.
fn compiled_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest
        .parent()
        .map_or_else(|| manifest.to_path_buf(), Path::to_path_buf)
}

/// Walks up from `start` to the first directory holding an xtask workspace manifest.
pub fn find_from(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| {
            std::fs::read_to_string(dir.join("Cargo.toml"))
                .is_ok_and(|manifest| is_xtask_workspace(&manifest))
        })
        .map(Path::to_path_buf)
}

/// Whether a `Cargo.toml` has a `[workspace]` table whose `members` array lists `xtask`.
/// A line scan, enough for a manifest we write ourselves, without a TOML dependency; a
/// member crate's own manifest (no `[workspace]`) and a workspace without xtask are refused.
fn is_xtask_workspace(manifest: &str) -> bool {
    let mut in_workspace = false;
    let mut in_members = false;
    for line in manifest.lines() {
        let line = line.split('#').next().unwrap_or_default().trim();
        if line.starts_with('[') && !in_members {
            in_workspace = line == "[workspace]";
            continue;
        }
        if !in_workspace {
            continue;
        }
        let items = if in_members {
            line
        } else if let Some(value) = line
            .strip_prefix("members")
            .and_then(|rest| rest.trim_start().strip_prefix('='))
        {
            in_members = true;
            value.trim_start().strip_prefix('[').unwrap_or(value)
        } else {
            continue;
        };
        let (items, closed) = match items.split_once(']') {
            Some((items, _)) => (items, true),
            None => (items, false),
        };
        if items
            .split(',')
            .map(|item| item.trim().trim_matches(|c| c == '"' || c == '\''))
            .any(|item| item == "xtask")
        {
            return true;
        }
        if closed {
            in_members = false;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    const WORKSPACE: &str = "[workspace]\nresolver = \"3\"\nmembers = [\"crates/*\", \"xtask\", \"xtask/schemagen\"]\n\n[workspace.package]\nversion = \"0.1.0\"\n";

    #[test]
    fn recognises_the_workspace_manifest() {
        assert!(is_xtask_workspace(WORKSPACE));
        assert!(is_xtask_workspace(
            "[workspace]\nmembers = [\n  \"crates/api\", # core\n  'xtask',\n]\n"
        ));
        // A member's own manifest, a workspace without xtask, xtask outside `members`.
        assert!(!is_xtask_workspace(
            "[package]\nname = \"xtask\"\n[dependencies]\nflate2 = \"1\"\n"
        ));
        assert!(!is_xtask_workspace(
            "[workspace]\nmembers = [\"crates/*\", \"xtask/schemagen\"]\n"
        ));
        assert!(!is_xtask_workspace(
            "[workspace]\nmembers = [\"a\"]\nexclude = [\"xtask\"]\n"
        ));
        assert!(!is_xtask_workspace(
            "[package]\nname = \"x\"\nmembers = [\"xtask\"]\n"
        ));
    }

    /// The root is found from wherever we are, not from where the binary was built: a
    /// second checkout elsewhere on disk (here a scratch tree) is its own root, from its
    /// top and from deep inside a member.
    #[test]
    fn finds_the_checkout_around_the_start_directory() {
        let scratch = std::env::temp_dir().join(format!("xtask-root-{}", std::process::id()));
        let nested = scratch.join("checkout/crates/kubectl/src");
        std::fs::create_dir_all(&nested).expect("scratch dirs");
        std::fs::write(scratch.join("checkout/Cargo.toml"), WORKSPACE).expect("root manifest");
        std::fs::write(
            scratch.join("checkout/crates/kubectl/Cargo.toml"),
            "[package]\nname = \"ordinal-kubectl\"\n",
        )
        .expect("member manifest");

        let found = find_from(&nested);
        let from_top = find_from(&scratch.join("checkout"));
        std::fs::remove_dir_all(&scratch).expect("clean up");

        assert_eq!(found, Some(scratch.join("checkout")));
        assert_eq!(from_top, Some(scratch.join("checkout")));
        assert_ne!(found, Some(compiled_root()));
    }

    #[test]
    fn this_checkout_is_found_from_inside_it() {
        let here = compiled_root();
        assert_eq!(find_from(&here.join("xtask/src")), Some(here));
    }
}
