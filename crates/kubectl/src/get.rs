//! `kubectl get`: resolves `TYPE[,TYPE…] [NAME…]` / `TYPE/NAME…`, filters, and prints with any
//! printer.

use crate::args::Args;
use crate::backend;
use crate::print::columns;
use crate::print::jsonpath;
use crate::print::object::{list_json, to_json, type_slash_name};
use crate::print::yaml::to_yaml;
use crate::print::{OutputFormat, to_json_text};
use crate::resource::{self, ResourceType};
use crate::selector::{FieldSelector, LabelSelector};
use crate::shell::Output;
use crate::table::{self, Widths};
use ordinal_api::Object;
use ordinal_sim::{Cluster, Time};
use std::borrow::Cow;

pub use columns::pod_status;

/// The types `kubectl get all` expands to.
const ALL: &[&str] = &[
    "pods",
    "services",
    "daemonsets",
    "deployments",
    "replicasets",
    "statefulsets",
    "jobs",
    "cronjobs",
];

/// What a command line asked for: each type with the names given for it (empty = list).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Targets {
    pub items: Vec<(&'static ResourceType, Vec<String>)>,
    /// `TYPE/NAME` form or explicit names: missing objects are errors, not "No resources".
    pub named: bool,
}

pub fn unknown_type(name: &str) -> String {
    format!("error: the server doesn't have a resource type \"{name}\"\n")
}

/// Parses `pods`, `pods,pvc`, `pod web-0 web-1`, `pod/web-0 svc/nginx`.
pub fn parse_targets(positional: &[String]) -> Result<Targets, String> {
    let Some(first) = positional.first() else {
        return Err("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples\n".into());
    };
    if first.contains('/') {
        let mut items: Vec<(&'static ResourceType, Vec<String>)> = Vec::new();
        for arg in positional {
            let (type_name, name) = arg.split_once('/').ok_or_else(|| {
                "error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'\n".to_string()
            })?;
            let t = resource::lookup(type_name).ok_or_else(|| unknown_type(type_name))?;
            match items.iter_mut().find(|(known, _)| *known == t) {
                Some((_, names)) => names.push(name.to_string()),
                None => items.push((t, vec![name.to_string()])),
            }
        }
        return Ok(Targets { items, named: true });
    }
    let names: Vec<String> = positional[1..].to_vec();
    if names.iter().any(|n| n.contains('/')) {
        return Err("error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'\n".into());
    }
    let mut items = Vec::new();
    for type_name in first.split(',').filter(|t| !t.is_empty()) {
        if type_name == "all" {
            items.extend(
                ALL.iter()
                    .filter_map(|t| resource::lookup(t))
                    .map(|t| (t, names.clone())),
            );
            continue;
        }
        let t = resource::lookup(type_name).ok_or_else(|| unknown_type(type_name))?;
        items.push((t, names.clone()));
    }
    Ok(Targets {
        named: !names.is_empty(),
        items,
    })
}

/// How rows are decorated: namespace column, `TYPE/` prefix, label columns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RowOptions {
    pub all_namespaces: bool,
    pub with_kind: bool,
    pub wide: bool,
    pub show_labels: bool,
    pub label_columns: Vec<String>,
}

impl RowOptions {
    pub fn header(&self, kind: &str, namespaced: bool) -> Vec<String> {
        let mut row: Vec<String> = Vec::new();
        if self.all_namespaces && namespaced {
            row.push("NAMESPACE".into());
        }
        row.extend(
            columns::headers(kind, self.wide)
                .into_iter()
                .map(String::from),
        );
        for key in &self.label_columns {
            row.push(key.rsplit('/').next().unwrap_or(key).to_ascii_uppercase());
        }
        if self.show_labels {
            row.push("LABELS".into());
        }
        row
    }

