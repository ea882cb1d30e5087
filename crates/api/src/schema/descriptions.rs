//! The schema's descriptions (what `explain` and completion details print), kept out of the
//! field tables so a browser need not download them with the app: they are about 140 KB of
//! text, 38 KB gzip — more than the tables themselves.
//!
//! Native builds compile `descriptions.txt` in. On wasm32 the host supplies the same file
//! (the app fetches it on the first user interaction, the npm package reads it when it is
//! imported) through [`install`]; until then descriptions are empty and everything else —
//! strict decoding, field names and types, `explain`'s field list — works as before.
//!
//! This is the one piece of process-wide state in the core, and it is write-once constant
//! data: a table that is either absent or exactly the generated one (its count and digest
//! are checked against `generated.rs`), never a value that changes behaviour over time.

use std::sync::OnceLock;

use super::generated::{DOC_COUNT, DOCS_DIGEST};

/// The file's name where the app and the npm package ship it.
pub const FILE_NAME: &str = "schema-descriptions.txt";

/// The format `ordinal-schemagen` writes: this header word and version, then
/// `kubernetes=<minor> count=<n>`.
const MAGIC: &str = "ordinal-schema-descriptions 1 ";

static TABLE: OnceLock<Vec<String>> = OnceLock::new();

// Unit tests embed the file on every target, so they need no host.
#[cfg(any(test, not(target_arch = "wasm32")))]
const EMBEDDED: &str = include_str!("descriptions.txt");

/// Description number `index`, or `""` if there is none or the table is not loaded.
pub fn get(index: u16) -> &'static str {
    table()
        .and_then(|t| t.get(usize::from(index)))
        .map_or("", String::as_str)
}

/// Whether descriptions are available (always in native builds).
pub fn loaded() -> bool {
    table().is_some()
}

/// Installs the descriptions from the text of `descriptions.txt`. A file that does not belong
/// to these tables is refused with a message saying why; installing a valid file again
/// changes nothing (the table can only ever be the generated one).
pub fn install(text: &str) -> Result<(), String> {
    let parsed = parse(text)?;
    let _ = TABLE.set(parsed);
    Ok(())
}

fn table() -> Option<&'static Vec<String>> {
    #[cfg(any(test, not(target_arch = "wasm32")))]
    if TABLE.get().is_none() {
        // The embedded file is checked by a test, so this never falls back to empty.
        let _ = TABLE.set(parse(EMBEDDED).unwrap_or_default());
    }
    TABLE.get()
}

fn parse(text: &str) -> Result<Vec<String>, String> {
    let (header, body) = text
        .split_once('\n')
        .ok_or("the schema descriptions file is empty")?;
    let fields = header
        .strip_prefix(MAGIC)
        .ok_or("not an Ordinal schema descriptions file")?;
    let expected = format!("kubernetes={} count={DOC_COUNT}", super::KUBERNETES_VERSION);
    if fields.trim_end() != expected {
        return Err(format!(
            "the schema descriptions file is for other tables ({}; this build has {expected})",
            fields.trim_end()
        ));
    }
    if fnv1a64(body.as_bytes()) != DOCS_DIGEST {
        return Err("the schema descriptions file does not match this build's tables".into());
    }
    let table: Vec<String> = body.lines().map(unescape).collect();
    if table.len() != DOC_COUNT {
        return Err(format!(
            "the schema descriptions file has {} entries, not {DOC_COUNT}",
            table.len()
        ));
    }
    Ok(table)
}

/// Undoes the generator's escapes: `\\` is a backslash, `\n` a newline.
fn unescape(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// FNV-1a, 64 bits (the generator writes the same digest into `generated.rs`).
fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = include_str!("descriptions.txt");

    #[test]
    fn the_checked_in_file_matches_the_tables() {
        let table = parse(FILE).expect("descriptions.txt belongs to generated.rs");
        assert_eq!(table.len(), DOC_COUNT);
        assert!(
            table.iter().any(|d| d.contains('\n')),
            "escaped newlines come back"
        );
    }

    #[test]
    fn installed_descriptions_are_served() {
        install(FILE).expect("install");
        assert!(loaded());
        assert!(!get(0).is_empty());
        assert_eq!(get(u16::MAX), "");
    }

    #[test]
    fn foreign_or_damaged_files_are_refused() {
        assert!(parse("").is_err());
        assert!(parse("hello\nworld\n").is_err());
        let other = FILE.replacen("count=", "count=1", 1);
        let refused = parse(&other).expect_err("a count from other tables");
        assert!(refused.contains("other tables"), "{refused}");
        let damaged = FILE.replacen("ControllerRevision", "ControllerRevisions", 1);
        let refused = parse(&damaged).expect_err("a changed description");
        assert!(refused.contains("does not match"), "{refused}");
    }

    #[test]
    fn escapes_round_trip() {
        assert_eq!(unescape(r"a\\b\nc\"), "a\\b\nc\\");
    }
}
