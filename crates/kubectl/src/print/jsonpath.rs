//! kubectl's JSONPath subset: `{.a.b}`, `[n]`, `[*]`, `['key']`, `{range …}{end}`, `{"\n"}`
//! literals, and plain text between templates.

use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
enum Step {
    Field(String),
    Index(i64),
    All,
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Text(String),
    Path(Vec<Step>),
    Range(Vec<Step>, Vec<Node>),
}

/// Parses a path like `.items[*].metadata.name` (leading `$` or `.` optional).
fn parse_path(text: &str) -> Result<Vec<Step>, String> {
    let text = text.trim();
    let text = text.strip_prefix('$').unwrap_or(text);
    let mut steps = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('.') {
            let end = r.find(['.', '[']).unwrap_or(r.len());
            if end > 0 {
                steps.push(Step::Field(r[..end].to_string()));
            }
            rest = &r[end..];
        } else if let Some(r) = rest.strip_prefix('[') {
            let end = r
                .find(']')
                .ok_or_else(|| format!("unterminated array index in {text}"))?;
            let inside = r[..end].trim();
            let step = if inside == "*" {
                Step::All
            } else if let Some(key) = inside.strip_prefix('\'').and_then(|k| k.strip_suffix('\'')) {
                Step::Field(key.to_string())
            } else {
                Step::Index(
                    inside
                        .parse()
                        .map_err(|_| format!("invalid array index {inside}"))?,
                )
            };
            steps.push(step);
            rest = &r[end + 1..];
        } else {
            let end = rest.find(['.', '[']).unwrap_or(rest.len());
            steps.push(Step::Field(rest[..end].to_string()));
            rest = &rest[end..];
        }
    }
    Ok(steps)
}

fn parse_template(text: &str) -> Result<Vec<Node>, String> {
    let mut stack: Vec<(Vec<Step>, Vec<Node>)> = Vec::new();
    let mut nodes = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let Some(open) = rest.find('{') else {
            nodes.push(Node::Text(rest.to_string()));
            break;
        };
        if open > 0 {
            nodes.push(Node::Text(rest[..open].to_string()));
        }
        let close = rest[open..]
            .find('}')
            .map(|c| open + c)
            .ok_or_else(|| format!("unclosed action in template {text:?}"))?;
        let action = rest[open + 1..close].trim();
        rest = &rest[close + 1..];
        if let Some(path) = action.strip_prefix("range ") {
            stack.push((parse_path(path)?, std::mem::take(&mut nodes)));
        } else if action == "end" {
            let (path, outer) = stack.pop().ok_or("not in range, nothing to end")?;
            let body = std::mem::replace(&mut nodes, outer);
            nodes.push(Node::Range(path, body));
        } else if let Some(lit) = action.strip_prefix('"').and_then(|a| a.strip_suffix('"')) {
            nodes.push(Node::Text(
                lit.replace("\\n", "\n")
                    .replace("\\t", "\t")
                    .replace("\\\"", "\""),
            ));
        } else {
            nodes.push(Node::Path(parse_path(action)?));
        }
    }
    if !stack.is_empty() {
        return Err("unclosed range".into());
    }
    Ok(nodes)
}

/// Every value a path selects (`[*]` fans out).
fn select<'a>(value: &'a Value, steps: &[Step]) -> Vec<&'a Value> {
    let mut current = vec![value];
    for step in steps {
        let mut next = Vec::new();
        for v in current {
            match step {
                Step::Field(name) => next.extend(v.get(name)),
                Step::Index(i) => {
                    if let Some(items) = v.as_array() {
                        let len = items.len() as i64;
                        let at = if *i < 0 { len + i } else { *i };
                        next.extend(usize::try_from(at).ok().and_then(|at| items.get(at)));
                    }
                }
                Step::All => match v {
                    Value::Array(items) => next.extend(items.iter()),
                    Value::Object(map) => next.extend(map.values()),
                    _ => {}
                },
            }
        }
        current = next;
    }
    current
}

/// How kubectl prints one selected value: strings bare, everything else as JSON.
pub fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn render(nodes: &[Node], value: &Value, out: &mut String) {
    for node in nodes {
        match node {
            Node::Text(t) => out.push_str(t),
            Node::Path(steps) => {
                let texts: Vec<String> = select(value, steps).into_iter().map(value_text).collect();
                out.push_str(&texts.join(" "));
            }
            Node::Range(steps, body) => {
                for item in select(value, steps) {
                    render(body, item, out);
                }
            }
        }
    }
}

/// Evaluates a `-o jsonpath=` template against an object or list.
pub fn evaluate(template: &str, value: &Value) -> Result<String, String> {
    let nodes = parse_template(template)?;
    let mut out = String::new();
    render(&nodes, value, &mut out);
    Ok(out)
}

/// Evaluates a custom-columns path (`.spec.containers[*].image`): values comma-joined.
pub fn column(path: &str, value: &Value) -> Result<Option<String>, String> {
    let inner = path
        .trim()
        .strip_prefix('{')
        .and_then(|p| p.strip_suffix('}'))
        .unwrap_or(path);
    let steps = parse_path(inner)?;
    let found = select(value, &steps);
    if found.is_empty() {
        return Ok(None);
    }
    Ok(Some(
        found
            .into_iter()
            .map(value_text)
            .collect::<Vec<_>>()
            .join(","),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn templates() {
        let list = json!({"items": [
            {"metadata": {"name": "web-0"}, "spec": {"containers": [{"image": "a"}, {"image": "b"}]}},
            {"metadata": {"name": "web-1"}, "spec": {"containers": [{"image": "c"}]}},
        ]});
        let cases = [
            ("{.items[*].metadata.name}", "web-0 web-1"),
            ("{.items[0].metadata.name}", "web-0"),
            ("{.items[-1].metadata.name}", "web-1"),
            (
                "{range .items[*]}{.metadata.name}{\"\\n\"}{end}",
                "web-0\nweb-1\n",
            ),
            ("name={.items[1].metadata['name']}", "name=web-1"),
            ("{.items[*].spec.containers[*].image}", "a b c"),
            ("{.missing}", ""),
            (
                "{.items[0].spec}",
                "{\"containers\":[{\"image\":\"a\"},{\"image\":\"b\"}]}",
            ),
        ];
        for (template, want) in cases {
            assert_eq!(
                evaluate(template, &list).expect(template),
                want,
                "{template}"
            );
        }
        assert!(evaluate("{.items[*]", &list).is_err());
        assert!(evaluate("{range .items[*]}{.x}", &list).is_err());
    }

    #[test]
    fn columns() {
        let pod = json!({"spec": {"containers": [{"image": "a"}, {"image": "b"}]}});
        assert_eq!(
            column(".spec.containers[*].image", &pod).expect("valid"),
            Some("a,b".into())
        );
        assert_eq!(column(".spec.nodeName", &pod).expect("valid"), None);
    }
}
