//! What a container's process does (SPEC §0 "Containers"): the mini shell runs its
//! `command`/`args` over the pod's mounts; well-known servers idle and exit on SIGTERM;
//! shells as PID 1 ignore SIGTERM. Running scripts are advanced lazily: a script that
//! sleeps is resumed in virtual time when someone looks (exec, logs, a volume read) or when
//! it is due to exit, so `while true; do …; sleep 5; done` costs no timers.

use crate::clock::Time;
use crate::cluster::Cluster;
use crate::images::{DefaultProcess, ImageCatalogue};
use crate::shell::{self, FsError, Host, Machine, Yield};
use crate::store::ObjectKey;
use crate::volumes::TreeId;
use crate::volumes::files::FileTree;
use ordinal_api::{Container, Object, Pod};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Process {
    /// `None`: runs until stopped; `Some((after_ms, code))`: exits on its own.
    pub exits: Option<(u64, i32)>,
    /// A shell as PID 1 has no SIGTERM handler, so only SIGKILL at the deadline stops it.
    pub ignores_sigterm: bool,
}

impl Process {
    /// Whether the process is up long enough to count as running (not an instant exit).
    pub fn runs_a_while(&self) -> bool {
        self.exits.is_none_or(|(after, _)| after > 0)
    }
}

/// The shortest pause between two resumes of a script (`sleep 0` in a loop must not spin).
const MIN_SLEEP_MS: u64 = 100;
/// Most script resumes one catch-up runs.
const MAX_CATCH_UP_RESUMES: usize = 100_000;

/// Yields a dry run follows before calling a script long-running.
const DRY_RUN_YIELDS: usize = 200;

/// What PID 1 runs: the container's command and args, or the image's default.
fn argv(container: &Container, _images: &ImageCatalogue) -> Option<Vec<String>> {
    if container.command.is_empty() && container.args.is_empty() {
        return None;
    }
    let mut argv: Vec<String> = container.command.clone();
    // Args alone replace the image's CMD; the shell images (busybox, python, …) have no
    // ENTRYPOINT, so `args: [nslookup, web-0.nginx]` runs nslookup itself.
    argv.extend(container.args.iter().cloned());
    Some(argv)
}

/// `sh`, `/bin/bash`, …: a program `kubectl exec -i` feeds its stdin to as a script.
pub fn is_shell_program(word: &str) -> bool {
    shell::is_shell(word)
}

pub fn classify(container: &Container, images: &ImageCatalogue) -> Process {
    let image = container.image.as_deref().unwrap_or("");
    let Some(argv) = argv(container, images) else {
        return match images.default_process(image) {
            DefaultProcess::Server => Process {
                exits: None,
                ignores_sigterm: false,
            },
            // `sh` or `python` with no terminal reads EOF and exits 0 at once.
            DefaultProcess::Shell => Process {
                exits: Some((0, 0)),
                ignores_sigterm: true,
            },
        };
    };
    let first = argv.first().map(String::as_str).unwrap_or("");
    let program = first.rsplit('/').next().unwrap_or(first);
    let ignores_sigterm = shell::is_shell(program) || program == "sleep";
    Process {
        exits: dry_run(&argv),
        ignores_sigterm,
    }
}

/// When a script ends on its own, found by running it over a scratch filesystem.
fn dry_run(argv: &[String]) -> Option<(u64, i32)> {
    let Ok(script) = shell::script_for(argv) else {
        return Some((0, 2));
    };
    let mut machine = Machine::new(script, "/", &BTreeMap::new());
    machine.unknown_is_server = true;
    let mut host = ScratchHost::default();
    let mut elapsed: u64 = 0;
    for _ in 0..DRY_RUN_YIELDS {
        host.now = Time(elapsed);
        match machine.run(&mut host, false) {
            Yield::Exit(code) => return Some((elapsed, code)),
            Yield::Forever => return None,
            // A busy loop never ends by itself as far as a dry run can tell; stop early.
            Yield::Sleep(_) if machine.busy => return None,
            Yield::Sleep(ms) => elapsed = elapsed.saturating_add(ms),
        }
    }
    None
}

