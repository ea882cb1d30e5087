//! Table columns per resource type, as kubectl's server-side printers define them.

use crate::age::format_age;
use crate::print::object::to_json;
use ordinal_api::{
    Object, PersistentVolume, PersistentVolumeClaim, Pod, Service, StatefulSet, StorageClass,
};
use ordinal_sim::Time;
use serde_json::Value;

const NONE: &str = "<none>";

/// Column headers for a kind (`wide` adds `-o wide` columns).
pub fn headers(kind: &str, wide: bool) -> Vec<&'static str> {
    let (base, extra): (&[&str], &[&str]) = match kind {
        "Pod" => (
            &["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
            &["IP", "NODE", "NOMINATED NODE", "READINESS GATES"],
        ),
        "StatefulSet" => (&["NAME", "READY", "AGE"], &["CONTAINERS", "IMAGES"]),
        "Service" => (
            &[
                "NAME",
                "TYPE",
                "CLUSTER-IP",
                "EXTERNAL-IP",
                "PORT(S)",
                "AGE",
            ],
            &["SELECTOR"],
        ),
        "PersistentVolumeClaim" => (
            &[
                "NAME",
                "STATUS",
                "VOLUME",
                "CAPACITY",
                "ACCESS MODES",
                "STORAGECLASS",
                "VOLUMEATTRIBUTESCLASS",
                "AGE",
            ],
            &["VOLUMEMODE"],
        ),
        "PersistentVolume" => (
            &[
                "NAME",
                "CAPACITY",
                "ACCESS MODES",
                "RECLAIM POLICY",
                "STATUS",
                "CLAIM",
                "STORAGECLASS",
                "VOLUMEATTRIBUTESCLASS",
                "REASON",
                "AGE",
            ],
            &["VOLUMEMODE"],
        ),
        "StorageClass" => (
            &[
                "NAME",
                "PROVISIONER",
                "RECLAIMPOLICY",
                "VOLUMEBINDINGMODE",
                "ALLOWVOLUMEEXPANSION",
                "AGE",
            ],
            &[],
        ),
        "ControllerRevision" => (&["NAME", "CONTROLLER", "REVISION", "AGE"], &[]),
        "Node" => (
            &["NAME", "STATUS", "ROLES", "AGE", "VERSION"],
            &[
                "INTERNAL-IP",
                "EXTERNAL-IP",
                "OS-IMAGE",
                "KERNEL-VERSION",
                "CONTAINER-RUNTIME",
            ],
        ),
        // The wide columns interleave with the plain ones.
        "Event" if wide => return crate::print::event::WIDE_HEADERS.to_vec(),
        "Event" => (crate::print::event::HEADERS, &[]),
        "ConfigMap" => (&["NAME", "DATA", "AGE"], &[]),
        "Secret" => (&["NAME", "TYPE", "DATA", "AGE"], &[]),
        "Namespace" => (&["NAME", "STATUS", "AGE"], &[]),
        "Endpoints" => (&["NAME", "ENDPOINTS", "AGE"], &[]),
        "EndpointSlice" => (&["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"], &[]),
        "Deployment" | "ReplicaSet" | "DaemonSet" => {
            crate::print::workloads::headers(kind).unwrap_or((&["NAME", "AGE"], &[]))
        }
        _ => (&["NAME", "AGE"], &[]),
    };
    let mut headers = base.to_vec();
    if wide {
        headers.extend_from_slice(extra);
    }
    headers
}

fn age(now: Time, timestamp: Option<&str>) -> String {
    timestamp
        .and_then(Time::from_rfc3339)
        .map_or_else(|| "<unknown>".into(), |t| format_age(now.since(t)))
}

fn or_none(s: Option<&str>) -> String {
    s.filter(|s| !s.is_empty()).unwrap_or(NONE).to_string()
}

