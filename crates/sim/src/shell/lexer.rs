//! Splits a script into words and operators as `sh` does: quotes, backslashes, `$VAR`,
//! `${VAR}`, `$(…)` and backticks. Expansion happens later, at run time.

use super::limits::MAX_SCRIPT_BYTES;

/// One piece of a word, kept apart so expansion knows what was quoted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Lit(String),
    Var(String),
    /// The source text of a `$(…)` or backtick command substitution.
    Command(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Word {
    pub parts: Vec<Part>,
    /// Whether any part was quoted (a quoted `while` is not a keyword).
    pub quoted: bool,
}

impl Word {
    /// The word's text if it is a plain literal (keywords, assignments, operator checks).
    pub fn literal(&self) -> Option<String> {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Lit(s) => out.push_str(s),
                _ => return None,
            }
        }
        Some(out)
    }

    pub fn lit(text: &str) -> Word {
        Word {
            parts: vec![Part::Lit(text.to_string())],
            quoted: true,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    Word(Word),
    /// `;` `&&` `||` `|` `&` `(` `)` `>` `>>` `<` `2>` `2>>` `&>` `2>&1` and newline (`\n`).
    Op(&'static str),
}

const OPERATORS: &[&str] = &[
    "2>&1", "2>>", "&&", "||", ">>", "2>", "&>", ";;", ";", "|", "&", "(", ")", ">", "<", "\n",
];

pub fn tokenize(src: &str) -> Result<Vec<Token>, String> {
    if src.len() > MAX_SCRIPT_BYTES {
        return Err("script too long".into());
    }
    let chars: Vec<char> = src.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == ' ' || c == '\t' || c == '\r' {
            i += 1;
            continue;
        }
        if c == '\\' && chars.get(i + 1) == Some(&'\n') {
            i += 2;
            continue;
        }
        if c == '#' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
            continue;
        }
        if let Some(op) = operator_at(&chars, i) {
            tokens.push(Token::Op(op));
            i += op.chars().count();
            continue;
        }
        let (word, next) = read_word(&chars, i)?;
        tokens.push(Token::Word(word));
        i = next;
    }
    Ok(tokens)
}

fn operator_at(chars: &[char], i: usize) -> Option<&'static str> {
    OPERATORS.iter().copied().find(|op| {
        op.chars()
            .enumerate()
            .all(|(k, c)| chars.get(i + k) == Some(&c))
    })
}

fn is_word_end(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\r' | '\n' | ';' | '|' | '&' | '(' | ')' | '<' | '>'
    )
}

fn push_lit(parts: &mut Vec<Part>, c: char) {
    if let Some(Part::Lit(s)) = parts.last_mut() {
        s.push(c);
    } else {
        parts.push(Part::Lit(c.to_string()));
    }
}

fn read_word(chars: &[char], mut i: usize) -> Result<(Word, usize), String> {
    let mut word = Word::default();
    while i < chars.len() && !is_word_end(chars[i]) {
        match chars[i] {
            '\'' => {
                let end = find(chars, i + 1, '\'').ok_or("unterminated quoted string")?;
                word.quoted = true;
                let text: String = chars[i + 1..end].iter().collect();
                word.parts.push(Part::Lit(text));
                // An empty '' still makes a (empty) word.
                i = end + 1;
            }
            '"' => {
                word.quoted = true;
                word.parts.push(Part::Lit(String::new()));
                i += 1;
                loop {
                    let Some(&c) = chars.get(i) else {
                        return Err("unterminated quoted string".into());
                    };
                    match c {
                        '"' => {
                            i += 1;
                            break;
                        }
                        '\\' if matches!(chars.get(i + 1), Some('"' | '\\' | '$' | '`')) => {
                            if let Some(&next) = chars.get(i + 1) {
                                push_lit(&mut word.parts, next);
                            }
                            i += 2;
                        }
                        '$' | '`' => i = read_dollar(chars, i, &mut word.parts)?,
                        other => {
                            push_lit(&mut word.parts, other);
                            i += 1;
                        }
                    }
                }
            }
            '\\' => {
                if let Some(&next) = chars.get(i + 1) {
                    word.quoted = true;
                    push_lit(&mut word.parts, next);
                }
                i += 2;
            }
            '$' | '`' => i = read_dollar(chars, i, &mut word.parts)?,
            c => {
                push_lit(&mut word.parts, c);
                i += 1;
            }
        }
    }
    Ok((word, i))
}

fn find(chars: &[char], from: usize, target: char) -> Option<usize> {
    (from..chars.len()).find(|&k| chars[k] == target)
}

/// Reads `$NAME`, `${NAME}`, `$?`, `$(…)` or a backtick substitution starting at `i`.
fn read_dollar(chars: &[char], i: usize, parts: &mut Vec<Part>) -> Result<usize, String> {
    if chars[i] == '`' {
        let end = find(chars, i + 1, '`').ok_or("unterminated `")?;
        parts.push(Part::Command(chars[i + 1..end].iter().collect()));
        return Ok(end + 1);
    }
    match chars.get(i + 1) {
        Some('(') => {
            let end = matching_paren(chars, i + 1).ok_or("unterminated $(")?;
            parts.push(Part::Command(chars[i + 2..end].iter().collect()));
            Ok(end + 1)
        }
        Some('{') => {
            let end = find(chars, i + 2, '}').ok_or("bad substitution")?;
            parts.push(Part::Var(chars[i + 2..end].iter().collect()));
            Ok(end + 1)
        }
        Some(&c) if matches!(c, '?' | '$' | '#' | '@' | '*' | '!') || c.is_ascii_digit() => {
            parts.push(Part::Var(c.to_string()));
            Ok(i + 2)
        }
        Some(&c) if c == '_' || c.is_ascii_alphabetic() => {
            let mut end = i + 1;
            while end < chars.len() && (chars[end] == '_' || chars[end].is_ascii_alphanumeric()) {
                end += 1;
            }
            parts.push(Part::Var(chars[i + 1..end].iter().collect()));
            Ok(end)
        }
        _ => {
            push_lit(parts, '$');
            Ok(i + 1)
        }
    }
}

/// The index of the `)` closing the `(` at `open`, skipping quoted text and nested parens.
fn matching_paren(chars: &[char], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = open;
    while i < chars.len() {
        match chars[i] {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            '\'' => i = find(chars, i + 1, '\'')?,
            '"' => {
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    if chars[i] == '\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            '\\' => i += 1,
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_substitutions() {
        let tokens =
            tokenize(r#"echo "The host is $(hostname)" >> /dir/data; ls"#).expect("tokenizes");
        assert_eq!(tokens.len(), 6);
        let Token::Word(w) = &tokens[1] else {
            panic!("word expected")
        };
        assert_eq!(
            w.parts,
            vec![
                Part::Lit("The host is ".into()),
                Part::Command("hostname".into())
            ]
        );
        assert_eq!(tokens[2], Token::Op(">>"));
        assert_eq!(tokens[4], Token::Op(";"));
    }

    #[test]
    fn unterminated_quote_is_an_error() {
        assert!(tokenize("echo 'oops").is_err());
        assert!(tokenize("echo $(date").is_err());
    }
}
