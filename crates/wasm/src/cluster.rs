//! The `Cluster` class: each method converts its arguments, calls `sim`/`kubectl`, and
//! converts the result back.

use crate::convert::{self, to_js};
use crate::heap;
use crate::options::{self, ApplyOptions, ClusterOptions};
use crate::types::*;
use crate::watch::{self, Watchers};
use ordinal_kubectl::Shell;
use ordinal_kubectl::print::object::to_json;
use ordinal_kubectl::resource::{self, ResourceType};
use ordinal_sim::{Checkpoint, ObjectKey, Time};
use serde::Serialize;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// `runUntilIdle()` without a limit: far more steps than any scenario takes, so a cluster that
/// never settles (a crash-looping pod) still returns.
const DEFAULT_MAX_STEPS: u32 = 100_000;

/// `runUntilIdle` runs in slices of this many steps and checks the heap's headroom between
/// them (`heap::ensure_headroom`), so a long run grows the wasm memory in a few large steps.
const STEPS_PER_HEADROOM_CHECK: usize = 32;

/// A simulated cluster, driven from JavaScript.
// Methods take `&self` and borrow the shell only while Rust runs, so watch callbacks may call
// back into the cluster.
#[wasm_bindgen]
pub struct Cluster {
    shell: RefCell<Shell>,
    watchers: Rc<RefCell<Watchers>>,
}

/// A saved copy of the whole simulated world (store, clock, queue, RNG), for `restore`.
#[wasm_bindgen]
pub struct Snapshot {
    checkpoint: Checkpoint,
}

#[wasm_bindgen]
impl Snapshot {
    /// Virtual time, in milliseconds, when the snapshot was taken.
    #[wasm_bindgen(getter)]
    pub fn time(&self) -> f64 {
        self.checkpoint.time().0 as f64
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsCommandResult {
    stdout: String,
    stderr: String,
    exit_code: i32,
}

#[derive(Serialize)]
struct JsApplyResult<'a> {
    results: Vec<convert::JsApplied<'a>>,
    diagnostics: Vec<convert::JsDiagnostic<'a>>,
}

fn resource_type(name: &str) -> Result<&'static ResourceType, JsValue> {
    resource::lookup(name).ok_or_else(|| {
        convert::error(
            "UnknownResourceError",
            &format!("the server doesn't have a resource type \"{name}\""),
            &[("resource", JsValue::from_str(name))],
        )
    })
}

/// An error about one pod, with kubectl's message and the pod's name.
fn pod_error(name: &str, message: &str, pod: &str) -> JsValue {
    convert::error(name, message.trim_end(), &[("pod", JsValue::from_str(pod))])
}

fn node_error(message: &str, node: &str) -> JsValue {
    convert::error("NodeError", message, &[("node", JsValue::from_str(node))])
}

#[wasm_bindgen]
impl Cluster {
    /// `new Cluster({ seed, nodes, clusterDomain, files, checkpointEvery })`; every option may
    /// be left out.
    #[wasm_bindgen(constructor)]
    pub fn new(options: Option<ClusterOptionsArg>) -> Result<Cluster, JsValue> {
        let options: ClusterOptions =
            options::read(options.map_or(JsValue::UNDEFINED, Into::into))?;
        let mut cluster = ordinal_sim::Cluster::new(options.config());
        if let Some(every) = options.checkpoint_every()? {
            cluster.record_checkpoints(every);
        }
        let files = options.files;
        let shell = Shell::new(cluster).with_file_reader(Box::new(move |name| {
            files
                .get(name)
                .cloned()
                .ok_or_else(|| format!("{name}: no such file"))
        }));
        Ok(Cluster {
            shell: RefCell::new(shell),
            watchers: Rc::default(),
        })
    }

    /// Runs `f` on the shell, then fires the watch callbacks for what it changed.
    fn mutate<R>(&self, f: impl FnOnce(&mut Shell) -> R) -> Result<R, JsValue> {
        heap::ensure_headroom();
        let (result, deliveries) = {
            let mut shell = self.shell.borrow_mut();
            let result = f(&mut shell);
            let log = shell.cluster.store().watch_log();
            (result, self.watchers.borrow_mut().pending(log)?)
        };
        watch::deliver(deliveries)?;
        Ok(result)
    }

