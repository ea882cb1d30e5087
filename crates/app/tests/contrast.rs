//! WCAG 2.1 AA contrast audit of web/style.css, in the light and the dark scheme: reads the
//! colour custom properties of `:root` (and their `prefers-color-scheme: dark` overrides),
//! then checks every foreground/background pair the stylesheet puts together: 4.5:1 for
//! text, 3:1 for focus rings, status marks and other non-text UI (WCAG 1.4.3 and 1.4.11).

use std::collections::BTreeMap;

const CSS: &str = include_str!("../../../web/style.css");

/// Text on a background (4.5:1). Each line names where the stylesheet pairs them.
const TEXT: &[(&str, &str)] = &[
    // Body text, panels, inputs and table stripes.
    ("text", "bg"),
    ("text", "panel"),
    ("text", "sunken"),
    // Taglines, counts, hints, dt labels, table headers, watch times.
    ("muted", "bg"),
    ("muted", "panel"),
    ("muted", "sunken"),
    // Text buttons and links (also on a pod card, which takes its status colour).
    ("accent", "panel"),
    ("accent", "sunken"),
    ("accent", "ok-bg"),
    ("accent", "progress-bg"),
    ("accent", "leaving-bg"),
    ("accent", "done-bg"),
    // Primary button, pressed play button.
    ("accent-text", "accent"),
    // Pod status, badges, phases, tallies and cells: the tone on its own background and on
    // a panel.
    ("ok", "ok-bg"),
    ("ok", "panel"),
    ("progress", "progress-bg"),
    ("progress", "panel"),
    ("leaving", "leaving-bg"),
    ("leaving", "panel"),
    ("leaving", "sunken"),
    ("done", "done-bg"),
    ("done", "panel"),
    // Pod card facts and owner on the card's tone background.
    ("text", "ok-bg"),
    ("text", "progress-bg"),
    ("text", "leaving-bg"),
    ("text", "done-bg"),
    ("muted", "ok-bg"),
    ("muted", "progress-bg"),
    ("muted", "leaving-bg"),
    ("muted", "done-bg"),
    // Console, guided step commands and nslookup answers.
    ("term-text", "term-bg"),
    ("term-muted", "term-bg"),
    ("term-err", "term-bg"),
];

/// Non-text UI on a background (3:1): focus outlines, scrubber marks, the settled dot,
/// pod cells' status edge.
const UI: &[(&str, &str)] = &[
    ("focus", "bg"),
    ("focus", "panel"),
    ("focus", "sunken"),
    ("accent", "panel"),
    ("ok", "panel"),
    ("progress", "panel"),
    ("leaving", "panel"),
    ("muted", "panel"),
    ("ok", "ok-bg"),
    ("progress", "progress-bg"),
    ("leaving", "leaving-bg"),
    ("done", "done-bg"),
];

/// `#rgb` or `#rrggbb` as 0..=1 channels.
fn parse_hex(value: &str) -> Option<[f64; 3]> {
    let hex = value.strip_prefix('#')?;
    let expanded: String = match hex.len() {
        3 => hex.chars().flat_map(|c| [c, c]).collect(),
        6 => hex.to_string(),
        _ => return None,
    };
    let channel = |i: usize| {
        u8::from_str_radix(expanded.get(i..i + 2)?, 16)
            .ok()
            .map(|v| f64::from(v) / 255.0)
    };
    Some([channel(0)?, channel(2)?, channel(4)?])
}

fn luminance([r, g, b]: [f64; 3]) -> f64 {
    let linear = |c: f64| {
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

fn ratio(a: [f64; 3], b: [f64; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// The `--name: #hex` declarations of the first `:root { … }` block after `from`.
fn root_colours(css: &str, from: usize) -> BTreeMap<String, [f64; 3]> {
    let rest = &css[from..];
    let open = rest
        .find(":root")
        .and_then(|i| rest[i..].find('{').map(|j| i + j + 1));
    let Some(open) = open else {
        return BTreeMap::new();
    };
    let close = rest[open..].find('}').map_or(rest.len(), |i| open + i);
    rest[open..close]
        .split(';')
        .filter_map(|decl| {
            let (name, value) = decl.split_once(':')?;
            let name = name.trim().strip_prefix("--")?;
            Some((name.to_string(), parse_hex(value.trim())?))
        })
        .collect()
}

/// Light colours, then the dark scheme (light overridden by the dark block).
fn schemes() -> Vec<(&'static str, BTreeMap<String, [f64; 3]>)> {
    let light = root_colours(CSS, 0);
    let dark_at = CSS
        .find("prefers-color-scheme: dark")
        .expect("style.css has a dark scheme");
    let mut dark = light.clone();
    dark.extend(root_colours(CSS, dark_at));
    vec![("light", light), ("dark", dark)]
}

fn failures(pairs: &[(&str, &str)], minimum: f64) -> Vec<String> {
    let mut failed = Vec::new();
    for (scheme, colours) in schemes() {
        for (fg, bg) in pairs {
            let (Some(f), Some(b)) = (colours.get(*fg), colours.get(*bg)) else {
                failed.push(format!("{scheme}: --{fg} or --{bg} is not a hex colour"));
                continue;
            };
            let r = ratio(*f, *b);
            if r < minimum {
                failed.push(format!("{scheme}: --{fg} on --{bg} is {r:.2}:1"));
            }
        }
    }
    failed
}

#[test]
fn text_meets_4_5_to_1_in_both_schemes() {
    let failed = failures(TEXT, 4.5);
    assert!(failed.is_empty(), "{failed:#?}");
}

#[test]
fn focus_rings_and_status_marks_meet_3_to_1_in_both_schemes() {
    let failed = failures(UI, 3.0);
    assert!(failed.is_empty(), "{failed:#?}");
}

#[test]
fn the_audit_reads_both_schemes_and_computes_known_ratios() {
    let schemes = schemes();
    assert_eq!(schemes.len(), 2);
    for (scheme, colours) in &schemes {
        assert!(colours.len() >= 20, "{scheme}: {colours:?}");
    }
    assert_ne!(schemes[0].1.get("bg"), schemes[1].1.get("bg"));
    let black = parse_hex("#000").expect("hex");
    let white = parse_hex("#ffffff").expect("hex");
    assert!((ratio(black, white) - 21.0).abs() < 1e-9);
    // #767676 on white is the classic 4.54:1.
    let grey = parse_hex("#767676").expect("hex");
    assert!((ratio(grey, white) - 4.54).abs() < 0.01);
}
