//! The signals every panel shares, provided once by `App` as Leptos context.

use crate::browser;
use crate::commands;
use crate::i18n::{Key, Lang, t};
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
}

impl AppContext {
    pub fn new(manifest: String, lang: Lang) -> Self {
        AppContext {
            playground: RwSignal::new_local(Playground::default()),
            lang: RwSignal::new(lang),
            manifest: RwSignal::new(manifest),
            playing: RwSignal::new(true),
            speed: RwSignal::new(1),
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
