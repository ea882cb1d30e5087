//! A tiny shell over the simulator: `kubectl …`, `sleep`, `echo`, `cat`, pipes into
//! `grep`/`head`/`tail`/`wc -l`/`sort`, background watches (`&`), and scripts of them.

use crate::backend;
use crate::filters;
use crate::get::WatchSpec;
use crate::kubectl;
use crate::tokenize::{Token, tokenize};
use crate::watch;
use ordinal_sim::{Cluster, Duration};

/// What one command printed, and its exit code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    pub exit_code: i32,
    /// The stderr text was written before stdout (a warning ahead of the result), so a
    /// terminal shows it first.
    pub stderr_first: bool,
}

impl Output {
    pub fn ok(stdout: String) -> Self {
        Output {
            stdout,
            ..Output::default()
        }
    }
    pub fn err(stderr: String, exit_code: i32) -> Self {
        Output {
            stderr,
            exit_code,
            ..Output::default()
        }
    }
    /// Both streams in the order a terminal shows them.
    pub fn text(&self) -> String {
        if self.stderr_first {
            format!("{}{}", self.stderr, self.stdout)
        } else {
            format!("{}{}", self.stdout, self.stderr)
        }
    }
}

/// Reads a file named in a command (`-f web.yaml`); the core does no I/O, so the host supplies it.
pub type FileReader = Box<dyn Fn(&str) -> Result<String, String>>;

const SIM_USAGE: &str = "usage: sim time | sim image break|fix IMAGE | sim why TYPE/NAME | sim node add|stop|start NAME | sim storageclass break|fix NAME";

/// How long a foreground `kubectl get -w` runs when the cluster never settles.
const DEFAULT_WATCH_LIMIT: Duration = Duration(10 * 60 * 1000);

/// A session over one cluster.
pub struct Shell {
    pub cluster: Cluster,
    /// The kubeconfig context's namespace.
    pub namespace: String,
    read_file: Option<FileReader>,
    background: Vec<WatchSpec>,
}

impl std::fmt::Debug for Shell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shell")
            .field("cluster", &self.cluster)
            .field("namespace", &self.namespace)
            .field("background", &self.background.len())
            .finish()
    }
}

impl Shell {
    pub fn new(cluster: Cluster) -> Self {
        Shell {
            cluster,
            namespace: "default".into(),
            read_file: None,
            background: Vec::new(),
        }
    }

    /// Lets commands read files (`kubectl apply -f web.yaml`).
    pub fn with_file_reader(mut self, reader: FileReader) -> Self {
        self.read_file = Some(reader);
        self
    }

    pub fn read_file(&self, name: &str) -> Result<String, String> {
        match &self.read_file {
            Some(read) => read(name),
            None => Err(format!("{name}: no such file")),
        }
    }

    /// Runs one command line; `stdin` feeds the first command (`-f -`, heredocs).
    pub fn exec(&mut self, line: &str, stdin: &str) -> Output {
        let tokens = match tokenize(line) {
            Ok(t) => t,
            Err(e) => return Output::err(format!("sh: {e}\n"), 2),
        };
        let background = tokens.last() == Some(&Token::Background);
        let mut stages: Vec<Vec<String>> = vec![Vec::new()];
        for token in tokens {
            match token {
                Token::Word(w) => stages.last_mut().map_or((), |s| s.push(w)),
                Token::Pipe => stages.push(Vec::new()),
                Token::Background | Token::HereDoc(_) => {}
            }
        }
        let mut input = stdin.to_string();
        let mut stderr = String::new();
        let mut exit_code = 0;
        let mut stderr_first = false;
        let last = stages.len().saturating_sub(1);
        for (i, words) in stages.iter().enumerate() {
            if words.is_empty() {
                return Output::err("sh: syntax error near unexpected token `|'\n".into(), 2);
            }
            let out = self.run_command(words, &input, background && i == last);
            stderr.push_str(&out.stderr);
            stderr_first |= out.stderr_first;
            exit_code = out.exit_code;
            input = out.stdout;
        }
        Output {
            stdout: input,
            stderr,
            exit_code,
            stderr_first,
        }
    }

    fn run_command(&mut self, words: &[String], stdin: &str, background: bool) -> Output {
        let (name, args) = match words.split_first() {
            Some(split) => split,
            None => return Output::default(),
        };
        match name.as_str() {
            "kubectl" => {
                let ran = kubectl::run(self, args, stdin);
                let mut output = ran.output;
                if let Some(mut spec) = ran.watch {
                    if background {
                        self.background.push(spec);
                    } else {
                        let limit = args
                            .iter()
                            .find_map(|a| a.strip_prefix("--request-timeout="))
                            .and_then(|t| Duration::parse(t).ok())
                            .filter(|d| d.as_millis() > 0)
                            .unwrap_or(DEFAULT_WATCH_LIMIT);
                        output.stdout.push_str(&self.drive_watch(&mut spec, limit));
                    }
                }
                output
            }
            "sleep" => match args.first().map(|d| parse_sleep(d)) {
                Some(Ok(d)) => {
                    self.cluster.advance(d);
                    Output::default()
                }
                Some(Err(e)) => Output::err(format!("sleep: {e}\n"), 1),
                None => Output::err("sleep: missing operand\n".into(), 1),
            },
            "echo" => Output::ok(format!("{}\n", args.join(" "))),
            "cat" if args.is_empty() => Output::ok(stdin.to_string()),
            "cat" => {
                let mut out = Output::default();
                for file in args {
                    match self.read_file(file) {
                        Ok(text) => out.stdout.push_str(&text),
                        Err(_) => {
                            out.stderr
                                .push_str(&format!("cat: {file}: No such file or directory\n"));
                            out.exit_code = 1;
                        }
                    }
                }
                out
            }
            "sim" => self.sim(args),
            filter if filters::is_filter(filter) => filters::run(filter, args, stdin),
            other => Output::err(format!("sh: {other}: command not found\n"), 127),
        }
    }

