//! App state: a kubectl shell over the simulated cluster, and the console transcript.
//! Every change to the cluster goes through [`Playground::run`] (a kubectl command) or the
//! clock controls; panels only read (see `snapshot`). The timeline can show an earlier instant
//! (`seek`); changing anything there forks history (see `history`).

use crate::history::{History, TimedCommand};
use crate::marks::{Mark, MarkScan};
use ordinal_kubectl::{Output, Shell};
use ordinal_sim::{Cluster, ClusterConfig, Duration, Time};
use std::cell::RefCell;

/// Upper bound on events run by "skip to settled", so a controller that never settles
/// cannot freeze the page.
pub const SETTLE_MAX_STEPS: usize = 10_000;

/// Virtual time between two periodic checkpoints for a small cluster: a seek replays at most
/// this much.
const CHECKPOINT_EVERY: Duration = Duration(5_000);

/// Each stored object adds this much to the checkpoint interval, so a 1,000-replica set
/// (about 2,000 objects) is copied every 100 s of virtual time rather than every 5 s: memory
/// stays bounded and playback stays smooth, at the price of longer replays when seeking.
const CHECKPOINT_MS_PER_OBJECT: u64 = 50;

/// `settle` runs in slices of this many events with a heap check between them (see
/// `ordinal_heap`: the allocator would otherwise grow the wasm memory 64 KiB at a time, and
/// V8 collects garbage on every grow).
const STEPS_PER_HEADROOM_CHECK: usize = 64;

/// Console entries kept; older ones scroll away.
const CONSOLE_LIMIT: usize = 200;

/// One command run in the console, and what it printed.
#[derive(Debug, Clone, PartialEq)]
pub struct ConsoleEntry {
    pub id: u64,
    /// Empty for rows printed by a background watch (`kubectl get pods -w &`).
    pub command: String,
    /// Whether stdin came from the editor (`-f -`).
    pub stdin_from_editor: bool,
    pub output: Output,
}

#[derive(Debug)]
pub struct Playground {
    shell: Shell,
    pub console: Vec<ConsoleEntry>,
    next_id: u64,
    history: History,
    /// The scrubber's marks read so far (a cache: `marks` only reads new log events).
    mark_scan: RefCell<MarkScan>,
}

impl Default for Playground {
    fn default() -> Self {
        Playground::new(ClusterConfig::default())
    }
}

/// A cluster that keeps checkpoints, so the timeline can rewind it.
fn new_cluster(config: ClusterConfig) -> Cluster {
    let mut cluster = Cluster::new(config);
    cluster.record_checkpoints(CHECKPOINT_EVERY);
    cluster
}

impl Playground {
    pub fn new(config: ClusterConfig) -> Self {
        Playground {
            shell: Shell::new(new_cluster(config)),
            console: Vec::new(),
            next_id: 0,
            history: History::default(),
            mark_scan: RefCell::default(),
        }
    }

    /// The cluster at the instant shown (the end of history unless the timeline was rewound).
    pub fn cluster(&self) -> &Cluster {
        &self.shell.cluster
    }

    /// Every command run so far, with its instant (what a share link replays).
    pub fn commands(&self) -> &[TimedCommand] {
        self.history.commands()
    }

    /// Runs one kubectl command line, records it in the console and returns its output.
    /// A command that changes the cluster while an earlier instant is shown forks history.
    pub fn run(&mut self, command: &str, stdin: Option<&str>) -> Output {
        ordinal_heap::ensure_headroom();
        let at = self.shell.cluster.now();
        let before = self.fingerprint();
        let output = self.shell.exec(command, stdin.unwrap_or(""));
        // `sim image break` changes the cluster outside the store.
        if self.fingerprint() != before || command.trim_start().starts_with("sim ") {
            self.history.fork(&self.shell.cluster);
        }
        self.history.record(TimedCommand {
            at,
            line: command.to_string(),
            stdin: stdin.map(str::to_string),
        });
        self.record(command.to_string(), stdin.is_some(), output.clone());
        output
    }

    /// What changes when a command changes the cluster: the clock and the store's version.
    fn fingerprint(&self) -> (Time, u64) {
        let cluster = &self.shell.cluster;
        (cluster.now(), cluster.store().resource_version())
    }

