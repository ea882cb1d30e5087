
/** Options for `new Cluster(...)`; every field is optional. */
export interface ClusterOptions {
  /** Seeds UIDs, IPs and timing jitter: same seed and commands, same transcript. Default 1. */
  seed?: number | bigint;
  /** Worker nodes (`node-1` … `node-N`), beside the tainted `control-plane` node. Default 3. */
  nodes?: number;
  /** The DNS suffix of Service and Pod names. Default `cluster.local`. */
  clusterDomain?: string;
  /** Files that `kubectl apply -f NAME` and `cat NAME` can read, by name. */
  files?: Record<string, string>;
  /** Keep a checkpoint this often, and after every command, so `rewind` can go back. Off by default. */
  checkpointEvery?: Duration;
}

/** Options for `cluster.apply(text, options)`. */
export interface ApplyOptions {
  /** Shown in error messages and copied to each diagnostic's `file`. */
  filename?: string;
}

/** Options for `cluster.exec(pod, argv, options)`. */
export interface ExecOptions {
  /** Which container; default: the pod's only (or first) container. */
  container?: string;
  /** Default `default`. */
  namespace?: string;
}

/** Thrown by `stopNode`, `startNode` and `addNode` for an unknown node or a bad/taken name. */
export interface NodeError extends Error {
  name: "NodeError";
  node: string;
}

/** Options for `cluster.logs(pod, options)`. */
export interface LogsOptions {
  /** Which container; required when the pod has several. */
  container?: string;
  /** The previous (terminated) run's output, as `kubectl logs --previous`. */
  previous?: boolean;
  /** Default `default`. */
  namespace?: string;
}

/** Thrown by `exec` when the pod cannot be exec'd into; `message` is kubectl's. */
export interface ExecError extends Error {
  name: "ExecError";
  pod: string;
}

/** Thrown by `logs` when there is nothing to show (no such pod or container); `message` is kubectl's. */
export interface LogsError extends Error {
  name: "LogsError";
  pod: string;
}

/** Milliseconds of virtual time, or a string such as `"500ms"`, `"30s"`, `"1m30s"`. */
export type Duration = number | string;

/** One problem in a manifest, located in the source text. Lines and columns are 1-based. */
export interface Diagnostic {
  severity: "error" | "warning";
  /** Which step of `kubectl apply` reports it. */
  stage: "syntax" | "limit" | "client" | "mapping" | "decode" | "strict" | "invalid" | "notice";
  /** The `filename` given to `apply`, if any. */
  file?: string;
  line: number;
  column: number;
  /** Where the offending text starts and ends, as JS string indexes (UTF-16 code units). */
  start: number;
  end: number;
  /** Field path inside the object, e.g. `spec.replicas`; empty when unknown. */
  path: string;
  /** The message kubectl prints. */
  message: string;
  /** A likely fix, e.g. the field name that was probably meant. */
  suggestion: string | null;
}

/** Thrown by `apply` when a manifest has errors; nothing was applied. */
export interface ManifestError extends Error {
  name: "ManifestError";
  diagnostics: Diagnostic[];
}

/** Thrown by `get` and `watch` for a resource type kubectl does not know. */
export interface UnknownResourceError extends Error {
  name: "UnknownResourceError";
  resource: string;
}

/** One object `apply` wrote, as kubectl reports it: `statefulset.apps/web created`. */
export interface AppliedObject {
  /** `statefulset.apps`, `service`, ... */
  resource: string;
  name: string;
  action: "created" | "configured" | "unchanged";
}

export interface ApplyResult {
  results: AppliedObject[];
  /** Warnings; errors are thrown as a `ManifestError`. */
  diagnostics: Diagnostic[];
}

/** What a kubectl command printed. */
export interface CommandResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  [field: string]: unknown;
}

/** An object as the API server returns it (`kubectl get -o json`). */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: { [field: string]: unknown };
  status?: { [field: string]: unknown };
  [field: string]: unknown;
}

/** What a watch callback receives, as in the API server's watch stream. */
export interface WatchEvent {
  type: "ADDED" | "MODIFIED" | "DELETED";
  object: KubeObject;
  /** Virtual time of the change, in milliseconds. */
  time: number;
}

export type WatchCallback = (event: WatchEvent) => void;

/** Stops a watch. */
export type Unsubscribe = () => void;

/** Names an object for `why`: its kind (anything kubectl accepts) and name. */
export interface ObjectRef {
  kind: string;
  name: string;
  /** Default `default`; ignored for cluster-scoped kinds. */
  namespace?: string;
}

/** One entry of the event log, as `kubectl get events` lists it. */
export interface ClusterEvent {
  type: "Normal" | "Warning";
  reason: string;
  message: string;
  /** `statefulset-controller`, `kubelet`, `default-scheduler`, ... */
  source: string;
  /** `namespace` is empty for cluster-scoped objects. */
  involvedObject: { kind: string; namespace: string; name: string };
  /** How many times the same event happened (identical events are aggregated). */
  count: number;
  firstTimestamp: string;
  lastTimestamp: string;
  /** The same instants in virtual milliseconds. */
  firstTime: number;
  lastTime: number;
}

/** Something a controller is waiting for or refusing to do, and since when. */
export interface Reason {
  /** Virtual milliseconds. */
  since: number;
  /** `statefulset-controller`, `kubelet`, `scheduler`, ... */
  source: string;
  /** The behaviour rule followed, e.g. `R-3.6b`. */
  rule: string;
  message: string;
}

/** Thrown by `rewind` when no checkpoint is old enough (or `checkpointEvery` was not set). */
export interface RewindError extends Error {
  name: "RewindError";
}

/** One DNS answer from `lookup`, as `dig` would show it. */
export interface DnsRecord {
  /** The fully qualified owner name, without the trailing dot: `web-0.nginx.default.svc.cluster.local`. */
  name: string;
  type: "A" | "SRV" | "CNAME";
  /** A: the address; SRV: `priority weight port target.`; CNAME: the target name. */
  value: string;
  /** Seconds (CoreDNS answers with 30). */
  ttl: number;
}

/** Thrown by `lookup` for a name that does not resolve (NXDOMAIN); `query` is the name asked. */
export interface LookupError extends Error {
  name: "LookupError";
  query: string;
}

/** An editor completion candidate. */
export interface Completion {
  /** The field name or value to insert. */
  label: string;
  /** The schema type, e.g. `<[]Container>`; empty for values. */
  detail: string;
  description: string;
}

/** Thrown by `explain` for an unknown resource or field; `message` is kubectl's. */
export interface ExplainError extends Error {
  name: "ExplainError";
}

/**
 * Thrown by `installDescriptions` for a file that is not this build's
 * `schema-descriptions.txt` (the package's entry points install the right one for you).
 */
export interface DescriptionsError extends Error {
  name: "DescriptionsError";
}

export interface Cluster {
  /**
   * Every object of a kind, as the API server returns them: in all namespaces, or only in
   * `namespace`. `kind` is anything kubectl accepts: `pods`, `po`, `Pod`, `statefulsets.apps`.
   */
  get(kind: string, name?: null, namespace?: string | null): KubeObject[];
  /** One object, or `undefined`; `namespace` defaults to `default`. */
  get(kind: string, name: string, namespace?: string | null): KubeObject | undefined;
}
