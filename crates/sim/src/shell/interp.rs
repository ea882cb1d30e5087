//! The resumable interpreter. Its state is an explicit stack of frames over the command tree,
//! so a `sleep` in the middle of `while true; do …; sleep 5; done` returns control to the
//! simulator (which resumes it in virtual time) without threads or re-running the script.
//! `$(…)`, pipeline stages, `sh -c` and `&` jobs run in a child machine to completion, with
//! `sleep` taking no time there.

use super::builtins::{self, Flow};
use super::lexer::{Part, Word};
use super::limits::{MAX_DEPTH, MAX_OUTPUT_BYTES, MAX_STEPS_PER_RUN};
use super::parser::{Node, NodeId, RedirectKind, Script};
use super::{FsError, Host, normalize};
use std::collections::BTreeMap;

/// How long a busy script is paused after spending its step budget.
pub const BUSY_PAUSE_MS: u64 = 60_000;

/// Why a run handed control back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Yield {
    /// The script ended (or called `exit`) with this status.
    Exit(i32),
    /// Resume after this many virtual milliseconds.
    Sleep(u64),
    /// Blocked for good (a server in the foreground, `sleep infinity`, `tail -f`).
    Forever,
}

#[derive(Debug, Clone)]
struct Frame {
    node: NodeId,
    stage: usize,
    items: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Machine {
    script: Script,
    frames: Vec<Frame>,
    pub(super) vars: BTreeMap<String, String>,
    pub(super) positional: Vec<String>,
    pub(super) cwd: String,
    status: i32,
    depth: usize,
    finished: Option<Yield>,
    /// PID 1 of a container: a command the shell does not know is the image's own program,
    /// which serves until stopped (in `kubectl exec` it is "not found").
    pub unknown_is_server: bool,
    /// An exec probe: a command the shell does not know is the image's own health tool
    /// (`zookeeper-ready`, `pg_isready`, …), which reports healthy (exit 0).
    pub unknown_succeeds: bool,
    /// The last run spent its whole step budget without sleeping (a busy loop).
    pub busy: bool,
    /// What was printed, in order, for `kubectl exec`: stdout and stderr apart…
    pub stdout: String,
    pub stderr: String,
    /// …and together, as the container log has it.
    pub log: String,
}

/// Appends `text`, dropping the oldest bytes beyond the output bound.
fn push_bounded(buffer: &mut String, text: &str) {
    buffer.push_str(text);
    if buffer.len() > MAX_OUTPUT_BYTES {
        let mut cut = buffer.len() - MAX_OUTPUT_BYTES;
        while !buffer.is_char_boundary(cut) {
            cut += 1;
        }
        buffer.drain(..cut);
    }
}

impl Machine {
    pub fn new(script: Script, cwd: &str, env: &BTreeMap<String, String>) -> Machine {
        let root = script.root;
        Machine {
            script,
            frames: vec![Frame {
                node: root,
                stage: 0,
                items: Vec::new(),
            }],
            vars: env.clone(),
            positional: vec!["sh".into()],
            cwd: cwd.to_string(),
            status: 0,
            depth: 0,
            finished: None,
            unknown_is_server: false,
            unknown_succeeds: false,
            busy: false,
            stdout: String::new(),
            stderr: String::new(),
            log: String::new(),
        }
    }

    fn child(&self, script: Script) -> Machine {
        let mut m = Machine::new(script, &self.cwd, &self.vars);
        m.positional = self.positional.clone();
        m.status = self.status;
        m.depth = self.depth + 1;
        m.unknown_is_server = self.unknown_is_server;
        m.unknown_succeeds = self.unknown_succeeds;
        m
    }

    pub(super) fn out(&mut self, text: &str) {
        push_bounded(&mut self.stdout, text);
        push_bounded(&mut self.log, text);
    }

    pub(super) fn err(&mut self, text: &str) {
        push_bounded(&mut self.stderr, text);
        push_bounded(&mut self.log, text);
    }

    pub(super) fn path(&self, p: &str) -> String {
        normalize(&self.cwd, p)
    }

