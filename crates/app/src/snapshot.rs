//! What the panels show, read from the cluster. Plain data with no UI types, so it is tested
//! natively and compared cheaply (panels re-render only when their slice changes).

use std::collections::BTreeMap;

use ordinal_api::{Object, PersistentVolumeClaim, Pod, StatefulSet};
use ordinal_kubectl::{format_age, pod_status};
use ordinal_sim::{Cluster, ObjectKey, Time, WatchEventType};

/// The label the StatefulSet controller stamps with the pod's revision.
const REVISION_LABEL: &str = "controller-revision-hash";
/// The label a Deployment's ReplicaSet stamps with its template hash (the ReplicaSet's suffix),
/// shown as the revision of Deployment pods.
const TEMPLATE_HASH_LABEL: &str = "pod-template-hash";

/// Watch rows kept in the events panel.
pub const WATCH_ROWS: usize = 300;

/// One pod card.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PodView {
    pub namespace: String,
    pub name: String,
    /// kubectl's STATUS column (`Running`, `ContainerCreating`, `Terminating`, …).
    pub status: String,
    /// `1/1`.
    pub ready: String,
    pub revision: Option<String>,
    pub node: Option<String>,
    pub ip: Option<String>,
    pub restarts: i32,
    pub age: String,
    /// Why a controller is waiting on this pod (`Cluster::why`), e.g. while it pulls an image.
    pub waiting: Vec<String>,
    /// The controller that owns the pod, as `kind/name` (`StatefulSet/web`,
    /// `ReplicaSet/web-deploy-5d9c7b8f6`), so the panel can group a set's pods together.
    pub owner: Option<String>,
}

impl PodView {
    /// The revision without the set name: `web-58fd78b6fc` → `58fd78b6fc`.
    pub fn short_revision(&self) -> Option<String> {
        let revision = self.revision.as_ref()?;
        Some(
            revision
                .rsplit_once('-')
                .map_or(revision.as_str(), |(_, hash)| hash)
                .to_string(),
        )
    }
}

/// One PersistentVolumeClaim row.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ClaimView {
    pub namespace: String,
    pub name: String,
    pub phase: String,
    pub capacity: Option<String>,
    /// Pods whose volumes reference the claim.
    pub mounted_by: Vec<String>,
}

/// A StatefulSet's spec and status numbers.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SetView {
    pub namespace: String,
    pub name: String,
    pub desired: i32,
    pub replicas: i32,
    pub ready: i32,
    pub current: i32,
    pub updated: i32,
    pub available: i32,
    pub current_revision: Option<String>,
    pub update_revision: Option<String>,
    pub generation: Option<i64>,
    pub observed_generation: Option<i64>,
    /// First container of the template: what "Update image" changes.
    pub container: Option<(String, String)>,
    /// Why the controller is waiting (`Cluster::why`), e.g. for a pod to become Ready.
    pub waiting: Vec<String>,
}

/// One line of `kubectl get events`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EventRow {
    pub seq: usize,
    pub last_seen: String,
    /// `Normal` or `Warning`.
    pub type_: &'static str,
    pub reason: String,
    /// `pod/web-0`.
    pub object: String,
    pub message: String,
    pub count: u32,
}

/// One line of `kubectl get pods -w`, stamped with the virtual time it happened.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct WatchRow {
    pub seq: usize,
    pub time: Time,
    pub deleted: bool,
    pub name: String,
    pub ready: String,
    pub status: String,
    pub restarts: i32,
    pub age: String,
}

/// Sorts `web-10` after `web-9`.
fn natural_key(name: &str) -> (String, u64) {
    match name.rsplit_once('-') {
        Some((base, n)) => (base.to_string(), n.parse().unwrap_or(u64::MAX)),
        None => (name.to_string(), 0),
    }
}

fn age(now: Time, timestamp: Option<&str>) -> String {
    timestamp
        .and_then(Time::from_rfc3339)
        .map_or_else(|| "<unknown>".into(), |t| format_age(now.since(t)))
}

fn ready(pod: &Pod) -> String {
    let ready = pod
        .status
        .container_statuses
        .iter()
        .filter(|s| s.ready)
        .count();
    format!("{ready}/{}", pod.spec.containers.len())
}

