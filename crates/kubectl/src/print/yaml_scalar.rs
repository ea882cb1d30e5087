//! How kubectl's YAML emitter writes a string: go-yaml v2 (sigs.k8s.io/yaml) picks a style in
//! `encoder.stringv` (literal `|` for text with a newline, plain unless the text would read
//! back as something else, then double quotes) and `yaml_emitter_select_scalar_style` (plain →
//! single → double quotes as `yaml_emitter_analyze_scalar` rules them out), and its writers fold
//! long plain and quoted scalars at a space once the line is past `best_width` (80) columns.

/// go-yaml's `best_width`: a scalar is folded at the first space after this column.
const BEST_WIDTH: usize = 80;
/// The indentation hint of a block that starts with a space or a break: go-yaml's
/// `best_indent`.
const INDENT_HINT: char = '2';

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
}

/// Where a scalar is written: a mapping key is a simple key (never folded, never a block).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Key,
    Value,
}

/// Appends `s` to `out` as go-yaml would write it at the end of `out`'s last line, continuation
/// lines indented by `indent` columns.
pub fn write_string(out: &mut String, s: &str, indent: usize, context: Context) {
    let mut writer = Writer::new(out, indent, context == Context::Value);
    match style(s, context) {
        Style::Plain => writer.plain(s),
        Style::SingleQuoted => writer.single_quoted(s),
        Style::DoubleQuoted => writer.double_quoted(s),
        Style::Literal => writer.literal(s),
    }
}

/// `encoder.stringv` then `yaml_emitter_select_scalar_style`.
fn style(s: &str, context: Context) -> Style {
    let requested = if s.contains('\n') {
        Style::Literal
    } else if resolves_to_string(s) && !is_base60_float(s) {
        Style::Plain
    } else {
        Style::DoubleQuoted
    };
    let a = analyze(s);
    let simple_key = context == Context::Key;
    let mut style = requested;
    if simple_key && a.multiline {
        style = Style::DoubleQuoted;
    }
    if style == Style::Plain && (!a.block_plain_allowed || (s.is_empty() && simple_key)) {
        style = Style::SingleQuoted;
    }
    if style == Style::SingleQuoted && !a.single_quoted_allowed {
        style = Style::DoubleQuoted;
    }
    if style == Style::Literal && (!a.block_allowed || simple_key) {
        style = Style::DoubleQuoted;
    }
    style
}

/// What `yaml_emitter_analyze_scalar` finds out about a scalar (the block-context flags).
struct Analysis {
    multiline: bool,
    block_plain_allowed: bool,
    single_quoted_allowed: bool,
    block_allowed: bool,
}

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn is_blank(c: Option<char>) -> bool {
    matches!(c, Some(' ' | '\t'))
}

/// go-yaml's `is_printable` (with `unicode` on, as the encoder sets it).
fn is_printable(c: char) -> bool {
    matches!(c, '\n' | ' '..='~' | '\u{A0}'..='\u{D7FF}')
        || (('\u{E000}'..='\u{FFFD}').contains(&c) && c != '\u{FEFF}')
}

