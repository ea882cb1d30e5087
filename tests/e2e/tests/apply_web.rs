//! Applying the bundled web.yaml brings up web-0, web-1, web-2 in order, all Running.

use std::time::Duration;

use ordinal_e2e::{Browser, DESKTOP, PHONE, pod_cards, with_browser};

/// The page needs to download and start the wasm module.
const PAGE_READY: Duration = Duration::from_secs(20);
/// The app advances virtual time in real time (100 ms per 100 ms tick) and each pod
/// needs ~5-15 virtual seconds (image pull, start), one after another.
const PODS_RUNNING: Duration = Duration::from_secs(90);

#[tokio::test]
#[ignore = "browser e2e: run by cargo xtask test"]
async fn apply_brings_up_three_running_pods_in_order() {
    with_browser(async |browser: Browser| {
        browser.open_app().await;
        let apply = browser
            .wait_for_css("[data-testid=apply]", PAGE_READY)
            .await;
        apply.click().await.expect("click Apply");

        let pods = browser
            .wait_for("three Running pods", PODS_RUNNING, async |client| {
                let pods = pod_cards(client).await?;
                let running = pods.len() == 3 && pods.iter().all(|(_, status)| status == "Running");
                Ok(running.then_some(pods))
            })
            .await;
        let names: Vec<&str> = pods.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(names, ["web-0", "web-1", "web-2"]);

        browser.resize(DESKTOP).await;
        browser.screenshot("web-running.png").await;
        browser.resize(PHONE).await;
        browser.screenshot("web-running-phone.png").await;
        browser.scroll_into_view("[data-testid=pods]").await;
        browser.screenshot("web-running-phone-pods.png").await;
        browser.resize(DESKTOP).await;
    })
    .await;
}
