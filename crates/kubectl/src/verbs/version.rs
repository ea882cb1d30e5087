//! `kubectl version` (pkg/cmd/version/version.go): the short lines, and with `-o json|yaml`
//! the `Version` struct itself — `clientVersion`, `kustomizeVersion`, `serverVersion`, each
//! side an apimachinery `version.Info`.

use crate::args::Args;
use crate::print::yaml::to_yaml;
use crate::shell::Output;
use serde::Serialize;

/// apimachinery `pkg/version.Info`, fields in its declaration order (encoding/json keeps
/// it); the emulation and min-compatibility pairs are `omitempty`, and only an API server
/// fills them (compatibility versions, KEP-4330), so the client's are empty.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Info {
    major: &'static str,
    minor: &'static str,
    #[serde(skip_serializing_if = "str::is_empty")]
    emulation_major: &'static str,
    #[serde(skip_serializing_if = "str::is_empty")]
    emulation_minor: &'static str,
    #[serde(skip_serializing_if = "str::is_empty")]
    min_compatibility_major: &'static str,
    #[serde(skip_serializing_if = "str::is_empty")]
    min_compatibility_minor: &'static str,
    git_version: &'static str,
    git_commit: &'static str,
    git_tree_state: &'static str,
    build_date: &'static str,
    go_version: &'static str,
    compiler: &'static str,
    platform: &'static str,
}

/// version.go's `Version`; `serverVersion` is left out under `--client` (omitempty).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Version {
    client_version: Info,
    kustomize_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    server_version: Option<Info>,
}

/// SPEC §0: the output baseline is kubectl 1.34 (the issues' "kubectl 1.33" means this
/// baseline). The v1.34.0 release's commit, Go and build stamp (the release build's
/// client-side stamp as kubeadm v1.34.0 reports it).
const CLIENT: Info = Info {
    major: "1",
    minor: "34",
    emulation_major: "",
    emulation_minor: "",
    min_compatibility_major: "",
    min_compatibility_minor: "",
    git_version: "v1.34.0",
    git_commit: "f28b4c9efbca5c5c0af716d9f2d5702667ee8a45",
    git_tree_state: "clean",
    build_date: "2025-08-27T10:15:59Z",
    go_version: "go1.24.6",
    compiler: "gc",
    platform: "linux/amd64",
};

/// The Kustomize that kubectl 1.34 ships.
const KUSTOMIZE: &str = "v5.7.1";

/// The simulated API server (SPEC §0): kube-apiserver v1.35.0 as its `/version` answers,
/// emulating its own version and compatible down to 1.34.
const SERVER: Info = Info {
    major: "1",
    minor: "35",
    emulation_major: "1",
    emulation_minor: "35",
    min_compatibility_major: "1",
    min_compatibility_minor: "34",
    git_version: "v1.35.0",
    git_commit: "66452049f3d692768c39c797b21b793dce80314e",
    git_tree_state: "clean",
    build_date: "2025-12-17T12:32:07Z",
    go_version: "go1.25.5",
    compiler: "gc",
    platform: "linux/amd64",
};