    /// Whether the last instant of history is shown (playing adds to it).
    pub fn is_live(&self) -> bool {
        self.history.is_live()
    }

    /// The last instant of history: the end of the scrubber.
    pub fn horizon(&self) -> Time {
        self.history.horizon(&self.shell.cluster)
    }

    /// Shows the cluster as it was at `to` (clamped to the history). Nothing is lost: seeking
    /// to the horizon shows the end of history again.
    pub fn seek(&mut self, to: Time) -> Result<(), String> {
        ordinal_heap::ensure_headroom();
        self.history.seek(&mut self.shell.cluster, to)
    }

    /// The files on the volume bound to claim `name` in `namespace` (`/path`, contents);
    /// empty while the claim is unbound. Brings sleeping container scripts up to now first,
    /// which is why it needs `&mut`.
    pub fn claim_files(&mut self, namespace: &str, name: &str) -> Vec<(String, String)> {
        let key = ordinal_sim::ObjectKey::new("PersistentVolumeClaim", namespace, name);
        let volume = match self.shell.cluster.store().get(&key) {
            Some(ordinal_api::Object::PersistentVolumeClaim(claim)) => {
                claim.spec.volume_name.clone()
            }
            _ => None,
        };
        volume.map_or_else(Vec::new, |v| self.shell.cluster.volume_files(&v))
    }

    /// Ticks for the scrubber, from the whole history (not just up to the shown instant).
    pub fn marks(&self, buckets: u64) -> Vec<Mark> {
        let head = self.history.head(&self.shell.cluster);
        let mut scan = self.mark_scan.borrow_mut();
        scan.update(head.store().watch_log());
        scan.marks(self.history.commands(), head.now(), buckets)
    }

    fn record(&mut self, command: String, stdin_from_editor: bool, output: Output) {
        self.next_id += 1;
        self.console.push(ConsoleEntry {
            id: self.next_id,
            command,
            stdin_from_editor,
            output,
        });
        if self.console.len() > CONSOLE_LIMIT {
            let excess = self.console.len() - CONSOLE_LIMIT;
            self.console.drain(..excess);
        }
    }

    /// Appends what background watches printed since the last call, as kubectl would stream it.
    fn drain_background(&mut self) {
        let rows = self.shell.drain_background();
        if !rows.is_empty() {
            self.record(String::new(), false, Output::ok(rows));
        }
    }

    pub fn clear_console(&mut self) {
        self.console.clear();
    }

    /// A fresh cluster with the same configuration; the console is kept so the user can see
    /// what they did before.
    pub fn reset(&mut self) {
        let config = self.shell.cluster.config().clone();
        self.shell = Shell::new(new_cluster(config));
        self.history.clear();
    }

    /// Spaces checkpoints out as the cluster grows (see `CHECKPOINT_MS_PER_OBJECT`).
    fn tune_checkpoints(&mut self) {
        let objects = self.shell.cluster.store().len() as u64;
        let every = CHECKPOINT_EVERY
            .0
            .max(objects.saturating_mul(CHECKPOINT_MS_PER_OBJECT));
        self.shell.cluster.record_checkpoints(Duration(every));
    }

    pub fn advance(&mut self, d: Duration) {
        ordinal_heap::ensure_headroom();
        self.history.fork(&self.shell.cluster);
        self.tune_checkpoints();
        self.shell.cluster.advance(d);
        self.drain_background();
    }

    /// Advances virtual time by up to `d`, one event at a time, stopping early once
    /// `out_of_time` says the frame's budget is spent (checked before every event but the
    /// first, so time always moves). A large step at ×100 is thereby spread over several
    /// frames instead of blocking one. Returns the virtual time actually advanced.
    pub fn advance_within(
        &mut self,
        d: Duration,
        mut out_of_time: impl FnMut() -> bool,
    ) -> Duration {
        ordinal_heap::ensure_headroom();
        self.history.fork(&self.shell.cluster);
        self.tune_checkpoints();
        let start = self.shell.cluster.now();
        let until = start + d;
        let mut first = true;
        let mut steps = 0;
        loop {
            match self.shell.cluster.next_timer_at() {
                Some(at) if at <= until => {
                    if !first && out_of_time() {
                        break;
                    }
                    first = false;
                    self.shell.cluster.step();
                    steps += 1;
                    if steps % STEPS_PER_HEADROOM_CHECK == 0 {
                        ordinal_heap::ensure_headroom();
                    }
                }
                // Nothing else is due before `until`: the clock can jump there.
                _ => {
                    let now = self.shell.cluster.now();
                    self.shell.cluster.advance(until.since(now));
                    break;
                }
            }
        }
        self.drain_background();
        self.shell.cluster.now().since(start)
    }

