//! The interactive session: a `$ ` prompt, heredocs read up to their marker (`> ` prompts),
//! and bash's history: `history` lists the commands so far, `!!` and `!N` run one again.

use ordinal_kubectl::Shell;
use ordinal_kubectl::tokenize::{Token, tokenize};
use std::io::{BufRead, Write};

/// What the user typed for one command: the line and its heredoc body.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    line: String,
    stdin: String,
}

/// Runs commands from `input` until it ends or `exit`; returns the last command's exit code.
pub fn run(shell: &mut Shell, input: &mut impl BufRead, output: &mut impl Write) -> i32 {
    let mut history: Vec<Entry> = Vec::new();
    let mut last = 0;
    while let Some(line) = prompt(input, output, "$ ") {
        let line = line.trim().to_string();
        if line.is_empty() {
            continue;
        }
        if line == "exit" {
            break;
        }
        if line == "history" {
            for (i, entry) in history.iter().enumerate() {
                let _ = writeln!(output, "{:>5}  {}", i + 1, entry.line);
            }
            continue;
        }
        let entry = match recall(&history, &line) {
            Some(Ok(entry)) => {
                // bash echoes the command a history expansion ran.
                let _ = writeln!(output, "{}", entry.line);
                entry
            }
            Some(Err(message)) => {
                let _ = writeln!(output, "{message}");
                last = 1;
                continue;
            }
            None => Entry {
                stdin: heredoc(&line, input, output),
                line,
            },
        };
        let out = shell.exec(&entry.line, &entry.stdin);
        let _ = write!(output, "{}{}", out.text(), shell.drain_background());
        last = out.exit_code;
        history.push(entry);
    }
    let _ = writeln!(output);
    last
}

fn prompt(input: &mut impl BufRead, output: &mut impl Write, prompt: &str) -> Option<String> {
    let _ = write!(output, "{prompt}");
    let _ = output.flush();
    let mut line = String::new();
    match input.read_line(&mut line) {
        Ok(0) | Err(_) => None,
        Ok(_) => Some(line),
    }
}

/// `!!` or `!N`: an earlier entry, or bash's error when there is none.
fn recall(history: &[Entry], line: &str) -> Option<Result<Entry, String>> {
    let reference = line.strip_prefix('!')?;
    let found = if reference == "!" {
        history.last()
    } else {
        let n: usize = reference.parse().ok()?;
        n.checked_sub(1).and_then(|i| history.get(i))
    };
    Some(
        found
            .cloned()
            .ok_or_else(|| format!("sh: {line}: event not found")),
    )
}

/// The body of a `<<EOF` heredoc, read line by line up to its marker.
fn heredoc(line: &str, input: &mut impl BufRead, output: &mut impl Write) -> String {
    let marker = tokenize(line).ok().and_then(|tokens| {
        tokens.into_iter().find_map(|t| match t {
            Token::HereDoc(m) => Some(m),
            _ => None,
        })
    });
    let Some(marker) = marker else {
        return String::new();
    };
    let mut body = String::new();
    while let Some(next) = prompt(input, output, "> ") {
        if next.trim() == marker {
            break;
        }
        body.push_str(next.trim_end_matches(['\n', '\r']));
        body.push('\n');
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;
    use ordinal_sim::{Cluster, ClusterConfig};

    fn session(input: &str) -> (String, i32) {
        let mut shell = Shell::new(Cluster::new(ClusterConfig::default()));
        let mut out = Vec::new();
        let code = run(&mut shell, &mut input.as_bytes(), &mut out);
        (String::from_utf8_lossy(&out).into_owned(), code)
    }

    #[test]
    fn history_lists_and_reruns_commands() {
        let (out, code) = session("echo one\necho two\nhistory\n!1\n!!\n!9\n");
        assert!(out.contains("    1  echo one\n    2  echo two\n"), "{out}");
        // `!1` then `!!` each echo and run `echo one`.
        assert_eq!(out.matches("echo one\none\n").count(), 2, "{out}");
        assert!(out.contains("sh: !9: event not found\n"), "{out}");
        assert_eq!(code, 1);
    }

    #[test]
    fn a_heredoc_is_read_up_to_its_marker() {
        let input = "kubectl apply -f - <<EOF\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\nEOF\nkubectl get cm -o name\n";
        let (out, code) = session(input);
        assert!(out.contains("configmap/cm created\n"), "{out}");
        assert!(out.contains("configmap/cm\n"), "{out}");
        assert_eq!(code, 0);
    }
}