    /// Runs until the script sleeps, blocks or ends. `instant`: sleeps take no time and a
    /// blocking command just returns (used for `$(…)`, pipelines and `&` jobs).
    pub fn run(&mut self, host: &mut dyn Host, instant: bool) -> Yield {
        if let Some(done) = self.finished {
            return done;
        }
        let mut steps = 0;
        loop {
            steps += 1;
            if steps > MAX_STEPS_PER_RUN {
                if instant {
                    self.err("sh: step limit exceeded\n");
                    return self.finish(Yield::Exit(124));
                }
                // A busy loop with no sleep: let virtual time move on, then carry on. A
                // minute per budget keeps catching up over hours of virtual time cheap.
                self.busy = true;
                return Yield::Sleep(BUSY_PAUSE_MS);
            }
            let Some(frame) = self.frames.last().cloned() else {
                return self.finish(Yield::Exit(self.status));
            };
            let Some(node) = self.script.node(frame.node).cloned() else {
                self.frames.pop();
                continue;
            };
            match node {
                Node::Simple { .. } => {
                    self.frames.pop();
                    match self.simple(host, &node, instant) {
                        Flow::Status(s) => self.status = s,
                        Flow::Sleep(ms) => {
                            self.status = 0;
                            if !instant {
                                return Yield::Sleep(ms);
                            }
                        }
                        Flow::Forever => {
                            if !instant {
                                self.frames.push(frame);
                                return self.finish(Yield::Forever);
                            }
                            self.status = 0;
                        }
                        Flow::Exit(code) => {
                            self.frames.clear();
                            self.status = code;
                            return self.finish(Yield::Exit(code));
                        }
                    }
                }
                Node::List(items) => match items.get(frame.stage) {
                    Some(&(id, background)) => {
                        self.set_stage(frame.stage + 1);
                        if background {
                            self.background(host, id);
                        } else {
                            self.push(id);
                        }
                    }
                    None => {
                        self.frames.pop();
                    }
                },
                Node::AndOr { left, and, right } => match frame.stage {
                    0 => {
                        self.set_stage(1);
                        self.push(left);
                    }
                    1 if (self.status == 0) == and => {
                        self.set_stage(2);
                        self.push(right);
                    }
                    _ => {
                        self.frames.pop();
                    }
                },
                Node::Loop { cond, body, until } => match frame.stage {
                    0 => {
                        self.set_stage(1);
                        self.push(cond);
                    }
                    1 if (self.status == 0) != until => {
                        self.set_stage(0);
                        self.push(body);
                    }
                    _ => {
                        self.status = 0;
                        self.frames.pop();
                    }
                },
                Node::For { var, words, body } => {
                    let items = if frame.stage == 0 {
                        let mut items = Vec::new();
                        for w in &words {
                            items.extend(self.expand_fields(host, w));
                        }
                        if let Some(top) = self.frames.last_mut() {
                            top.items = items.clone();
                        }
                        items
                    } else {
                        frame.items.clone()
                    };
                    match items.get(frame.stage) {
                        Some(value) => {
                            self.vars.insert(var, value.clone());
                            self.set_stage(frame.stage + 1);
                            self.push(body);
                        }
                        None => {
                            self.frames.pop();
                        }
                    }
                }
                Node::If {
                    cond,
                    then,
                    otherwise,
                } => match frame.stage {
                    0 => {
                        self.set_stage(1);
                        self.push(cond);
                    }
                    1 => {
                        self.set_stage(2);
                        if self.status == 0 {
                            self.push(then);
                        } else if let Some(other) = otherwise {
                            self.push(other);
                        } else {
                            self.status = 0;
                        }
                    }
                    _ => {
                        self.frames.pop();
                    }
                },
                Node::Pipeline { negate, stages } => {
                    self.frames.pop();
                    let mut input = String::new();
                    let mut status = 0;
                    for id in stages {
                        let mut script = self.script.clone();
                        script.root = id;
                        let mut child = self.child(script);
                        child
                            .vars
                            .insert("\0stdin".into(), std::mem::take(&mut input));
                        let end = child.run(host, true);
                        status = match end {
                            Yield::Exit(code) => code,
                            _ => 0,
                        };
                        input = child.stdout;
                        self.err(&child.stderr);
                    }
                    self.out(&input);
                    self.status = if negate {
                        i32::from(status == 0)
                    } else {
                        status
                    };
                }
            }
        }
    }

