//! Shell words: splits a command line the way a POSIX shell does for the subset scripts use
//! (`'…'`, `"…"`, backslash escapes, `|`, a trailing `&`, `<<MARKER` heredocs).

/// One lexical token of a command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    Word(String),
    /// `|`
    Pipe,
    /// `&` (run in the background)
    Background,
    /// `<<EOF`, `<<'EOF'`, `<<"EOF"`, `<<-EOF`: the marker that ends the heredoc body.
    HereDoc(String),
}

/// Splits `line` into tokens. Errors on an unterminated quote, as `sh` does.
pub fn tokenize(line: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut chars = line.chars().peekable();
    let mut word = String::new();
    // A word exists once any character or quote was seen: `''` is an empty word.
    let mut in_word = false;
    let finish = |word: &mut String, in_word: &mut bool, tokens: &mut Vec<Token>| {
        if *in_word {
            tokens.push(Token::Word(std::mem::take(word)));
            *in_word = false;
        }
    };
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' => finish(&mut word, &mut in_word, &mut tokens),
            '#' if !in_word => break,
            '|' => {
                finish(&mut word, &mut in_word, &mut tokens);
                tokens.push(Token::Pipe);
            }
            '&' => {
                finish(&mut word, &mut in_word, &mut tokens);
                tokens.push(Token::Background);
            }
            '<' if !in_word && chars.peek() == Some(&'<') => {
                chars.next();
                if chars.peek() == Some(&'-') {
                    chars.next();
                }
                while chars.peek().is_some_and(|c| *c == ' ') {
                    chars.next();
                }
                let mut marker = String::new();
                while let Some(&c) = chars.peek() {
                    if c == ' ' || c == '\t' || c == '|' || c == '&' {
                        break;
                    }
                    chars.next();
                    if c != '\'' && c != '"' {
                        marker.push(c);
                    }
                }
                if marker.is_empty() {
                    return Err("syntax error near unexpected token `newline'".into());
                }
                tokens.push(Token::HereDoc(marker));
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => word.push(c),
                        None => return Err("unexpected EOF while looking for matching `''".into()),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('"' | '\\' | '$' | '`')) => word.push(c),
                            Some(c) => {
                                word.push('\\');
                                word.push(c);
                            }
                            None => {
                                return Err("unexpected EOF while looking for matching `\"'".into());
                            }
                        },
                        Some(c) => word.push(c),
                        None => return Err("unexpected EOF while looking for matching `\"'".into()),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(c) = chars.next() {
                    word.push(c);
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    finish(&mut word, &mut in_word, &mut tokens);
    Ok(tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        tokenize(line)
            .expect("tokenizes")
            .into_iter()
            .map(|t| match t {
                Token::Word(w) => w,
                Token::Pipe => "|".into(),
                Token::Background => "&".into(),
                Token::HereDoc(m) => format!("<<{m}"),
            })
            .collect()
    }

    #[test]
    fn quoting_table() {
        let cases: &[(&str, &[&str])] = &[
            ("kubectl get pods", &["kubectl", "get", "pods"]),
            ("  a   b  ", &["a", "b"]),
            ("a 'b c' d", &["a", "b c", "d"]),
            (r#"a "b \"c\" $x" d"#, &["a", r#"b "c" $x"#, "d"]),
            (r"a b\ c", &["a", "b c"]),
            ("a '' b", &["a", "", "b"]),
            (
                "-p '{\"spec\":{\"replicas\":3}}'",
                &["-p", "{\"spec\":{\"replicas\":3}}"],
            ),
            ("x='a b'c", &["x=a bc"]),
            ("get pods | grep web", &["get", "pods", "|", "grep", "web"]),
            ("get pods -w &", &["get", "pods", "-w", "&"]),
            ("apply -f - <<EOF", &["apply", "-f", "-", "<<EOF"]),
            ("apply -f - <<'EOF'", &["apply", "-f", "-", "<<EOF"]),
            ("get pods # trailing comment", &["get", "pods"]),
            ("echo a#b", &["echo", "a#b"]),
            (
                r#"-o jsonpath='{.items[*].metadata.name}'"#,
                &["-o", "jsonpath={.items[*].metadata.name}"],
            ),
        ];
        for (line, want) in cases {
            assert_eq!(words(line), *want, "{line}");
        }
    }

    #[test]
    fn unterminated_quotes_are_errors() {
        assert!(tokenize("echo 'abc").is_err());
        assert!(tokenize("echo \"abc").is_err());
        assert!(tokenize("cat <<").is_err());
    }
}
