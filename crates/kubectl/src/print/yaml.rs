//! A YAML emitter in kubectl's style (go-yaml v2 via sigs.k8s.io/yaml): keys sorted, 2-space
//! indent, list items not indented under their key; how each string is written (style,
//! quoting, folding at 80 columns) is `yaml_scalar`'s.

use super::yaml_scalar::{Context, write_string};
use serde_json::Value;

/// Renders a JSON value as kubectl's `-o yaml` does.
pub fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => emit_map(&mut out, map, 0),
        Value::Array(items) if !items.is_empty() => emit_list(&mut out, items, 0),
        scalar => emit_scalar(&mut out, scalar, 0),
    }
    out
}

fn indent(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

fn emit_map(out: &mut String, map: &serde_json::Map<String, Value>, level: usize) {
    for (i, (key, value)) in map.iter().enumerate() {
        // The first key of a map inside a list item shares the `- ` line.
        if i > 0 || !out.ends_with("- ") {
            indent(out, level);
        }
        write_string(out, key, level + 2, Context::Key);
        out.push(':');
        emit_value_after_key(out, value, level);
    }
}

fn emit_value_after_key(out: &mut String, value: &Value, level: usize) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            emit_map(out, map, level + 2);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            emit_list(out, items, level);
        }
        // A scalar's continuation lines are indented one step past its key.
        scalar => emit_scalar(out, scalar, level + 2),
    }
}

fn emit_list(out: &mut String, items: &[Value], level: usize) {
    for item in items {
        if !out.ends_with("- ") {
            indent(out, level);
        }
        out.push_str("- ");
        match item {
            Value::Object(map) if !map.is_empty() => emit_map(out, map, level + 2),
            Value::Array(inner) if !inner.is_empty() => emit_list(out, inner, level + 2),
            scalar => emit_scalar(out, scalar, level + 2),
        }
    }
}