/// A filesystem where every directory exists, for dry runs.
#[derive(Default)]
struct ScratchHost {
    tree: FileTree,
    now: Time,
}

impl Host for ScratchHost {
    fn read_file(&self, path: &str) -> Result<String, FsError> {
        self.tree.read(path.trim_start_matches('/'))
    }
    fn write_file(&mut self, path: &str, data: &str, append: bool) -> Result<(), FsError> {
        let rel = path.trim_start_matches('/');
        if let Some((dir, _)) = rel.rsplit_once('/') {
            self.tree.make_dir(dir, true)?;
        }
        self.tree.write(rel, data, append)
    }
    fn make_dir(&mut self, path: &str, _parents: bool) -> Result<(), FsError> {
        self.tree.make_dir(path.trim_start_matches('/'), true)
    }
    fn list_dir(&self, _path: &str) -> Result<Vec<(String, bool)>, FsError> {
        Ok(Vec::new())
    }
    fn remove(&mut self, _path: &str, _recursive: bool) -> Result<(), FsError> {
        Ok(())
    }
    fn kind(&self, _path: &str) -> Option<bool> {
        Some(true)
    }
    fn hostname(&self) -> String {
        "pod".into()
    }
    fn fqdn(&self) -> String {
        "pod".into()
    }
    fn now(&self) -> Time {
        self.now
    }
    fn cluster_command(&mut self, _: &str, _: &[String]) -> Option<(String, String, i32)> {
        Some((String::new(), String::new(), 0))
    }
}

/// A running script and when it wants to go on.
#[derive(Debug, Clone)]
struct Running {
    machine: Machine,
    resume_at: Option<Time>,
    /// How much of the machine's log has been copied to the container log.
    logged: usize,
    /// The status the script ended with, once it has: the dry run at start answers cluster
    /// commands (`nslookup`) with 0, the real run knows whether the name resolved.
    exited: Option<i32>,
}

/// What a container printed: this run, and the run before its last restart.
#[derive(Debug, Clone, Default)]
pub struct Logs {
    pub current: String,
    pub previous: Option<String>,
}

/// Every container process the kubelets run, by (pod uid, container name).
#[derive(Debug, Clone, Default)]
pub struct Processes {
    running: BTreeMap<(String, String), Running>,
    /// When each sleeping script wants to go on, earliest first (so a catch-up does not scan
    /// every process).
    due: BTreeSet<(Time, (String, String))>,
    logs: BTreeMap<(String, String), Logs>,
}

impl Processes {
    fn put(&mut self, key: (String, String), running: Running) {
        if let Some(at) = running.resume_at {
            self.due.insert((at, key.clone()));
        }
        self.running.insert(key, running);
    }

    fn take(&mut self, key: &(String, String)) -> Option<Running> {
        let running = self.running.remove(key)?;
        if let Some(at) = running.resume_at {
            self.due.remove(&(at, key.clone()));
        }
        Some(running)
    }

    pub fn logs(&self, pod_uid: &str, container: &str) -> Option<&Logs> {
        self.logs.get(&(pod_uid.to_string(), container.to_string()))
    }
}

/// `kubectl exec` output (serialisable for the JS API: `{stdout, stderr, exitCode}`).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExecOutput {
    pub stdout: String,
    pub stderr: String,
    pub exit_code: i32,
}

/// The mounts a container sees, longest mount path first.
fn mounts(pod: &Pod, container: &Container) -> Vec<(String, TreeId, bool)> {
    let uid = pod.metadata.uid.clone().unwrap_or_default();
    let mut out = Vec::new();
    for m in &container.volume_mounts {
        let Some(volume) = pod.spec.volumes.iter().find(|v| v.name == m.name) else {
            continue;
        };
        let tree = if let Some(source) = &volume.persistent_volume_claim {
            TreeId::Volume(format!("claim:{}", source.claim_name))
        } else {
            TreeId::EmptyDir {
                pod_uid: uid.clone(),
                volume: volume.name.clone(),
            }
        };
        let path = shell::normalize("/", &m.mount_path);
        out.push((path, tree, m.read_only.unwrap_or(false)));
    }
    ordinal_api::order::sort_by_key(&mut out, |m| std::cmp::Reverse(m.0.len()));
    out
}