    /// `sim …`: playground commands that act on the simulated world itself.
    fn sim(&mut self, args: &[String]) -> Output {
        match args.first().map(String::as_str) {
            Some("time") => {
                let now = self.cluster.now();
                Output::ok(format!(
                    "{} ({})\n",
                    now.rfc3339(),
                    crate::format_age(now.since(ordinal_sim::Time(0)))
                ))
            }
            Some("image") => match (args.get(1).map(String::as_str), args.get(2)) {
                (Some(action @ ("break" | "fix")), Some(image)) => {
                    self.cluster.set_image_broken(image, action == "break");
                    let state = if action == "break" {
                        "fails to pull"
                    } else {
                        "pulls again"
                    };
                    Output::ok(format!("image {image} {state}\n"))
                }
                _ => Output::err("usage: sim image break|fix IMAGE\n".into(), 2),
            },
            Some("storageclass" | "sc") => match (args.get(1).map(String::as_str), args.get(2)) {
                (Some(action @ ("break" | "fix")), Some(class)) => {
                    let broken = action == "break";
                    self.cluster.set_storage_class_broken(class, broken);
                    let state = if broken { "stopped" } else { "running again" };
                    Output::ok(format!("provisioner of storageclass {class} {state}\n"))
                }
                _ => Output::err("usage: sim storageclass break|fix NAME\n".into(), 2),
            },
            Some("why") => self.why(args.get(1).map(String::as_str)),
            Some("node") => crate::verbs::nodes::sim_node(&mut self.cluster, &args[1..]),
            Some(other) => Output::err(format!("sim: unknown command \"{other}\"\n"), 1),
            None => Output::err(format!("{SIM_USAGE}\n"), 2),
        }
    }

    /// `sim why TYPE/NAME`: what the controllers are waiting on for an object.
    fn why(&self, target: Option<&str>) -> Output {
        let Some((type_name, name)) = target.and_then(|t| t.split_once('/')) else {
            return Output::err("usage: sim why TYPE/NAME\n".into(), 2);
        };
        let Some(t) = crate::resource::lookup(type_name) else {
            return Output::err(crate::get::unknown_type(type_name), 1);
        };
        let namespace = if t.namespaced {
            self.namespace.as_str()
        } else {
            ""
        };
        let key = ordinal_sim::ObjectKey::new(t.kind, namespace, name);
        if self.cluster.store().get(&key).is_none() {
            return Output::err(crate::get::not_found(t, name), 1);
        }
        let reasons = self.cluster.why(&key);
        if reasons.is_empty() {
            return Output::ok(format!("{}/{name}: nothing is waiting\n", t.qualified()));
        }
        let now = self.cluster.now();
        Output::ok(
            reasons
                .iter()
                .map(|r| {
                    format!(
                        "{}/{name}: {} (since {} ago, {}; {})\n",
                        t.qualified(),
                        r.message,
                        crate::format_age(now.since(r.since)),
                        r.source,
                        r.rule
                    )
                })
                .collect(),
        )
    }

    /// Advances time event by event, printing watch rows, until the cluster has nothing left
    /// to do or `limit` has passed.
    fn drive_watch(&mut self, spec: &mut WatchSpec, limit: Duration) -> String {
        let deadline = self.cluster.now() + limit;
        let mut out = watch::drain(&self.cluster, spec);
        while self.advance_towards(deadline) {
            out.push_str(&watch::drain(&self.cluster, spec));
        }
        out
    }

    /// Runs the next pending change if it is due by `deadline`; otherwise moves the clock to
    /// the deadline. Returns whether anything may still change before the deadline.
    pub(crate) fn advance_towards(&mut self, deadline: ordinal_sim::Time) -> bool {
        let now = self.cluster.now();
        match backend::next_change_at(&self.cluster) {
            Some(at) if at <= deadline => {
                self.cluster.advance(at.since(now));
                true
            }
            _ => {
                self.cluster.advance(deadline.since(now));
                false
            }
        }
    }

    /// Rows that background watches (`kubectl get -w &`) print for changes since last asked.
    pub fn drain_background(&mut self) -> String {
        let cluster = &self.cluster;
        self.background
            .iter_mut()
            .map(|spec| watch::drain(cluster, spec))
            .collect()
    }
}

/// `sleep 5`, `sleep 5s`, `sleep 2m`.
fn parse_sleep(text: &str) -> Result<Duration, String> {
    if let Ok(secs) = text.parse::<u64>() {
        return Ok(Duration(secs * 1000));
    }
    Duration::parse(text).map_err(|_| format!("invalid time interval '{text}'"))
}
