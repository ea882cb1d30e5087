//! The whole session as a short string, for share links (`#s=…`) and the localStorage
//! autosave: the editor files, every command with its virtual instant and stdin, the seed, the
//! end of history and the instant shown. JSON, raw-deflated, base64url, behind a version
//! prefix: a new format gets a new prefix and `decode` keeps reading the old ones, so links
//! already shared keep working.
//!
//! Restoring replays the commands on a fresh cluster with the same seed: the simulator is
//! deterministic, so the replay reaches exactly the shared state.

use crate::state::Playground;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ordinal_sim::{ClusterConfig, Duration, Time};
use serde::{Deserialize, Serialize};

/// The prefix of the current format.
const V1: &str = "v1.";

/// Inflated payloads larger than this are refused, so a hostile link cannot exhaust memory.
const MAX_INFLATED: usize = 4 << 20;

/// Commands replayed at most, for the same reason.
const MAX_COMMANDS: usize = 10_000;

/// Why a link could not be read; shown translated, with the local work kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShareError {
    /// No known version prefix (made by a newer Ordinal, or not an Ordinal link).
    UnknownVersion,
    /// Not valid base64url or deflate: usually a link cut off when pasted.
    Damaged,
    /// Decompresses but is not a session, or is larger than what is replayed.
    NotASession,
}

/// One editor tab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct File {
    pub name: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct SavedCommand {
    /// Virtual milliseconds.
    at: u64,
    line: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    stdin: Option<String>,
}

/// A session: what the user typed and when, enough to rebuild everything else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub seed: u64,
    pub files: Vec<File>,
    commands: Vec<SavedCommand>,
    /// The end of history, in virtual milliseconds.
    end: u64,
    /// The instant shown, when the timeline was rewound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    shown: Option<u64>,
}

impl Session {
    /// The session of a playground whose editor holds `files`.
    pub fn capture(playground: &Playground, files: Vec<File>) -> Self {
        let shown = playground.cluster().now();
        let end = playground.horizon();
        Session {
            seed: playground.cluster().config().seed,
            files,
            commands: playground
                .commands()
                .iter()
                .map(|c| SavedCommand {
                    at: c.at.0,
                    line: c.line.clone(),
                    stdin: c.stdin.clone(),
                })
                .collect(),
            end: end.0,
            shown: (shown != end).then_some(shown.0),
        }
    }

    /// Replays the session on a fresh cluster. The console shows the replayed commands.
    pub fn restore(&self) -> Playground {
        let config = ClusterConfig {
            seed: self.seed,
            ..ClusterConfig::default()
        };
        let mut playground = Playground::new(config);
        for command in &self.commands {
            advance_to(&mut playground, Time(command.at));
            playground.run(&command.line, command.stdin.as_deref());
        }
        advance_to(&mut playground, Time(self.end));
        if let Some(shown) = self.shown {
            // Fails only without checkpoints; the end of history is then shown instead.
            let _ = playground.seek(Time(shown));
        }
        playground
    }

    /// The string for the URL hash and the autosave.
    pub fn encode(&self) -> String {
        // Serialising plain strings and numbers cannot fail.
        let json = serde_json::to_vec(self).unwrap_or_default();
        let deflated = miniz_oxide::deflate::compress_to_vec(&json, 9);
        format!("{V1}{}", URL_SAFE_NO_PAD.encode(deflated))
    }

    /// Reads a string made by `encode` (this version or an older one).
    pub fn decode(text: &str) -> Result<Session, ShareError> {
        let text = text.trim();
        let Some(body) = text.strip_prefix(V1) else {
            return Err(ShareError::UnknownVersion);
        };
        let deflated = URL_SAFE_NO_PAD
            .decode(body)
            .map_err(|_| ShareError::Damaged)?;
        let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&deflated, MAX_INFLATED)
            .map_err(|_| ShareError::Damaged)?;
        let session: Session =
            serde_json::from_slice(&json).map_err(|_| ShareError::NotASession)?;
        if session.commands.len() > MAX_COMMANDS {
            return Err(ShareError::NotASession);
        }
        Ok(session)
    }
}

fn advance_to(playground: &mut Playground, at: Time) {
    let now = playground.cluster().now();
    if at > now {
        playground.advance(Duration(at.0 - now.0));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands;

    const WEB: &str = include_str!("../../../tests/scenarios/web.yaml");

    fn files() -> Vec<File> {
        vec![File {
            name: "web.yaml".into(),
            text: WEB.into(),
        }]
    }

    /// A typical session: apply, scale, update the image, roll back, with time between.
    fn typical() -> Playground {
        let mut p = Playground::default();
        p.run(&commands::apply(), Some(WEB));
        p.advance(Duration::from_secs(60));
        p.run(&commands::scale("default", "web", 5), None);
        p.advance(Duration::from_secs(60));
        p.run(
            &commands::set_image("default", "web", "nginx", "registry.k8s.io/nginx-slim:0.9"),
            None,
        );
        p.advance(Duration::from_secs(90));
        p.run(&commands::rollback("default", "web"), None);
        p.advance(Duration::from_secs(45));
        p
    }

    #[test]
    fn round_trip_rebuilds_the_same_cluster() {
        let p = typical();
        let session = Session::capture(&p, files());
        let link = session.encode();
        let decoded = Session::decode(&link).expect("decode");
        assert_eq!(decoded, session);
        let restored = decoded.restore();
        assert_eq!(restored.cluster().now(), p.cluster().now());
        assert_eq!(
            restored.cluster().store().watch_log(),
            p.cluster().store().watch_log(),
            "same seed and commands ⇒ same history"
        );
        assert_eq!(restored.commands(), p.commands());
        assert_eq!(restored.console.len(), p.console.len());
    }

    #[test]
    fn a_typical_link_is_short_enough_for_chat() {
        let link = Session::capture(&typical(), files()).encode();
        assert!(link.len() < 2_000, "{} characters", link.len());
        assert!(
            link.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)),
            "URL-safe: {link}"
        );
    }

    #[test]
    fn the_rewound_instant_is_kept() {
        let mut p = typical();
        p.seek(Time(30_000)).expect("seek");
        let restored = Session::decode(&Session::capture(&p, files()).encode())
            .expect("decode")
            .restore();
        assert_eq!(restored.cluster().now(), Time(30_000));
        assert_eq!(restored.horizon(), p.horizon());
        assert!(!restored.is_live());
    }

    #[test]
    fn bad_links_are_errors_not_panics() {
        let good = Session::capture(&typical(), files()).encode();
        use ShareError::*;
        for (bad, why) in [
            ("", UnknownVersion),
            ("v0.abc", UnknownVersion),
            ("v1.", Damaged),
            ("v1.***", Damaged),
            ("v1.AAAA", Damaged),
            (&good[..good.len() / 2], Damaged),
        ] {
            assert_eq!(Session::decode(bad), Err(why), "{bad:?}");
        }
        let not_a_session = format!(
            "{V1}{}",
            URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(b"[1,2]", 9))
        );
        assert_eq!(Session::decode(&not_a_session), Err(NotASession));
    }
}
