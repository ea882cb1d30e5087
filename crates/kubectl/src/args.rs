//! kubectl's flag syntax (pflag): `--flag=v`, `--flag v`, `-n v`, `-nv`, `-it`, `--`, and its
//! usage errors.

use std::collections::BTreeMap;

/// (long name, shorthand, takes a value)
const FLAGS: &[(&str, Option<char>, bool)] = &[
    ("namespace", Some('n'), true),
    ("all-namespaces", Some('A'), false),
    ("selector", Some('l'), true),
    ("output", Some('o'), true),
    ("label-columns", Some('L'), true),
    ("show-labels", None, false),
    ("show-kind", None, false),
    ("no-headers", None, false),
    ("watch", Some('w'), false),
    ("watch-only", None, false),
    ("sort-by", None, true),
    ("field-selector", None, true),
    ("filename", Some('f'), true),
    ("recursive", Some('R'), false),
    ("grace-period", None, true),
    ("force", None, false),
    ("cascade", None, true),
    ("wait", None, false),
    ("now", None, false),
    ("all", None, false),
    ("ignore-not-found", None, false),
    ("replicas", None, true),
    ("current-replicas", None, true),
    ("patch", Some('p'), true),
    ("type", None, true),
    ("to-revision", None, true),
    ("revision", None, true),
    ("timeout", None, true),
    ("request-timeout", None, true),
    ("container", Some('c'), true),
    ("image", None, true),
    ("restart", None, true),
    ("for", None, true),
    ("tail", None, true),
    ("previous", None, false),
    ("follow", None, false),
    ("overwrite", None, false),
    ("local", None, false),
    ("dry-run", None, true),
    ("server-side", None, false),
    ("stdin", Some('i'), false),
    ("tty", Some('t'), false),
    ("rm", None, false),
    ("ignore-daemonsets", None, false),
    ("delete-emptydir-data", None, false),
    ("labels", None, true),
    ("env", None, true),
    ("port", None, true),
    ("command", None, false),
    ("record", None, false),
    ("client", None, false),
    ("api-group", None, true),
    ("namespaced", None, true),
    ("help", Some('h'), false),
];

/// Parsed command-line arguments after the verb.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Args {
    pub positional: Vec<String>,
    /// Words after `--` (for `exec`, `run`).
    pub after_dashes: Vec<String>,
    flags: BTreeMap<&'static str, Vec<String>>,
}

impl Args {
    /// The last value given for a flag (`-o yaml -o json` means json, as in pflag).
    pub fn value(&self, long: &str) -> Option<&str> {
        self.flags.get(long)?.last().map(String::as_str)
    }

    /// Every value given for a repeatable flag (`-f a.yaml -f b.yaml`, `-L a,b`).
    pub fn values(&self, long: &str) -> Vec<&str> {
        self.flags
            .get(long)
            .map(|v| v.iter().map(String::as_str).collect())
            .unwrap_or_default()
    }

    /// Whether a boolean flag is on (`--force`, `--force=true`).
    pub fn is_set(&self, long: &str) -> bool {
        self.value(long).is_some_and(|v| v != "false")
    }

    pub fn has(&self, long: &str) -> bool {
        self.flags.contains_key(long)
    }
}

fn spec_long(name: &str) -> Option<(&'static str, bool)> {
    FLAGS
        .iter()
        .find(|(long, _, _)| *long == name)
        .map(|(long, _, value)| (*long, *value))
}

fn spec_short(c: char) -> Option<(&'static str, bool)> {
    FLAGS
        .iter()
        .find(|(_, short, _)| *short == Some(c))
        .map(|(long, _, value)| (*long, *value))
}