    pub fn row(&self, object: &Object, now: Time) -> Vec<String> {
        let meta = object.metadata();
        let mut row = Vec::new();
        if self.all_namespaces && object.is_namespaced() {
            row.push(meta.namespace.clone().unwrap_or_default());
        }
        let mut cells = columns::row(object, now, self.wide);
        if self.with_kind
            && let Some(name) = cells.first_mut()
            && object.kind() != "Event"
        {
            let kind_prefix = type_slash_name(object);
            *name = match name.strip_prefix(meta.name.as_str()) {
                Some(suffix) => format!("{kind_prefix}{suffix}"),
                None => kind_prefix,
            };
        }
        row.extend(cells);
        for key in &self.label_columns {
            row.push(meta.labels.get(key).cloned().unwrap_or_default());
        }
        if self.show_labels {
            row.push(if meta.labels.is_empty() {
                "<none>".into()
            } else {
                meta.labels
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join(",")
            });
        }
        row
    }
}

/// Filters shared by `get`, `delete -l` and watches.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// `None` with `-A`.
    pub namespace: Option<String>,
    pub labels: LabelSelector,
    pub fields: Option<FieldSelector>,
}

impl Filter {
    pub fn from_args(args: &Args, default_namespace: &str) -> Result<Self, String> {
        let namespace = if args.is_set("all-namespaces") {
            None
        } else {
            Some(
                args.value("namespace")
                    .unwrap_or(default_namespace)
                    .to_string(),
            )
        };
        let labels = LabelSelector::parse(args.value("selector").unwrap_or(""))
            .map_err(|e| format!("error: {e}\n"))?;
        let fields = args
            .value("field-selector")
            .map(FieldSelector::parse)
            .transpose()
            .map_err(|e| format!("error: {e}\n"))?;
        Ok(Filter {
            namespace,
            labels,
            fields,
        })
    }

    /// The namespace to look in for a type (cluster-scoped types have none).
    pub fn namespace_for(&self, t: &ResourceType) -> Option<&str> {
        if t.namespaced {
            self.namespace.as_deref()
        } else {
            None
        }
    }

    pub fn matches(&self, object: &Object) -> bool {
        self.labels.matches(&object.metadata().labels)
            && self
                .fields
                .as_ref()
                .is_none_or(|f| f.matches(&to_json(object)))
    }
}

/// `Error from server (NotFound): pods "web-9" not found`
pub fn not_found(t: &ResourceType, name: &str) -> String {
    format!(
        "Error from server (NotFound): {} \"{name}\" not found\n",
        t.qualified_plural()
    )
}

/// `No resources found in default namespace.` / `No resources found`
pub fn no_resources(namespace: Option<&str>) -> String {
    match namespace {
        Some(ns) => format!("No resources found in {ns} namespace.\n"),
        None => "No resources found\n".into(),
    }
}

/// Finds the objects for each target type; `Err` lines are NotFound messages.
/// Objects found per type; listed objects are borrowed from the store (no copy of 10,000 pods
/// just to print them).
pub type Found<'a> = Vec<(&'static ResourceType, Vec<Cow<'a, Object>>)>;

pub fn collect<'a>(
    cluster: &'a Cluster,
    targets: &Targets,
    filter: &Filter,
) -> (Found<'a>, String) {
    let mut found = Vec::new();
    let mut errors = String::new();
    for (t, names) in &targets.items {
        let namespace = filter.namespace_for(t);
        let listed = |kind: &'static str| -> Vec<Cow<'a, Object>> {
            if kind == "Event" {
                crate::events::event_objects(cluster, namespace)
                    .into_iter()
                    .map(Cow::Owned)
                    .collect()
            } else if matches!(kind, "Endpoints" | "EndpointSlice") {
                // The endpoint controllers' objects, computed from the Services and pods now.
                ordinal_sim::services::endpoint_views(cluster.store(), kind, namespace)
                    .into_iter()
                    .map(Cow::Owned)
                    .collect()
            } else {
                backend::list_borrowed(cluster, kind, namespace)
                    .into_iter()
                    .map(Cow::Borrowed)
                    .collect()
            }
        };
        let objects: Vec<Cow<'a, Object>> = if names.is_empty() {
            listed(t.kind)
                .into_iter()
                .filter(|o| filter.matches(o))
                .collect()
        } else {
            let ns = namespace.unwrap_or(if t.namespaced { "default" } else { "" });
            names
                .iter()
                .filter_map(|name| {
                    let object = if matches!(t.kind, "Event" | "Endpoints" | "EndpointSlice") {
                        listed(t.kind)
                            .into_iter()
                            .find(|o| &o.metadata().name == name)
                    } else {
                        backend::get(cluster, t.kind, ns, name).map(Cow::Owned)
                    };
                    match object {
                        Some(o) => Some(o),
                        None => {
                            errors.push_str(&not_found(t, name));
                            None
                        }
                    }
                })
                .collect()
        };
        found.push((*t, objects));
    }
    (found, errors)
}

