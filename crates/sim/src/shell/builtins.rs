//! The commands the shell knows, looked up in one table by name (a path such as `/bin/cat`
//! counts as its last component). `nslookup` and `dig` are answered by the cluster's DNS
//! model through [`Host::cluster_command`]. Messages follow busybox, the shell of the small
//! images the tutorials use.

use super::interp::Machine;
use super::limits::MAX_SLEEP_MS;
use super::{Host, Script, is_shell};
use crate::clock::Time;

/// What a command did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Status(i32),
    Sleep(u64),
    Forever,
    Exit(i32),
}

struct Call<'a> {
    m: &'a mut Machine,
    host: &'a mut dyn Host,
    args: &'a [String],
    stdin: &'a str,
    instant: bool,
}

type Builtin = fn(&mut Call) -> Flow;

const TABLE: &[(&str, Builtin)] = &[
    ("echo", echo),
    ("printf", printf),
    ("cat", cat),
    ("ls", ls),
    ("mkdir", mkdir),
    ("touch", touch),
    ("rm", rm),
    ("hostname", hostname),
    ("date", date),
    ("sleep", sleep),
    ("true", |_| Flow::Status(0)),
    (":", |_| Flow::Status(0)),
    ("false", |_| Flow::Status(1)),
    ("exit", exit),
    ("cd", cd),
    ("pwd", pwd),
    ("export", export),
    ("env", env),
    ("test", test),
    ("[", test),
    ("wc", wc),
    ("head", head),
    ("tail", tail),
    ("grep", grep),
    ("seq", seq),
    ("whoami", |c| out(c, "root\n")),
    ("uname", |c| out(c, "Linux\n")),
    ("nslookup", |c| cluster(c, "nslookup")),
    ("dig", |c| cluster(c, "dig")),
];

/// Programs that serve in the foreground until stopped.
const SERVERS: &[&str] = &[
    "nginx",
    "httpd",
    "redis-server",
    "mysqld",
    "zkServer.sh",
    "start-zookeeper",
    "docker-entrypoint.sh",
];

pub(super) fn run(
    m: &mut Machine,
    host: &mut dyn Host,
    argv: &[String],
    stdin: &str,
    instant: bool,
) -> Flow {
    let Some(first) = argv.first() else {
        return Flow::Status(0);
    };
    let name = first.rsplit('/').next().unwrap_or(first);
    if name == "exec" {
        return run(m, host, &argv[1..], stdin, instant);
    }
    if is_shell(name) {
        return shell(m, host, argv, stdin);
    }
    if is_server(argv) {
        return Flow::Forever;
    }
    let Some((_, builtin)) = TABLE.iter().find(|(n, _)| *n == name) else {
        if m.unknown_is_server {
            // The image's own program (a JVM, a database…): it serves until stopped.
            return Flow::Forever;
        }
        if m.unknown_succeeds {
            return Flow::Status(0);
        }
        m.err(&format!("sh: {first}: not found\n"));
        return Flow::Status(127);
    };
    let mut call = Call {
        m,
        host,
        args: &argv[1..],
        stdin,
        instant,
    };
    builtin(&mut call)
}

/// Whether the shell knows `name` as a command (a builtin or a foreground server).
pub fn is_command(name: &str) -> bool {
    name == "exec" || TABLE.iter().any(|(n, _)| *n == name) || SERVERS.contains(&name)
}

fn is_server(argv: &[String]) -> bool {
    let name = argv[0].rsplit('/').next().unwrap_or(&argv[0]);
    let python = name.starts_with("python");
    SERVERS.contains(&name)
        || (python
            && argv
                .iter()
                .any(|a| a == "http.server" || a == "SimpleHTTPServer"))
        || (name == "tail" && argv.iter().any(|a| a == "-f"))
}

fn out(c: &mut Call, text: &str) -> Flow {
    c.m.out(text);
    Flow::Status(0)
}

fn fail(c: &mut Call, text: String, code: i32) -> Flow {
    c.m.err(&text);
    Flow::Status(code)
}

/// `sh -c SCRIPT [ARG0 ARGS…]`, or `sh` reading its script from stdin.
fn shell(m: &mut Machine, host: &mut dyn Host, argv: &[String], stdin: &str) -> Flow {
    let (source, args) = match argv.get(1).map(String::as_str) {
        Some("-c") => match argv.get(2) {
            Some(s) => (s.clone(), argv.get(3..).unwrap_or_default().to_vec()),
            None => {
                m.err("sh: -c requires an argument\n");
                return Flow::Status(2);
            }
        },
        _ => (stdin.to_string(), Vec::new()),
    };
    match Script::parse(&source) {
        Ok(script) => {
            let (o, e, code) = m.run_nested(host, script, "", args);
            m.out(&o);
            m.err(&e);
            Flow::Status(code)
        }
        Err(e) => {
            m.err(&format!("sh: {e}\n"));
            Flow::Status(2)
        }
    }
}