    /// Applies a manifest stream (YAML or JSON, `---`-separated). Throws a `ManifestError`
    /// with a `diagnostics` array, and changes nothing, if any document has an error.
    pub fn apply(
        &self,
        text: &str,
        options: Option<ApplyOptionsArg>,
    ) -> Result<ApplyResult, JsValue> {
        let options: ApplyOptions = options::read(options.map_or(JsValue::UNDEFINED, Into::into))?;
        let file = options.filename.as_deref();
        match self.mutate(|shell| shell.cluster.apply(text))? {
            Ok(outcomes) => Ok(to_js(&JsApplyResult {
                results: convert::applied(&outcomes),
                diagnostics: Vec::new(),
            })?
            .unchecked_into()),
            Err(found) => {
                let message = found
                    .iter()
                    .map(|d| match file {
                        Some(file) => format!("{file}:{d}"),
                        None => d.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join("\n");
                let list = to_js(&convert::diagnostics(text, file, &found))?;
                Err(convert::error(
                    "ManifestError",
                    &message,
                    &[("diagnostics", list)],
                ))
            }
        }
    }

    /// Checks a manifest stream without applying it: what the intake finds in the text itself
    /// (syntax, schema, types, validation; errors and warnings), located, in source order;
    /// `[]` when it is clean. `apply` may add errors that depend on the cluster (forbidden
    /// updates to an existing StatefulSet). For editors that lint as the user types; never
    /// throws for a bad manifest.
    pub fn validate(
        &self,
        text: &str,
        options: Option<ApplyOptionsArg>,
    ) -> Result<DiagnosticList, JsValue> {
        let options: ApplyOptions = options::read(options.map_or(JsValue::UNDEFINED, Into::into))?;
        let intake = ordinal_api::parse_manifests(text);
        let list = convert::diagnostics(text, options.filename.as_deref(), &intake.diagnostics);
        Ok(to_js(&list)?.unchecked_into())
    }

    /// The text `kubectl explain PATH` prints, e.g. for `"statefulset.spec.updateStrategy"`.
    /// Throws an `ExplainError` with kubectl's message for an unknown resource or field.
    pub fn explain(&self, path: &str) -> Result<String, JsValue> {
        ordinal_api::explain::explain(path)
            .map_err(|message| convert::error("ExplainError", message.trim_end(), &[]))
    }

    /// Editor completions at `cursor` (a JS string index) in manifest `text`: the fields valid
    /// there, or the values a `kind`, `apiVersion`, boolean or enum field (or an item of a
    /// list of enum values, such as `accessModes`) can take.
    pub fn complete(&self, text: &str, cursor: u32) -> Result<CompletionList, JsValue> {
        let at = convert::char_offset(text, cursor as usize);
        let found = ordinal_api::complete::complete(text, at);
        let list: Vec<_> = found.iter().map(convert::completion).collect();
        Ok(to_js(&list)?.unchecked_into())
    }

    /// Runs one kubectl command line (without the leading `kubectl`); `stdin` feeds `-f -`.
    pub fn kubectl(
        &self,
        #[wasm_bindgen(js_name = commandLine)] command_line: &str,
        stdin: Option<String>,
    ) -> Result<CommandResult, JsValue> {
        let line = format!("kubectl {command_line}");
        let out = self.mutate(|shell| shell.exec(&line, stdin.as_deref().unwrap_or("")))?;
        Ok(to_js(&JsCommandResult {
            stdout: out.stdout,
            stderr: out.stderr,
            exit_code: out.exit_code,
        })?
        .unchecked_into())
    }

    /// Runs a script in the `ordinal run` language and returns its transcript.
    pub fn run(&self, script: &str) -> Result<String, JsValue> {
        self.mutate(|shell| ordinal_kubectl::run_script(shell, script))
    }

    /// Advances virtual time by milliseconds (`1500`) or a duration string (`"1m30s"`),
    /// running everything due in that window.
    pub fn advance(&self, duration: DurationArg) -> Result<(), JsValue> {
        let duration = convert::duration(&duration)?;
        self.mutate(|shell| shell.cluster.advance(duration))
    }

    /// Runs the next scheduled event. Returns `false` when nothing is scheduled.
    pub fn step(&self) -> Result<bool, JsValue> {
        self.mutate(|shell| shell.cluster.step())
    }

    /// Runs events until none is scheduled or `maxSteps` have run; returns the steps taken.
    #[wasm_bindgen(js_name = runUntilIdle)]
    pub fn run_until_idle(
        &self,
        #[wasm_bindgen(js_name = maxSteps)] max_steps: Option<u32>,
    ) -> Result<u32, JsValue> {
        let max = max_steps.unwrap_or(DEFAULT_MAX_STEPS) as usize;
        // The same steps as one `run_until_idle(max)`: a slice that runs short is idle.
        let steps = self.mutate(|shell| {
            let mut steps = 0;
            while steps < max {
                let slice = (max - steps).min(STEPS_PER_HEADROOM_CHECK);
                let ran = shell.cluster.run_until_idle(slice);
                steps += ran;
                if ran < slice {
                    break;
                }
                heap::ensure_headroom();
            }
            steps
        })?;
        Ok(u32::try_from(steps).unwrap_or(u32::MAX))
    }

    /// Virtual time in milliseconds since the cluster started.
    pub fn now(&self) -> f64 {
        self.shell.borrow().cluster.now().0 as f64
    }

    /// Objects as the API server returns them. With a `name`: that object or `undefined`
    /// (namespace defaults to `default`). Without: every object of the kind, in all
    /// namespaces unless `namespace` is given. `kind` is anything kubectl accepts: `pods`,
    /// `po`, `Pod`, `statefulsets.apps`.
    // Typed in `types.d.ts` as two overloads (list / one object), which wasm-bindgen cannot
    // express.
    #[wasm_bindgen(skip_typescript)]
    pub fn get(
        &self,
        kind: &str,
        name: Option<String>,
        namespace: Option<String>,
    ) -> Result<JsValue, JsValue> {
        let resource = resource_type(kind)?;
        let shell = self.shell.borrow();
        let store = shell.cluster.store();
        let value = match name {
            Some(name) => {
                let namespace = match (resource.namespaced, namespace) {
                    (false, _) => String::new(),
                    (true, ns) => ns.unwrap_or_else(|| "default".into()),
                };
                let key = ObjectKey::new(resource.kind, &namespace, &name);
                match store.get(&key) {
                    Some(object) => to_js(&to_json(object))?,
                    None => JsValue::UNDEFINED,
                }
            }
            None => {
                let namespace = namespace.filter(|_| resource.namespaced);
                let items: Vec<_> = store
                    .list(resource.kind, namespace.as_deref())
                    .map(to_json)
                    .collect();
                to_js(&items)?
            }
        };
        Ok(value)
    }

    /// Calls `callback` with `{ type, object, time }` for every change to objects of `kind`
    /// from now on, as `advance`, `step`, `apply`, `kubectl` and `run` make them. Returns a
    /// function that stops the watch.
    pub fn watch(&self, kind: &str, callback: WatchCallback) -> Result<Unsubscribe, JsValue> {
        let resource = resource_type(kind)?;
        if !callback.is_function() {
            return Err(convert::argument_error("watch callback must be a function"));
        }
        let callback: js_sys::Function = callback.unchecked_into();
        let cursor = self.shell.borrow().cluster.store().watch_log().len();
        let id = self
            .watchers
            .borrow_mut()
            .add(resource.kind.to_string(), callback, cursor);
        let watchers = Rc::clone(&self.watchers);
        let stop = Closure::<dyn FnMut()>::new(move || watchers.borrow_mut().remove(id));
        Ok(stop.into_js_value().unchecked_into())
    }

    /// Saves the whole simulated world; `restore` returns to it. Snapshots live in memory.
    pub fn snapshot(&self) -> Snapshot {
        heap::ensure_headroom();
        Snapshot {
            checkpoint: self.shell.borrow_mut().cluster.snapshot(),
        }
    }

    /// Returns to a snapshot taken from this cluster. Watchers stay subscribed and see the
    /// changes made after this.
    pub fn restore(&self, snapshot: &Snapshot) {
        heap::ensure_headroom();
        let mut shell = self.shell.borrow_mut();
        shell.cluster.restore(&snapshot.checkpoint);
        let len = shell.cluster.store().watch_log().len();
        self.watchers.borrow_mut().reset_cursors(len);
    }

    /// Goes back to an earlier virtual time (milliseconds or `"2m"` since the start). Needs
    /// the `checkpointEvery` option; throws a `RewindError` when no checkpoint is that old.
    pub fn rewind(
        &self,
        #[wasm_bindgen(js_name = toTime)] to_time: DurationArg,
    ) -> Result<(), JsValue> {
        let to = Time(convert::duration(&to_time)?.as_millis());
        let mut shell = self.shell.borrow_mut();
        shell
            .cluster
            .rewind(to)
            .map_err(|message| convert::error("RewindError", &message, &[]))?;
        let len = shell.cluster.store().watch_log().len();
        self.watchers.borrow_mut().reset_cursors(len);
        Ok(())
    }

    /// The event log (what `kubectl get events` lists), oldest first.
    pub fn events(&self) -> Result<EventList, JsValue> {
        let shell = self.shell.borrow();
        let events: Vec<_> = shell
            .cluster
            .events()
            .iter()
            .map(|e| convert::event(e))
            .collect();
        Ok(to_js(&events)?.unchecked_into())
    }

    /// Resolves `dnsName` as a pod in `namespace` (default `default`) would: the search path
    /// (`web-0.nginx` from `default` is `web-0.nginx.default.svc.cluster.local`), Service
    /// A records, per-pod names under headless Services, SRV records for named ports. Throws a
    /// `LookupError` (with `query`) for a name that does not exist (NXDOMAIN).
    pub fn lookup(
        &self,
        #[wasm_bindgen(js_name = dnsName)] dns_name: &str,
        namespace: Option<String>,
    ) -> Result<DnsRecordList, JsValue> {
        let namespace = namespace.as_deref().unwrap_or("default");
        let records = self
            .shell
            .borrow()
            .cluster
            .lookup(dns_name, namespace)
            .map_err(|message| {
                convert::error(
                    "LookupError",
                    &message,
                    &[("query", JsValue::from_str(dns_name))],
                )
            })?;
        let records: Vec<_> = records.iter().map(convert::dns_record).collect();
        Ok(to_js(&records)?.unchecked_into())
    }

    /// Runs `argv` in a container of `pod`, as `kubectl exec POD -- ARGV…` does (a small
    /// shell: `hostname`, `cat`, `echo … > file`, `ls`, `nslookup`, …). A command that fails
    /// inside the container reports it in `stderr`/`exitCode`; throws an `ExecError` when the
    /// pod cannot be exec'd into (not found, not running, no such container).
    pub fn exec(
        &self,
        pod: &str,
        argv: Vec<String>,
        options: Option<ExecOptionsArg>,
    ) -> Result<CommandResult, JsValue> {
        let options: options::PodOptions =
            options::read(options.map_or(JsValue::UNDEFINED, Into::into))?;
        let key = ObjectKey::new("Pod", options.namespace(), pod);
        let out = self
            .mutate(|shell| {
                shell
                    .cluster
                    .exec(&key, options.container.as_deref(), &argv)
            })?
            .map_err(|message| pod_error("ExecError", &message, pod))?;
        Ok(to_js(&JsCommandResult {
            stdout: out.stdout,
            stderr: out.stderr,
            exit_code: out.exit_code,
        })?
        .unchecked_into())
    }

    /// What a container of `pod` printed, as `kubectl logs POD` shows it (`previous`: the
    /// last terminated run's). Throws a `LogsError` with kubectl's message otherwise.
    pub fn logs(&self, pod: &str, options: Option<LogsOptionsArg>) -> Result<String, JsValue> {
        let options: options::PodOptions =
            options::read(options.map_or(JsValue::UNDEFINED, Into::into))?;
        let key = ObjectKey::new("Pod", options.namespace(), pod);
        self.mutate(|shell| {
            shell
                .cluster
                .logs(&key, options.container.as_deref(), options.previous)
        })?
        .map_err(|message| pod_error("LogsError", &message, pod))
    }

    /// Stops a node's kubelet, as if the machine crashed (`sim node stop NAME`): it stops
    /// heartbeating, turns NotReady after the grace period, and its pods are evicted later.
    /// Throws a `NodeError` for an unknown node.
    #[wasm_bindgen(js_name = stopNode)]
    pub fn stop_node(&self, name: &str) -> Result<(), JsValue> {
        self.mutate(|shell| shell.cluster.stop_node(name))?
            .map_err(|message| node_error(&message, name))
    }

    /// Restarts a stopped node's kubelet: the node is Ready again.
    #[wasm_bindgen(js_name = startNode)]
    pub fn start_node(&self, name: &str) -> Result<(), JsValue> {
        self.mutate(|shell| shell.cluster.start_node(name))?
            .map_err(|message| node_error(&message, name))
    }

    /// Adds a Ready worker node. Throws a `NodeError` for an invalid or taken name.
    #[wasm_bindgen(js_name = addNode)]
    pub fn add_node(&self, name: &str) -> Result<(), JsValue> {
        self.mutate(|shell| shell.cluster.add_node(name))?
            .map_err(|message| node_error(&message, name))
    }

    /// Why an object is not (yet) where it is headed: what each controller is waiting for.
    /// Takes `{ kind, name, namespace? }` or an object returned by `get`.
    pub fn why(&self, object: ObjectRefArg) -> Result<ReasonList, JsValue> {
        let reference: options::ObjectRef = options::read(object.into())?;
        let resource = resource_type(&reference.kind)?;
        let namespace = match resource.namespaced {
            true => reference.namespace().unwrap_or("default"),
            false => "",
        };
        let key = ObjectKey::new(resource.kind, namespace, reference.name());
        let reasons = self.shell.borrow().cluster.why(&key);
        let reasons: Vec<_> = reasons.iter().map(convert::reason).collect();
        Ok(to_js(&reasons)?.unchecked_into())
    }
}
