//! The contents of one volume: a small tree of directories and text files, addressed by paths
//! relative to the volume's root (`""` is the root). Bounded in size so a runaway loop that
//! appends to a file forever cannot grow the cluster state without limit.

use crate::shell::FsError;
use crate::shell::limits::MAX_FILE_BYTES;
use std::collections::BTreeMap;

/// Most bytes one volume holds.
pub const MAX_TREE_BYTES: usize = 1024 * 1024;
/// Most files and directories one volume holds.
pub const MAX_TREE_ENTRIES: usize = 4096;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Entry {
    Dir,
    File(String),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileTree {
    entries: BTreeMap<String, Entry>,
    bytes: usize,
}

fn parent(path: &str) -> &str {
    path.rsplit_once('/').map(|(p, _)| p).unwrap_or("")
}

impl FileTree {
    /// `None`: nothing there; `Some(true)`: a directory.
    pub fn kind(&self, path: &str) -> Option<bool> {
        if path.is_empty() {
            return Some(true);
        }
        self.entries.get(path).map(|e| matches!(e, Entry::Dir))
    }

    pub fn read(&self, path: &str) -> Result<String, FsError> {
        match self.entries.get(path) {
            Some(Entry::File(text)) => Ok(text.clone()),
            Some(Entry::Dir) => Err(FsError::IsADirectory),
            None if path.is_empty() => Err(FsError::IsADirectory),
            None => Err(FsError::NotFound),
        }
    }

    /// Writes (or appends to) a file whose directory exists.
    pub fn write(&mut self, path: &str, data: &str, append: bool) -> Result<(), FsError> {
        if path.is_empty() {
            return Err(FsError::IsADirectory);
        }
        if self.kind(parent(path)) != Some(true) {
            return Err(FsError::NotFound);
        }
        let old_len = match self.entries.get(path) {
            Some(Entry::Dir) => return Err(FsError::IsADirectory),
            Some(Entry::File(t)) => t.len(),
            None => {
                if self.entries.len() >= MAX_TREE_ENTRIES {
                    return Err(FsError::TooBig);
                }
                0
            }
        };
        let new_len = if append {
            old_len + data.len()
        } else {
            data.len()
        };
        if new_len > MAX_FILE_BYTES || self.bytes - old_len + new_len > MAX_TREE_BYTES {
            return Err(FsError::TooBig);
        }
        let entry = self
            .entries
            .entry(path.to_string())
            .or_insert_with(|| Entry::File(String::new()));
        if let Entry::File(text) = entry {
            if !append {
                text.clear();
            }
            text.push_str(data);
        }
        self.bytes = self.bytes - old_len + new_len;
        Ok(())
    }

    pub fn make_dir(&mut self, path: &str, parents: bool) -> Result<(), FsError> {
        match self.kind(path) {
            Some(true) if parents => return Ok(()),
            Some(_) => return Err(FsError::Exists),
            None => {}
        }
        match self.kind(parent(path)) {
            Some(true) => {}
            Some(false) => return Err(FsError::NotADirectory),
            None if parents => self.make_dir(parent(path), true)?,
            None => return Err(FsError::NotFound),
        }
        if self.entries.len() >= MAX_TREE_ENTRIES {
            return Err(FsError::TooBig);
        }
        self.entries.insert(path.to_string(), Entry::Dir);
        Ok(())
    }

    pub fn list(&self, path: &str) -> Result<Vec<(String, bool)>, FsError> {
        match self.kind(path) {
            None => return Err(FsError::NotFound),
            Some(false) => return Err(FsError::NotADirectory),
            Some(true) => {}
        }
        let prefix = if path.is_empty() {
            String::new()
        } else {
            format!("{path}/")
        };
        Ok(self
            .entries
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .filter(|(k, _)| !k[prefix.len()..].contains('/'))
            .map(|(k, e)| (k[prefix.len()..].to_string(), matches!(e, Entry::Dir)))
            .collect())
    }

    pub fn remove(&mut self, path: &str, recursive: bool) -> Result<(), FsError> {
        match self.entries.get(path) {
            None => Err(FsError::NotFound),
            Some(Entry::File(t)) => {
                self.bytes -= t.len();
                self.entries.remove(path);
                Ok(())
            }
            Some(Entry::Dir) => {
                let prefix = format!("{path}/");
                let inside: Vec<String> = self
                    .entries
                    .range(prefix.clone()..)
                    .take_while(|(k, _)| k.starts_with(&prefix))
                    .map(|(k, _)| k.clone())
                    .collect();
                if !inside.is_empty() && !recursive {
                    return Err(FsError::IsADirectory);
                }
                for k in inside.into_iter().chain([path.to_string()]) {
                    if let Some(Entry::File(t)) = self.entries.remove(&k) {
                        self.bytes -= t.len();
                    }
                }
                Ok(())
            }
        }
    }

    /// Every file with its contents, in path order (directories are implied by the paths).
    pub fn files(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries.iter().filter_map(|(path, entry)| match entry {
            Entry::File(text) => Some((path.as_str(), text.as_str())),
            Entry::Dir => None,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_need_their_directory() {
        let mut t = FileTree::default();
        assert_eq!(t.write("a/b", "x", false), Err(FsError::NotFound));
        t.make_dir("a", false).expect("mkdir");
        t.write("a/b", "x\n", true).expect("write");
        t.write("a/b", "y\n", true).expect("append");
        assert_eq!(t.read("a/b").as_deref(), Ok("x\ny\n"));
        assert_eq!(t.list("a"), Ok(vec![("b".to_string(), false)]));
        assert_eq!(t.remove("a", false), Err(FsError::IsADirectory));
        t.remove("a", true).expect("rm -r");
        assert!(t.is_empty());
    }

    #[test]
    fn size_is_bounded() {
        let mut t = FileTree::default();
        let big = "x".repeat(MAX_FILE_BYTES);
        t.write("f", &big, false).expect("fits");
        assert_eq!(t.write("f", "y", true), Err(FsError::TooBig));
        t.make_dir("p/q/r", true).expect("mkdir -p");
        assert_eq!(t.kind("p/q"), Some(true));
    }
}