pub fn version(args: &Args) -> Output {
    let client_only = args.is_set("client");
    let info = Version {
        client_version: CLIENT,
        kustomize_version: KUSTOMIZE,
        server_version: (!client_only).then_some(SERVER),
    };
    match args.value("output").unwrap_or_default() {
        // One minor version apart, so version.go prints no skew warning.
        "" => {
            let mut text = format!(
                "Client Version: {}\nKustomize Version: {KUSTOMIZE}\n",
                CLIENT.git_version
            );
            if let Some(server) = &info.server_version {
                text.push_str(&format!("Server Version: {}\n", server.git_version));
            }
            Output::ok(text)
        }
        // json.MarshalIndent(v, "", "  ") then Fprintln: struct order, two spaces.
        "json" => match serde_json::to_string_pretty(&info) {
            Ok(json) => Output::ok(format!("{json}\n")),
            Err(e) => Output::err(format!("error: {e}\n"), 1),
        },
        // sigs.k8s.io/yaml (keys sorted) then Fprintln, whose newline follows the
        // document's own: a blank last line.
        "yaml" => match serde_json::to_value(&info) {
            Ok(value) => Output::ok(format!("{}\n", to_yaml(&value))),
            Err(e) => Output::err(format!("error: {e}\n"), 1),
        },
        // Validate's message.
        _ => Output::err("error: --output must be 'yaml' or 'json'\n".into(), 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(words: &[&str]) -> Output {
        let words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        version(&crate::args::parse("version", &words).expect("valid flags"))
    }

    #[test]
    fn short_lines_as_before() {
        assert_eq!(
            run(&[]).stdout,
            "Client Version: v1.34.0\nKustomize Version: v5.7.1\nServer Version: v1.35.0\n"
        );
        assert_eq!(
            run(&["--client"]).stdout,
            "Client Version: v1.34.0\nKustomize Version: v5.7.1\n"
        );
    }

    #[test]
    fn json_is_the_version_struct_in_field_order() {
        let out = run(&["-o", "json"]);
        assert_eq!(out.exit_code, 0);
        assert_eq!(
            out.stdout,
            r#"{
  "clientVersion": {
    "major": "1",
    "minor": "34",
    "gitVersion": "v1.34.0",
    "gitCommit": "f28b4c9efbca5c5c0af716d9f2d5702667ee8a45",
    "gitTreeState": "clean",
    "buildDate": "2025-08-27T10:15:59Z",
    "goVersion": "go1.24.6",
    "compiler": "gc",
    "platform": "linux/amd64"
  },
  "kustomizeVersion": "v5.7.1",
  "serverVersion": {
    "major": "1",
    "minor": "35",
    "emulationMajor": "1",
    "emulationMinor": "35",
    "minCompatibilityMajor": "1",
    "minCompatibilityMinor": "34",
    "gitVersion": "v1.35.0",
    "gitCommit": "66452049f3d692768c39c797b21b793dce80314e",
    "gitTreeState": "clean",
    "buildDate": "2025-12-17T12:32:07Z",
    "goVersion": "go1.25.5",
    "compiler": "gc",
    "platform": "linux/amd64"
  }
}
"#
        );
        let client: serde_json::Value =
            serde_json::from_str(&run(&["--client", "--output=json"]).stdout).expect("json");
        assert!(client.get("serverVersion").is_none());
        assert_eq!(client["kustomizeVersion"], "v5.7.1");
    }

    #[test]
    fn yaml_sorts_keys_quotes_strings_that_would_read_as_numbers_or_times() {
        let out = run(&["--client", "-o", "yaml"]);
        assert_eq!(
            out.stdout,
            "clientVersion:\n  buildDate: \"2025-08-27T10:15:59Z\"\n  compiler: gc\n  gitCommit: f28b4c9efbca5c5c0af716d9f2d5702667ee8a45\n  gitTreeState: clean\n  gitVersion: v1.34.0\n  goVersion: go1.24.6\n  major: \"1\"\n  minor: \"34\"\n  platform: linux/amd64\nkustomizeVersion: v5.7.1\n\n"
        );
        let full = run(&["-o", "yaml"]).stdout;
        assert!(
            full.contains("serverVersion:\n  buildDate: \"2025-12-17T12:32:07Z\"\n  compiler: gc\n  emulationMajor: \"1\"\n  emulationMinor: \"35\"\n"),
            "{full}"
        );
        assert!(full.contains("  major: \"1\"\n  minCompatibilityMajor: \"1\"\n  minCompatibilityMinor: \"34\"\n  minor: \"35\"\n"), "{full}");
    }

    #[test]
    fn other_formats_are_refused() {
        let out = run(&["-o", "wide"]);
        assert_eq!(out.exit_code, 1);
        assert_eq!(out.stderr, "error: --output must be 'yaml' or 'json'\n");
        assert!(out.stdout.is_empty());
    }
}
