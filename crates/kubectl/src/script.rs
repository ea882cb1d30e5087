//! Scripts: one command per line, `#` comments, heredocs, `$ COMMAND` echoed before its output.

use crate::shell::Shell;
use crate::tokenize::{Token, tokenize};

/// How a script run ended.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScriptRun {
    pub transcript: String,
    /// 0 when the script ran to the end; in strict mode, the failing command's exit code.
    pub exit_code: i32,
}

/// Runs a script and returns its transcript: each command echoed as `$ COMMAND`, then its output.
pub fn run_script(shell: &mut Shell, script: &str) -> String {
    run_script_with(shell, script, false).transcript
}

/// Like [`run_script`]; with `strict`, the first failing command ends the run with its code.
pub fn run_script_with(shell: &mut Shell, script: &str, strict: bool) -> ScriptRun {
    let mut transcript = String::new();
    let mut lines = script.lines();
    while let Some(line) = lines.next() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let marker = tokenize(trimmed).ok().and_then(|tokens| {
            tokens.into_iter().find_map(|t| match t {
                Token::HereDoc(m) => Some(m),
                _ => None,
            })
        });
        let stdin = match &marker {
            Some(marker) => {
                let body: Vec<&str> = lines.by_ref().take_while(|l| l.trim() != marker).collect();
                let mut body = body.join("\n");
                body.push('\n');
                body
            }
            None => String::new(),
        };
        // The line is echoed as typed (`<<EOF` included); the heredoc body is its input.
        let shown = trimmed;
        transcript.push_str(&format!("$ {shown}\n"));
        let out = shell.exec(trimmed, &stdin);
        transcript.push_str(&out.text());
        transcript.push_str(&shell.drain_background());
        if strict && out.exit_code != 0 {
            return ScriptRun {
                transcript,
                exit_code: out.exit_code,
            };
        }
    }
    ScriptRun {
        transcript,
        exit_code: 0,
    }
}
