//! Share links, the localStorage autosave, a damaged link, and the history scrubber.

use std::time::Duration;

use ordinal_e2e::{Browser, DESKTOP, PHONE, with_browser};

const PAGE_READY: Duration = Duration::from_secs(20);
const SETTLE: Duration = Duration::from_secs(45);
/// The app autosaves once a second.
const AUTOSAVE: Duration = Duration::from_millis(1_500);

const THREE_RUNNING: [(&str, &str); 3] = [
    ("web-0", "Running"),
    ("web-1", "Running"),
    ("web-2", "Running"),
];

/// Applies the example and skips to settled: three Running pods.
async fn bring_up_web(browser: &Browser) {
    browser
        .wait_for_css("[data-testid=apply]", PAGE_READY)
        .await;
    browser.click("[data-testid=apply]").await;
    browser.click("[data-testid=settle]").await;
    browser.wait_for_pods(&THREE_RUNNING, SETTLE).await;
}

async fn console_input(browser: &Browser, line: &str) {
    let input = browser
        .wait_for_css("[data-testid=console-input]", PAGE_READY)
        .await;
    input
        .send_keys(&format!("{line}\u{E007}"))
        .await
        .expect("type into the console");
}

#[tokio::test]
#[ignore = "browser e2e: run by cargo xtask test"]
async fn share_link_round_trip() {
    with_browser(async |browser: Browser| {
        browser.open_app().await;
        bring_up_web(&browser).await;
        browser.click("[data-testid=play]").await; // pause: the clock must not move on
        let clock = browser.text("[data-testid=clock]").await;
        browser.click("[data-testid=share]").await;
        let link = browser
            .wait_for("the share link", PAGE_READY, async |client| {
                let v = client
                    .execute(
                        "const e = document.querySelector('[data-testid=share-link]'); return e ? e.value : null;",
                        vec![],
                    )
                    .await
                    .map_err(|e| e.to_string())?;
                Ok(v.as_str().map(str::to_string))
            })
            .await;
        let hash = link.split_once('#').map(|(_, h)| h.to_string()).expect("hash");
        assert!(hash.starts_with("s=v1."), "{link}");
        assert!(link.len() < 2_000, "{} characters", link.len());
        println!("share link: {} characters", link.len());
        // Open the link with no local state, so everything comes from the link.
        browser.eval("localStorage.clear(); return true;").await.expect("clear");
        browser.client.goto("about:blank").await.expect("blank");
        browser.client.goto(&link).await.expect("open the link");
        browser.wait_for_pods(&THREE_RUNNING, SETTLE).await;
        assert_eq!(browser.text("[data-testid=clock]").await, clock);
        let url = browser.client.current_url().await.expect("url");
        assert!(url.fragment().is_none(), "the hash is cleared after loading: {url}");
    })
    .await;
}

#[tokio::test]
#[ignore = "browser e2e: run by cargo xtask test"]
async fn reload_restores_from_local_storage_and_a_bad_link_keeps_it() {
    with_browser(async |browser: Browser| {
        browser.open_app().await;
        bring_up_web(&browser).await;
        console_input(&browser, "kubectl scale sts web --replicas=2").await;
        browser.click("[data-testid=settle]").await;
        let two = [("web-0", "Running"), ("web-1", "Running")];
        browser.wait_for_pods(&two, SETTLE).await;
        tokio::time::sleep(AUTOSAVE).await;
        browser.client.refresh().await.expect("reload");
        browser.wait_for_pods(&two, SETTLE).await;
        let console = browser.text("[data-testid=console-output]").await;
        assert!(
            console.contains("--replicas=2"),
            "the console is replayed: {console}"
        );

        browser.open_app_with("#s=v1.this-is-not-a-session").await;
        browser
            .client
            .refresh()
            .await
            .expect("reload with the bad link");
        browser
            .wait_for_css("[data-testid=link-error]", PAGE_READY)
            .await;
        browser.wait_for_pods(&two, SETTLE).await;
        browser.resize(DESKTOP).await;
        browser.screenshot("bad-link-1280.png").await;
        browser.resize(PHONE).await;
        browser.screenshot("bad-link-375.png").await;
        browser.resize(DESKTOP).await;
    })
    .await;
}