fn analyze(s: &str) -> Analysis {
    if s.is_empty() {
        return Analysis {
            multiline: false,
            block_plain_allowed: true,
            single_quoted_allowed: true,
            block_allowed: false,
        };
    }
    let mut block_indicators = s.starts_with("---") || s.starts_with("...");
    let (mut line_breaks, mut special) = (false, false);
    let (mut leading_space, mut leading_break) = (false, false);
    let (mut trailing_space, mut trailing_break) = (false, false);
    let (mut break_space, mut space_break) = (false, false);
    let (mut previous_space, mut previous_break) = (false, false);
    let mut preceded_by_whitespace = true;
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let first = i == 0;
        let last = i + 1 == chars.len();
        let followed_by_whitespace = last || is_blank(chars.get(i + 1).copied());
        match c {
            '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"' | '%'
            | '@' | '`'
                if first =>
            {
                block_indicators = true
            }
            '?' | ':' | '-' if first && followed_by_whitespace => block_indicators = true,
            ':' if !first && followed_by_whitespace => block_indicators = true,
            '#' if !first && preceded_by_whitespace => block_indicators = true,
            _ => {}
        }
        if !is_printable(c) {
            special = true;
        }
        if c == ' ' {
            leading_space |= first;
            trailing_space |= last;
            break_space |= previous_break;
            (previous_space, previous_break) = (true, false);
        } else if is_break(c) {
            line_breaks = true;
            leading_break |= first;
            trailing_break |= last;
            space_break |= previous_space;
            (previous_space, previous_break) = (false, true);
        } else {
            (previous_space, previous_break) = (false, false);
        }
        preceded_by_whitespace = matches!(c, ' ' | '\t' | '\0') || is_break(c);
    }
    let mut a = Analysis {
        multiline: line_breaks,
        block_plain_allowed: true,
        single_quoted_allowed: true,
        block_allowed: true,
    };
    if leading_space || leading_break || trailing_space || trailing_break || line_breaks {
        a.block_plain_allowed = false;
    }
    if trailing_space {
        a.block_allowed = false;
    }
    if break_space {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
    }
    if space_break || special {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
        a.block_allowed = false;
    }
    if block_indicators {
        a.block_plain_allowed = false;
    }
    a
}

/// Whether go-yaml's `resolve` reads the plain scalar `s` back as a string (not a bool, null,
/// int, float, timestamp or merge key).
fn resolves_to_string(s: &str) -> bool {
    const SPECIAL: &[&str] = &[
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false",
        "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "", "~", "null", "Null", "NULL",
        ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf",
        "-.Inf", "-.INF", "<<",
    ];
    if SPECIAL.contains(&s) {
        return false;
    }
    match s.as_bytes().first() {
        // The resolve table's '.' hint: a float such as `.5`.
        Some(b'.') => !(s.len() > 1 && go_parse_float(s)),
        Some(b'0'..=b'9' | b'+' | b'-') => {
            if is_timestamp(s) {
                return false;
            }
            let plain = s.replace('_', "");
            !(go_parse_int(&plain) || (is_yaml_style_float(&plain) && go_parse_float(&plain)))
        }
        _ => true,
    }
}

/// `strconv.ParseInt(s, 0, 64)` / `ParseUint` succeeding (range aside: a longer run of digits
/// is a float anyway): an optional sign, then `0x`/`0o`/`0b` digits, a leading-0 octal or
/// decimal digits.
fn go_parse_int(s: &str) -> bool {
    let unsigned = s.strip_prefix(['+', '-']).unwrap_or(s);
    let all =
        |digits: &str, radix: u32| !digits.is_empty() && digits.chars().all(|c| c.is_digit(radix));
    let lower = unsigned.to_ascii_lowercase();
    if let Some(hex) = lower.strip_prefix("0x") {
        return all(hex, 16);
    }
    if let Some(oct) = lower.strip_prefix("0o") {
        return all(oct, 8);
    }
    if let Some(bin) = lower.strip_prefix("0b") {
        return all(bin, 2);
    }
    if unsigned.len() > 1 && unsigned.starts_with('0') {
        return all(unsigned, 8);
    }
    all(unsigned, 10)
}

/// go-yaml's `yamlStyleFloat`: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_yaml_style_float(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(at) => (&s[..at], Some(&s[at + 1..])),
        None => (s, None),
    };
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some(("", frac)) => !frac.is_empty() && digits(frac),
        Some((int, frac)) => digits(int) && digits(frac),
        None => !mantissa.is_empty() && digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

/// `strconv.ParseFloat(s, 64)` succeeding for the decimal forms that reach it (Go reports
/// an overflow such as `1e999` as an error, so that stays a string).
fn go_parse_float(s: &str) -> bool {
    s.parse::<f64>().is_ok_and(f64::is_finite)
}