fn restarts(pod: &Pod) -> i32 {
    pod.status
        .container_statuses
        .iter()
        .map(|s| s.restart_count)
        .sum()
}

fn why(cluster: &Cluster, kind: &str, namespace: &str, name: &str) -> Vec<String> {
    cluster
        .why(&ObjectKey::new(kind, namespace, name))
        .into_iter()
        .map(|r| r.message)
        .collect()
}

pub fn pod_view(cluster: &Cluster, pod: &Pod) -> PodView {
    let now = cluster.now();
    let namespace = namespace_of(&pod.metadata.namespace);
    PodView {
        waiting: why(cluster, "Pod", &namespace, &pod.metadata.name),
        namespace,
        name: pod.metadata.name.clone(),
        status: pod_status(pod),
        ready: ready(pod),
        revision: pod
            .metadata
            .labels
            .get(REVISION_LABEL)
            .or_else(|| pod.metadata.labels.get(TEMPLATE_HASH_LABEL))
            .cloned(),
        node: pod.spec.node_name.clone(),
        ip: pod.status.pod_ip.clone(),
        restarts: restarts(pod),
        age: age(now, pod.metadata.creation_timestamp.as_deref()),
        owner: owner(pod),
    }
}

/// The pod's controller reference (the owner with `controller: true`), as `kind/name`.
fn owner(pod: &Pod) -> Option<String> {
    let refs = &pod.metadata.owner_references;
    refs.iter()
        .find(|r| r.controller == Some(true))
        .or_else(|| refs.first())
        .map(|r| format!("{}/{}", r.kind, r.name))
}

/// Groups pods by owner: StatefulSets first (the subject of the playground), then other
/// controllers, then bare pods; within a group, ordinal order.
/// Where a pod sorts: `default` first, namespace, owner rank, owner, natural name order.
type PodOrder = (bool, String, u8, String, (String, u64));

fn pod_order(pod: &PodView) -> PodOrder {
    order_key(&pod.namespace, pod.owner.as_deref(), &pod.name)
}

/// `default` first, then the other namespaces by name; within one, StatefulSets' pods first.
fn order_key(namespace: &str, owner: Option<&str>, name: &str) -> PodOrder {
    let rank = match owner {
        Some(o) if o.starts_with("StatefulSet/") => 0,
        Some(_) => 1,
        None => 2,
    };
    (
        namespace != "default",
        namespace.to_string(),
        rank,
        owner.unwrap_or_default().to_string(),
        natural_key(name),
    )
}

fn namespace_of(namespace: &Option<String>) -> String {
    namespace.clone().unwrap_or_else(|| "default".into())
}

/// Pods of every namespace (the ZooKeeper tutorial runs in its own).
fn pods_of(cluster: &Cluster) -> impl Iterator<Item = &Pod> {
    cluster.store().list("Pod", None).filter_map(|o| match o {
        Object::Pod(p) => Some(p),
        _ => None,
    })
}

/// Pods of every namespace (`default` first), grouped by owner, each group in ordinal order.
pub fn pods(cluster: &Cluster) -> Vec<PodView> {
    let mut pods: Vec<PodView> = pods_of(cluster).map(|p| pod_view(cluster, p)).collect();
    ordinal_api::order::sort_by_key(&mut pods, pod_order);
    pods
}

/// A pod as one cell of the compact grid shown for big sets: no per-pod reasons or age, which
/// would change every second for every pod.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PodCell {
    pub namespace: String,
    pub name: String,
    pub status: String,
    pub owner: Option<String>,
}

/// Pods in the order of [`pods`], as compact cells.
pub fn pod_cells(cluster: &Cluster) -> Vec<PodCell> {
    let mut cells: Vec<(PodOrder, PodCell)> = pods_of(cluster)
        .map(|pod| {
            let cell = PodCell {
                namespace: namespace_of(&pod.metadata.namespace),
                name: pod.metadata.name.clone(),
                status: pod_status(pod),
                owner: owner(pod),
            };
            (
                order_key(&cell.namespace, cell.owner.as_deref(), &cell.name),
                cell,
            )
        })
        .collect();
    ordinal_api::order::sort_by(&mut cells, |a, b| a.0.cmp(&b.0));
    cells.into_iter().map(|(_, cell)| cell).collect()
}