    fn finish(&mut self, y: Yield) -> Yield {
        self.finished = Some(y);
        y
    }

    fn set_stage(&mut self, stage: usize) {
        if let Some(top) = self.frames.last_mut() {
            top.stage = stage;
        }
    }

    fn push(&mut self, node: NodeId) {
        self.frames.push(Frame {
            node,
            stage: 0,
            items: Vec::new(),
        });
    }

    /// `cmd &`: runs to completion at once, in a child (its sleeps take no time).
    fn background(&mut self, host: &mut dyn Host, id: NodeId) {
        if self.depth >= MAX_DEPTH {
            return;
        }
        let mut script = self.script.clone();
        script.root = id;
        let mut child = self.child(script);
        child.run(host, true);
        self.out(&child.stdout);
        self.err(&child.stderr);
        self.status = 0;
    }

    /// Runs a nested script to completion (`$(…)`, `sh -c`): its stdout, stderr and status.
    pub(super) fn run_nested(
        &mut self,
        host: &mut dyn Host,
        script: Script,
        stdin: &str,
        args: Vec<String>,
    ) -> (String, String, i32) {
        if self.depth >= MAX_DEPTH {
            return (String::new(), "sh: nesting too deep\n".into(), 2);
        }
        let mut child = self.child(script);
        if !args.is_empty() {
            child.positional = args;
        }
        child.vars.insert("\0stdin".into(), stdin.to_string());
        let code = match child.run(host, true) {
            Yield::Exit(code) => code,
            _ => 0,
        };
        (child.stdout, child.stderr, code)
    }

    fn var(&self, host: &dyn Host, name: &str) -> String {
        match name {
            "?" => self.status.to_string(),
            "$" => "1".into(),
            "!" => String::new(),
            "#" => self.positional.len().saturating_sub(1).to_string(),
            "@" | "*" => self.positional.get(1..).unwrap_or_default().join(" "),
            n if n.chars().all(|c| c.is_ascii_digit()) => n
                .parse::<usize>()
                .ok()
                .and_then(|i| self.positional.get(i).cloned())
                .unwrap_or_default(),
            "HOSTNAME" if !self.vars.contains_key("HOSTNAME") => host.hostname(),
            "PWD" => self.cwd.clone(),
            n => self.vars.get(n).cloned().unwrap_or_default(),
        }
    }

    /// Expands a word to one string (quoted context, no field splitting).
    fn expand(&mut self, host: &mut dyn Host, word: &Word) -> String {
        let mut out = String::new();
        for part in &word.parts {
            match part {
                Part::Lit(s) => out.push_str(s),
                Part::Var(name) => out.push_str(&self.var(host, name)),
                Part::Command(src) => out.push_str(&self.substitute(host, src)),
            }
        }
        out
    }

    /// Expands a word to fields: an unquoted expansion splits on whitespace.
    fn expand_fields(&mut self, host: &mut dyn Host, word: &Word) -> Vec<String> {
        let text = self.expand(host, word);
        let expanded = word.parts.iter().any(|p| !matches!(p, Part::Lit(_)));
        if word.quoted || !expanded {
            return vec![text];
        }
        text.split_whitespace().map(str::to_string).collect()
    }

    fn substitute(&mut self, host: &mut dyn Host, src: &str) -> String {
        match Script::parse(src) {
            Ok(script) => {
                let (out, err, code) = self.run_nested(host, script, "", Vec::new());
                self.err(&err);
                self.status = code;
                out.trim_end_matches('\n').to_string()
            }
            Err(e) => {
                self.err(&format!("sh: {e}\n"));
                String::new()
            }
        }
    }

