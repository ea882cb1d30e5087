//! Shared helpers for the browser end-to-end tests in `tests/`.
//!
//! The tests are `#[ignore]`d so that `cargo test --workspace` skips them; `cargo xtask test`
//! builds `dist/`, serves it, starts chromedriver and runs them with `--ignored`, passing:
//!
//! - `ORDINAL_E2E_URL`: the page, e.g. `http://127.0.0.1:41234/`
//! - `ORDINAL_E2E_WEBDRIVER`: chromedriver, e.g. `http://127.0.0.1:9515`
//! - `ORDINAL_E2E_ARTIFACTS` (optional): where screenshots go (default `<target>/e2e`)
//! - `ORDINAL_E2E_CHROMIUM` (optional): the browser binary (default `/usr/bin/chromium`)

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::pin::Pin;
use std::task::{Context as TaskContext, Poll};
use std::time::{Duration, Instant};

pub use fantoccini::{Client, Locator};
use serde_json::json;

/// Chromium flags: headless, and nothing that phones home.
pub const CHROMIUM_ARGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1280,800",
];

/// Desktop and phone viewports used for screenshots.
pub const DESKTOP: (u32, u32) = (1280, 800);
pub const PHONE: (u32, u32) = (375, 812);

/// How often `wait_for` polls.
const POLL: Duration = Duration::from_millis(250);

fn env(name: &str) -> String {
    match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => v,
        _ => panic!(
            "{name} is not set. The browser e2e tests are run by `cargo xtask test`, which \
             builds dist/, serves it, starts chromedriver and sets ORDINAL_E2E_URL and \
             ORDINAL_E2E_WEBDRIVER. To run them by hand: serve dist/ (`cargo xtask serve`), start \
             `chromedriver --port=9515`, then `ORDINAL_E2E_URL=http://127.0.0.1:8080/ \
             ORDINAL_E2E_WEBDRIVER=http://127.0.0.1:9515 cargo test -p ordinal-e2e -- --ignored`"
        ),
    }
}

/// The page under test (`ORDINAL_E2E_URL`).
pub fn app_url() -> String {
    env("ORDINAL_E2E_URL")
}

/// Where screenshots go: `$ORDINAL_E2E_ARTIFACTS`, else `<target dir>/e2e`.
pub fn artifacts_dir() -> PathBuf {
    let dir = std::env::var_os("ORDINAL_E2E_ARTIFACTS")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("CARGO_TARGET_DIR").map(|t| PathBuf::from(t).join("e2e")))
        .unwrap_or_else(|| {
            // The test binary is <target>/<profile>/deps/<name>.
            std::env::current_exe()
                .ok()
                .and_then(|exe| exe.ancestors().nth(3).map(|t| t.join("e2e")))
                .unwrap_or_else(|| PathBuf::from("target/e2e"))
        });
    std::fs::create_dir_all(&dir)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    dir
}

/// A WebDriver session on headless Chromium.
#[derive(Clone)]
pub struct Browser {
    pub client: Client,
}

impl std::fmt::Debug for Browser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Browser")
    }
}

impl Browser {
    /// Opens a session on `ORDINAL_E2E_WEBDRIVER`.
    pub async fn connect() -> Browser {
        Browser::connect_with(&[]).await
    }

    /// Opens a session with Chromium flags added to [`CHROMIUM_ARGS`] (e.g.
    /// `--force-dark-mode` for `prefers-color-scheme: dark`).
    pub async fn connect_with(extra_args: &[&str]) -> Browser {
        let webdriver = env("ORDINAL_E2E_WEBDRIVER");
        let binary =
            std::env::var("ORDINAL_E2E_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let args: Vec<&str> = CHROMIUM_ARGS.iter().chain(extra_args).copied().collect();
        let caps = json!({
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": binary, "args": args },
        });
        let serde_json::Value::Object(caps) = caps else {
            unreachable!("capabilities are a JSON object")
        };
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = fantoccini::ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&webdriver)
            .await
            .unwrap_or_else(|e| panic!("cannot open a WebDriver session on {webdriver}: {e}"));
        Browser { client }
    }

    /// Navigates to the app (`ORDINAL_E2E_URL`).
    pub async fn open_app(&self) {
        let url = app_url();
        self.client
            .goto(&url)
            .await
            .unwrap_or_else(|e| panic!("cannot open {url}: {e}"));
    }