/// The pod's view of storage for one container, over the cluster's file trees.
struct PodHost<'a> {
    trees: &'a mut BTreeMap<TreeId, FileTree>,
    cluster: &'a Cluster,
    /// Mount path, tree, read-only; the claim trees already resolved to their volume.
    mounts: Vec<(String, TreeId, bool)>,
    root: TreeId,
    hostname: String,
    fqdn: String,
    namespace: String,
    now: Time,
}

impl<'a> PodHost<'a> {
    fn new(
        cluster: &'a Cluster,
        trees: &'a mut BTreeMap<TreeId, FileTree>,
        pod: &Pod,
        container: &Container,
        now: Time,
    ) -> Self {
        let namespace = pod
            .metadata
            .namespace
            .clone()
            .unwrap_or_else(|| "default".into());
        let mounts = mounts(pod, container)
            .into_iter()
            .filter_map(|(path, tree, ro)| {
                let tree = match tree {
                    TreeId::Volume(claim) => {
                        let claim = claim.trim_start_matches("claim:");
                        let key = ObjectKey::new("PersistentVolumeClaim", &namespace, claim);
                        match cluster.store.get(&key) {
                            Some(Object::PersistentVolumeClaim(c)) => {
                                TreeId::Volume(c.spec.volume_name.clone()?)
                            }
                            _ => return None,
                        }
                    }
                    other => other,
                };
                Some((path, tree, ro))
            })
            .collect();
        let hostname = pod
            .spec
            .hostname
            .clone()
            .unwrap_or_else(|| pod.metadata.name.clone());
        let fqdn = match &pod.spec.subdomain {
            Some(sub) => format!(
                "{hostname}.{sub}.{namespace}.svc.{}",
                cluster.config().cluster_domain
            ),
            None => hostname.clone(),
        };
        PodHost {
            trees,
            cluster,
            mounts,
            root: TreeId::Container {
                pod_uid: pod.metadata.uid.clone().unwrap_or_default(),
                container: container.name.clone(),
            },
            hostname,
            fqdn,
            namespace,
            now,
        }
    }

    /// Which tree holds `path`, the path inside it, and whether it is read-only.
    fn locate(&self, path: &str) -> (TreeId, String, bool) {
        for (mount, tree, ro) in &self.mounts {
            if path == mount {
                return (tree.clone(), String::new(), *ro);
            }
            if let Some(rest) = path.strip_prefix(mount.as_str())
                && (mount == "/" || rest.starts_with('/'))
            {
                return (tree.clone(), rest.trim_start_matches('/').to_string(), *ro);
            }
        }
        (
            self.root.clone(),
            path.trim_start_matches('/').to_string(),
            false,
        )
    }

    /// Mount points and the directories above them exist in the root tree's view.
    fn is_mount_ancestor(&self, path: &str) -> bool {
        self.mounts
            .iter()
            .any(|(m, _, _)| m == path || (path == "/" || m.starts_with(&format!("{path}/"))))
    }
}

/// Directories every image has.
const IMAGE_DIRS: &[&str] = &[
    "bin", "dev", "etc", "home", "proc", "root", "sys", "tmp", "usr", "var",
];