/// Parses `words` (everything after the verb). `verb` names the command in usage errors.
/// `logs` reads `-p` as `--previous`, as kubectl does.
pub fn parse(verb: &str, words: &[String]) -> Result<Args, String> {
    let usage = |msg: String| format!("Error: {msg}\nSee 'kubectl {verb} --help' for usage.");
    let mut args = Args::default();
    let mut iter = words.iter();
    while let Some(word) = iter.next() {
        if word == "--" {
            args.after_dashes = iter.by_ref().cloned().collect();
            break;
        }
        if let Some(body) = word.strip_prefix("--") {
            let (name, inline) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            let (long, takes_value) =
                spec_long(name).ok_or_else(|| usage(format!("unknown flag: --{name}")))?;
            let value = match (takes_value, inline) {
                (_, Some(v)) => v,
                (true, None) => iter
                    .next()
                    .cloned()
                    .ok_or_else(|| usage(format!("flag needs an argument: --{name}")))?,
                (false, None) => "true".into(),
            };
            args.flags.entry(long).or_default().push(value);
        } else if let Some(shorts) = word.strip_prefix('-').filter(|s| !s.is_empty()) {
            for (i, c) in shorts.char_indices() {
                let spec = if verb == "logs" && c == 'p' {
                    Some(("previous", false))
                } else {
                    spec_short(c)
                };
                let (long, takes_value) = spec
                    .ok_or_else(|| usage(format!("unknown shorthand flag: '{c}' in -{shorts}")))?;
                if !takes_value {
                    args.flags.entry(long).or_default().push("true".into());
                    continue;
                }
                let rest = &shorts[i + c.len_utf8()..];
                let value = if let Some(v) = rest.strip_prefix('=') {
                    v.to_string()
                } else if !rest.is_empty() {
                    rest.to_string()
                } else {
                    iter.next().cloned().ok_or_else(|| {
                        usage(format!("flag needs an argument: '{c}' in -{shorts}"))
                    })?
                };
                args.flags.entry(long).or_default().push(value);
                break;
            }
        } else {
            args.positional.push(word.clone());
        }
    }
    Ok(args)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_line(verb: &str, line: &str) -> Result<Args, String> {
        let words: Vec<String> = line.split_whitespace().map(String::from).collect();
        parse(verb, &words)
    }

    #[test]
    fn flag_forms() {
        let a = parse_line(
            "get",
            "pods -n kube-system -owide --show-labels -l app=nginx",
        )
        .expect("parses");
        assert_eq!(a.positional, ["pods"]);
        assert_eq!(a.value("namespace"), Some("kube-system"));
        assert_eq!(a.value("output"), Some("wide"));
        assert_eq!(a.value("selector"), Some("app=nginx"));
        assert!(a.is_set("show-labels"));

        let b = parse_line("get", "po --namespace=zk -A -w --output=json").expect("parses");
        assert_eq!(b.value("namespace"), Some("zk"));
        assert!(b.is_set("all-namespaces") && b.is_set("watch"));
        assert_eq!(b.value("output"), Some("json"));

        let c = parse_line("exec", "-it web-0 -- sh -c hostname").expect("parses");
        assert!(c.is_set("stdin") && c.is_set("tty"));
        assert_eq!(c.positional, ["web-0"]);
        assert_eq!(c.after_dashes, ["sh", "-c", "hostname"]);

        let d = parse_line("delete", "pod web-0 --force=false --grace-period=0").expect("parses");
        assert!(!d.is_set("force"));
        assert_eq!(d.value("grace-period"), Some("0"));

        let e = parse_line("logs", "web-0 -p").expect("parses");
        assert!(e.is_set("previous"));
        let f = parse_line("get", "pods -L app,tier -L zone").expect("parses");
        assert_eq!(f.values("label-columns"), ["app,tier", "zone"]);
    }

    #[test]
    fn usage_errors_match_kubectl() {
        let cases = [
            (
                "pods --bogus",
                "Error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.",
            ),
            (
                "pods -z",
                "Error: unknown shorthand flag: 'z' in -z\nSee 'kubectl get --help' for usage.",
            ),
            (
                "pods -n",
                "Error: flag needs an argument: 'n' in -n\nSee 'kubectl get --help' for usage.",
            ),
            (
                "pods --namespace",
                "Error: flag needs an argument: --namespace\nSee 'kubectl get --help' for usage.",
            ),
        ];
        for (line, want) in cases {
            assert_eq!(parse_line("get", line).expect_err(line), want, "{line}");
        }
    }
}