/// The STATUS column of `kubectl get pods` (printPod, R-4.4).
pub fn pod_status(pod: &Pod) -> String {
    let mut reason = pod
        .status
        .reason
        .clone()
        .or_else(|| pod.status.phase.clone())
        .unwrap_or_else(|| "Pending".into());
    let state_reason = |state: &Value| -> Option<String> {
        if let Some(w) = state.get("waiting") {
            return w.get("reason").and_then(Value::as_str).map(str::to_string);
        }
        let t = state.get("terminated")?;
        if let Some(r) = t.get("reason").and_then(Value::as_str) {
            return Some(r.to_string());
        }
        let signal = t.get("signal").and_then(Value::as_i64).unwrap_or(0);
        let code = t.get("exitCode").and_then(Value::as_i64).unwrap_or(0);
        Some(if signal != 0 {
            format!("Signal:{signal}")
        } else {
            format!("ExitCode:{code}")
        })
    };
    let mut initializing = false;
    let total_init = pod.spec.init_containers.len();
    for (i, status) in pod.status.init_container_statuses.iter().enumerate() {
        let Some(state) = &status.state else { continue };
        if let Some(t) = state.get("terminated") {
            if t.get("exitCode").and_then(Value::as_i64) == Some(0) {
                continue;
            }
            initializing = true;
            reason = format!("Init:{}", state_reason(state).unwrap_or_default());
            break;
        }
        initializing = true;
        reason = match state
            .get("waiting")
            .and_then(|w| w.get("reason"))
            .and_then(Value::as_str)
        {
            Some(r) if r != "PodInitializing" => format!("Init:{r}"),
            _ => format!("Init:{i}/{total_init}"),
        };
        break;
    }
    if !initializing {
        let mut has_running = false;
        for status in pod.status.container_statuses.iter().rev() {
            let Some(state) = &status.state else { continue };
            if let Some(r) = state_reason(state) {
                reason = r;
            } else if state.get("running").is_some() && status.ready {
                has_running = true;
            }
        }
        if reason == "Completed" && has_running {
            let ready = pod
                .status
                .conditions
                .iter()
                .any(|c| c.type_ == "Ready" && c.status == "True");
            reason = if ready { "Running" } else { "NotReady" }.into();
        }
    }
    if pod.metadata.deletion_timestamp.is_some() {
        if pod.status.reason.as_deref() == Some("NodeLost") {
            return "Unknown".into();
        }
        if !matches!(pod.status.phase.as_deref(), Some("Succeeded" | "Failed")) {
            return "Terminating".into();
        }
    }
    reason
}

fn pod_row(pod: &Pod, now: Time, wide: bool) -> Vec<String> {
    let total = pod.spec.containers.len();
    let statuses = &pod.status.container_statuses;
    let ready = statuses.iter().filter(|s| s.ready).count();
    let restarts: i32 = statuses.iter().map(|s| s.restart_count).sum();
    // `2 (35s ago)`: the latest container termination, when one is known.
    let last_restart = statuses
        .iter()
        .filter_map(|s| {
            s.last_state
                .as_ref()?
                .pointer("/terminated/finishedAt")?
                .as_str()
        })
        .filter_map(Time::from_rfc3339)
        .max();
    let restarts = match last_restart {
        Some(at) if restarts > 0 => format!("{restarts} ({} ago)", format_age(now.since(at))),
        _ => restarts.to_string(),
    };
    let mut row = vec![
        pod.metadata.name.clone(),
        format!("{ready}/{total}"),
        pod_status(pod),
        restarts,
        age(now, pod.metadata.creation_timestamp.as_deref()),
    ];
    if wide {
        row.push(or_none(pod.status.pod_ip.as_deref()));
        row.push(or_none(pod.spec.node_name.as_deref()));
        row.push(NONE.into());
        row.push(NONE.into());
    }
    row
}

fn statefulset_row(set: &StatefulSet, now: Time, wide: bool) -> Vec<String> {
    let mut row = vec![
        set.metadata.name.clone(),
        format!(
            "{}/{}",
            set.status.ready_replicas.unwrap_or(0),
            set.spec.replicas.unwrap_or(1)
        ),
        age(now, set.metadata.creation_timestamp.as_deref()),
    ];
    if wide {
        let containers = &set.spec.template.spec.containers;
        row.push(
            containers
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>()
                .join(","),
        );
        row.push(
            containers
                .iter()
                .map(|c| c.image.as_deref().unwrap_or(""))
                .collect::<Vec<_>>()
                .join(","),
        );
    }
    row
}

