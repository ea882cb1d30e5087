//! The signals every panel shares, provided once by `App` as Leptos context.

use crate::browser;
use crate::commands;
use crate::i18n::{Key, Lang, t};
use crate::share::{File, Session, ShareError};
use crate::startup::MANIFEST_FILE;
use crate::state::Playground;
use leptos::prelude::*;

/// Playback speeds offered by the timeline (virtual seconds per real second).
pub const SPEEDS: [u32; 5] = [1, 2, 5, 10, 100];

#[derive(Debug, Clone, Copy)]
pub struct AppContext {
    /// Local (not `Send`): the kubectl shell holds a boxed file reader.
    pub playground: RwSignal<Playground, LocalStorage>,
    pub lang: RwSignal<Lang>,
    /// The editor text; the source of truth even while CodeMirror is mounted.
    pub manifest: RwSignal<String>,
    pub playing: RwSignal<bool>,
    pub speed: RwSignal<u32>,
    /// Why the share link the page was opened with could not be read (shown until dismissed).
    pub link_error: RwSignal<Option<ShareError>>,
    /// The last link made by the Share button, and whether it reached the clipboard.
    pub shared: RwSignal<Option<(String, bool)>>,
    /// The guided scenario shown (`scenarios::SCENARIOS` id), remembered across reloads.
    pub scenario: RwSignal<Option<&'static str>>,
    /// The guided step to do next (steps before it are shown as done).
    pub next_step: RwSignal<usize>,
    /// Notified when playback has moved the cluster, at the pace of the busy panels (clock,
    /// pods, console); playback changes the playground untracked, commands notify it.
    pub fast_refresh: Trigger,
    /// The same for the other panels, less often (see `ticker`).
    pub slow_refresh: Trigger,
    /// `?profile=1`: record how long snapshots and frames take (see `profile`).
    pub profile: bool,
}

impl AppContext {
    pub fn new(manifest: String, lang: Lang) -> Self {
        AppContext {
            playground: RwSignal::new_local(Playground::default()),
            lang: RwSignal::new(lang),
            manifest: RwSignal::new(manifest),
            playing: RwSignal::new(true),
            speed: RwSignal::new(1),
            link_error: RwSignal::new(None),
            shared: RwSignal::new(None),
            scenario: RwSignal::new(
                browser::stored_scenario()
                    .and_then(|id| crate::scenarios::find(&id))
                    .map(|s| s.id),
            ),
            next_step: RwSignal::new(0),
            fast_refresh: Trigger::new(),
            slow_refresh: Trigger::new(),
            profile: crate::profile::requested(),
        }
    }

    /// Runs `f` (a panel's snapshot), timed under `name` when profiling.
    pub fn measured<T>(self, name: &str, f: impl FnOnce() -> T) -> T {
        if self.profile {
            crate::profile::measure(name, f)
        } else {
            f()
        }
    }

    /// Reads the playground for a busy panel: re-run on commands and on the fast refresh.
    pub fn with_fast<T>(self, f: impl FnOnce(&Playground) -> T) -> T {
        self.fast_refresh.track();
        self.playground.with(f)
    }

    /// Reads the playground for a quiet panel: re-run on commands and on the slow refresh.
    pub fn with_slow<T>(self, f: impl FnOnce(&Playground) -> T) -> T {
        self.slow_refresh.track();
        self.playground.with(f)
    }

    pub fn refresh_fast(self) {
        self.fast_refresh.notify();
    }

    pub fn refresh_slow(self) {
        self.slow_refresh.notify();
    }

    /// The session as it stands: the editor file and the playground's history.
    pub fn session(self) -> Session {
        let files = vec![File {
            name: MANIFEST_FILE.into(),
            text: self.manifest.get_untracked(),
        }];
        self.playground
            .with_untracked(|p| Session::capture(p, files))
    }

    /// The Share button: a link holding the whole session, copied when the browser allows.
    pub fn share(self) {
        let encoded = self.session().encode();
        if let Some(url) = browser::share_url(&encoded) {
            let copied = browser::copy_to_clipboard(&url);
            self.shared.set(Some((url, copied)));
        }
    }

    pub fn get() -> Self {
        expect_context::<AppContext>()
    }

    /// The text for `key` in the current language, tracked.
    pub fn tr(self, key: Key) -> &'static str {
        t(self.lang.get(), key)
    }

    pub fn set_lang(self, lang: Lang) {
        self.lang.set(lang);
        browser::store_lang(lang.tag());
        browser::set_document_lang(lang.tag());
    }

    /// Runs a kubectl line as typed in the console; `-f -` reads the editor.
    pub fn run(self, command: &str) {
        let stdin = commands::reads_stdin(command).then(|| self.manifest.get_untracked());
        self.playground.update(|p| {
            p.run(command, stdin.as_deref());
        });
    }

    /// The Apply button and Ctrl/Cmd+Enter.
    pub fn apply(self) {
        self.run(&commands::apply());
    }
}