/// go-yaml's `isBase60Float`: `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`.
fn is_base60_float(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (body, fraction) = match s.split_once('.') {
        Some((b, f)) => (b, Some(f)),
        None => (s, None),
    };
    if fraction.is_some_and(|f| !f.bytes().all(|b| b.is_ascii_digit() || b == b'_')) {
        return false;
    }
    let mut parts = body.split(':');
    let head_ok = parts.next().is_some_and(|h| {
        h.as_bytes().first().is_some_and(u8::is_ascii_digit)
            && h.bytes().all(|b| b.is_ascii_digit() || b == b'_')
    });
    let sixties: Vec<&str> = parts.collect();
    head_ok
        && !sixties.is_empty()
        && sixties.iter().all(|p| match p.as_bytes() {
            [d] => d.is_ascii_digit(),
            [t, d] => (b'0'..=b'5').contains(t) && d.is_ascii_digit(),
            _ => false,
        })
}

/// go-yaml's `parseTimestamp`: `2006-1-2T15:4:5.999999999Z07:00` (or a lower-case `t`),
/// `2006-1-2 15:4:5.999999999` and `2006-1-2`, with Go's range checks.
fn is_timestamp(s: &str) -> bool {
    let Some(rest) = date(s) else {
        return false;
    };
    if rest.is_empty() {
        return true;
    }
    if let Some(time) = rest.strip_prefix(['T', 't']) {
        return clock(time).is_some_and(zone);
    }
    rest.strip_prefix(' ')
        .and_then(clock)
        .is_some_and(str::is_empty)
}

/// Takes 1 or 2 digits (Go's non-fixed `getnum`) no larger than `max`.
fn number(s: &str, min: u32, max: u32) -> Option<(u32, &str)> {
    let len = s.bytes().take(2).take_while(u8::is_ascii_digit).count();
    let n: u32 = s.get(..len)?.parse().ok()?;
    (len > 0 && (min..=max).contains(&n)).then(|| (n, &s[len..]))
}

fn date(s: &str) -> Option<&str> {
    let digits = s.get(..4)?;
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: u32 = digits.parse().ok()?;
    let rest = s.get(4..)?.strip_prefix('-')?;
    let (month, rest) = number(rest, 1, 12)?;
    let (day, rest) = number(rest.strip_prefix('-')?, 1, 31)?;
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (day <= days).then_some(rest)
}

/// `15:4:5` with an optional `.999999999` fraction; returns what follows.
fn clock(s: &str) -> Option<&str> {
    let (_, rest) = number(s, 0, 23)?;
    let (_, rest) = number(rest.strip_prefix(':')?, 0, 59)?;
    let (_, rest) = number(rest.strip_prefix(':')?, 0, 59)?;
    match rest.strip_prefix(['.', ',']) {
        Some(fraction) => {
            let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
            (digits > 0).then(|| &fraction[digits..])
        }
        None => Some(rest),
    }
}

/// `Z07:00`: `Z` or `±hh:mm`, and nothing after it.
fn zone(s: &str) -> bool {
    if s == "Z" {
        return true;
    }
    let Some(offset) = s.strip_prefix(['+', '-']) else {
        return false;
    };
    let b = offset.as_bytes();
    b.len() == 5 && b[2] == b':' && [b[0], b[1], b[3], b[4]].iter().all(u8::is_ascii_digit)
}

/// go-yaml's emitter state while one scalar is written: the column and the flags its
/// `yaml_emitter_write_indent` looks at.
struct Writer<'a> {
    out: &'a mut String,
    column: usize,
    indent: usize,
    allow_breaks: bool,
    whitespace: bool,
    indention: bool,
}

