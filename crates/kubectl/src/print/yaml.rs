//! A YAML emitter in kubectl's style (go-yaml v2 via sigs.k8s.io/yaml): keys sorted, 2-space
//! indent, list items not indented under their key, strings quoted only when a plain scalar
//! would read back as something else.

use serde_json::Value;

/// Renders a JSON value as kubectl's `-o yaml` does.
pub fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => emit_map(&mut out, map, 0),
        Value::Array(items) if !items.is_empty() => emit_list(&mut out, items, 0),
        scalar => {
            out.push_str(&scalar_text(scalar, 0));
            out.push('\n');
        }
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
        out.push_str(&quote_string(key));
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
        scalar => {
            out.push(' ');
            out.push_str(&scalar_text(scalar, level + 2));
            out.push('\n');
        }
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
            scalar => {
                out.push_str(&scalar_text(scalar, level + 2));
                out.push('\n');
            }
        }
    }
}

fn scalar_text(value: &Value, block_indent: usize) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) if s.contains('\n') => literal_block(s, block_indent),
        Value::String(s) => quote_string(s),
        Value::Array(_) => "[]".into(),
        Value::Object(_) => "{}".into(),
    }
}

/// `|` block for multi-line strings (`|-` without a final newline), as go-yaml does.
fn literal_block(s: &str, block_indent: usize) -> String {
    let (body, chomp) = match s.strip_suffix('\n') {
        Some(body) if body.ends_with('\n') => (body, "+"),
        Some(body) => (body, ""),
        None => (s, "-"),
    };
    let mut out = format!("|{chomp}");
    for line in body.split('\n') {
        out.push('\n');
        if !line.is_empty() {
            out.extend(std::iter::repeat_n(' ', block_indent));
            out.push_str(line);
        }
    }
    out
}

/// Plain scalars YAML 1.1 would resolve to a bool, null, number or timestamp.
fn resolves_to_non_string(s: &str) -> bool {
    const SPECIAL: &[&str] = &[
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false",
        "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "~", "null", "Null", "NULL",
        ".inf", ".Inf", ".INF", "-.inf", "+.inf", ".nan", ".NaN", ".NAN", "<<",
    ];
    if s.is_empty() || SPECIAL.contains(&s) {
        return true;
    }
    let digits = s.trim_start_matches(['+', '-']).replace('_', "");
    let is_int = !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit());
    let is_hex = digits
        .strip_prefix("0x")
        .is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()));
    let is_float = digits.parse::<f64>().is_ok()
        && digits.chars().any(|c| c.is_ascii_digit())
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'));
    is_int || is_hex || is_float || looks_like_timestamp(s)
}

fn looks_like_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
}

/// Whether the emitter may write `s` as a plain scalar (go-yaml's analyze_scalar, simplified).
fn plain_allowed(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if s.starts_with(' ') || s.ends_with(' ') || s.ends_with(':') {
        return false;
    }
    if "#,[]{}&*!|>'\"%@`".contains(first) {
        return false;
    }
    if matches!(first, '-' | '?' | ':') && (s.len() == 1 || s[1..].starts_with(' ')) {
        return false;
    }
    !(s.contains(": ") || s.contains(" #") || s.contains('\t'))
}

fn quote_string(s: &str) -> String {
    if resolves_to_non_string(s) {
        return format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    }
    if plain_allowed(s) {
        return s.to_string();
    }
    format!("'{}'", s.replace('\'', "''"))
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

    #[test]
    fn quoting_table() {
        let cases = [
            ("nginx", "nginx"),
            ("true", "\"true\""),
            ("80", "\"80\""),
            ("1.5", "\"1.5\""),
            ("", "\"\""),
            ("null", "\"null\""),
            ("2026-01-01T00:00:00Z", "\"2026-01-01T00:00:00Z\""),
            ("*", "'*'"),
            ("a: b", "'a: b'"),
            ("it's", "it's"),
            (" lead", "' lead'"),
            ("- x", "'- x'"),
            ("10.96.0.10", "10.96.0.10"),
            ("app=nginx", "app=nginx"),
            ("/usr/share/nginx/html", "/usr/share/nginx/html"),
            ("1Gi", "1Gi"),
        ];
        for (input, want) in cases {
            assert_eq!(quote_string(input), want, "{input}");
        }
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