/// How many pods there are (cheap: no views built).
pub fn pod_count(cluster: &Cluster) -> usize {
    pods_of(cluster).count()
}

type Mounts = BTreeMap<(String, String), Vec<String>>;

fn claim_view(claim: &PersistentVolumeClaim, mounts: &Mounts) -> ClaimView {
    let name = claim.metadata.name.clone();
    let namespace = namespace_of(&claim.metadata.namespace);
    let requested = claim
        .spec
        .resources
        .as_ref()
        .and_then(|r| r.pointer("/requests/storage"))
        .and_then(|v| v.as_str())
        .map(str::to_string);
    let mut mounted_by = mounts
        .get(&(namespace.clone(), name.clone()))
        .cloned()
        .unwrap_or_default();
    ordinal_api::order::sort_by_key(&mut mounted_by, |n| natural_key(n));
    ClaimView {
        phase: claim
            .status
            .phase
            .clone()
            .unwrap_or_else(|| "Pending".into()),
        capacity: claim.status.capacity.get("storage").cloned().or(requested),
        mounted_by,
        namespace,
        name,
    }
}

/// (namespace, claim name) → the pods whose volumes reference it, built once so a thousand claims do not
/// each scan a thousand pods.
fn mounts(cluster: &Cluster) -> Mounts {
    let mut mounts = Mounts::new();
    for pod in pods_of(cluster) {
        let namespace = namespace_of(&pod.metadata.namespace);
        for volume in &pod.spec.volumes {
            if let Some(claim) = &volume.persistent_volume_claim {
                let pods = mounts
                    .entry((namespace.clone(), claim.claim_name.clone()))
                    .or_default();
                if !pods.contains(&pod.metadata.name) {
                    pods.push(pod.metadata.name.clone());
                }
            }
        }
    }
    mounts
}

/// Claims of every namespace (`default` first), in ordinal order; claims no pod mounts stay
/// listed.
pub fn claims(cluster: &Cluster) -> Vec<ClaimView> {
    let mounts = mounts(cluster);
    let mut claims: Vec<ClaimView> = cluster
        .store()
        .list("PersistentVolumeClaim", None)
        .filter_map(|o| match o {
            Object::PersistentVolumeClaim(c) => Some(claim_view(c, &mounts)),
            _ => None,
        })
        .collect();
    ordinal_api::order::sort_by_key(&mut claims, |c| {
        (
            c.namespace != "default",
            c.namespace.clone(),
            natural_key(&c.name),
        )
    });
    claims
}

fn set_view(cluster: &Cluster, set: &StatefulSet) -> SetView {
    let s = &set.status;
    let namespace = namespace_of(&set.metadata.namespace);
    SetView {
        waiting: why(cluster, "StatefulSet", &namespace, &set.metadata.name),
        namespace,
        name: set.metadata.name.clone(),
        desired: set.spec.replicas.unwrap_or(1),
        replicas: s.replicas,
        ready: s.ready_replicas.unwrap_or(0),
        current: s.current_replicas.unwrap_or(0),
        updated: s.updated_replicas.unwrap_or(0),
        available: s.available_replicas.unwrap_or(0),
        current_revision: s.current_revision.clone(),
        update_revision: s.update_revision.clone(),
        generation: set.metadata.generation,
        observed_generation: s.observed_generation,
        container: set
            .spec
            .template
            .spec
            .containers
            .first()
            .map(|c| (c.name.clone(), c.image.clone().unwrap_or_default())),
    }
}

/// StatefulSets of every namespace, `default` first, each in name order.
pub fn sets(cluster: &Cluster) -> Vec<SetView> {
    let mut sets: Vec<SetView> = cluster
        .store()
        .list("StatefulSet", None)
        .filter_map(|o| match o {
            Object::StatefulSet(s) => Some(set_view(cluster, s)),
            _ => None,
        })
        .collect();
    ordinal_api::order::sort_by(&mut sets, |a, b| {
        (a.namespace != "default", &a.namespace, &a.name).cmp(&(
            b.namespace != "default",
            &b.namespace,
            &b.name,
        ))
    });
    sets
}

