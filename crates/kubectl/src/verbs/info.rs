//! Verbs that describe the cluster rather than objects: `api-resources`, `cluster-info`
//! (`version` has its own module).

use crate::args::Args;
use crate::resource::RESOURCE_TYPES;
use crate::shell::Output;
use crate::table;

pub fn api_resources(args: &Args) -> Output {
    let namespaced = match args.value("namespaced") {
        Some("true") => Some(true),
        Some("false") => Some(false),
        _ => None,
    };
    let group = args.value("api-group");
    let mut rows = vec![
        ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]
            .map(String::from)
            .to_vec(),
    ];
    for t in RESOURCE_TYPES {
        if namespaced.is_some_and(|n| n != t.namespaced) || group.is_some_and(|g| g != t.group) {
            continue;
        }
        rows.push(vec![
            t.plural.to_string(),
            t.short_names.join(","),
            t.api_version(),
            t.namespaced.to_string(),
            t.kind.to_string(),
        ]);
    }
    if args.value("output") == Some("name") {
        return Output::ok(
            rows.iter()
                .skip(1)
                .map(|r| {
                    let t = RESOURCE_TYPES.iter().find(|t| t.plural == r[0]);
                    match t {
                        Some(t) if !t.group.is_empty() => format!("{}.{}\n", t.plural, t.group),
                        _ => format!("{}\n", r[0]),
                    }
                })
                .collect(),
        );
    }
    Output::ok(table::render(&rows))
}

pub fn cluster_info() -> Output {
    Output::ok(
        "Kubernetes control plane is running at https://127.0.0.1:6443\nCoreDNS is running at https://127.0.0.1:6443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n".into(),
    )
}