impl Host for PodHost<'_> {
    fn read_file(&self, path: &str) -> Result<String, FsError> {
        if path == "/etc/hostname" {
            return Ok(format!("{}\n", self.hostname));
        }
        let (tree, rel, _) = self.locate(path);
        match self.trees.get(&tree) {
            Some(t) => t.read(&rel),
            None if rel.is_empty() => Err(FsError::IsADirectory),
            None => Err(FsError::NotFound),
        }
    }
    fn write_file(&mut self, path: &str, data: &str, append: bool) -> Result<(), FsError> {
        let (tree, rel, ro) = self.locate(path);
        if ro {
            return Err(FsError::ReadOnly);
        }
        let is_root = tree == self.root;
        let parent = rel.rsplit_once('/').map(|(p, _)| p.to_string());
        let t = self.trees.entry(tree).or_default();
        // The image's own directories exist in the container layer.
        if is_root
            && let Some(dir) = parent.as_deref()
            && IMAGE_DIRS
                .iter()
                .any(|d| dir == *d || dir.starts_with(&format!("{d}/")))
        {
            t.make_dir(dir, true)?;
        }
        t.write(&rel, data, append)
    }
    fn make_dir(&mut self, path: &str, parents: bool) -> Result<(), FsError> {
        let (tree, rel, ro) = self.locate(path);
        if rel.is_empty() {
            return if parents {
                Ok(())
            } else {
                Err(FsError::Exists)
            };
        }
        if ro {
            return Err(FsError::ReadOnly);
        }
        self.trees.entry(tree).or_default().make_dir(&rel, parents)
    }
    fn list_dir(&self, path: &str) -> Result<Vec<(String, bool)>, FsError> {
        let (tree, rel, _) = self.locate(path);
        let mut entries = match self.trees.get(&tree) {
            Some(t) => t.list(&rel).or_else(|e| {
                if self.is_mount_ancestor(path) {
                    Ok(Vec::new())
                } else {
                    Err(e)
                }
            })?,
            None if rel.is_empty() || self.is_mount_ancestor(path) => Vec::new(),
            None => return Err(FsError::NotFound),
        };
        // Mount points (and the directories leading to them) show in their parent.
        let prefix = if path == "/" {
            "/".to_string()
        } else {
            format!("{path}/")
        };
        for (m, _, _) in &self.mounts {
            if let Some(rest) = m.strip_prefix(&prefix) {
                let name = rest.split('/').next().unwrap_or(rest).to_string();
                if !name.is_empty() && !entries.iter().any(|(n, _)| *n == name) {
                    entries.push((name, true));
                }
            }
        }
        if path == "/" {
            for d in IMAGE_DIRS {
                if !entries.iter().any(|(n, _)| n == d) {
                    entries.push(((*d).to_string(), true));
                }
            }
        }
        ordinal_api::order::sort(&mut entries);
        Ok(entries)
    }
    fn remove(&mut self, path: &str, recursive: bool) -> Result<(), FsError> {
        let (tree, rel, ro) = self.locate(path);
        if ro {
            return Err(FsError::ReadOnly);
        }
        match self.trees.get_mut(&tree) {
            Some(t) => t.remove(&rel, recursive),
            None => Err(FsError::NotFound),
        }
    }
    fn kind(&self, path: &str) -> Option<bool> {
        if path == "/" || self.is_mount_ancestor(path) {
            return Some(true);
        }
        let rel = path.trim_start_matches('/');
        if IMAGE_DIRS.contains(&rel) {
            return Some(true);
        }
        if path == "/etc/hostname" {
            return Some(false);
        }
        let (tree, rel, _) = self.locate(path);
        match self.trees.get(&tree) {
            Some(t) => t.kind(&rel),
            None => rel.is_empty().then_some(true),
        }
    }
    fn hostname(&self) -> String {
        self.hostname.clone()
    }
    fn fqdn(&self) -> String {
        self.fqdn.clone()
    }
    fn now(&self) -> Time {
        self.now
    }
    fn cluster_command(&mut self, name: &str, args: &[String]) -> Option<(String, String, i32)> {
        cluster_command(self.cluster, name, args, &self.namespace)
    }
}

