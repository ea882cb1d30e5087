//! kubectl's human-readable durations (`5s`, `2m30s`, `10m`, `3h4m`, `5d`).

use ordinal_sim::Duration;

/// Formats an age the way kubectl's `duration.HumanDuration` does.
pub fn format_age(d: Duration) -> String {
    let secs = d.as_millis() / 1000;
    if secs < 120 {
        return format!("{secs}s");
    }
    let minutes = secs / 60;
    if minutes < 10 {
        let s = secs % 60;
        return if s == 0 {
            format!("{minutes}m")
        } else {
            format!("{minutes}m{s}s")
        };
    }
    if minutes < 180 {
        return format!("{minutes}m");
    }
    let hours = secs / 3600;
    if hours < 8 {
        let m = minutes % 60;
        return if m == 0 {
            format!("{hours}h")
        } else {
            format!("{hours}h{m}m")
        };
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    let days = hours / 24;
    if hours < 192 {
        let h = hours % 24;
        return if h == 0 {
            format!("{days}d")
        } else {
            format!("{days}d{h}h")
        };
    }
    if days < 365 * 2 {
        return format!("{days}d");
    }
    if days < 365 * 8 {
        let d = days % 365;
        return if d == 0 {
            format!("{}y", days / 365)
        } else {
            format!("{}y{d}d", days / 365)
        };
    }
    format!("{}y", days / 365)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_match_kubectl() {
        let f = |s| format_age(Duration::from_secs(s));
        assert_eq!(f(5), "5s");
        assert_eq!(f(119), "119s");
        assert_eq!(f(150), "2m30s");
        assert_eq!(f(600), "10m");
        assert_eq!(f(3 * 3600 + 4 * 60), "3h4m");
        assert_eq!(f(5 * 86_400), "5d");
        assert_eq!(f(191 * 3600), "7d23h");
        assert_eq!(f(192 * 3600), "8d");
        assert_eq!(f(730 * 86_400), "2y");
        assert_eq!(f(800 * 86_400), "2y70d");
        assert_eq!(f(9 * 365 * 86_400 + 5 * 86_400), "9y");
    }
}