fn echo(c: &mut Call) -> Flow {
    let mut args = c.args;
    let mut newline = true;
    let mut escapes = false;
    while let Some(flag) = args.first() {
        match flag.as_str() {
            "-n" => newline = false,
            "-e" => escapes = true,
            "-ne" | "-en" => {
                newline = false;
                escapes = true;
            }
            _ => break,
        }
        args = &args[1..];
    }
    let mut text = args.join(" ");
    if escapes {
        text = text.replace("\\n", "\n").replace("\\t", "\t");
    }
    if newline {
        text.push('\n');
    }
    out(c, &text)
}

/// `printf FORMAT ARGS…` with `%s`, `%d`, `%%` and `\n`/`\t` escapes.
fn printf(c: &mut Call) -> Flow {
    let Some(format) = c.args.first() else {
        return fail(c, "printf: usage: printf FORMAT [ARG]...\n".into(), 1);
    };
    let mut args = c.args[1..].iter();
    let mut text = String::new();
    let mut chars = format.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '%' => match chars.next() {
                Some('s') | Some('d') => {
                    text.push_str(args.next().map(String::as_str).unwrap_or(""))
                }
                Some('%') => text.push('%'),
                Some(other) => {
                    text.push('%');
                    text.push(other);
                }
                None => text.push('%'),
            },
            '\\' => match chars.next() {
                Some('n') => text.push('\n'),
                Some('t') => text.push('\t'),
                Some(other) => text.push(other),
                None => text.push('\\'),
            },
            other => text.push(other),
        }
    }
    out(c, &text)
}

fn cat(c: &mut Call) -> Flow {
    let files: Vec<&String> = c.args.iter().filter(|a| !a.starts_with('-')).collect();
    if files.is_empty() {
        let stdin = c.stdin.to_string();
        return out(c, &stdin);
    }
    let mut status = 0;
    for f in files {
        let path = c.m.path(f);
        match c.host.read_file(&path) {
            Ok(text) => {
                c.m.out(&text);
            }
            Err(e) => {
                c.m.err(&format!("cat: can't open '{f}': {}\n", e.text()));
                status = 1;
            }
        }
    }
    Flow::Status(status)
}

fn ls(c: &mut Call) -> Flow {
    let all = c.args.iter().any(|a| a.starts_with('-') && a.contains('a'));
    let mut targets: Vec<&String> = c.args.iter().filter(|a| !a.starts_with('-')).collect();
    let dot = ".".to_string();
    if targets.is_empty() {
        targets.push(&dot);
    }
    let many = targets.len() > 1;
    let mut status = 0;
    for (i, t) in targets.iter().enumerate() {
        let path = c.m.path(t);
        match c.host.kind(&path) {
            None => {
                c.m.err(&format!("ls: {t}: No such file or directory\n"));
                status = 1;
            }
            Some(false) => c.m.out(&format!("{t}\n")),
            Some(true) => {
                if many {
                    if i > 0 {
                        c.m.out("\n");
                    }
                    c.m.out(&format!("{t}:\n"));
                }
                let entries = c.host.list_dir(&path).unwrap_or_default();
                for (name, _) in entries {
                    if all || !name.starts_with('.') {
                        c.m.out(&format!("{name}\n"));
                    }
                }
            }
        }
    }
    Flow::Status(status)
}

fn mkdir(c: &mut Call) -> Flow {
    let parents = c.args.iter().any(|a| a == "-p");
    let mut status = 0;
    for d in c.args.iter().filter(|a| !a.starts_with('-')) {
        let path = c.m.path(d);
        if let Err(e) = c.host.make_dir(&path, parents) {
            c.m.err(&format!(
                "mkdir: can't create directory '{d}': {}\n",
                e.text()
            ));
            status = 1;
        }
    }
    Flow::Status(status)
}

fn touch(c: &mut Call) -> Flow {
    let mut status = 0;
    for f in c.args.iter().filter(|a| !a.starts_with('-')) {
        let path = c.m.path(f);
        if let Err(e) = c.host.write_file(&path, "", true) {
            c.m.err(&format!("touch: {f}: {}\n", e.text()));
            status = 1;
        }
    }
    Flow::Status(status)
}