    fn simple(&mut self, host: &mut dyn Host, node: &Node, instant: bool) -> Flow {
        let Node::Simple {
            assigns,
            words,
            redirects,
        } = node
        else {
            return Flow::Status(0);
        };
        let mut argv = Vec::new();
        for w in words {
            argv.extend(self.expand_fields(host, w));
        }
        if argv.is_empty() {
            for (name, value) in assigns {
                let value = self.expand(host, value);
                self.vars.insert(name.clone(), value);
            }
        }
        let mut stdin = self.vars.remove("\0stdin").unwrap_or_default();
        let mut stdout_to: Option<(String, bool)> = None;
        let mut stderr_to: Option<(String, bool)> = None;
        let mut stderr_to_stdout = false;
        for r in redirects {
            let target = self.expand(host, &r.target);
            let path = self.path(&target);
            match r.kind {
                RedirectKind::Read => match host.read_file(&path) {
                    Ok(text) => stdin = text,
                    Err(e) => {
                        self.err(&format!("sh: can't open {target}: {}\n", e.text()));
                        return Flow::Status(1);
                    }
                },
                RedirectKind::Write | RedirectKind::Append => {
                    let append = r.kind == RedirectKind::Append;
                    if let Err(e) = self.open_for_write(host, &path, append) {
                        self.err(&format!("sh: can't create {target}: {}\n", create_text(e)));
                        return Flow::Status(1);
                    }
                    stdout_to = Some((path, append));
                }
                RedirectKind::Stderr(append) => stderr_to = Some((path, append)),
                RedirectKind::StderrToStdout => stderr_to_stdout = true,
                RedirectKind::Both => {
                    stdout_to = Some((path.clone(), false));
                    stderr_to = Some((path, true));
                }
            }
        }
        if argv.is_empty() {
            return Flow::Status(0);
        }
        let before_out = self.stdout.len();
        let before_err = self.stderr.len();
        let before_log = self.log.len();
        let flow = builtins::run(self, host, &argv, &stdin, instant);
        if stdout_to.is_none() && stderr_to.is_none() && !stderr_to_stdout {
            return flow;
        }
        // Take back what the command printed and send it where the redirects say.
        let printed_out = self
            .stdout
            .get(before_out..)
            .unwrap_or_default()
            .to_string();
        let printed_err = self
            .stderr
            .get(before_err..)
            .unwrap_or_default()
            .to_string();
        self.stdout.truncate(before_out);
        self.stderr.truncate(before_err);
        self.log.truncate(before_log);
        let (mut to_out, mut to_err) = (printed_out, printed_err);
        if stderr_to_stdout {
            to_out.push_str(&std::mem::take(&mut to_err));
        }
        match stdout_to {
            Some((path, append)) => self.write_to(host, &path, &to_out, append),
            None => self.out(&to_out),
        }
        match stderr_to {
            Some((path, append)) => self.write_to(host, &path, &to_err, append),
            None => self.err(&to_err),
        }
        flow
    }

    fn open_for_write(
        &mut self,
        host: &mut dyn Host,
        path: &str,
        append: bool,
    ) -> Result<(), FsError> {
        if path == "/dev/null" || path == "/dev/stdout" || path == "/dev/stderr" {
            return Ok(());
        }
        if append {
            host.write_file(path, "", true)
        } else {
            host.write_file(path, "", false)
        }
    }

    fn write_to(&mut self, host: &mut dyn Host, path: &str, text: &str, append: bool) {
        match path {
            "/dev/null" => {}
            "/dev/stdout" => self.out(text),
            "/dev/stderr" => self.err(text),
            _ => {
                // `>` truncated the file when it was opened; later writes append to it.
                let _ = append;
                if let Err(e) = host.write_file(path, text, true) {
                    self.err(&format!("sh: write error: {}\n", e.text()));
                }
            }
        }
    }
}

fn create_text(e: FsError) -> &'static str {
    match e {
        FsError::NotFound => "nonexistent directory",
        other => other.text(),
    }
}