/// Writes a scalar (or an empty map or list) and ends its line.
fn emit_scalar(out: &mut String, value: &Value, block_indent: usize) {
    let text = match value {
        Value::String(s) => {
            write_string(out, s, block_indent, Context::Value);
            // A `|` block with a final newline has ended its line already.
            if !out.ends_with('\n') {
                out.push('\n');
            }
            return;
        }
        Value::Null => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(_) => "[]".into(),
        Value::Object(_) => "{}".into(),
    };
    if !(out.is_empty() || out.ends_with(' ') || out.ends_with('\n')) {
        out.push(' ');
    }
    out.push_str(&text);
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn kubectl_layout() {
        let value = json!({
            "kind": "Pod",
            "apiVersion": "v1",
            "metadata": {"name": "web-0", "labels": {"app": "nginx"}, "annotations": {}},
            "spec": {
                "containers": [{"name": "nginx", "image": "nginx:1.9",
                    "ports": [{"containerPort": 80, "name": "web"}], "args": []}],
                "tolerations": [["a", "b"]],
            },
        });
        let want = "\
apiVersion: v1
kind: Pod
metadata:
  annotations: {}
  labels:
    app: nginx
  name: web-0
spec:
  containers:
  - args: []
    image: nginx:1.9
    name: nginx
    ports:
    - containerPort: 80
      name: web
  tolerations:
  - - a
    - b
";
        assert_eq!(to_yaml(&value), want);
    }

    /// How a string value is written after `k:`.
    fn written(s: &str) -> String {
        let text = to_yaml(&json!({ "k": s }));
        text.strip_prefix("k: ")
            .or_else(|| text.strip_prefix("k:"))
            .unwrap_or(&text)
            .trim_end_matches('\n')
            .to_string()
    }

    #[test]
    fn quoting_table() {
        let cases = [
            ("nginx", "nginx"),
            ("true", "\"true\""),
            ("yes", "\"yes\""),
            ("Off", "\"Off\""),
            ("80", "\"80\""),
            ("1.5", "\"1.5\""),
            ("1e3", "\"1e3\""),
            ("0o7", "\"0o7\""),
            ("0x1F", "\"0x1F\""),
            ("0755", "\"0755\""),
            ("09", "\"09\""),
            ("1_000", "\"1_000\""),
            ("+5", "\"+5\""),
            (".5", "\".5\""),
            (".inf", "\".inf\""),
            ("1:20", "\"1:20\""),
            ("12:60", "12:60"),
            ("1e999", "1e999"),
            ("0x", "0x"),
            ("1.2.3", "1.2.3"),
            ("", "\"\""),
            ("~", "\"~\""),
            ("null", "\"null\""),
            ("<<", "\"<<\""),
            ("2026-01-01T00:00:00Z", "\"2026-01-01T00:00:00Z\""),
            ("2026-1-2", "\"2026-1-2\""),
            ("2026-02-30", "2026-02-30"),
            ("2026-01-01 10:00:00", "\"2026-01-01 10:00:00\""),
            ("*", "'*'"),
            ("a: b", "'a: b'"),
            ("a:b", "a:b"),
            ("foo:", "'foo:'"),
            ("a #b", "'a #b'"),
            ("a#b", "a#b"),
            ("it's", "it's"),
            ("'quoted'", "'''quoted'''"),
            (" lead", "' lead'"),
            ("trail ", "'trail '"),
            ("- x", "'- x'"),
            ("-x", "-x"),
            ("-", "'-'"),
            ("---", "'---'"),
            ("?x", "?x"),
            ("@x", "'@x'"),
            ("a\tb", "\"a\\tb\""),
            ("x\u{1F600}", "\"x\\U0001F600\""),
            ("caf\u{e9}", "caf\u{e9}"),
            ("10.96.0.10", "10.96.0.10"),
            ("app=nginx", "app=nginx"),
            ("/usr/share/nginx/html", "/usr/share/nginx/html"),
            ("1Gi", "1Gi"),
        ];
        for (input, want) in cases {
            assert_eq!(written(input), want, "{input:?}");
        }
    }

    #[test]
    fn keys_are_quoted_like_values_but_never_folded() {
        let long_key = "k".repeat(30) + " " + &"k".repeat(60);
        let value = json!({"80": 1, "true": 2, "a: b": 3, long_key.clone(): 4});
        let text = to_yaml(&value);
        assert!(text.contains("\"80\": 1\n"), "{text}");
        assert!(text.contains("\"true\": 2\n"), "{text}");
        assert!(text.contains("'a: b': 3\n"), "{text}");
        assert!(text.contains(&format!("{long_key}: 4\n")), "{text}");
    }

    #[test]
    fn long_plain_strings_fold_at_the_first_space_past_column_80() {
        let words: Vec<String> = (0..30).map(|i| format!("word{i}")).collect();
        let text = to_yaml(&json!({ "message": words.join(" ") }));
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines.len() > 1, "{text}");
        for line in &lines {
            // A line is cut at the first space after column 80, never inside a word: without
            // its last word it is at most 80 columns.
            let without_last_word = line.rfind(' ').unwrap_or(0);
            assert!(without_last_word <= 80, "{line}");
        }
        for pair in lines.windows(2) {
            assert!(pair[0].len() > 80, "folded too early: {}", pair[0]);
        }
        assert!(lines[1..].iter().all(|l| l.starts_with("  word")), "{text}");
        // Reading the folds back joins the lines with single spaces.
        let joined: Vec<&str> = lines.iter().map(|l| l.trim()).collect();
        assert_eq!(
            joined.join(" ").strip_prefix("message: "),
            Some(words.join(" ").as_str())
        );
    }

    #[test]
    fn multi_line_strings_are_literal_blocks() {
        let value = json!({"data": {"script": "echo a\necho b\n", "x": "a\nb"}});
        assert_eq!(
            to_yaml(&value),
            "data:\n  script: |\n    echo a\n    echo b\n  x: |-\n    a\n    b\n"
        );
    }
}
