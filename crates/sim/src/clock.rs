//! Virtual time: milliseconds since the cluster started. Nothing here reads a wall clock.

use std::fmt;

/// An instant in virtual time, in milliseconds since the cluster was created.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct Time(pub u64);

/// A span of virtual time in milliseconds.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct Duration(pub u64);

/// The virtual wall-clock date the cluster starts at, used for timestamps in objects.
const EPOCH_UNIX_SECONDS: u64 = 1_767_225_600; // 2026-01-01T00:00:00Z

impl Duration {
    pub const fn from_secs(s: u64) -> Self {
        Duration(s * 1000)
    }
    pub const fn from_millis(ms: u64) -> Self {
        Duration(ms)
    }
    pub const fn as_millis(self) -> u64 {
        self.0
    }

    /// Parses `500ms`, `30s`, `2m`, `1h`, `1m30s`, or a bare number of seconds.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if let Ok(secs) = text.parse::<u64>() {
            return Ok(Duration::from_secs(secs));
        }
        let mut total: u64 = 0;
        let mut digits = String::new();
        let mut chars = text.chars().peekable();
        let mut any = false;
        while let Some(c) = chars.next() {
            if c.is_ascii_digit() {
                digits.push(c);
                continue;
            }
            let unit = if c == 'm' && chars.peek() == Some(&'s') {
                chars.next();
                1
            } else {
                match c {
                    'h' => 3_600_000,
                    'm' => 60_000,
                    's' => 1000,
                    _ => return Err(format!("invalid duration {text:?}")),
                }
            };
            let n: u64 = digits
                .parse()
                .map_err(|_| format!("invalid duration {text:?}"))?;
            total = total.saturating_add(n.saturating_mul(unit));
            digits.clear();
            any = true;
        }
        if !digits.is_empty() || !any {
            return Err(format!("invalid duration {text:?}"));
        }
        Ok(Duration(total))
    }
}

impl std::ops::Add<Duration> for Time {
    type Output = Time;
    fn add(self, d: Duration) -> Time {
        Time(self.0.saturating_add(d.0))
    }
}

impl Time {
    pub fn since(self, earlier: Time) -> Duration {
        Duration(self.0.saturating_sub(earlier.0))
    }

    /// RFC 3339 timestamp (second precision) of this instant on the virtual calendar.
    pub fn rfc3339(self) -> String {
        let secs = EPOCH_UNIX_SECONDS + self.0 / 1000;
        let days = secs / 86_400;
        let rem = secs % 86_400;
        let (y, m, d) = civil_from_days(days as i64);
        if y > 9999 {
            // Only after advancing thousands of years: the general path.
            return format!(
                "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
                rem / 3600,
                (rem % 3600) / 60,
                rem % 60
            );
        }
        // Every object write stamps a time: digits by hand, not through `format!`'s machinery.
        let mut out = String::with_capacity(20);
        let mut digits = |value: u64, width: u32, after: char| {
            for place in (0..width).rev() {
                let digit = (value / 10u64.pow(place)) % 10;
                out.push(char::from(b'0' + digit as u8));
            }
            out.push(after);
        };
        digits(y as u64, 4, '-');
        digits(u64::from(m), 2, '-');
        digits(u64::from(d), 2, 'T');
        digits(rem / 3600, 2, ':');
        digits((rem % 3600) / 60, 2, ':');
        digits(rem % 60, 2, 'Z');
        out
    }

    /// Parses a timestamp produced by [`Time::rfc3339`] back into virtual time.
    pub fn from_rfc3339(text: &str) -> Option<Time> {
        let b = text.as_bytes();
        if b.len() != 20 {
            return None;
        }
        let num = |r: std::ops::Range<usize>| text.get(r)?.parse::<i64>().ok();
        let days = days_from_civil(num(0..4)?, num(5..7)?, num(8..10)?);
        let secs = days * 86_400 + num(11..13)? * 3600 + num(14..16)? * 60 + num(17..19)?;
        let since = secs.checked_sub(EPOCH_UNIX_SECONDS as i64)?;
        u64::try_from(since).ok().map(|s| Time(s * 1000))
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0 / 1000;
        write!(
            f,
            "{}:{:02}:{:02}.{:03}",
            s / 3600,
            (s / 60) % 60,
            s % 60,
            self.0 % 1000
        )
    }
}

// Howard Hinnant's civil-date algorithms.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_round_trip() {
        let t = Time(90_061_000);
        assert_eq!(t.rfc3339(), "2026-01-02T01:01:01Z");
        assert_eq!(Time(0).rfc3339(), "2026-01-01T00:00:00Z");
        // 2028 is a leap year: 29 February exists, then 1 March.
        let leap = Time((365 + 365 + 31 + 28) * 86_400_000 + 86_399_999);
        assert_eq!(leap.rfc3339(), "2028-02-29T23:59:59Z");
        assert_eq!((leap + Duration(1)).rfc3339(), "2028-03-01T00:00:00Z");
        let far = Time(8_000 * 365 * 86_400_000);
        assert_eq!(Time::from_rfc3339(&far.rfc3339()), None);
        assert!(far.rfc3339().starts_with("1002"), "{}", far.rfc3339());
        assert_eq!(Time::from_rfc3339(&t.rfc3339()), Some(t));
    }

    #[test]
    fn durations_parse() {
        assert_eq!(Duration::parse("1m30s"), Ok(Duration(90_000)));
        assert_eq!(Duration::parse("250ms"), Ok(Duration(250)));
        assert_eq!(Duration::parse("5"), Ok(Duration(5000)));
        assert!(Duration::parse("5x").is_err());
    }
}
