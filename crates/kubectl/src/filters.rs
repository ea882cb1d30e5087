//! The text filters scripts pipe kubectl into: `grep`, `head`, `tail`, `wc -l`, `sort`.

use crate::shell::Output;

pub fn is_filter(name: &str) -> bool {
    matches!(name, "grep" | "head" | "tail" | "wc" | "sort")
}

/// `-n 5`, `-n5`, `-5`: a line count for head/tail (default 10).
fn count(args: &[String]) -> Result<usize, String> {
    let mut iter = args.iter();
    while let Some(a) = iter.next() {
        let text = if a == "-n" {
            iter.next().map(String::as_str).unwrap_or("")
        } else if let Some(n) = a.strip_prefix("-n") {
            n
        } else if let Some(n) = a.strip_prefix('-') {
            n
        } else {
            continue;
        };
        return text
            .parse()
            .map_err(|_| format!("invalid number of lines: '{text}'"));
    }
    Ok(10)
}

pub fn run(name: &str, args: &[String], input: &str) -> Output {
    let lines: Vec<&str> = input.lines().collect();
    let joined = |ls: &[&str]| -> String { ls.iter().map(|l| format!("{l}\n")).collect() };
    match name {
        "grep" => grep(args, &lines),
        "head" => match count(args) {
            Ok(n) => Output::ok(joined(&lines[..n.min(lines.len())])),
            Err(e) => Output::err(format!("head: {e}\n"), 1),
        },
        "tail" => match count(args) {
            Ok(n) => Output::ok(joined(&lines[lines.len().saturating_sub(n)..])),
            Err(e) => Output::err(format!("tail: {e}\n"), 1),
        },
        "wc" if args.iter().any(|a| a == "-l") => Output::ok(format!("{}\n", lines.len())),
        "wc" => {
            let words: usize = lines.iter().map(|l| l.split_whitespace().count()).sum();
            Output::ok(format!(
                "{:>7} {:>7} {:>7}\n",
                lines.len(),
                words,
                input.len()
            ))
        }
        _ => {
            let mut sorted = lines.clone();
            ordinal_api::order::sort(&mut sorted);
            if args.iter().any(|a| a == "-r") {
                sorted.reverse();
            }
            Output::ok(joined(&sorted))
        }
    }
}

/// Fixed-string grep with `-v`, `-i`, `-c`; `-E`/`-e` patterns are matched literally, with `|`
/// as alternation (the only regex syntax scripts use).
fn grep(args: &[String], lines: &[&str]) -> Output {
    let mut invert = false;
    let mut ignore_case = false;
    let mut count_only = false;
    let mut pattern = None;
    for a in args {
        match a.as_str() {
            "-v" => invert = true,
            "-i" => ignore_case = true,
            "-c" => count_only = true,
            "-E" | "-e" | "-F" => {}
            p if pattern.is_none() => pattern = Some(p.to_string()),
            _ => {}
        }
    }
    let Some(pattern) = pattern else {
        return Output::err("Usage: grep [OPTION]... PATTERNS [FILE]...\n".into(), 2);
    };
    let norm = |s: &str| {
        if ignore_case {
            s.to_lowercase()
        } else {
            s.to_string()
        }
    };
    let alternatives: Vec<String> = pattern.split('|').map(norm).collect();
    let matched: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| alternatives.iter().any(|p| norm(l).contains(p.as_str())) != invert)
        .collect();
    let exit_code = if matched.is_empty() { 1 } else { 0 };
    let stdout = if count_only {
        format!("{}\n", matched.len())
    } else {
        matched.iter().map(|l| format!("{l}\n")).collect()
    };
    Output {
        stdout,
        exit_code,
        ..Output::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn filters() {
        let input = "NAME\nweb-0\nweb-1\nzk-0\n";
        assert_eq!(run("grep", &words("web"), input).stdout, "web-0\nweb-1\n");
        assert_eq!(run("grep", &words("-v web"), input).stdout, "NAME\nzk-0\n");
        assert_eq!(run("grep", &words("-c -i WEB"), input).stdout, "2\n");
        assert_eq!(run("grep", &words("nomatch"), input).exit_code, 1);
        assert_eq!(run("head", &words("-n 2"), input).stdout, "NAME\nweb-0\n");
        assert_eq!(run("head", &words("-1"), input).stdout, "NAME\n");
        assert_eq!(run("tail", &words("-n1"), input).stdout, "zk-0\n");
        assert_eq!(run("wc", &words("-l"), input).stdout, "4\n");
        assert_eq!(
            run("sort", &words("-r"), input).stdout,
            "zk-0\nweb-1\nweb-0\nNAME\n"
        );
    }
}