#[tokio::test]
#[ignore = "browser e2e: run by cargo xtask test"]
async fn scrubber_rewinds_and_comes_back() {
    with_browser(async |browser: Browser| {
        browser.open_app().await;
        bring_up_web(&browser).await;
        let marks = browser
            .eval("return document.querySelectorAll('[data-testid=marks] .mark').length")
            .await
            .expect("marks");
        assert!(marks.as_u64().unwrap_or(0) >= 4, "marks: {marks}");
        let scrubber = browser
            .wait_for_css("[data-testid=scrubber-input]", PAGE_READY)
            .await;
        scrubber.send_keys("\u{E011}").await.expect("Home"); // the very beginning
        browser
            .wait_for_css("[data-testid=rewound]", PAGE_READY)
            .await;
        browser.wait_for_pods(&[], SETTLE).await;
        let clock = browser.text("[data-testid=clock]").await;
        assert!(clock.contains("0:00:00.000"), "{clock}");
        scrubber.send_keys("\u{E010}").await.expect("End"); // the end of history
        browser.wait_for_pods(&THREE_RUNNING, SETTLE).await;
        browser.screenshot("scrubber-1280.png").await;
    })
    .await;
}

/// Rows a background `kubectl get pods -w` printed for `pod` as Running and ready.
async fn watched_running(browser: &Browser, pod: &str) -> usize {
    let text = browser.text("[data-testid=console-output]").await;
    text.lines()
        .filter(|line| {
            let words: Vec<&str> = line.split_whitespace().collect();
            matches!(words.as_slice(), [name, "1/1", "Running", ..] if *name == pod)
        })
        .count()
}

/// Moves the scrubber to one second after the last command (the apply), as dragging it would.
const SEEK_AFTER_LAST_COMMAND: &str =
    "const marks = document.querySelectorAll('[data-testid=marks] .mark.command');
  if (!marks.length) return null;
  const at = Number(marks[marks.length - 1].dataset.at) + 1000;
  const input = document.querySelector('[data-testid=scrubber-input]');
  input.value = String(at); input.dispatchEvent(new Event('input', {bubbles: true}));
  return at;";

#[tokio::test]
#[ignore = "browser e2e: run by cargo xtask test"]
async fn background_watch_keeps_printing_after_a_rewind() {
    with_browser(async |browser: Browser| {
        browser.open_app().await;
        console_input(&browser, "kubectl get pods -w &").await;
        browser.select("[data-testid=speed]", "100").await;
        browser
            .wait_for_css("[data-testid=apply]", PAGE_READY)
            .await;
        browser.click("[data-testid=apply]").await;
        browser.wait_for_pods(&THREE_RUNNING, SETTLE).await;
        browser
            .wait_for("the watch prints web-2 Running", SETTLE, async |_| {
                Ok((watched_running(&browser, "web-2").await == 1).then_some(()))
            })
            .await;
        // Back to just after the apply (web-0 Pending, web-1 and web-2 not yet created), then
        // play on: the watch started before the rewind prints the pods coming up again.
        browser
            .wait_for("the apply's mark on the scrubber", SETTLE, async |client| {
                let at = client
                    .execute(SEEK_AFTER_LAST_COMMAND, vec![])
                    .await
                    .map_err(|e| e.to_string())?;
                Ok(at.as_u64())
            })
            .await;
        browser
            .wait_for_css("[data-testid=rewound]", PAGE_READY)
            .await;
        browser.wait_for_pods(&[("web-0", "Pending")], SETTLE).await;
        browser.click("[data-testid=play]").await;
        browser.wait_for_pods(&THREE_RUNNING, SETTLE).await;
        browser
            .wait_for(
                "web-2 Running printed again after the rewind",
                SETTLE,
                async |_| {
                    let rows = watched_running(&browser, "web-2").await;
                    Ok((rows >= 2).then_some(()))
                },
            )
            .await;
    })
    .await;
}