fn rm(c: &mut Call) -> Flow {
    let flags: String = c
        .args
        .iter()
        .filter(|a| a.starts_with('-'))
        .map(|a| a.as_str())
        .collect();
    let (recursive, force) = (
        flags.contains('r') || flags.contains('R'),
        flags.contains('f'),
    );
    let mut status = 0;
    for f in c.args.iter().filter(|a| !a.starts_with('-')) {
        let path = c.m.path(f);
        if let Err(e) = c.host.remove(&path, recursive)
            && !(force && e == super::FsError::NotFound)
        {
            c.m.err(&format!("rm: can't remove '{f}': {}\n", e.text()));
            status = 1;
        }
    }
    Flow::Status(status)
}

fn hostname(c: &mut Call) -> Flow {
    let name = if c.args.iter().any(|a| a == "-f") {
        c.host.fqdn()
    } else {
        c.host.hostname()
    };
    out(c, &format!("{name}\n"))
}

/// busybox `date`: `Thu Jan  1 00:00:05 UTC 2026`; `+%s` gives epoch seconds.
fn date(c: &mut Call) -> Flow {
    let now = c.host.now();
    let text = match c.args.first().and_then(|a| a.strip_prefix('+')) {
        Some(format) => format_date(now, format),
        None => format_date(now, "%a %b %e %H:%M:%S UTC %Y"),
    };
    out(c, &format!("{text}\n"))
}

fn format_date(now: Time, format: &str) -> String {
    // rfc3339 is `YYYY-MM-DDTHH:MM:SSZ` on the virtual calendar.
    let stamp = now.rfc3339();
    let field = |range: std::ops::Range<usize>| stamp.get(range).unwrap_or("00").to_string();
    let (year, month, day) = (field(0..4), field(5..7), field(8..10));
    let (hour, minute, second) = (field(11..13), field(14..16), field(17..19));
    let y: i64 = year.parse().unwrap_or(2026);
    let mo: i64 = month.parse().unwrap_or(1);
    let d: i64 = day.parse().unwrap_or(1);
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    let weekday = {
        // Sakamoto's method.
        let t = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
        let yy = if mo < 3 { y - 1 } else { y };
        let idx = usize::try_from((mo - 1).clamp(0, 11)).unwrap_or(0);
        (yy + yy / 4 - yy / 100 + yy / 400 + t[idx] + d).rem_euclid(7)
    };
    let mut text = String::new();
    let mut chars = format.chars();
    while let Some(ch) = chars.next() {
        if ch != '%' {
            text.push(ch);
            continue;
        }
        match chars.next() {
            Some('Y') => text.push_str(&year),
            Some('m') => text.push_str(&month),
            Some('d') => text.push_str(&day),
            Some('e') => text.push_str(&format!("{d:>2}")),
            Some('H') => text.push_str(&hour),
            Some('M') => text.push_str(&minute),
            Some('S') => text.push_str(&second),
            Some('T') => text.push_str(&format!("{hour}:{minute}:{second}")),
            Some('F') => text.push_str(&format!("{year}-{month}-{day}")),
            Some('s') => text.push_str(&(1_767_225_600 + now.0 / 1000).to_string()),
            Some('a') => text.push_str(DAYS[usize::try_from(weekday).unwrap_or(0) % 7]),
            Some('b') => text.push_str(MONTHS[usize::try_from(mo - 1).unwrap_or(0) % 12]),
            Some('Z') => text.push_str("UTC"),
            Some(other) => {
                text.push('%');
                text.push(other);
            }
            None => text.push('%'),
        }
    }
    text
}

/// `sleep N[smhd]`, fractions allowed; `sleep infinity` blocks for good.
fn sleep(c: &mut Call) -> Flow {
    let Some(arg) = c.args.first() else {
        return fail(c, "sleep: missing operand\n".into(), 1);
    };
    if arg == "infinity" || arg == "inf" {
        return if c.instant {
            Flow::Status(0)
        } else {
            Flow::Forever
        };
    }
    match parse_seconds(arg) {
        Some(ms) if c.instant => {
            let _ = ms;
            Flow::Status(0)
        }
        Some(ms) if ms > MAX_SLEEP_MS => Flow::Forever,
        Some(ms) => Flow::Sleep(ms),
        None => fail(c, format!("sleep: invalid number '{arg}'\n"), 1),
    }
}

