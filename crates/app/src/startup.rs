//! What the page starts with: a share link in the URL hash, else the autosaved session, else
//! the manifest saved by older versions, else the example. A link that cannot be read is
//! reported and the local work is loaded instead, so nothing typed is ever lost.

use crate::browser;
use crate::share::{Session, ShareError};
use crate::state::Playground;

/// The editor file name used in sessions (the editor has one file for now).
pub const MANIFEST_FILE: &str = "manifest.yaml";

#[derive(Debug)]
pub struct Startup {
    /// `None`: a fresh cluster.
    pub playground: Option<Playground>,
    pub manifest: String,
    /// Why the share link in the URL was not opened.
    pub link_error: Option<ShareError>,
}

/// Reads the URL and localStorage. `example` is the manifest for a first visit.
pub fn load(example: &str) -> Startup {
    let mut link_error = None;
    if let Some(encoded) = browser::shared_session() {
        // Whatever happens, a reload should now show the autosave, not the link again.
        browser::clear_hash();
        match Session::decode(&encoded) {
            Ok(session) => return from_session(&session, example),
            Err(e) => link_error = Some(e),
        }
    }
    if let Some(session) = browser::stored_session().and_then(|s| Session::decode(&s).ok()) {
        return Startup {
            link_error,
            ..from_session(&session, example)
        };
    }
    Startup {
        playground: None,
        manifest: browser::stored_manifest().unwrap_or_else(|| example.to_string()),
        link_error,
    }
}

fn from_session(session: &Session, example: &str) -> Startup {
    let manifest = session
        .files
        .first()
        .map_or_else(|| example.to_string(), |f| f.text.clone());
    Startup {
        playground: Some(session.restore()),
        manifest,
        link_error: None,
    }
}