/// The table entries the cluster answers: `nslookup NAME` and `dig …` from the pod's namespace.
fn cluster_command(
    cluster: &Cluster,
    name: &str,
    args: &[String],
    namespace: &str,
) -> Option<(String, String, i32)> {
    match name {
        "nslookup" => {
            let Some(target) = args.iter().find(|a| !a.starts_with('-')) else {
                return Some((
                    String::new(),
                    "BusyBox v1.28.4 multi-call binary.\n\nUsage: nslookup [HOST] [SERVER]\n"
                        .into(),
                    1,
                ));
            };
            Some(cluster.nslookup(target, namespace))
        }
        "dig" => Some(cluster.dig(args, namespace)),
        _ => None,
    }
}

fn container_of<'a>(pod: &'a Pod, name: &str) -> Option<&'a Container> {
    pod.spec
        .init_containers
        .iter()
        .chain(&pod.spec.containers)
        .find(|c| c.name == name)
}

fn env_of(container: &Container) -> BTreeMap<String, String> {
    let mut env = BTreeMap::from([
        (
            "PATH".to_string(),
            "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".to_string(),
        ),
        ("HOME".to_string(), "/root".to_string()),
    ]);
    if let Some(list) = container.extra.get("env").and_then(|e| e.as_array()) {
        for item in list {
            if let (Some(name), Some(value)) = (
                item.get("name").and_then(|n| n.as_str()),
                item.get("value").and_then(|v| v.as_str()),
            ) {
                env.insert(name.to_string(), value.to_string());
            }
        }
    }
    env
}

/// Runs a script over the pod's storage until it sleeps, blocks or ends.
fn run_machine(
    cluster: &mut Cluster,
    pod: &Pod,
    container: &Container,
    machine: &mut Machine,
    at: Time,
    instant: bool,
) -> Yield {
    let mut trees = std::mem::take(&mut cluster.storage.trees);
    let result = {
        let mut host = PodHost::new(cluster, &mut trees, pod, container, at);
        machine.run(&mut host, instant)
    };
    cluster.storage.trees = trees;
    result
}

fn key_of(pod: &Pod, container: &str) -> (String, String) {
    (
        pod.metadata.uid.clone().unwrap_or_default(),
        container.to_string(),
    )
}

/// The kubelet started a container: its script runs up to its first sleep now.
pub(crate) fn start(cluster: &mut Cluster, pod_key: &ObjectKey, container_name: &str) {
    catch_up(cluster);
    // Shared, not copied: every container start of every pod comes through here.
    let Some(shared) = cluster.store.get_shared(pod_key) else {
        return;
    };
    let Object::Pod(pod) = &*shared else {
        return;
    };
    let Some(container) = container_of(pod, container_name) else {
        return;
    };
    let key = key_of(pod, container_name);
    // A restart keeps the last run's log for `kubectl logs --previous`.
    // Only containers that printed (or ran a script) have a log entry: a thousand nginx pods
    // cost nothing here.
    if let Some(logs) = cluster.processes.logs.get_mut(&key) {
        logs.previous = Some(std::mem::take(&mut logs.current));
    }
    cluster.processes.take(&key);
    let Some(argv) = argv(container, &cluster.images) else {
        return;
    };
    let script = match shell::script_for(&argv) {
        Ok(s) => s,
        Err(e) => {
            let logs = cluster.processes.logs.entry(key).or_default();
            logs.current.push_str(&format!("sh: {e}\n"));
            return;
        }
    };
    let mut machine = Machine::new(script, "/", &env_of(container));
    machine.unknown_is_server = true;
    let now = cluster.now();
    let mut running = Running {
        machine,
        resume_at: Some(now),
        logged: 0,
        exited: None,
    };
    advance(cluster, pod, container, &key, &mut running, now);
    cluster.processes.put(key, running);
}

