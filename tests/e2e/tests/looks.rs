//! How the page presents itself: the compact embed layout (and that Apply works there), the
//! dark scheme when the system asks for it, and no animation under `prefers-reduced-motion`.
//! Screenshots at 1280 and 375, en and zh.

use std::time::Duration;

use ordinal_e2e::{Browser, with_browser, with_browser_args};

const PAGE_READY: Duration = Duration::from_secs(20);
const SETTLE: Duration = Duration::from_secs(45);

const WEB_RUNNING: [(&str, &str); 3] = [
    ("web-0", "Running"),
    ("web-1", "Running"),
    ("web-2", "Running"),
];

/// Applies the example manifest at ×100 and waits for web-0..2.
async fn apply_web(browser: &Browser) {
    browser
        .wait_for_css("[data-testid=speed]", PAGE_READY)
        .await;
    browser.select("[data-testid=speed]", "100").await;
    browser.click("[data-testid=apply]").await;
    browser.wait_for_pods(&WEB_RUNNING, SETTLE).await;
}

async fn eval_string(browser: &Browser, script: &str) -> String {
    match browser.eval(script).await {
        Ok(serde_json::Value::String(s)) => s,
        other => panic!("{script}: {other:?}"),
    }
}

/// The settled dot's running animation while the cluster is busy (right after an apply at
/// ×1, before playing catches up).
async fn busy_dot_animation(browser: &Browser) -> String {
    browser.select("[data-testid=speed]", "1").await;
    browser.click("[data-testid=apply]").await;
    browser
        .wait_for_css("[data-testid=settled][data-settled=false]", PAGE_READY)
        .await;
    eval_string(
        browser,
        "return getComputedStyle(document.querySelector('[data-testid=settled]')).animationName;",
    )
    .await
}

#[tokio::test]
#[ignore = "browser e2e: run by cargo xtask test"]
async fn embed_is_compact_and_applies() {
    with_browser(async |browser: Browser| {
        browser
            .open_app_with("?lang=en#/embed?view=editor&example=web")
            .await;
        browser.wait_for_css("[data-testid=embed]", PAGE_READY).await;
        let full_layout = browser
            .eval("return !!document.querySelector('[data-testid=scrubber], [data-testid=console-input]');")
            .await
            .expect("layout");
        assert_eq!(full_layout, serde_json::Value::Bool(false), "compact: no scrubber, no console");
        apply_web(&browser).await;
        browser.screenshot_pair("embed-editor-en", None).await;
        // Pods only, in Chinese.
        browser
            .open_app_with("?lang=zh#/embed?view=pods&example=nfs&autoplay=1&speed=100")
            .await;
        browser.wait_for_css("[data-testid=embed]", PAGE_READY).await;
        let editors = browser
            .eval("return document.querySelectorAll('.embed .editor').length;")
            .await
            .expect("editors");
        assert_eq!(editors, serde_json::json!(0), "pods only");
        browser
            .wait_for_pods(
                &[
                    ("examplestatefulset-0", "Running"),
                    ("examplestatefulset-1", "Running"),
                    ("examplestatefulset-2", "Running"),
                ],
                SETTLE,
            )
            .await;
        browser.screenshot_pair("embed-pods-zh", None).await;
    })
    .await;
}

#[tokio::test]
#[ignore = "browser e2e: run by cargo xtask test"]
async fn dark_scheme_follows_the_system() {
    with_browser_args(&["--force-dark-mode"], async |browser: Browser| {
        browser.open_app_with("?lang=en").await;
        browser
            .wait_for_css("[data-testid=apply]", PAGE_READY)
            .await;
        let dark = browser
            .eval("return matchMedia('(prefers-color-scheme: dark)').matches;")
            .await
            .expect("media query");
        assert_eq!(dark, serde_json::Value::Bool(true), "Chromium reports dark");
        // style.css's dark --bg is #0f1217.
        let background = eval_string(
            &browser,
            "return getComputedStyle(document.documentElement).backgroundColor;",
        )
        .await;
        assert_eq!(background, "rgb(15, 18, 23)");
        // Motion is allowed here: the busy dot pulses.
        assert_eq!(busy_dot_animation(&browser).await, "pulse");
        apply_web(&browser).await;
        browser
            .screenshot_pair("dark-en", Some("[data-testid=pods]"))
            .await;
        // The autosaved session comes back paused at the instant it was saved: play on.
        browser.open_app_with("?lang=zh").await;
        browser
            .wait_for_css("[data-testid=apply]", PAGE_READY)
            .await;
        browser.select("[data-testid=speed]", "100").await;
        browser.click("[data-testid=play]").await;
        browser.wait_for_pods(&WEB_RUNNING, SETTLE).await;
        browser
            .screenshot_pair("dark-zh", Some("[data-testid=pods]"))
            .await;
    })
    .await;
}

#[tokio::test]
#[ignore = "browser e2e: run by cargo xtask test"]
async fn reduced_motion_stops_animations() {
    with_browser_args(
        &["--force-prefers-reduced-motion"],
        async |browser: Browser| {
            browser.open_app_with("?lang=en").await;
            browser
                .wait_for_css("[data-testid=apply]", PAGE_READY)
                .await;
            let reduced = browser
                .eval("return matchMedia('(prefers-reduced-motion: reduce)').matches;")
                .await
                .expect("media query");
            assert_eq!(
                reduced,
                serde_json::Value::Bool(true),
                "Chromium reports reduced motion"
            );
            assert_eq!(busy_dot_animation(&browser).await, "none");
        },
    )
    .await;
}

/// Controls and regions without an accessible name: no text, `aria-label`,
/// `aria-labelledby`, `title` or wrapping `<label>`.
const UNNAMED: &str = "const named = (e) => (e.getAttribute('aria-label') || '').trim()
    || e.getAttribute('aria-labelledby') || (e.getAttribute('title') || '').trim()
    || (e.closest('label') && e.closest('label').textContent.trim())
    || (e.labels && e.labels.length)
    || (e.tagName !== 'INPUT' && e.tagName !== 'SELECT' && e.textContent.trim());
  return Array.from(document.querySelectorAll('button, input, select, textarea, section, [role=tab], [role=tablist], [role=log]'))
    .filter(e => e.offsetParent !== null && !named(e))
    .map(e => e.outerHTML.slice(0, 120));";

#[tokio::test]
#[ignore = "browser e2e: run by cargo xtask test"]
async fn every_control_has_a_name_and_keyboard_focus_shows() {
    with_browser(async |browser: Browser| {
        browser.open_app_with("?lang=zh").await;
        apply_web(&browser).await;
        let unnamed = browser.eval(UNNAMED).await.expect("names");
        assert_eq!(unnamed, serde_json::json!([]), "controls without a name");
        // Tab from the console's input to the next control: it draws the focus ring.
        let input = browser
            .wait_for_css("[data-testid=console-input]", PAGE_READY)
            .await;
        input.send_keys("\u{E004}").await.expect("Tab");
        let outline = eval_string(
            &browser,
            "const e = document.activeElement; const s = getComputedStyle(e); \
             return e.tagName + ' ' + s.outlineStyle + ' ' + s.outlineWidth;",
        )
        .await;
        assert!(outline.ends_with("solid 3px"), "focus ring: {outline}");
    })
    .await;
}