fn selector_text(selector: &std::collections::BTreeMap<String, String>) -> String {
    if selector.is_empty() {
        return NONE.into();
    }
    selector
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// `spec.clusterIP`, whichever way the intake stored it (typed field or pass-through).
pub fn service_cluster_ip(svc: &Service) -> String {
    svc.spec
        .cluster_ip
        .clone()
        .or_else(|| {
            svc.spec
                .extra
                .get("clusterIP")
                .and_then(Value::as_str)
                .map(String::from)
        })
        .unwrap_or_else(|| NONE.into())
}

fn service_row(svc: &Service, now: Time, wide: bool) -> Vec<String> {
    let ports = if svc.spec.ports.is_empty() {
        NONE.to_string()
    } else {
        svc.spec
            .ports
            .iter()
            .map(|p| {
                let protocol = p.protocol.as_deref().unwrap_or("TCP");
                match p.node_port {
                    Some(node_port) => format!("{}:{node_port}/{protocol}", p.port),
                    None => format!("{}/{protocol}", p.port),
                }
            })
            .collect::<Vec<_>>()
            .join(",")
    };
    let mut row = vec![
        svc.metadata.name.clone(),
        svc.spec.type_.clone().unwrap_or_else(|| "ClusterIP".into()),
        service_cluster_ip(svc),
        NONE.into(),
        ports,
        age(now, svc.metadata.creation_timestamp.as_deref()),
    ];
    if wide {
        row.push(selector_text(&svc.spec.selector));
    }
    row
}

/// `RWO`, `ROX`, `RWX`, `RWOP`, comma-joined.
pub fn access_modes(modes: &[String]) -> String {
    modes
        .iter()
        .map(|m| match m.as_str() {
            "ReadWriteOnce" => "RWO",
            "ReadOnlyMany" => "ROX",
            "ReadWriteMany" => "RWX",
            "ReadWriteOncePod" => "RWOP",
            other => other,
        })
        .collect::<Vec<_>>()
        .join(",")
}

fn pvc_row(pvc: &PersistentVolumeClaim, now: Time, wide: bool) -> Vec<String> {
    let status = if pvc.metadata.deletion_timestamp.is_some() {
        "Terminating".to_string()
    } else {
        pvc.status.phase.clone().unwrap_or_else(|| "Pending".into())
    };
    let bound = pvc.status.phase.as_deref() == Some("Bound");
    let mut row = vec![
        pvc.metadata.name.clone(),
        status,
        if bound {
            pvc.spec.volume_name.clone().unwrap_or_default()
        } else {
            String::new()
        },
        if bound {
            pvc.status
                .capacity
                .get("storage")
                .cloned()
                .unwrap_or_default()
        } else {
            String::new()
        },
        if bound {
            access_modes(&pvc.status.access_modes)
        } else {
            String::new()
        },
        pvc.spec.storage_class_name.clone().unwrap_or_default(),
        "<unset>".into(),
        age(now, pvc.metadata.creation_timestamp.as_deref()),
    ];
    if wide {
        row.push(
            pvc.spec
                .volume_mode
                .clone()
                .unwrap_or_else(|| "Filesystem".into()),
        );
    }
    row
}

fn pv_row(pv: &PersistentVolume, now: Time, wide: bool) -> Vec<String> {
    let status = if pv.metadata.deletion_timestamp.is_some() {
        "Terminating".to_string()
    } else {
        pv.status.phase.clone().unwrap_or_else(|| "Pending".into())
    };
    let claim = pv
        .spec
        .claim_ref
        .as_ref()
        .map(|c| {
            format!(
                "{}/{}",
                c.namespace.as_deref().unwrap_or(""),
                c.name.as_deref().unwrap_or("")
            )
        })
        .unwrap_or_default();
    let mut row = vec![
        pv.metadata.name.clone(),
        pv.spec.capacity.get("storage").cloned().unwrap_or_default(),
        access_modes(&pv.spec.access_modes),
        pv.spec
            .persistent_volume_reclaim_policy
            .clone()
            .unwrap_or_else(|| "Retain".into()),
        status,
        claim,
        pv.spec.storage_class_name.clone().unwrap_or_default(),
        "<unset>".into(),
        pv.status.reason.clone().unwrap_or_default(),
        age(now, pv.metadata.creation_timestamp.as_deref()),
    ];
    if wide {
        row.push(
            pv.spec
                .volume_mode
                .clone()
                .unwrap_or_else(|| "Filesystem".into()),
        );
    }
    row
}

fn storage_class_row(sc: &StorageClass, now: Time) -> Vec<String> {
    let default = sc
        .metadata
        .annotations
        .get("storageclass.kubernetes.io/is-default-class")
        .is_some_and(|v| v == "true");
    vec![
        if default {
            format!("{} (default)", sc.metadata.name)
        } else {
            sc.metadata.name.clone()
        },
        sc.provisioner.clone(),
        sc.reclaim_policy.clone().unwrap_or_else(|| "Delete".into()),
        sc.volume_binding_mode
            .clone()
            .unwrap_or_else(|| "Immediate".into()),
        sc.allow_volume_expansion.unwrap_or(false).to_string(),
        age(now, sc.metadata.creation_timestamp.as_deref()),
    ]
}

fn str_at<'a>(value: &'a Value, path: &[&str]) -> Option<&'a str> {
    path.iter().try_fold(value, |v, k| v.get(k))?.as_str()
}