    /// Polls `probe` every 250 ms until it returns `Some`, for at most `timeout`. On a
    /// timeout, saves `<what>-timeout.png` and panics with the last value seen.
    pub async fn wait_for<T>(
        &self,
        what: &str,
        timeout: Duration,
        mut probe: impl AsyncFnMut(&Client) -> Result<Option<T>, String>,
    ) -> T {
        let started = Instant::now();
        loop {
            let last = match probe(&self.client).await {
                Ok(Some(value)) => return value,
                Ok(None) => "condition not met yet".to_string(),
                Err(e) => e,
            };
            if started.elapsed() > timeout {
                let file = format!("{}-timeout.png", slug(what));
                let saved = self.try_screenshot(&file).await;
                panic!(
                    "timed out after {:.0?} waiting for {what}; last: {last}; screenshot: {saved}",
                    started.elapsed()
                );
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Waits for an element matching `css` and returns it.
    pub async fn wait_for_css(
        &self,
        css: &str,
        timeout: Duration,
    ) -> fantoccini::elements::Element {
        self.wait_for(css, timeout, async |c: &Client| {
            match c.find(Locator::Css(css)).await {
                Ok(el) => Ok(Some(el)),
                Err(e) if e.is_no_such_element() => Ok(None),
                Err(e) => Err(e.to_string()),
            }
        })
        .await
    }

    /// Runs `script` (a function body that `return`s a value) and decodes the result.
    pub async fn eval(&self, script: &str) -> Result<serde_json::Value, String> {
        self.client
            .execute(script, vec![])
            .await
            .map_err(|e| format!("script failed: {e}"))
    }

    /// Saves a PNG screenshot of the viewport to the artifacts dir and returns its path.
    pub async fn screenshot(&self, file_name: &str) -> PathBuf {
        let png = self
            .client
            .screenshot()
            .await
            .unwrap_or_else(|e| panic!("screenshot failed: {e}"));
        let path = artifacts_dir().join(file_name);
        std::fs::write(&path, png)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        println!("screenshot: {}", path.display());
        path
    }

    async fn try_screenshot(&self, file_name: &str) -> String {
        match self.client.screenshot().await {
            Ok(png) => {
                let path = artifacts_dir().join(file_name);
                match std::fs::write(&path, png) {
                    Ok(()) => path.display().to_string(),
                    Err(e) => format!("(cannot write {}: {e})", path.display()),
                }
            }
            Err(e) => format!("(screenshot failed: {e})"),
        }
    }

    /// Resizes the window so that the page viewport is `width` x `height` CSS pixels
    /// (the window is larger than the viewport by the size of the browser frame).
    pub async fn resize(&self, (width, height): (u32, u32)) {
        self.set_window_size(width, height).await;
        let inner = self
            .eval("return [window.innerWidth, window.innerHeight];")
            .await
            .ok()
            .and_then(|v| serde_json::from_value::<(i64, i64)>(v).ok());
        if let Some((w, h)) = inner {
            let (dw, dh) = (i64::from(width) - w, i64::from(height) - h);
            if dw != 0 || dh != 0 {
                let grow = |base: u32, by: i64| u32::try_from(i64::from(base) + by).unwrap_or(base);
                self.set_window_size(grow(width, dw), grow(height, dh))
                    .await;
            }
        }
    }

    async fn set_window_size(&self, width: u32, height: u32) {
        self.client
            .set_window_size(width, height)
            .await
            .unwrap_or_else(|e| panic!("cannot resize the window to {width}x{height}: {e}"));
    }

    /// Navigates to the app with `suffix` appended to its URL (`?lang=zh`, `#s=…`).
    pub async fn open_app_with(&self, suffix: &str) {
        let url = format!("{}{suffix}", app_url());
        self.client
            .goto(&url)
            .await
            .unwrap_or_else(|e| panic!("cannot open {url}: {e}"));
    }

    /// Clicks the element matching `css`, waiting for it first.
    pub async fn click(&self, css: &str) {
        let el = self.wait_for_css(css, Duration::from_secs(20)).await;
        el.click()
            .await
            .unwrap_or_else(|e| panic!("cannot click {css}: {e}"));
    }

    /// The text content of the first element matching `css` (empty when there is none).
    pub async fn text(&self, css: &str) -> String {
        let script = format!(
            "const e = document.querySelector({}); return e ? e.textContent : '';",
            serde_json::Value::String(css.to_string())
        );
        match self.eval(&script).await {
            Ok(serde_json::Value::String(s)) => s,
            other => panic!("reading the text of {css}: {other:?}"),
        }
    }

    /// Sets a `<select>`'s value and fires `change`, as picking an option does.
    pub async fn select(&self, css: &str, value: &str) {
        let script = format!(
            "const e = document.querySelector({}); if (!e) return false; e.value = {}; \
             e.dispatchEvent(new Event('change', {{bubbles: true}})); return true;",
            serde_json::Value::String(css.to_string()),
            serde_json::Value::String(value.to_string())
        );
        let done = self.eval(&script).await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            done,
            serde_json::Value::Bool(true),
            "no element matches {css}"
        );
    }

    /// Waits until the pod cards are exactly `expected` (name, status), in page order.
    pub async fn wait_for_pods(&self, expected: &[(&str, &str)], timeout: Duration) {
        let what = format!("pods {expected:?}");
        self.wait_for(&what, timeout, async |client| {
            let pods = pod_cards(client).await?;
            let same = pods.len() == expected.len()
                && pods
                    .iter()
                    .zip(expected)
                    .all(|((n, s), (en, es))| n == en && s == es);
            if same {
                Ok(Some(()))
            } else {
                Err(format!("{pods:?}"))
            }
        })
        .await;
    }

    /// Scrolls the first element matching `css` into view.
    /// Opens the app in `lang` at ×100 and picks a guided scenario from the list.
    pub async fn start_scenario(&self, scenario: &str, lang: &str, timeout: Duration) {
        self.open_app_with(&format!("?lang={lang}")).await;
        self.wait_for_css("[data-testid=scenario-select]", timeout)
            .await;
        self.select("[data-testid=speed]", "100").await;
        self.select("[data-testid=scenario-select]", scenario).await;
        self.wait_for_css(&format!("[data-testid=steps-{scenario}]"), timeout)
            .await;
    }

    /// Presses the "run this step" button of step `index` of the open scenario.
    pub async fn run_step(&self, index: usize) {
        self.click(&format!("[data-testid=run-step-{index}]")).await;
    }

    /// `<name>-1280.png` and `<name>-375.png` (the phone view scrolled to `phone_focus` when
    /// given), leaving the window at desktop size. Fails when the page is wider than the
    /// 375 px viewport (a horizontal scrollbar), naming what sticks out.
    pub async fn screenshot_pair(&self, name: &str, phone_focus: Option<&str>) {
        self.resize(DESKTOP).await;
        self.screenshot(&format!("{name}-1280.png")).await;
        self.resize(PHONE).await;
        if let Some(css) = phone_focus {
            self.scroll_into_view(css).await;
        }
        self.screenshot(&format!("{name}-375.png")).await;
        // A phone must not have to scroll sideways (checked after the screenshot, which then
        // shows the culprit).
        let overflow = self.horizontal_overflow().await;
        assert_eq!(overflow, None, "{name} at 375 px wide");
        self.resize(DESKTOP).await;
    }

    /// At the current viewport: `None` when the page is no wider than the window (no
    /// horizontal scrollbar), else the page's scroll width, the viewport's width and the
    /// deepest elements that stick out on the right (tag, class, testid, right edge), so a
    /// failure names the culprit.
    pub async fn horizontal_overflow(&self) -> Option<String> {
        // Panels off screen skip their layout (`content-visibility: auto`) and so would not
        // count: lay everything out for the measurement.
        let script = "const w = window.innerWidth, d = document.documentElement;
          const skipped = Array.from(document.querySelectorAll('body *'))
            .filter(e => getComputedStyle(e).contentVisibility === 'auto');
          skipped.forEach(e => e.style.contentVisibility = 'visible');
          const wide = d.scrollWidth;
          skipped.forEach(e => e.style.contentVisibility = '');
          if (wide <= w) return null;
          const out = Array.from(document.querySelectorAll('body *')).filter(e => {
            const r = e.getBoundingClientRect();
            return r.width > 0 && r.right > w + 0.5
              && !Array.from(e.children).some(c => c.getBoundingClientRect().right > w + 0.5);
          }).slice(0, 8).map(e => e.tagName.toLowerCase() + '.' + e.className
            + (e.dataset.testid ? '[' + e.dataset.testid + ']' : '')
            + ' right=' + Math.round(e.getBoundingClientRect().right));
          return 'scrollWidth ' + wide + ' > innerWidth ' + w + ': ' + out.join(', ');";
        match self.eval(script).await {
            Ok(serde_json::Value::Null) => None,
            Ok(serde_json::Value::String(s)) => Some(s),
            other => Some(format!("overflow probe: {other:?}")),
        }
    }

    pub async fn scroll_into_view(&self, css: &str) {
        let script = format!(
            "const e = document.querySelector({}); if (e) e.scrollIntoView({{block: 'start'}}); return !!e;",
            serde_json::Value::String(css.to_string())
        );
        let found = self.eval(&script).await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            found,
            serde_json::Value::Bool(true),
            "no element matches {css}"
        );
    }
}

/// Opens a browser, runs `test`, and always closes the session, even when `test` panics
/// (the panic is then re-raised).
pub async fn with_browser<F, Fut>(test: F)
where
    F: FnOnce(Browser) -> Fut,
    Fut: Future<Output = ()>,
{
    with_browser_args(&[], test).await;
}

/// [`with_browser`] with extra Chromium flags (see [`Browser::connect_with`]).
pub async fn with_browser_args<F, Fut>(extra_args: &[&str], test: F)
where
    F: FnOnce(Browser) -> Fut,
    Fut: Future<Output = ()>,
{
    let browser = Browser::connect_with(extra_args).await;
    let client = browser.client.clone();
    let outcome = CatchUnwind(Box::pin(test(browser))).await;
    let _ = client.close().await;
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

/// A future that turns a panic while polling `F` into an `Err`.
struct CatchUnwind<F>(Pin<Box<F>>);

impl<F: Future> Future for CatchUnwind<F> {
    type Output = std::thread::Result<F::Output>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<Self::Output> {
        let inner = self.0.as_mut();
        match std::panic::catch_unwind(AssertUnwindSafe(|| inner.poll(cx))) {
            Ok(Poll::Pending) => Poll::Pending,
            Ok(Poll::Ready(value)) => Poll::Ready(Ok(value)),
            Err(panic) => Poll::Ready(Err(panic)),
        }
    }
}

fn slug(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// One `[data-testid=pod]` card: `(data-name, data-status)`.
pub type PodCard = (String, String);

/// `data-*` attribute `attribute` of every element matching `css`, in page order, read in a
/// single script call.
pub async fn attributes(
    client: &Client,
    css: &str,
    attribute: &str,
) -> Result<Vec<String>, String> {
    let value = client
        .execute(
            "return Array.from(document.querySelectorAll(arguments[0]))\
             .map(e => e.getAttribute(arguments[1]) || '');",
            vec![json!(css), json!(attribute)],
        )
        .await
        .map_err(|e| format!("reading {css} [{attribute}]: {e}"))?;
    serde_json::from_value(value).map_err(|e| format!("unexpected data: {e}"))
}

/// Each `[data-testid=node]` card: (node name, the pod names listed on it).
pub async fn node_pods(client: &Client) -> Result<Vec<(String, Vec<String>)>, String> {
    let value = client
        .execute(
            "return Array.from(document.querySelectorAll('[data-testid=node]'))\
             .map(n => [n.getAttribute('data-name'),\
               Array.from(n.querySelectorAll('.node-pod')).map(p => p.textContent)]);",
            vec![],
        )
        .await
        .map_err(|e| format!("reading nodes: {e}"))?;
    serde_json::from_value(value).map_err(|e| format!("unexpected node data: {e}"))
}

/// Reads every pod card in page order in a single script call (no stale elements).
pub async fn pod_cards(client: &Client) -> Result<Vec<PodCard>, String> {
    let value = client
        .execute(
            "return Array.from(document.querySelectorAll('[data-testid=pod]'))\
             .map(e => [e.getAttribute('data-name'), e.getAttribute('data-status')]);",
            vec![],
        )
        .await
        .map_err(|e| format!("reading pods: {e}"))?;
    serde_json::from_value(value).map_err(|e| format!("unexpected pod data: {e}"))
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slugs() {
        assert_eq!(slug("[data-testid=apply]"), "data-testid-apply");
        assert_eq!(slug("three Running pods"), "three-Running-pods");
    }
}