    /// Runs the next scheduled event. Returns whether there was one.
    pub fn step(&mut self) -> bool {
        ordinal_heap::ensure_headroom();
        self.history.fork(&self.shell.cluster);
        let stepped = self.shell.cluster.step();
        self.drain_background();
        stepped
    }

    pub fn settle(&mut self) -> usize {
        self.history.fork(&self.shell.cluster);
        // The same events as one `run_until_idle(SETTLE_MAX_STEPS)`: a slice that runs short
        // is idle.
        let mut steps = 0;
        while steps < SETTLE_MAX_STEPS {
            ordinal_heap::ensure_headroom();
            let slice = (SETTLE_MAX_STEPS - steps).min(STEPS_PER_HEADROOM_CHECK);
            let ran = self.shell.cluster.run_until_idle(slice);
            steps += ran;
            if ran < slice {
                break;
            }
        }
        self.drain_background();
        steps
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands;
    use crate::marks::MarkKind;

    const WEB: &str = include_str!("../../../tests/scenarios/web.yaml");

    #[test]
    fn apply_runs_through_the_shell_and_is_logged() {
        let mut p = Playground::default();
        let out = p.run(&commands::apply(), Some(WEB));
        assert_eq!(out.exit_code, 0, "{}", out.stderr);
        assert!(out.stdout.contains("statefulset.apps/web created"));
        assert_eq!(p.console.len(), 1);
        assert!(p.console[0].stdin_from_editor);
        assert_eq!(p.cluster().store().list("Pod", None).count(), 1);
    }

    #[test]
    fn settle_then_reset() {
        let mut p = Playground::default();
        p.run(&commands::apply(), Some(WEB));
        assert!(p.settle() > 0);
        assert_eq!(p.cluster().store().list("Pod", None).count(), 3);
        p.reset();
        assert_eq!(p.cluster().store().list("Pod", None).count(), 0);
        assert_eq!(p.console.len(), 1, "reset keeps the console");
    }

    fn pod_images(p: &Playground) -> Vec<(String, String)> {
        p.cluster()
            .store()
            .list("Pod", Some("default"))
            .filter_map(|o| match o {
                ordinal_api::Object::Pod(pod) => Some((
                    pod.metadata.name.clone(),
                    pod.spec.containers[0].image.clone().unwrap_or_default(),
                )),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn every_button_command_is_accepted_by_kubectl() {
        let mut p = Playground::default();
        p.run(&commands::apply(), Some(WEB));
        p.settle();
        let ok = |p: &mut Playground, line: &str| {
            let out = p.run(line, None);
            assert_eq!(out.exit_code, 0, "{line}: {}", out.stderr);
            p.settle();
        };
        ok(&mut p, &commands::scale("default", "web", 4));
        assert_eq!(pod_images(&p).len(), 4);
        ok(
            &mut p,
            &commands::set_image("default", "web", "nginx", "registry.k8s.io/nginx-slim:0.9"),
        );
        assert!(pod_images(&p).iter().all(|(_, i)| i.ends_with(":0.9")));
        ok(&mut p, &commands::rollback("default", "web"));
        assert!(pod_images(&p).iter().all(|(_, i)| i.ends_with(":0.8")));
        ok(&mut p, &commands::delete_pod("default", "web-1"));
        assert_eq!(pod_images(&p).len(), 4, "the controller recreates web-1");
    }

    #[test]
    fn pod_inspection_buttons_are_accepted_by_kubectl() {
        let mut p = Playground::default();
        p.run(&commands::apply(), Some(WEB));
        p.settle();
        for line in [
            commands::describe_pod("default", "web-0"),
            commands::pod_yaml("default", "web-0"),
            commands::pod_logs("default", "web-0"),
            commands::pod_exec_ls("default", "web-0"),
        ] {
            let out = p.run(&line, None);
            assert_eq!(out.exit_code, 0, "{line}: {}", out.stderr);
            // nginx logs nothing until it serves a request; the others always print.
            if !line.starts_with("kubectl logs") {
                assert!(!out.stdout.is_empty(), "{line} printed nothing");
            }
        }
        assert!(p.is_live());
    }

    #[test]
    fn claim_files_show_what_the_pod_wrote() {
        const NFS: &str = include_str!("../scenarios/nfs.yaml");
        let mut p = Playground::default();
        p.run(&commands::apply(), Some(NFS));
        p.advance(Duration::from_secs(120));
        let files = p.claim_files("default", "statefuldata-examplestatefulset-0");
        let data = files
            .iter()
            .find(|(path, _)| path == "/data")
            .expect("the data file");
        assert_eq!(data.1.trim(), "The host is examplestatefulset-0");
        assert!(p.claim_files("default", "no-such-claim").is_empty());
    }

    #[test]
    fn background_watch_streams_into_the_console() {
        let mut p = Playground::default();
        let out = p.run("kubectl get pods -w &", None);
        assert_eq!(out.exit_code, 0, "{}", out.stderr);
        p.run(&commands::apply(), Some(WEB));
        p.advance(Duration::from_secs(60));
        let streamed = p.console.last().expect("watch rows");
        assert!(streamed.command.is_empty());
        assert!(streamed.output.stdout.contains("web-0"), "{streamed:?}");
    }

    #[test]
    fn advance_within_spreads_a_long_step_and_ends_where_advance_does() {
        let mut whole = Playground::default();
        whole.run(&commands::apply(), Some(WEB));
        whole.advance(Duration::from_secs(60));

        let mut spread = Playground::default();
        spread.run(&commands::apply(), Some(WEB));
        // A budget of one event per call: several calls, each moving time forward.
        let mut calls = 0;
        let mut left = Duration::from_secs(60);
        while left.0 > 0 {
            let mut events = 0;
            let moved = spread.advance_within(left, || {
                events += 1;
                events > 1
            });
            assert!(moved.0 > 0, "every call makes progress");
            left = Duration(left.0 - moved.0);
            calls += 1;
        }
        assert!(calls > 3, "the minute was spread over {calls} calls");
        assert_eq!(spread.cluster().now(), whole.cluster().now());
        assert_eq!(
            spread.cluster().store().watch_log(),
            whole.cluster().store().watch_log(),
            "the same events in the same order"
        );
    }

    #[test]
    fn advance_within_without_a_budget_limit_is_advance() {
        let mut p = Playground::default();
        p.run(&commands::apply(), Some(WEB));
        let moved = p.advance_within(Duration::from_secs(60), || false);
        assert_eq!(moved, Duration::from_secs(60));
        assert_eq!(pod_count(&p), 3);
    }

    #[test]
    fn background_watch_with_paced_playback_keeps_the_cluster() {
        let mut p = Playground::default();
        p.run("kubectl get pods -w &", None);
        p.run(&commands::apply(), Some(WEB));
        for _ in 0..200 {
            let mut events = 0;
            p.advance_within(Duration::from_millis(1_600), || {
                events += 1;
                events > 2
            });
        }
        assert_eq!(pod_count(&p), 3, "{:?}", p.console.last());
    }

    #[test]
    fn cached_marks_equal_a_fresh_read_through_play_rewind_and_fork() {
        let fresh = |p: &Playground| {
            let head = p.history.head(&p.shell.cluster);
            crate::marks::marks(head.store().watch_log(), p.commands(), head.now(), 1_000)
        };
        let mut p = Playground::default();
        p.run(&commands::apply(), Some(WEB));
        for _ in 0..6 {
            p.advance(Duration::from_secs(10));
            assert_eq!(p.marks(1_000), fresh(&p));
        }
        p.seek(Time(5_000)).expect("seek back");
        assert_eq!(p.marks(1_000), fresh(&p), "rewound: the whole history");
        p.run(&commands::delete_pod("default", "web-0"), None);
        p.advance(Duration::from_secs(30));
        let forked = p.marks(1_000);
        assert_eq!(forked, fresh(&p), "forked: the new branch only");
        let web_2_created = forked
            .iter()
            .filter(|m| m.kind == MarkKind::Created && m.label == "web-2")
            .count();
        assert_eq!(
            web_2_created, 1,
            "the old branch's marks are gone: {forked:?}"
        );
        p.reset();
        assert_eq!(p.marks(1_000), fresh(&p));
    }

    #[test]
    fn console_is_bounded() {
        let mut p = Playground::default();
        for _ in 0..CONSOLE_LIMIT + 5 {
            p.run("kubectl get pods", None);
        }
        assert_eq!(p.console.len(), CONSOLE_LIMIT);
        assert_eq!(p.console[0].id, 6);
    }

    fn pod_count(p: &Playground) -> usize {
        p.cluster().store().list("Pod", None).count()
    }

    #[test]
    fn seek_back_and_forward_again_without_losing_history() {
        let mut p = Playground::default();
        p.run(&commands::apply(), Some(WEB));
        p.advance(Duration::from_secs(120));
        let end = p.cluster().now();
        assert_eq!(pod_count(&p), 3);
        p.seek(Time(1)).expect("seek back");
        assert!(!p.is_live());
        assert_eq!(p.cluster().now(), Time(1));
        assert_eq!(pod_count(&p), 1, "only web-0 exists one millisecond in");
        assert_eq!(p.horizon(), end, "the scrubber still reaches the end");
        p.seek(Time(60_000)).expect("seek forward");
        assert_eq!(p.cluster().now(), Time(60_000));
        p.seek(end).expect("seek to the end");
        assert!(p.is_live());
        assert_eq!(pod_count(&p), 3);
        assert_eq!(p.commands().len(), 1);
    }

    #[test]
    fn changing_the_past_forks_history() {
        let mut p = Playground::default();
        p.run(&commands::apply(), Some(WEB));
        p.advance(Duration::from_secs(60));
        p.run(&commands::scale("default", "web", 5), None);
        p.advance(Duration::from_secs(120));
        assert_eq!(p.commands().len(), 2);
        p.seek(Time(30_000)).expect("seek back");
        // Looking does not fork: the scale command and the end of history stay.
        p.run("kubectl get pods", None);
        assert!(!p.is_live());
        assert_eq!(p.commands().len(), 3);
        assert_eq!(
            p.commands()[1].line,
            "kubectl get pods",
            "kept in time order"
        );
        // Playing from here drops what came after.
        p.advance(Duration::from_secs(90));
        assert!(p.is_live());
        assert_eq!(p.horizon(), Time(120_000));
        assert_eq!(p.commands().len(), 2, "the scale at 60s is gone");
        assert_eq!(pod_count(&p), 3, "never scaled to 5 in this branch");
    }

    #[test]
    fn replaying_forward_gives_the_same_cluster() {
        let mut p = Playground::default();
        p.run(&commands::apply(), Some(WEB));
        p.advance(Duration::from_secs(90));
        let before = p.cluster().store().watch_log().to_vec();
        p.seek(Time(10_000)).expect("seek back");
        p.seek(Time(90_000)).expect("seek forward");
        assert_eq!(p.cluster().store().watch_log(), &before[..]);
    }

    #[test]
    fn marks_cover_commands_and_pod_lifecycle() {
        let mut p = Playground::default();
        p.run(&commands::apply(), Some(WEB));
        p.advance(Duration::from_secs(120));
        p.run(&commands::delete_pod("default", "web-1"), None);
        p.advance(Duration::from_secs(60));
        let marks = p.marks(1_000);
        let kinds = |kind: MarkKind| marks.iter().filter(|m| m.kind == kind).count();
        assert_eq!(kinds(MarkKind::Command), 2);
        assert_eq!(kinds(MarkKind::Created), 4, "web-0..2 and web-1 again");
        assert_eq!(kinds(MarkKind::Ready), 4);
        assert_eq!(kinds(MarkKind::Deleted), 1);
        assert!(marks.windows(2).all(|w| w[0].at <= w[1].at));
        // Seen from the past, the marks still cover the whole history.
        p.seek(Time(0)).expect("seek back");
        assert_eq!(p.marks(1_000), marks);
        // Few buckets merge marks but never lose a change.
        let coarse = p.marks(2);
        let total: usize = coarse.iter().map(|m| m.count).sum();
        assert_eq!(total, marks.iter().map(|m| m.count).sum::<usize>());
        assert!(coarse.len() <= 2 * 4);
    }
}