/// Runs one process forward to `until`, copying what it prints to the container log.
fn advance(
    cluster: &mut Cluster,
    pod: &Pod,
    container: &Container,
    key: &(String, String),
    running: &mut Running,
    until: Time,
) {
    // Bounded: a loop sleeping 1 s caught up over a long gap runs at most this many times.
    for _ in 0..10_000 {
        let Some(at) = running.resume_at.filter(|t| *t <= until) else {
            break;
        };
        let y = run_machine(cluster, pod, container, &mut running.machine, at, false);
        running.resume_at = match y {
            Yield::Sleep(ms) => Some(at + crate::Duration(ms.max(MIN_SLEEP_MS))),
            Yield::Exit(code) => {
                running.exited = Some(code);
                None
            }
            Yield::Forever => None,
        };
    }
    let log = &running.machine.log;
    let start = running.logged.min(log.len());
    let new = log.get(start..).unwrap_or_default().to_string();
    running.logged = log.len();
    if !new.is_empty() {
        let logs = cluster.processes.logs.entry(key.clone()).or_default();
        logs.current.push_str(&new);
        if logs.current.len() > shell::limits::MAX_OUTPUT_BYTES {
            let mut cut = logs.current.len() - shell::limits::MAX_OUTPUT_BYTES;
            while !logs.current.is_char_boundary(cut) {
                cut += 1;
            }
            logs.current.drain(..cut);
        }
    }
}

/// Brings every sleeping script up to now, earliest first, so writes to a shared volume
/// land in time order.
pub(crate) fn catch_up(cluster: &mut Cluster) {
    let now = cluster.now();
    // Bounded: what is left over is caught up on the next look.
    for _ in 0..MAX_CATCH_UP_RESUMES {
        let next = cluster
            .processes
            .due
            .first()
            .filter(|(t, _)| *t <= now)
            .cloned();
        let Some((at, key)) = next else {
            break;
        };
        let Some(mut running) = cluster.processes.take(&key) else {
            break;
        };
        // Shared, not copied: a sleeping loop resumes here every few seconds.
        let shared = (cluster.store.key_of_uid(&key.0)).and_then(|k| cluster.store.get_shared(k));
        let Some(Object::Pod(pod)) = shared.as_deref() else {
            continue;
        };
        let Some(container) = container_of(pod, &key.1) else {
            continue;
        };
        // One resume at a time keeps processes interleaved in time order.
        let y = run_machine(cluster, pod, container, &mut running.machine, at, false);
        running.resume_at = match y {
            Yield::Sleep(ms) => Some(at + crate::Duration(ms.max(MIN_SLEEP_MS))),
            Yield::Exit(code) => {
                running.exited = Some(code);
                None
            }
            Yield::Forever => None,
        };
        advance(cluster, pod, container, &key, &mut running, Time(0));
        cluster.processes.put(key, running);
    }
}

/// The container stopped (exit, kill, pod gone): its script runs no more. Returns the status
/// its script ended with, if it ended by itself.
pub(crate) fn stop(cluster: &mut Cluster, pod_uid: &str, container: &str) -> Option<i32> {
    catch_up(cluster);
    let key = (pod_uid.to_string(), container.to_string());
    let running = cluster.processes.take(&key)?;
    // The run is over: its log (even an empty one) is what `--previous` shows after a
    // restart.
    cluster.processes.logs.entry(key).or_default();
    running.exited
}

/// The pod object is gone: its processes, logs and pod-local trees go with it.
pub(crate) fn pod_removed(cluster: &mut Cluster, pod_uid: &str) {
    catch_up(cluster);
    let running: Vec<(String, String)> = cluster
        .processes
        .running
        .range((pod_uid.to_string(), String::new())..)
        .take_while(|((uid, _), _)| uid == pod_uid)
        .map(|(k, _)| k.clone())
        .collect();
    for k in running {
        cluster.processes.take(&k);
    }
    let logs: Vec<(String, String)> = cluster
        .processes
        .logs
        .range((pod_uid.to_string(), String::new())..)
        .take_while(|((uid, _), _)| uid == pod_uid)
        .map(|(k, _)| k.clone())
        .collect();
    for k in logs {
        cluster.processes.logs.remove(&k);
    }
    cluster.storage.forget_pod(pod_uid);
}