/// Rows for kinds the simulator stores as untyped objects, read from their JSON.
fn generic_row(object: &Object, now: Time, wide: bool) -> Vec<String> {
    let json = to_json(object);
    let meta = object.metadata();
    let created = age(now, meta.creation_timestamp.as_deref());
    let count = |key: &str| {
        json.get(key)
            .and_then(Value::as_object)
            .map_or(0, |m| m.len())
    };
    match object.kind() {
        "ControllerRevision" => {
            let controller = meta
                .owner_references
                .iter()
                .find(|o| o.controller == Some(true))
                .map(|o| {
                    format!(
                        "{}/{}",
                        crate::resource::for_kind(&o.kind)
                            .map_or_else(|| o.kind.to_ascii_lowercase(), |t| t.qualified()),
                        o.name
                    )
                })
                .unwrap_or_else(|| NONE.into());
            let revision = json
                .get("revision")
                .map(crate::print::jsonpath::value_text)
                .unwrap_or_default();
            vec![meta.name.clone(), controller, revision, created]
        }
        "Node" => {
            let ready = json
                .pointer("/status/conditions")
                .and_then(Value::as_array)
                .and_then(|cs| cs.iter().find(|c| str_at(c, &["type"]) == Some("Ready")))
                .and_then(|c| str_at(c, &["status"]));
            let mut status = match ready {
                Some("True") => "Ready".to_string(),
                _ => "NotReady".to_string(),
            };
            if json.pointer("/spec/unschedulable").and_then(Value::as_bool) == Some(true) {
                status.push_str(",SchedulingDisabled");
            }
            let roles: Vec<&str> = meta
                .labels
                .keys()
                .filter_map(|k| k.strip_prefix("node-role.kubernetes.io/"))
                .collect();
            let mut row = vec![
                meta.name.clone(),
                status,
                if roles.is_empty() {
                    NONE.into()
                } else {
                    roles.join(",")
                },
                created,
                str_at(&json, &["status", "nodeInfo", "kubeletVersion"])
                    .unwrap_or("")
                    .to_string(),
            ];
            if wide {
                let internal_ip = json
                    .pointer("/status/addresses")
                    .and_then(Value::as_array)
                    .and_then(|a| {
                        a.iter()
                            .find(|x| str_at(x, &["type"]) == Some("InternalIP"))
                    })
                    .and_then(|x| str_at(x, &["address"]));
                row.push(or_none(internal_ip));
                row.push(NONE.into());
                for key in ["osImage", "kernelVersion", "containerRuntimeVersion"] {
                    row.push(or_none(str_at(&json, &["status", "nodeInfo", key])));
                }
            }
            row
        }
        "Event" => crate::print::event::row(&json, now, wide),
        "ConfigMap" => vec![
            meta.name.clone(),
            (count("data") + count("binaryData")).to_string(),
            created,
        ],
        "Secret" => vec![
            meta.name.clone(),
            str_at(&json, &["type"]).unwrap_or("Opaque").to_string(),
            count("data").to_string(),
            created,
        ],
        "Namespace" => vec![
            meta.name.clone(),
            str_at(&json, &["status", "phase"])
                .unwrap_or("Active")
                .to_string(),
            created,
        ],
        "Endpoints" | "EndpointSlice" => crate::print::endpoints::row(object, &json, created),
        "Deployment" | "ReplicaSet" | "DaemonSet" => {
            crate::print::workloads::row(object, now, wide)
                .unwrap_or_else(|| vec![meta.name.clone(), created])
        }
        _ => vec![meta.name.clone(), created],
    }
}

/// One table row for an object (without NAMESPACE/LABELS extras).
pub fn row(object: &Object, now: Time, wide: bool) -> Vec<String> {
    match object {
        Object::Pod(pod) => pod_row(pod, now, wide),
        Object::StatefulSet(set) => statefulset_row(set, now, wide),
        Object::Service(svc) => service_row(svc, now, wide),
        Object::PersistentVolumeClaim(pvc) => pvc_row(pvc, now, wide),
        Object::PersistentVolume(pv) => pv_row(pv, now, wide),
        Object::StorageClass(sc) => storage_class_row(sc, now),
        Object::Event(_) | Object::Other { .. } => generic_row(object, now, wide),
    }
}