fn parse_seconds(arg: &str) -> Option<u64> {
    let (number, unit) = match arg.char_indices().last()? {
        (i, 's') => (&arg[..i], 1000.0),
        (i, 'm') => (&arg[..i], 60_000.0),
        (i, 'h') => (&arg[..i], 3_600_000.0),
        (i, 'd') => (&arg[..i], 86_400_000.0),
        _ => (arg, 1000.0),
    };
    let value: f64 = number.parse().ok()?;
    if !value.is_finite() || value < 0.0 {
        return None;
    }
    let ms = value * unit;
    Some(if ms > 1e15 { u64::MAX } else { ms as u64 })
}

fn exit(c: &mut Call) -> Flow {
    let code = c
        .args
        .first()
        .and_then(|a| a.parse::<i32>().ok())
        .unwrap_or(0);
    Flow::Exit(code)
}

fn cd(c: &mut Call) -> Flow {
    let target = c.args.first().cloned().unwrap_or_else(|| "/root".into());
    let path = c.m.path(&target);
    match c.host.kind(&path) {
        Some(true) => {
            c.m.cwd = path;
            Flow::Status(0)
        }
        Some(false) => fail(
            c,
            format!("sh: cd: can't cd to {target}: Not a directory\n"),
            2,
        ),
        None => fail(
            c,
            format!("sh: cd: can't cd to {target}: No such file or directory\n"),
            2,
        ),
    }
}

fn pwd(c: &mut Call) -> Flow {
    let cwd = c.m.cwd.clone();
    out(c, &format!("{cwd}\n"))
}

fn export(c: &mut Call) -> Flow {
    for a in c.args {
        if let Some((name, value)) = a.split_once('=') {
            c.m.vars.insert(name.to_string(), value.to_string());
        }
    }
    Flow::Status(0)
}

fn env(c: &mut Call) -> Flow {
    let mut text = format!("HOSTNAME={}\n", c.host.hostname());
    for (k, v) in &c.m.vars {
        if !k.starts_with('\0') {
            text.push_str(&format!("{k}={v}\n"));
        }
    }
    out(c, &text)
}

/// `test` / `[`: file tests, string tests and integer comparisons.
fn test(c: &mut Call) -> Flow {
    let mut args: Vec<&str> = c.args.iter().map(String::as_str).collect();
    if args.last() == Some(&"]") {
        args.pop();
    }
    let mut negate = false;
    if args.first() == Some(&"!") {
        negate = true;
        args.remove(0);
    }
    let result = match args.as_slice() {
        [] => false,
        [s] => !s.is_empty(),
        ["-n", s] => !s.is_empty(),
        ["-z", s] => s.is_empty(),
        ["-e", p] => c.host.kind(&c.m.path(p)).is_some(),
        ["-f", p] => c.host.kind(&c.m.path(p)) == Some(false),
        ["-d", p] => c.host.kind(&c.m.path(p)) == Some(true),
        ["-s", p] => c.host.read_file(&c.m.path(p)).is_ok_and(|t| !t.is_empty()),
        [a, "=", b] | [a, "==", b] => a == b,
        [a, "!=", b] => a != b,
        [a, op, b] => {
            let (Ok(x), Ok(y)) = (a.trim().parse::<i64>(), b.trim().parse::<i64>()) else {
                return fail(c, format!("sh: {a}: bad number\n"), 2);
            };
            match *op {
                "-eq" => x == y,
                "-ne" => x != y,
                "-lt" => x < y,
                "-le" => x <= y,
                "-gt" => x > y,
                "-ge" => x >= y,
                _ => return fail(c, format!("sh: {op}: unknown operand\n"), 2),
            }
        }
        _ => return fail(c, "sh: test: syntax error\n".into(), 2),
    };
    Flow::Status(i32::from(result == negate))
}

/// The input of a filter: its file arguments, or stdin.
fn input(c: &mut Call, skip_values_of: &[&str]) -> Result<String, Flow> {
    let mut files = Vec::new();
    let mut skip = false;
    for a in c.args {
        if skip {
            skip = false;
            continue;
        }
        if skip_values_of.contains(&a.as_str()) {
            skip = true;
            continue;
        }
        if !a.starts_with('-') {
            files.push(a.clone());
        }
    }
    if files.is_empty() {
        return Ok(c.stdin.to_string());
    }
    let mut text = String::new();
    for f in files {
        match c.host.read_file(&c.m.path(&f)) {
            Ok(t) => text.push_str(&t),
            Err(e) => {
                c.m.err(&format!("{f}: {}\n", e.text()));
                return Err(Flow::Status(1));
            }
        }
    }
    Ok(text)
}