/// The container `kubectl` means: the named one, else the first (or the default-container
/// annotation).
fn pick_container<'a>(pod: &'a Pod, container: Option<&str>) -> Result<&'a Container, String> {
    match container {
        Some(name) => container_of(pod, name).ok_or_else(|| {
            format!(
                "error: container {name} is not valid for pod {}",
                pod.metadata.name
            )
        }),
        None => {
            let default = pod
                .metadata
                .annotations
                .get("kubectl.kubernetes.io/default-container")
                .and_then(|n| pod.spec.containers.iter().find(|c| &c.name == n));
            default
                .or(pod.spec.containers.first())
                .ok_or_else(|| format!("error: pod {} has no containers", pod.metadata.name))
        }
    }
}

fn is_running(pod: &Pod, container: &str) -> bool {
    pod.spec
        .containers
        .iter()
        .zip(&pod.status.container_statuses)
        .any(|(c, s)| {
            c.name == container
                && s.state
                    .as_ref()
                    .is_some_and(|st| st.get("running").is_some())
        })
}

impl Cluster {
    /// `kubectl exec POD [-c C] -- ARGV…`: runs ARGV in the container's view of its mounts.
    /// Err is kubectl's message for a pod that cannot be exec'd into.
    pub fn exec(
        &mut self,
        pod: &ObjectKey,
        container: Option<&str>,
        argv: &[String],
    ) -> Result<ExecOutput, String> {
        self.exec_in(pod, container, argv, false)
    }

    /// An exec probe's command: as `exec`, except that a program the shell does not know is
    /// the image's own health tool and succeeds (`probes`).
    pub(crate) fn exec_probe(
        &mut self,
        pod: &ObjectKey,
        container: &str,
        argv: &[String],
    ) -> Result<ExecOutput, String> {
        self.exec_in(pod, Some(container), argv, true)
    }

    fn exec_in(
        &mut self,
        pod: &ObjectKey,
        container: Option<&str>,
        argv: &[String],
        image_tools_succeed: bool,
    ) -> Result<ExecOutput, String> {
        catch_up(self);
        let Some(Object::Pod(p)) = self.store.get(pod).cloned() else {
            return Err(format!(
                "Error from server (NotFound): pods \"{}\" not found",
                pod.name
            ));
        };
        let c = pick_container(&p, container)?.clone();
        if matches!(p.status.phase.as_deref(), Some("Succeeded" | "Failed")) {
            return Err(format!(
                "error: cannot exec into a container in a completed pod; current phase is {}",
                p.status.phase.as_deref().unwrap_or("")
            ));
        }
        if !is_running(&p, &c.name) {
            return Err(format!(
                "error: unable to upgrade connection: container not found (\"{}\")",
                c.name
            ));
        }
        if argv.is_empty() {
            return Err("error: you must specify at least one command for the container".into());
        }
        let script = match shell::script_for(argv) {
            Ok(s) => s,
            Err(e) => {
                return Ok(ExecOutput {
                    stdout: String::new(),
                    stderr: format!("sh: {e}\n"),
                    exit_code: 2,
                });
            }
        };
        let first = argv[0].rsplit('/').next().unwrap_or(&argv[0]);
        if image_tools_succeed && !shell::is_shell(first) && !shell::is_command(first) {
            return Ok(ExecOutput {
                stdout: String::new(),
                stderr: String::new(),
                exit_code: 0,
            });
        }
        if !shell::is_shell(first) && !shell::is_command(first) {
            return Ok(ExecOutput {
                stdout: String::new(),
                stderr: format!(
                    "OCI runtime exec failed: exec failed: unable to start container process: exec: \"{}\": executable file not found in $PATH: unknown\n",
                    argv[0]
                ),
                exit_code: 126,
            });
        }
        let mut machine = Machine::new(script, "/", &env_of(&c));
        machine.unknown_succeeds = image_tools_succeed;
        let now = self.now();
        let y = run_machine(self, &p, &c, &mut machine, now, true);
        let exit_code = match y {
            Yield::Exit(code) => code,
            _ => 0,
        };
        Ok(ExecOutput {
            stdout: machine.stdout,
            stderr: machine.stderr,
            exit_code,
        })
    }

