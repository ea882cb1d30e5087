//! The interpreter over an in-memory host: control flow, expansion, redirects, resumable
//! sleeps, and the bounds.

use super::*;
use crate::volumes::files::FileTree;
use std::collections::BTreeMap;

struct TestHost {
    tree: FileTree,
    now: Time,
}

impl TestHost {
    fn new() -> Self {
        TestHost {
            tree: FileTree::default(),
            now: Time(0),
        }
    }
}

fn rel(path: &str) -> &str {
    path.trim_start_matches('/')
}

impl Host for TestHost {
    fn read_file(&self, path: &str) -> Result<String, FsError> {
        self.tree.read(rel(path))
    }
    fn write_file(&mut self, path: &str, data: &str, append: bool) -> Result<(), FsError> {
        self.tree.write(rel(path), data, append)
    }
    fn make_dir(&mut self, path: &str, parents: bool) -> Result<(), FsError> {
        self.tree.make_dir(rel(path), parents)
    }
    fn list_dir(&self, path: &str) -> Result<Vec<(String, bool)>, FsError> {
        self.tree.list(rel(path))
    }
    fn remove(&mut self, path: &str, recursive: bool) -> Result<(), FsError> {
        self.tree.remove(rel(path), recursive)
    }
    fn kind(&self, path: &str) -> Option<bool> {
        self.tree.kind(rel(path))
    }
    fn hostname(&self) -> String {
        "web-0".into()
    }
    fn fqdn(&self) -> String {
        "web-0.nginx.default.svc.cluster.local".into()
    }
    fn now(&self) -> Time {
        self.now
    }
    fn cluster_command(&mut self, name: &str, args: &[String]) -> Option<(String, String, i32)> {
        (name == "nslookup").then(|| (format!("resolved {}\n", args.join(" ")), String::new(), 0))
    }
}

/// Runs a script to its end, sleeps included (they advance the host's clock).
fn run(host: &mut TestHost, src: &str) -> (String, String, i32) {
    let script = Script::parse(src).expect("parses");
    let mut m = Machine::new(script, "/", &BTreeMap::new());
    for _ in 0..1000 {
        match m.run(host, false) {
            Yield::Exit(code) => return (m.stdout, m.stderr, code),
            Yield::Sleep(ms) => host.now = Time(host.now.0 + ms),
            Yield::Forever => return (m.stdout, m.stderr, -1),
        }
    }
    panic!("script did not end");
}

#[test]
fn control_flow_and_expansion() {
    let mut h = TestHost::new();
    let (out, _, code) = run(
        &mut h,
        "x=3; for i in 1 2 $x; do echo \"n=$i\"; done; if [ $x -gt 2 ]; then echo big; else echo small; fi; false || echo recovered; true && echo chained; echo \"$(hostname)-$(echo sub)\"; hostname -f",
    );
    assert_eq!(
        out,
        "n=1\nn=2\nn=3\nbig\nrecovered\nchained\nweb-0-sub\nweb-0.nginx.default.svc.cluster.local\n"
    );
    assert_eq!(code, 0);
}

#[test]
fn redirects_and_files() {
    let mut h = TestHost::new();
    let (out, err, code) = run(
        &mut h,
        "mkdir -p /d/e; echo one > /d/e/f; echo two >> /d/e/f; cat /d/e/f | wc -l; ls /d/e; cat /nope; echo after",
    );
    assert_eq!(out, "2\nf\nafter\n");
    assert_eq!(err, "cat: can't open '/nope': No such file or directory\n");
    assert_eq!(code, 0);
    assert_eq!(h.tree.read("d/e/f").as_deref(), Ok("one\ntwo\n"));
    let (_, err, code) = run(&mut h, "echo x > /missing/dir/f");
    assert_eq!(
        err,
        "sh: can't create /missing/dir/f: nonexistent directory\n"
    );
    assert_eq!(code, 1);
}

#[test]
fn sleep_hands_back_control_and_the_loop_resumes() {
    let mut h = TestHost::new();
    h.tree.make_dir("log", false).expect("mkdir");
    let script = Script::parse("while true; do date +%s >> /log/t; sleep 5; done").expect("parses");
    let mut m = Machine::new(script, "/", &BTreeMap::new());
    for round in 0..3u64 {
        assert_eq!(m.run(&mut h, false), Yield::Sleep(5000), "round {round}");
        h.now = Time(h.now.0 + 5000);
    }
    let lines = h.tree.read("log/t").expect("written");
    assert_eq!(lines, "1767225600\n1767225605\n1767225610\n");
}

#[test]
fn exit_codes_and_unknown_commands() {
    let mut h = TestHost::new();
    assert_eq!(
        run(&mut h, "echo a; exit 3; echo b"),
        ("a\n".into(), String::new(), 3)
    );
    let (_, err, code) = run(&mut h, "frobnicate");
    assert_eq!((err.as_str(), code), ("sh: frobnicate: not found\n", 127));
    let (out, _, _) = run(&mut h, "nslookup web-0.nginx");
    assert_eq!(out, "resolved web-0.nginx\n");
    assert_eq!(run(&mut h, "python -m http.server 80").2, -1);
}

#[test]
fn busy_loops_and_output_are_bounded() {
    let mut h = TestHost::new();
    let script = Script::parse("while true; do echo spin; done").expect("parses");
    let mut m = Machine::new(script, "/", &BTreeMap::new());
    // No sleep: the interpreter still yields after its step budget.
    assert_eq!(m.run(&mut h, false), Yield::Sleep(interp::BUSY_PAUSE_MS));
    assert!(m.stdout.len() <= limits::MAX_OUTPUT_BYTES);
    let (_, err, code) = run(&mut h, "x=$(while true; do :; done); echo done");
    assert!(err.contains("step limit"), "{err}");
    assert_eq!(code, 0);
}

#[test]
fn syntax_errors_do_not_panic() {
    for bad in [
        "if true; then",
        "echo $(",
        "for; do",
        "))",
        "while do done",
        "echo 'x",
    ] {
        assert!(Script::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn no_input_panics() {
    // Every prefix of scripts full of quoting, nesting and operators, plus each with one
    // character replaced by a troublesome one: parse and run must return, never panic.
    let seeds = [
        r#"echo "a $(echo "b $(hostname)")" > /f && cat /f || echo 'x' ; while true; do sleep 1; done"#,
        r#"for i in $(seq 1 3); do if [ "$i" -eq 2 ]; then echo ${i}; else exit 4; fi; done | wc -l"#,
        "x=1; { echo `date`; (cd /; ls -a) } 2>&1 >> /log; test -f /log && tail -n 1 /log",
    ];
    let specials = [
        '"', '\'', '$', '(', ')', '`', '\\', ';', '&', '|', '>', '{', '}',
    ];
    for seed in seeds {
        let chars: Vec<char> = seed.chars().collect();
        let mut inputs: Vec<String> = (0..=chars.len())
            .map(|n| chars[..n].iter().collect())
            .collect();
        for (i, special) in specials.iter().enumerate() {
            let mut mutated = chars.clone();
            let at = (i * 7) % mutated.len();
            mutated[at] = *special;
            inputs.push(mutated.into_iter().collect());
        }
        for input in inputs {
            let Ok(script) = Script::parse(&input) else {
                continue;
            };
            let mut h = TestHost::new();
            let mut m = Machine::new(script, "/", &BTreeMap::new());
            for _ in 0..5 {
                if let Yield::Exit(_) | Yield::Forever = m.run(&mut h, false) {
                    break;
                }
            }
        }
    }
}