impl<'a> Writer<'a> {
    fn new(out: &'a mut String, indent: usize, allow_breaks: bool) -> Self {
        let line = out.rsplit('\n').next().unwrap_or_default();
        let column = line.chars().count();
        let whitespace = line.is_empty() || line.ends_with(' ');
        Writer {
            out,
            column,
            indent,
            allow_breaks,
            whitespace,
            // Scalars follow a key or a `- ` on the same line.
            indention: false,
        }
    }

    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    /// `yaml_emitter_write_indent`.
    fn write_indent(&mut self) {
        if !self.indention
            || self.column > self.indent
            || (self.column == self.indent && !self.whitespace)
        {
            self.put_break();
        }
        while self.column < self.indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    /// `yaml_emitter_write_indicator` for an opening quote or `|`: a space first if needed.
    fn open(&mut self, indicator: char) {
        if !self.whitespace {
            self.put(' ');
        }
        self.put(indicator);
        self.whitespace = false;
        self.indention = false;
    }

    fn fold_here(&self, spaces: bool) -> bool {
        self.allow_breaks && !spaces && self.column > BEST_WIDTH
    }

    fn plain(&mut self, s: &str) {
        if !self.whitespace {
            self.put(' ');
        }
        let chars: Vec<char> = s.chars().collect();
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                if self.fold_here(spaces) && chars.get(i + 1) != Some(&' ') {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                // Plain scalars never hold a line break (the analysis rules them out).
                self.put(c);
                self.indention = false;
                spaces = false;
            }
        }
    }

    fn single_quoted(&mut self, s: &str) {
        self.open('\'');
        let chars: Vec<char> = s.chars().collect();
        let (mut spaces, mut breaks) = (false, false);
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                let inside = i > 0 && i + 1 < chars.len();
                if self.fold_here(spaces) && inside && chars.get(i + 1) != Some(&' ') {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                if c == '\n' {
                    self.put_break();
                } else {
                    self.out.push(c);
                    self.column = 0;
                }
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.put('\'');
    }

    fn double_quoted(&mut self, s: &str) {
        self.open('"');
        let chars: Vec<char> = s.chars().collect();
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if !is_printable(c) || c == '\u{FEFF}' || is_break(c) || c == '"' || c == '\\' {
                self.escape(c);
                spaces = false;
            } else if c == ' ' {
                if self.fold_here(spaces) && i != 0 && i + 1 != chars.len() {
                    self.write_indent();
                    // A space that starts a continuation line would be folded away.
                    if chars.get(i + 1) == Some(&' ') {
                        self.put('\\');
                    }
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
        }
        self.put('"');
    }

    fn escape(&mut self, c: char) {
        self.put('\\');
        let short = match c {
            '\0' => Some('0'),
            '\u{7}' => Some('a'),
            '\u{8}' => Some('b'),
            '\t' => Some('t'),
            '\n' => Some('n'),
            '\u{b}' => Some('v'),
            '\u{c}' => Some('f'),
            '\r' => Some('r'),
            '\u{1b}' => Some('e'),
            '"' => Some('"'),
            '\\' => Some('\\'),
            '\u{85}' => Some('N'),
            '\u{a0}' => Some('_'),
            '\u{2028}' => Some('L'),
            '\u{2029}' => Some('P'),
            _ => None,
        };
        if let Some(short) = short {
            self.put(short);
            return;
        }
        let v = u32::from(c);
        let (letter, width) = match v {
            0..=0xFF => ('x', 2),
            0x100..=0xFFFF => ('u', 4),
            _ => ('U', 8),
        };
        self.put(letter);
        for digit in format!("{v:0width$X}").chars() {
            self.put(digit);
        }
    }

    /// `|` with go-yaml's hints: `2` when the text starts with a space or a line break,
    /// `-` without a final newline, `+` with more than one (or only a newline).
    fn literal(&mut self, s: &str) {
        self.open('|');
        if s.starts_with(' ') || s.starts_with(is_break) {
            self.put(INDENT_HINT);
        }
        let mut tail = s.chars().rev();
        let chomp = match (tail.next(), tail.next()) {
            (Some(last), _) if !is_break(last) => Some('-'),
            (Some(_), None) => Some('+'),
            (Some(_), Some(before)) if is_break(before) => Some('+'),
            _ => None,
        };
        if let Some(chomp) = chomp {
            self.put(chomp);
        }
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        for c in s.chars() {
            if is_break(c) {
                if c == '\n' {
                    self.put_break();
                } else {
                    self.out.push(c);
                    self.column = 0;
                }
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
    }
}