/// kubectl's `RelaxedJSONPathExpression`: `.a.b` and `a.b` both mean `{.a.b}`.
fn relaxed_json_path(field: &str) -> String {
    let field = field.trim();
    if field.starts_with('{') {
        field.to_string()
    } else if field.starts_with('.') {
        format!("{{{field}}}")
    } else {
        format!("{{.{field}}}")
    }
}

fn sort_objects(objects: &mut [Cow<'_, Object>], sort_by: &str) -> Result<(), String> {
    let mut keyed: Vec<(Option<String>, Cow<'_, Object>)> = Vec::new();
    for o in objects.iter() {
        let key = jsonpath::column(sort_by, &to_json(o)).map_err(|e| format!("error: {e}\n"))?;
        keyed.push((key, o.clone()));
    }
    // sorter.go: a path no object has is an error, not an unsorted list.
    if !keyed.is_empty() && keyed.iter().all(|(key, _)| key.is_none()) {
        return Err(format!(
            "error: couldn't find any field with path \"{}\" in the list of objects\n",
            relaxed_json_path(sort_by)
        ));
    }
    ordinal_api::order::sort_by(&mut keyed, |(a, _), (b, _)| {
        match (
            a.as_deref().map(str::parse::<f64>),
            b.as_deref().map(str::parse::<f64>),
        ) {
            (Some(Ok(x)), Some(Ok(y))) => x.total_cmp(&y),
            _ => a.cmp(b),
        }
    });
    for (slot, (_, o)) in objects.iter_mut().zip(keyed) {
        *slot = o;
    }
    Ok(())
}

/// What a watch needs to keep printing after the initial listing.
#[derive(Debug, Clone)]
pub struct WatchSpec {
    pub resource: &'static ResourceType,
    pub names: Vec<String>,
    pub filter: Filter,
    pub rows: RowOptions,
    pub widths: Widths,
    /// Where the watch is in the store's watch log.
    pub cursor: crate::watch::Cursor,
}

/// Runs `kubectl get`. A watch request returns its spec for the shell to drive.
pub fn run(cluster: &Cluster, args: &Args, default_namespace: &str) -> (Output, Option<WatchSpec>) {
    match run_inner(cluster, args, default_namespace) {
        Ok(result) => result,
        Err(stderr) => (Output::err(stderr, 1), None),
    }
}

fn run_inner(
    cluster: &Cluster,
    args: &Args,
    default_namespace: &str,
) -> Result<(Output, Option<WatchSpec>), String> {
    let format = OutputFormat::parse(args.value("output")).map_err(|e| format!("{e}\n"))?;
    let targets = parse_targets(&args.positional)?;
    let filter = Filter::from_args(args, default_namespace)?;
    if let Some(fields) = &filter.fields {
        for (t, _) in &targets.items {
            // A GroupVersionResource prints as `apps/v1, Resource=statefulsets`.
            let resource = format!("{}/{}, Resource={}", t.group, t.version, t.plural);
            fields
                .check_supported(
                    t.kind,
                    &resource,
                    args.value("selector").unwrap_or_default(),
                    args.value("field-selector").unwrap_or_default(),
                )
                .map_err(|e| format!("{e}\n"))?;
        }
    }
    let (mut found, errors) = collect(cluster, &targets, &filter);
    if let Some(sort_by) = args.value("sort-by") {
        for (_, objects) in &mut found {
            sort_objects(objects, sort_by)?;
        }
    }
    let kinds_with_objects = found.iter().filter(|(_, o)| !o.is_empty()).count();
    let rows = RowOptions {
        all_namespaces: filter.namespace.is_none(),
        with_kind: args.is_set("show-kind") || kinds_with_objects > 1 || targets.items.len() > 1,
        wide: format == OutputFormat::Wide,
        show_labels: args.is_set("show-labels"),
        label_columns: args
            .values("label-columns")
            .iter()
            .flat_map(|v| v.split(','))
            .filter(|k| !k.is_empty())
            .map(String::from)
            .collect(),
    };
    let watch = args.is_set("watch") || args.is_set("watch-only");
    if watch && targets.items.len() != 1 {
        return Err("error: you may only specify a single resource type\n".into());
    }
    let mut stdout = String::new();
    let mut widths = Widths::default();
    let now = cluster.now();
    let all: Vec<&Object> = found
        .iter()
        .flat_map(|(_, o)| o.iter().map(|c| c.as_ref()))
        .collect();
    // One type and one name: kubectl's IntoSingleItemImplied (prints the object, not a List,
    // and nothing but the error when it is missing).
    let single_implied =
        targets.named && targets.items.iter().map(|(_, n)| n.len()).sum::<usize>() == 1;
    let single = single_implied && all.len() == 1;
    match &format {
        OutputFormat::Table | OutputFormat::Wide if !args.is_set("watch-only") => {
            let mut first = true;
            for (t, objects) in &found {
                if objects.is_empty() {
                    continue;
                }
                if !first {
                    stdout.push('\n');
                }
                first = false;
                let mut table_rows = Vec::new();
                if !args.is_set("no-headers") {
                    table_rows.push(rows.header(t.kind, t.namespaced));
                }
                table_rows.extend(objects.iter().map(|o| rows.row(o, now)));
                let (text, w) = table::render_with(&table_rows);
                stdout.push_str(&text);
                widths = w;
            }
        }
        OutputFormat::Table | OutputFormat::Wide => {}
        OutputFormat::Name => {
            for o in &all {
                stdout.push_str(&type_slash_name(o));
                stdout.push('\n');
            }
        }
        OutputFormat::Yaml | OutputFormat::Json | OutputFormat::JsonPath(_)
            if single_implied && all.is_empty() => {}
        OutputFormat::Yaml | OutputFormat::Json | OutputFormat::JsonPath(_) => {
            let value = if single {
                to_json(all[0])
            } else {
                list_json(all.iter().map(|o| to_json(o)).collect())
            };
            stdout = match &format {
                OutputFormat::Yaml => to_yaml(&value),
                OutputFormat::Json => to_json_text(&value),
                OutputFormat::JsonPath(t) => jsonpath::evaluate(t, &value)
                    .map_err(|e| format!("error: error parsing jsonpath {t}, {e}\n"))?,
                _ => String::new(),
            };
        }
        OutputFormat::CustomColumns(spec) => {
            let mut table_rows = Vec::new();
            if !args.is_set("no-headers") {
                table_rows.push(spec.iter().map(|(h, _)| h.clone()).collect::<Vec<_>>());
            }
            for o in &all {
                let json = to_json(o);
                let mut row = Vec::new();
                for (_, path) in spec {
                    let cell =
                        jsonpath::column(path, &json).map_err(|e| format!("error: {e}\n"))?;
                    row.push(cell.unwrap_or_else(|| "<none>".into()));
                }
                table_rows.push(row);
            }
            stdout = table::render(&table_rows);
        }
    }
    let mut stderr = errors;
    // The API server's deprecation warning (1.33+), which kubectl prints before the table.
    let deprecated = targets.items.iter().any(|(t, _)| t.kind == "Endpoints");
    if deprecated {
        stderr.insert_str(
            0,
            "Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n",
        );
    }
    let listing = !targets.named;
    let human = matches!(format, OutputFormat::Table | OutputFormat::Wide);
    if listing && all.is_empty() && human && !watch {
        let namespaced = targets.items.iter().any(|(t, _)| t.namespaced);
        stderr.push_str(&no_resources(if namespaced {
            filter.namespace.as_deref()
        } else {
            None
        }));
    }
    let exit_code = if stderr.starts_with("Error") || stderr.contains("\nError") {
        1
    } else {
        0
    };
    let watch_spec = watch.then(|| WatchSpec {
        resource: targets.items[0].0,
        names: targets.items[0].1.clone(),
        filter: filter.clone(),
        rows: rows.clone(),
        widths,
        cursor: crate::watch::Cursor::at_end(cluster),
    });
    Ok((
        Output {
            stdout,
            stderr,
            exit_code,
            stderr_first: deprecated,
        },
        watch_spec,
    ))
}