/// The last [`WATCH_ROWS`] pod changes, oldest first, as `kubectl get pods -w` prints them.
pub fn watch(cluster: &Cluster) -> Vec<WatchRow> {
    let log = cluster.store().watch_log();
    let mut rows: Vec<WatchRow> = log
        .iter()
        .enumerate()
        .rev()
        .filter_map(|(seq, event)| match &*event.object {
            Object::Pod(pod) => Some(WatchRow {
                seq,
                time: event.time,
                deleted: event.kind == WatchEventType::Deleted,
                name: pod.metadata.name.clone(),
                ready: ready(pod),
                status: pod_status(pod),
                restarts: restarts(pod),
                age: age(event.time, pod.metadata.creation_timestamp.as_deref()),
            }),
            _ => None,
        })
        .take(WATCH_ROWS)
        .collect();
    rows.reverse();
    rows
}

/// The last [`WATCH_ROWS`] Kubernetes Events, oldest first, as `kubectl get events` lists them.
pub fn events(cluster: &Cluster) -> Vec<EventRow> {
    let now = cluster.now();
    let all = cluster.events();
    let skip = all.len().saturating_sub(WATCH_ROWS);
    all.iter()
        .enumerate()
        .skip(skip)
        .map(|(seq, e)| EventRow {
            seq,
            last_seen: format_age(now.since(e.last_timestamp)),
            type_: e.type_,
            reason: e.reason.clone(),
            object: format!(
                "{}/{}",
                e.involved.kind.to_ascii_lowercase(),
                e.involved.name
            ),
            message: e.message.clone(),
            count: e.count,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ordinal_sim::ClusterConfig;

    const WEB: &str = include_str!("../../../tests/scenarios/web.yaml");

    fn settled_web() -> Cluster {
        let mut c = Cluster::new(ClusterConfig::default());
        c.apply(WEB).expect("web.yaml applies");
        c.run_until_idle(10_000);
        c
    }

    #[test]
    fn pods_in_ordinal_order_with_node_and_ip() {
        let c = settled_web();
        let pods = pods(&c);
        let names: Vec<&str> = pods.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["web-0", "web-1", "web-2"]);
        for p in &pods {
            assert_eq!(p.status, "Running");
            assert_eq!(p.ready, "1/1");
            assert!(p.node.is_some() && p.ip.is_some(), "{p:?}");
        }
    }

    #[test]
    fn pod_cells_follow_the_card_order_and_status() {
        let mut c = settled_web();
        c.apply(include_str!("../../../tests/scenarios/compare-deploy.yaml"))
            .expect("compare-deploy.yaml applies");
        c.run_until_idle(10_000);
        let cards: Vec<(String, String, Option<String>)> = pods(&c)
            .into_iter()
            .map(|p| (p.name, p.status, p.owner))
            .collect();
        let cells: Vec<(String, String, Option<String>)> = pod_cells(&c)
            .into_iter()
            .map(|p| (p.name, p.status, p.owner))
            .collect();
        assert_eq!(cells, cards);
        assert_eq!(pod_count(&c), 6);
    }

    #[test]
    fn pods_claims_and_sets_of_other_namespaces_are_shown_after_default() {
        let mut c = settled_web();
        c.apply(include_str!("../scenarios/zookeeper.yaml"))
            .expect("zookeeper.yaml applies");
        c.run_until_idle(10_000);
        let pods: Vec<(String, String)> = pods(&c)
            .into_iter()
            .map(|p| (p.namespace, p.name))
            .collect();
        let expected: Vec<(String, String)> = [
            ("default", "web-0"),
            ("default", "web-1"),
            ("default", "web-2"),
            ("zookeeper", "zk-0"),
            ("zookeeper", "zk-1"),
            ("zookeeper", "zk-2"),
        ]
        .map(|(ns, n)| (ns.to_string(), n.to_string()))
        .to_vec();
        assert_eq!(pods, expected);
        let zk_claims: Vec<(String, Vec<String>)> = claims(&c)
            .into_iter()
            .filter(|claim| claim.namespace == "zookeeper")
            .map(|claim| (claim.name, claim.mounted_by))
            .collect();
        assert_eq!(
            zk_claims,
            (0..3)
                .map(|i| (format!("datadir-zk-{i}"), vec![format!("zk-{i}")]))
                .collect::<Vec<_>>()
        );
        let sets: Vec<(String, String)> = sets(&c)
            .into_iter()
            .map(|s| (s.namespace, s.name))
            .collect();
        assert_eq!(
            sets,
            [
                ("default".to_string(), "web".to_string()),
                ("zookeeper".to_string(), "zk".to_string())
            ]
        );
    }

    #[test]
    fn natural_order_puts_ten_after_nine() {
        let mut names = ["web-10", "web-9", "web-1"];
        ordinal_api::order::sort_by_key(&mut names, |n| natural_key(n));
        assert_eq!(names, ["web-1", "web-9", "web-10"]);
    }

    #[test]
    fn watch_rows_follow_the_log() {
        let c = settled_web();
        let rows = watch(&c);
        let first = rows.first().expect("pods were created");
        assert_eq!(
            (first.name.as_str(), first.status.as_str()),
            ("web-0", "Pending")
        );
        let last = rows.last().expect("pods were created");
        assert_eq!(
            (last.name.as_str(), last.status.as_str()),
            ("web-2", "Running")
        );
        assert!(rows.windows(2).all(|w| w[0].time <= w[1].time));
    }

    #[test]
    fn claims_are_mounted_by_their_pod_and_kept_after_scale_down() {
        let mut c = settled_web();
        let before = claims(&c);
        let mounted: Vec<(&str, &[String])> = before
            .iter()
            .map(|c| (c.name.as_str(), c.mounted_by.as_slice()))
            .collect();
        assert_eq!(
            mounted,
            [
                ("www-web-0", &["web-0".to_string()][..]),
                ("www-web-1", &["web-1".to_string()][..]),
                ("www-web-2", &["web-2".to_string()][..]),
            ]
        );
        c.scale(&ObjectKey::new("StatefulSet", "default", "web"), 1)
            .expect("scale");
        c.run_until_idle(10_000);
        let after = claims(&c);
        assert_eq!(after.len(), 3, "claims are retained by default");
        assert!(after[2].mounted_by.is_empty());
        assert_eq!(after[2].capacity.as_deref(), Some("1Gi"));
    }

    #[test]
    fn events_name_the_object_and_reason() {
        let c = settled_web();
        let rows = events(&c);
        assert!(
            rows.iter()
                .any(|e| e.object == "statefulset/web" && e.reason == "SuccessfulCreate"),
            "{rows:?}"
        );
    }

    #[test]
    fn short_revision_drops_the_set_name() {
        let c = settled_web();
        let pod = &pods(&c)[0];
        let full = pod.revision.clone().expect("revision label");
        let short = pod.short_revision().expect("revision label");
        assert_eq!(full, format!("web-{short}"));
    }

    #[test]
    fn set_view_reads_the_template_container() {
        let c = settled_web();
        let sets = sets(&c);
        assert_eq!(sets.len(), 1);
        assert_eq!(sets[0].desired, 3);
        assert_eq!(
            sets[0].container,
            Some(("nginx".into(), "registry.k8s.io/nginx-slim:0.8".into()))
        );
    }

    #[test]
    fn pods_are_grouped_by_owner_with_the_set_first() {
        let mut c = settled_web();
        c.apply(include_str!("../../../tests/scenarios/compare-deploy.yaml"))
            .expect("compare-deploy.yaml applies");
        c.run_until_idle(10_000);
        let pods = pods(&c);
        let owners: Vec<&str> = pods.iter().filter_map(|p| p.owner.as_deref()).collect();
        assert_eq!(owners.len(), 6, "{pods:?}");
        assert!(
            owners[..3].iter().all(|o| *o == "StatefulSet/web"),
            "{owners:?}"
        );
        assert!(
            owners[3..]
                .iter()
                .all(|o| o.starts_with("ReplicaSet/web-deploy-")),
            "{owners:?}"
        );
        let set: Vec<&str> = pods[..3].iter().map(|p| p.name.as_str()).collect();
        assert_eq!(set, ["web-0", "web-1", "web-2"]);
        for pod in &pods[3..] {
            let hash = pod.short_revision().expect("pod-template-hash");
            assert_eq!(
                pod.owner.as_deref(),
                Some(format!("ReplicaSet/web-deploy-{hash}").as_str()),
                "{pod:?}"
            );
        }
    }
}
