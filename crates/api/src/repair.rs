//! Repairs a manifest that lost its indentation (every key pasted at column 1, as in seed
//! tutorials 000 and 003): the schema of each kind says which keys nest under which, so the
//! structure can be rebuilt line by line.

use crate::schema::{self, Shape, TypeDef, type_def};

/// What the lines under an open key may contain.
#[derive(Clone, Copy)]
enum Frame {
    /// A struct: only its own fields.
    Object(&'static TypeDef),
    /// A `map[string]T` or free-form object: any key an enclosing struct does not claim.
    FreeMap(Shape),
    /// A list: `- ` items of this shape.
    List(Shape),
}

struct Open {
    frame: Frame,
    /// Column (0-based) of the keys or `- ` markers of this frame.
    indent: usize,
}

/// Re-indents every flattened document of `text` by the schema of its kind. Returns `None`
/// when no document looks flattened (or none could be repaired), so callers can offer the
/// repair only when it helps.
pub fn repair_indentation(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut repaired_any = false;
    let mut document: Vec<&str> = Vec::new();
    let mut flush = |document: &mut Vec<&str>, out: &mut String| {
        match repair_document(document) {
            Some(fixed) => {
                repaired_any = true;
                out.push_str(&fixed);
            }
            None => document.iter().for_each(|l| {
                out.push_str(l);
                out.push('\n');
            }),
        }
        document.clear();
    };
    for line in text.lines() {
        if line.trim_end() == "---" {
            flush(&mut document, &mut out);
            out.push_str(line);
            out.push('\n');
        } else {
            document.push(line);
        }
    }
    flush(&mut document, &mut out);
    repaired_any.then_some(out)
}

/// `key: value` split, with quotes and a trailing comment removed from the key's view.
fn split_key(content: &str) -> Option<(&str, &str)> {
    let (key, rest) = match content.split_once(": ") {
        Some((k, r)) => (k, r),
        None => (content.strip_suffix(':')?, ""),
    };
    let key = key.trim().trim_matches(['"', '\'']);
    if key.is_empty() || key.starts_with(['#', '[', '{']) || key.contains(' ') {
        return None;
    }
    Some((key, rest.trim()))
}

fn is_empty_value(value: &str) -> bool {
    value.is_empty() || value.starts_with('#')
}

fn looks_flattened(lines: &[&str]) -> bool {
    let content: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .collect();
    let all_at_column_one = content.iter().all(|l| !l.starts_with([' ', '\t']));
    let opens_a_block = content.windows(2).any(|pair| {
        let opens = split_key(pair[0]).is_some_and(|(_, v)| is_empty_value(v));
        opens && !pair[1].starts_with('-')
    });
    all_at_column_one && opens_a_block
}

fn root_of(lines: &[&str]) -> Option<&'static TypeDef> {
    let field = |name: &str| {
        lines.iter().find_map(|l| match split_key(l) {
            Some((k, v)) if k == name => v
                .split(" #")
                .next()
                .map(|v| v.trim().trim_matches(['"', '\''])),
            _ => None,
        })
    };
    schema::root(field("apiVersion")?, field("kind")?)
}

fn repair_document(lines: &[&str]) -> Option<String> {
    if !looks_flattened(lines) {
        return None;
    }
    let root = root_of(lines)?;
    let mut stack = vec![Open {
        frame: Frame::Object(root),
        indent: 0,
    }];
    let mut out = String::new();
    for line in lines {
        let content = line.trim();
        if content.is_empty() || content.starts_with('#') {
            let indent = stack.last().map_or(0, |o| o.indent);
            out.push_str(&format!("{}{content}\n", " ".repeat(indent)));
            continue;
        }
        if let Some(item) = content
            .strip_prefix('-')
            .filter(|r| r.is_empty() || r.starts_with(' '))
        {
            let item = item.trim_start();
            let Some(at) = stack
                .iter()
                .rposition(|o| matches!(o.frame, Frame::List(_)))
            else {
                out.push_str(&format!("{content}\n"));
                continue;
            };
            stack.truncate(at + 1);
            let Frame::List(item_shape) = stack[at].frame else {
                continue;
            };
            let indent = stack[at].indent;
            out.push_str(&format!("{}- ", " ".repeat(indent)));
            if let Some(frame) = frame_for(item_shape)
                && let Some((key, value)) = split_key(item)
            {
                stack.push(Open {
                    frame,
                    indent: indent + 2,
                });
                out.push_str(item);
                out.push('\n');
                open_value(&mut stack, key, value, indent + 2);
                continue;
            }
            out.push_str(item);
            out.push('\n');
            continue;
        }
        let Some((key, value)) = split_key(content) else {
            let indent = stack.last().map_or(0, |o| o.indent);
            out.push_str(&format!("{}{content}\n", " ".repeat(indent)));
            continue;
        };
        let at = owner(&stack, key);
        stack.truncate(at + 1);
        let indent = stack[at].indent;
        out.push_str(&format!("{}{content}\n", " ".repeat(indent)));
        open_value(&mut stack, key, value, indent);
    }
    Some(out)
}

/// The innermost open frame that can hold `key`.
fn owner(stack: &[Open], key: &str) -> usize {
    for (i, open) in stack.iter().enumerate().rev() {
        match open.frame {
            Frame::Object(def) if def.field(key).is_some() => return i,
            Frame::FreeMap(_) => {
                let claimed = stack[..i]
                    .iter()
                    .any(|o| matches!(o.frame, Frame::Object(def) if def.field(key).is_some()));
                if !claimed {
                    return i;
                }
            }
            _ => {}
        }
    }
    // An unknown key stays where it was written: in the innermost mapping.
    stack
        .iter()
        .rposition(|o| !matches!(o.frame, Frame::List(_)))
        .unwrap_or(0)
}

/// After `key:` with no value on its line, opens what the key's shape says comes next.
fn open_value(stack: &mut Vec<Open>, key: &str, value: &str, indent: usize) {
    if !is_empty_value(value) {
        return;
    }
    let shape = match stack.last().map(|o| o.frame) {
        Some(Frame::Object(def)) => def.field(key).map(|f| f.shape),
        Some(Frame::FreeMap(value_shape)) => Some(value_shape),
        _ => None,
    };
    let Some(shape) = shape else {
        return;
    };
    match shape {
        // Lists are written with their `- ` at the key's own column (kubectl's style).
        Shape::Array(item) => stack.push(Open {
            frame: Frame::List(*item),
            indent,
        }),
        other => {
            if let Some(frame) = frame_for(other) {
                stack.push(Open {
                    frame,
                    indent: indent + 2,
                });
            }
        }
    }
}

fn frame_for(shape: Shape) -> Option<Frame> {
    match shape {
        Shape::Object(i) => type_def(i).map(Frame::Object),
        Shape::Map(value) => Some(Frame::FreeMap(*value)),
        Shape::Any => Some(Frame::FreeMap(Shape::Any)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indented_text_is_left_alone() {
        assert_eq!(
            repair_indentation("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n"),
            None
        );
    }

    #[test]
    fn nests_by_schema() {
        let flat = "apiVersion: v1\nkind: Service\nmetadata:\nname: nginx\nlabels:\napp: nginx\nspec:\nports:\n- port: 80\nname: web\nclusterIP: None\n";
        assert_eq!(
            repair_indentation(flat).as_deref(),
            Some(
                "apiVersion: v1\nkind: Service\nmetadata:\n  name: nginx\n  labels:\n    app: nginx\nspec:\n  ports:\n  - port: 80\n    name: web\n  clusterIP: None\n"
            )
        );
    }
}