    /// `kubectl logs POD [-c C] [--previous]`: what the container printed.
    pub fn logs(
        &mut self,
        pod: &ObjectKey,
        container: Option<&str>,
        previous: bool,
    ) -> Result<String, String> {
        catch_up(self);
        let Some(Object::Pod(p)) = self.store.get(pod).cloned() else {
            return Err(format!(
                "Error from server (NotFound): pods \"{}\" not found",
                pod.name
            ));
        };
        if container.is_none() && p.spec.containers.len() > 1 {
            return Err(format!(
                "error: a container name must be specified for pod {}, choose one of: [{}]",
                p.metadata.name,
                p.spec
                    .containers
                    .iter()
                    .map(|c| c.name.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            ));
        }
        let c = pick_container(&p, container)?;
        let uid = p.metadata.uid.clone().unwrap_or_default();
        let logs = self.processes.logs(&uid, &c.name);
        let started = p.status.container_statuses.iter().any(|s| {
            s.name == c.name
                && s.state
                    .as_ref()
                    .is_some_and(|st| st.get("waiting").is_none())
        });
        if previous {
            return logs.and_then(|l| l.previous.clone()).ok_or_else(|| {
                format!(
                    "Error from server (BadRequest): previous terminated container \"{}\" in pod \"{}\" not found",
                    c.name, p.metadata.name
                )
            });
        }
        if !started {
            let reason = p
                .status
                .container_statuses
                .iter()
                .find(|s| s.name == c.name)
                .and_then(|s| {
                    s.state
                        .as_ref()?
                        .pointer("/waiting/reason")?
                        .as_str()
                        .map(str::to_string)
                })
                .unwrap_or_else(|| "ContainerCreating".into());
            return Err(format!(
                "Error from server (BadRequest): container \"{}\" in pod \"{}\" is waiting to start: {}",
                c.name, p.metadata.name, reason
            ));
        }
        Ok(logs.map(|l| l.current.clone()).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn container(image: &str, command: &[&str]) -> Container {
        Container {
            name: "c".into(),
            image: Some(image.into()),
            command: command.iter().map(|s| s.to_string()).collect(),
            ..Container::default()
        }
    }

    #[test]
    fn servers_run_and_shells_exit() {
        let images = ImageCatalogue::default();
        let nginx = classify(&container("nginx:1.25", &[]), &images);
        assert_eq!(nginx.exits, None);
        assert!(!nginx.ignores_sigterm);
        let bare_busybox = classify(&container("busybox", &[]), &images);
        assert_eq!(bare_busybox.exits, Some((0, 0)));
        let sleeper = classify(&container("busybox", &["sleep", "3600"]), &images);
        assert_eq!(sleeper.exits, Some((3_600_000, 0)));
        assert!(sleeper.ignores_sigterm);
        let crash = classify(&container("busybox", &["sh", "-c", "exit 1"]), &images);
        assert_eq!(crash.exits, Some((0, 1)));
        let forever = classify(
            &container("busybox", &["sh", "-c", "sleep infinity"]),
            &images,
        );
        assert_eq!(forever.exits, None);
        let looping = classify(
            &container(
                "busybox",
                &["sh", "-c", "while true; do date >> /d/log; sleep 5; done"],
            ),
            &images,
        );
        assert_eq!(looping.exits, None);
        let server = classify(
            &container(
                "python:3.7",
                &["sh", "-c", "echo hi > /x; python -m http.server 80"],
            ),
            &images,
        );
        assert_eq!(server.exits, None);
        let steps = classify(
            &container(
                "busybox",
                &["sh", "-c", "sleep 2; echo done; sleep 3; exit 3"],
            ),
            &images,
        );
        assert_eq!(steps.exits, Some((5000, 3)));
        let spinning = classify(
            &container("busybox", &["sh", "-c", "while true; do :; done"]),
            &images,
        );
        assert_eq!(spinning.exits, None);
    }
}
