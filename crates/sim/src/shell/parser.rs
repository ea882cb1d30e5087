//! Builds the command tree from tokens: lists (`;`, newline, `&`), `&&`/`||`, pipelines,
//! simple commands with redirects and assignments, `while`/`until`, `for`, `if`, `{ }`, `( )`.
//! Nodes live in an arena so the interpreter's frames can point at them by index.

use super::lexer::{Token, Word, tokenize};
use super::limits::MAX_NODES;

pub type NodeId = usize;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RedirectKind {
    Write,
    Append,
    Read,
    /// `2>` / `2>>`: stderr to a file (append when true).
    Stderr(bool),
    /// `2>&1`
    StderrToStdout,
    /// `&>`
    Both,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    pub kind: RedirectKind,
    pub target: Word,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Simple {
        assigns: Vec<(String, Word)>,
        words: Vec<Word>,
        redirects: Vec<Redirect>,
    },
    Pipeline {
        negate: bool,
        stages: Vec<NodeId>,
    },
    AndOr {
        left: NodeId,
        and: bool,
        right: NodeId,
    },
    /// Commands in order; `true` marks one started with `&`.
    List(Vec<(NodeId, bool)>),
    Loop {
        cond: NodeId,
        body: NodeId,
        until: bool,
    },
    For {
        var: String,
        words: Vec<Word>,
        body: NodeId,
    },
    If {
        cond: NodeId,
        then: NodeId,
        otherwise: Option<NodeId>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Script {
    pub nodes: Vec<Node>,
    pub root: NodeId,
}

impl Script {
    pub fn parse(src: &str) -> Result<Script, String> {
        let tokens = tokenize(src)?;
        let mut p = Parser {
            tokens,
            pos: 0,
            nodes: Vec::new(),
        };
        let root = p.list(&[])?;
        if let Some(t) = p.peek() {
            return Err(format!("syntax error: unexpected \"{}\"", show(t)));
        }
        Ok(Script {
            nodes: p.nodes,
            root,
        })
    }

    /// A single command from an argv (`kubectl exec POD -- cat FILE`), no parsing involved.
    pub fn from_argv(argv: &[String]) -> Script {
        Script {
            nodes: vec![Node::Simple {
                assigns: Vec::new(),
                words: argv.iter().map(|a| Word::lit(a)).collect(),
                redirects: Vec::new(),
            }],
            root: 0,
        }
    }

    pub fn node(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id)
    }
}

fn show(t: &Token) -> String {
    match t {
        Token::Op("\n") => "newline".into(),
        Token::Op(op) => (*op).into(),
        Token::Word(w) => w.literal().unwrap_or_else(|| "word".into()),
    }
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    nodes: Vec<Node>,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn add(&mut self, node: Node) -> Result<NodeId, String> {
        if self.nodes.len() >= MAX_NODES {
            return Err("script too complex".into());
        }
        self.nodes.push(node);
        Ok(self.nodes.len() - 1)
    }

    fn is_op(&self, op: &str) -> bool {
        matches!(self.peek(), Some(Token::Op(o)) if *o == op)
    }

    /// An unquoted literal word equal to `kw` (reserved words only count unquoted).
    fn is_keyword(&self, kw: &str) -> bool {
        matches!(self.peek(), Some(Token::Word(w)) if !w.quoted && w.literal().as_deref() == Some(kw))
    }

    fn at_any_keyword(&self, kws: &[&str]) -> bool {
        kws.iter().any(|k| self.is_keyword(k))
    }

    fn skip_newlines(&mut self) {
        while self.is_op("\n") {
            self.pos += 1;
        }
    }

    fn expect_keyword(&mut self, kw: &str) -> Result<(), String> {
        self.skip_newlines();
        if self.is_keyword(kw) {
            self.pos += 1;
            Ok(())
        } else {
            let found = self
                .peek()
                .map(show)
                .unwrap_or_else(|| "end of file".into());
            Err(format!(
                "syntax error: unexpected \"{found}\" (expecting \"{kw}\")"
            ))
        }
    }

    /// Commands separated by `;`, `&` or newlines, up to one of `stops` (or `)`, or the end).
    fn list(&mut self, stops: &[&str]) -> Result<NodeId, String> {
        let mut items = Vec::new();
        loop {
            while self.is_op("\n") || self.is_op(";") {
                self.pos += 1;
            }
            if self.peek().is_none() || self.is_op(")") || self.at_any_keyword(stops) {
                break;
            }
            let node = self.and_or()?;
            let background = self.is_op("&");
            if background || self.is_op(";") || self.is_op("\n") {
                self.pos += 1;
            } else if !(self.peek().is_none() || self.is_op(")") || self.at_any_keyword(stops)) {
                let found = self.peek().map(show).unwrap_or_default();
                return Err(format!("syntax error: unexpected \"{found}\""));
            }
            items.push((node, background));
        }
        self.add(Node::List(items))
    }

    /// A compound command's part: `sh` rejects an empty one (`while do done`).
    fn body(&mut self, stops: &[&str]) -> Result<NodeId, String> {
        let id = self.list(stops)?;
        if matches!(self.nodes.get(id), Some(Node::List(items)) if items.is_empty()) {
            let found = self
                .peek()
                .map(show)
                .unwrap_or_else(|| "end of file".into());
            return Err(format!("syntax error: unexpected \"{found}\""));
        }
        Ok(id)
    }

    fn and_or(&mut self) -> Result<NodeId, String> {
        let mut left = self.pipeline()?;
        loop {
            let and = if self.is_op("&&") {
                true
            } else if self.is_op("||") {
                false
            } else {
                return Ok(left);
            };
            self.pos += 1;
            self.skip_newlines();
            let right = self.pipeline()?;
            left = self.add(Node::AndOr { left, and, right })?;
        }
    }

    fn pipeline(&mut self) -> Result<NodeId, String> {
        let negate = self.is_keyword("!");
        if negate {
            self.pos += 1;
        }
        let mut stages = vec![self.command()?];
        while self.is_op("|") {
            self.pos += 1;
            self.skip_newlines();
            stages.push(self.command()?);
        }
        if stages.len() == 1 && !negate {
            return Ok(stages[0]);
        }
        self.add(Node::Pipeline { negate, stages })
    }

    fn command(&mut self) -> Result<NodeId, String> {
        if self.is_keyword("while") || self.is_keyword("until") {
            let until = self.is_keyword("until");
            self.pos += 1;
            let cond = self.body(&["do"])?;
            self.expect_keyword("do")?;
            let body = self.body(&["done"])?;
            self.expect_keyword("done")?;
            return self.add(Node::Loop { cond, body, until });
        }
        if self.is_keyword("for") {
            self.pos += 1;
            let var = match self.peek() {
                Some(Token::Word(w)) => w.literal().ok_or("syntax error: bad for loop variable")?,
                _ => return Err("syntax error: bad for loop variable".into()),
            };
            self.pos += 1;
            let mut words = Vec::new();
            self.skip_newlines();
            if self.is_keyword("in") {
                self.pos += 1;
                while let Some(Token::Word(w)) = self.peek() {
                    words.push(w.clone());
                    self.pos += 1;
                }
            }
            while self.is_op(";") || self.is_op("\n") {
                self.pos += 1;
            }
            self.expect_keyword("do")?;
            let body = self.body(&["done"])?;
            self.expect_keyword("done")?;
            return self.add(Node::For { var, words, body });
        }
        if self.is_keyword("if") {
            self.pos += 1;
            return self.if_rest();
        }
        if self.is_keyword("{") {
            self.pos += 1;
            let body = self.list(&["}"])?;
            self.expect_keyword("}")?;
            return Ok(body);
        }
        if self.is_op("(") {
            self.pos += 1;
            let body = self.list(&[])?;
            if !self.is_op(")") {
                return Err("syntax error: unexpected end of file (expecting \")\")".into());
            }
            self.pos += 1;
            return Ok(body);
        }
        self.simple()
    }

    /// After `if` or `elif`: condition, `then` branch, and the rest.
    fn if_rest(&mut self) -> Result<NodeId, String> {
        let cond = self.body(&["then"])?;
        self.expect_keyword("then")?;
        let then = self.body(&["elif", "else", "fi"])?;
        self.skip_newlines();
        let otherwise = if self.is_keyword("elif") {
            self.pos += 1;
            // `elif` closes with the outer `fi`, which `if_rest` consumes.
            return self.if_with(cond, then);
        } else if self.is_keyword("else") {
            self.pos += 1;
            Some(self.list(&["fi"])?)
        } else {
            None
        };
        self.expect_keyword("fi")?;
        self.add(Node::If {
            cond,
            then,
            otherwise,
        })
    }

    fn if_with(&mut self, cond: NodeId, then: NodeId) -> Result<NodeId, String> {
        let otherwise = Some(self.if_rest()?);
        self.add(Node::If {
            cond,
            then,
            otherwise,
        })
    }

    fn simple(&mut self) -> Result<NodeId, String> {
        let mut assigns = Vec::new();
        let mut words: Vec<Word> = Vec::new();
        let mut redirects = Vec::new();
        loop {
            match self.peek() {
                Some(Token::Word(w)) => {
                    let w = w.clone();
                    self.pos += 1;
                    if words.is_empty()
                        && let Some((name, value)) = assignment(&w)
                    {
                        assigns.push((name, value));
                        continue;
                    }
                    words.push(w);
                }
                Some(Token::Op(op)) => {
                    let kind = match *op {
                        ">" => RedirectKind::Write,
                        ">>" => RedirectKind::Append,
                        "<" => RedirectKind::Read,
                        "2>" => RedirectKind::Stderr(false),
                        "2>>" => RedirectKind::Stderr(true),
                        "&>" => RedirectKind::Both,
                        "2>&1" => {
                            self.pos += 1;
                            redirects.push(Redirect {
                                kind: RedirectKind::StderrToStdout,
                                target: Word::default(),
                            });
                            continue;
                        }
                        _ => break,
                    };
                    self.pos += 1;
                    let Some(Token::Word(target)) = self.peek() else {
                        return Err("syntax error: unexpected redirection".into());
                    };
                    redirects.push(Redirect {
                        kind,
                        target: target.clone(),
                    });
                    self.pos += 1;
                }
                None => break,
            }
        }
        if words.is_empty() && assigns.is_empty() && redirects.is_empty() {
            let found = self
                .peek()
                .map(show)
                .unwrap_or_else(|| "end of file".into());
            return Err(format!("syntax error: unexpected \"{found}\""));
        }
        self.add(Node::Simple {
            assigns,
            words,
            redirects,
        })
    }
}

/// `NAME=value` at the start of a simple command.
fn assignment(word: &Word) -> Option<(String, Word)> {
    let super::lexer::Part::Lit(first) = word.parts.first()? else {
        return None;
    };
    let (name, rest) = first.split_once('=')?;
    let valid = !name.is_empty()
        && name.chars().all(|c| c == '_' || c.is_ascii_alphanumeric())
        && !name.starts_with(|c: char| c.is_ascii_digit());
    if !valid {
        return None;
    }
    let mut parts = word.parts.clone();
    parts[0] = super::lexer::Part::Lit(rest.to_string());
    Some((
        name.to_string(),
        Word {
            parts,
            quoted: word.quoted,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_common_shapes() {
        for src in [
            "echo hi > /tmp/x && cat /tmp/x",
            "while true; do date >> /data/log; sleep 5; done",
            "for i in 1 2 3; do echo $i; done",
            "if [ -f /x ]; then echo yes; else echo no; fi",
            "mkdir -p /a/b; cd /a || exit 1\nls | wc -l",
            "{ echo a; echo b; } ; (echo c)",
        ] {
            assert!(Script::parse(src).is_ok(), "{src}");
        }
    }

    #[test]
    fn syntax_errors_are_reported() {
        assert!(Script::parse("while true; do echo").is_err());
        assert!(Script::parse("if true; then echo").is_err());
        assert!(Script::parse("echo >").is_err());
        assert!(Script::parse("&& echo").is_err());
    }
}
