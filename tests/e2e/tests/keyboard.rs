//! The web scenario with the keyboard only: Tab to each "run this step" button and press
//! Enter; the focused control always shows a visible outline.

use std::time::Duration;

use ordinal_e2e::{Browser, with_browser};

const PAGE_READY: Duration = Duration::from_secs(20);
const SETTLE: Duration = Duration::from_secs(45);
const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";
const ARROW_DOWN: &str = "\u{E015}";

async fn focused(browser: &Browser) -> String {
    browser
        .eval("const e = document.activeElement; return e && e.dataset ? (e.dataset.testid || '') : '';")
        .await
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

async fn press(browser: &Browser, keys: &str) {
    let el = browser
        .client
        .active_element()
        .await
        .expect("active element");
    el.send_keys(keys).await.expect("send keys");
}

/// Presses Tab until the control with `testid` has the focus.
async fn tab_to(browser: &Browser, testid: &str) {
    for _ in 0..120 {
        if focused(browser).await == testid {
            let outline = browser
                .eval("return getComputedStyle(document.activeElement).outlineStyle")
                .await
                .expect("outline");
            assert_ne!(outline, "none", "{testid} has no visible focus");
            return;
        }
        press(browser, TAB).await;
    }
    panic!(
        "Tab never reached {testid}; stuck on {:?}",
        focused(browser).await
    );
}

#[tokio::test]
#[ignore = "browser e2e: run by cargo xtask test"]
async fn web_scenario_by_keyboard_only() {
    with_browser(async |browser: Browser| {
        browser.open_app().await;
        browser
            .wait_for_css("[data-testid=scenario-select]", PAGE_READY)
            .await;
        // Choose the scenario and the speed with the keyboard: focus the select, type.
        tab_to(&browser, "speed").await;
        // ×1 → ×100: the last of five options.
        press(&browser, &ARROW_DOWN.repeat(4)).await;
        tab_to(&browser, "scenario-select").await;
        press(&browser, ARROW_DOWN).await; // the first scenario, nginx web
        browser
            .wait_for_css("[data-testid=steps-web]", PAGE_READY)
            .await;
        for index in 0..=2 {
            tab_to(&browser, &format!("run-step-{index}")).await;
            press(&browser, ENTER).await;
        }
        browser
            .wait_for_pods(
                &[
                    ("web-0", "Running"),
                    ("web-1", "Running"),
                    ("web-2", "Running"),
                ],
                SETTLE,
            )
            .await;
        tab_to(&browser, "run-step-4").await; // scale to five
        press(&browser, ENTER).await;
        browser
            .wait_for("five pods", SETTLE, async |client| {
                let pods = ordinal_e2e::pod_cards(client).await?;
                Ok((pods.len() == 5).then_some(()))
            })
            .await;
        browser.screenshot("keyboard-web-1280.png").await;
    })
    .await;
}
