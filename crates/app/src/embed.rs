//! Embed mode: `#/embed?view=pods&example=web&autoplay=1` (or `s=` with a share link's
//! session) shows a compact playground for an `<iframe>` in someone else's docs page. It never
//! reads or writes the visitor's autosave, which belongs to the full playground.

/// What the embed shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EmbedView {
    /// The editor next to the pods.
    #[default]
    Editor,
    /// Only the pods (with Apply and the clock), for a live illustration.
    Pods,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EmbedParams {
    pub view: EmbedView,
    /// A guided scenario id whose first manifest goes in the editor (`web`, `zookeeper`, …).
    pub example: Option<String>,
    /// A share link's encoded session (`v1.…`).
    pub session: Option<String>,
    /// Apply the manifest at once and play.
    pub autoplay: bool,
    /// Playback speed, one of the timeline's speeds.
    pub speed: Option<u32>,
}

/// The route prefix in the URL hash.
const ROUTE: &str = "#/embed";

/// Reads the embed route from a URL hash; `None` when the page is not an embed.
pub fn parse(hash: &str) -> Option<EmbedParams> {
    let rest = hash.strip_prefix(ROUTE)?;
    if !(rest.is_empty() || rest.starts_with('?') || rest.starts_with("/?")) {
        return None;
    }
    let query = rest.split_once('?').map_or("", |(_, q)| q);
    let mut params = EmbedParams::default();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "view" if value == "pods" => params.view = EmbedView::Pods,
            "view" => params.view = EmbedView::Editor,
            "example" | "scenario" => params.example = Some(value.to_string()),
            "s" => params.session = Some(value.to_string()),
            "autoplay" => params.autoplay = value != "0",
            "speed" => params.speed = value.parse().ok(),
            _ => {}
        }
    }
    Some(params)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_route() {
        assert_eq!(parse(""), None);
        assert_eq!(parse("#s=v1.abc"), None);
        assert_eq!(parse("#/embedded"), None);
        assert_eq!(parse("#/embed"), Some(EmbedParams::default()));
        assert_eq!(
            parse("#/embed?view=pods&example=web&autoplay=1&speed=10&x=y"),
            Some(EmbedParams {
                view: EmbedView::Pods,
                example: Some("web".into()),
                session: None,
                autoplay: true,
                speed: Some(10),
            })
        );
        let shared = parse("#/embed?s=v1.AbC-_").expect("embed");
        assert_eq!(shared.session.as_deref(), Some("v1.AbC-_"));
        assert_eq!(shared.view, EmbedView::Editor);
    }
}