fn wc(c: &mut Call) -> Flow {
    let text = match input(c, &[]) {
        Ok(t) => t,
        Err(f) => return f,
    };
    let lines = text.matches('\n').count();
    // busybox names the file after the counts when it read one.
    let suffix = match c.args.iter().find(|a| !a.starts_with('-')) {
        Some(file) => format!(" {file}"),
        None => String::new(),
    };
    if c.args.iter().any(|a| a == "-l") {
        return out(c, &format!("{lines}{suffix}\n"));
    }
    let words = text.split_whitespace().count();
    out(
        c,
        &format!("{lines:>9} {words:>9} {:>9}{suffix}\n", text.len()),
    )
}

fn count_arg(c: &Call) -> usize {
    let mut iter = c.args.iter();
    while let Some(a) = iter.next() {
        if a == "-n" {
            return iter.next().and_then(|n| n.parse().ok()).unwrap_or(10);
        }
        if let Some(n) = a.strip_prefix("-n").or_else(|| a.strip_prefix('-'))
            && let Ok(n) = n.parse()
        {
            return n;
        }
    }
    10
}

fn head(c: &mut Call) -> Flow {
    let n = count_arg(c);
    match input(c, &["-n"]) {
        Ok(text) => {
            let lines: String = text.split_inclusive('\n').take(n).collect();
            out(c, &lines)
        }
        Err(f) => f,
    }
}

fn tail(c: &mut Call) -> Flow {
    let n = count_arg(c);
    match input(c, &["-n"]) {
        Ok(text) => {
            let all: Vec<&str> = text.split_inclusive('\n').collect();
            let lines: String = all[all.len().saturating_sub(n)..].concat();
            out(c, &lines)
        }
        Err(f) => f,
    }
}

/// `grep [-v] [-c] [-q] [-i] PATTERN [FILE…]` with a fixed-string pattern.
fn grep(c: &mut Call) -> Flow {
    let flags: String = c
        .args
        .iter()
        .filter(|a| a.starts_with('-'))
        .map(|a| a.as_str())
        .collect();
    let Some(pattern) = c.args.iter().find(|a| !a.starts_with('-')).cloned() else {
        return fail(c, "Usage: grep [-vciq] PATTERN [FILE]...\n".into(), 2);
    };
    let files: Vec<String> = c
        .args
        .iter()
        .filter(|a| !a.starts_with('-'))
        .skip(1)
        .cloned()
        .collect();
    let text = if files.is_empty() {
        c.stdin.to_string()
    } else {
        let mut text = String::new();
        for f in &files {
            match c.host.read_file(&c.m.path(f)) {
                Ok(t) => text.push_str(&t),
                Err(e) => {
                    c.m.err(&format!("grep: {f}: {}\n", e.text()));
                    return Flow::Status(2);
                }
            }
        }
        text
    };
    let fold = flags.contains('i');
    let needle = if fold {
        pattern.to_lowercase()
    } else {
        pattern
    };
    let matched: Vec<&str> = text
        .split_inclusive('\n')
        .filter(|line| {
            let hay = if fold {
                line.to_lowercase()
            } else {
                line.to_string()
            };
            hay.contains(&needle) != flags.contains('v')
        })
        .collect();
    let status = i32::from(matched.is_empty());
    if flags.contains('q') {
        return Flow::Status(status);
    }
    if flags.contains('c') {
        c.m.out(&format!("{}\n", matched.len()));
    } else {
        for line in &matched {
            c.m.out(line);
            if !line.ends_with('\n') {
                c.m.out("\n");
            }
        }
    }
    Flow::Status(status)
}

fn seq(c: &mut Call) -> Flow {
    let nums: Vec<i64> = c.args.iter().filter_map(|a| a.parse().ok()).collect();
    let (first, last) = match nums.as_slice() {
        [last] => (1, *last),
        [first, last, ..] => (*first, *last),
        [] => return fail(c, "seq: missing operand\n".into(), 1),
    };
    let mut text = String::new();
    // Bounded like every other output.
    for n in (first..=last).take(10_000) {
        text.push_str(&format!("{n}\n"));
    }
    out(c, &text)
}

/// `nslookup` / `dig`: the cluster's DNS model answers.
fn cluster(c: &mut Call, name: &str) -> Flow {
    match c.host.cluster_command(name, c.args) {
        Some((o, e, code)) => {
            c.m.out(&o);
            c.m.err(&e);
            Flow::Status(code)
        }
        None => fail(c, format!("sh: {name}: not found\n"), 127),
    }
}
