//! The guided scenarios walked through the UI, one "run this step" button at a time, with the
//! DOM checked after the steps that change what the panels show; screenshots in en and zh at
//! desktop and phone sizes.

use std::time::Duration;

use ordinal_e2e::{Browser, with_browser};

const PAGE_READY: Duration = Duration::from_secs(20);
/// At ×100 a pod takes well under a second of real time; generous for a loaded CI machine.
const SETTLE: Duration = Duration::from_secs(45);

#[tokio::test]
#[ignore = "browser e2e: run by cargo xtask test"]
async fn web_scenario_orders_scales_updates_and_recovers() {
    with_browser(async |browser: Browser| {
        browser.start_scenario("web", "en", PAGE_READY).await;
        browser.run_step(0).await; // load web.yaml
        browser.run_step(1).await; // apply
        browser.run_step(2).await; // rollout status
        let running = [
            ("web-0", "Running"),
            ("web-1", "Running"),
            ("web-2", "Running"),
        ];
        browser.wait_for_pods(&running, SETTLE).await;
        browser.run_step(3).await; // get pvc
        let console = browser.text("[data-testid=console-output]").await;
        for claim in ["www-web-0", "www-web-1", "www-web-2"] {
            assert!(console.contains(claim), "{claim} missing from: {console}");
        }
        browser.screenshot_pair("guided-web-en", None).await;
        browser.run_step(4).await; // scale to 5
        browser
            .wait_for_pods(
                &[
                    ("web-0", "Running"),
                    ("web-1", "Running"),
                    ("web-2", "Running"),
                    ("web-3", "Running"),
                    ("web-4", "Running"),
                ],
                SETTLE,
            )
            .await;
        browser.run_step(5).await; // scale to 3
        browser.wait_for_pods(&running, SETTLE).await;
        for index in 6..=10 {
            browser.run_step(index).await;
        }
        browser.run_step(11).await; // broken image
        browser
            .wait_for("web-2 failing to pull", SETTLE, async |client| {
                let pods = ordinal_e2e::pod_cards(client).await?;
                Ok(pods
                    .iter()
                    .any(|(n, s)| n == "web-2" && (s == "ErrImagePull" || s == "ImagePullBackOff"))
                    .then_some(()))
            })
            .await;
        browser.screenshot_pair("guided-web-broken-en", None).await;
        browser.run_step(12).await; // undo
        browser.run_step(13).await; // delete web-2
        browser.wait_for_pods(&running, SETTLE).await;
        let current = browser.text("[data-testid=step-13]").await;
        assert!(!current.is_empty());
        let state = browser
            .eval("return document.querySelector('[data-testid=step-13]').dataset.state")
            .await
            .expect("state");
        assert_eq!(state, "done");
    })
    .await;
}

#[tokio::test]
#[ignore = "browser e2e: run by cargo xtask test"]
async fn myapp_scenario_shows_both_mistakes_then_runs() {
    with_browser(async |browser: Browser| {
        browser.start_scenario("myapp", "zh", PAGE_READY).await;
        browser.run_step(0).await; // load the broken manifest
        let problems = browser
            .wait_for("both mistakes underlined", PAGE_READY, async |client| {
                let text: String = client
                    .execute(
                        "return document.querySelector('[data-testid=problems]').textContent",
                        vec![],
                    )
                    .await
                    .map_err(|e| e.to_string())
                    .and_then(|v| serde_json::from_value(v).map_err(|e| e.to_string()))?;
                Ok(
                    (text.contains("volumeClaimTemolates") && text.contains("containers"))
                        .then_some(text),
                )
            })
            .await;
        assert!(
            problems.contains("volumeClaimTemplates"),
            "did-you-mean: {problems}"
        );
        browser
            .screenshot_pair("guided-myapp-errors-zh", None)
            .await;
        browser.run_step(1).await; // apply: refused, containers is a map
        let console = browser.text("[data-testid=console-output]").await;
        assert!(console.contains("[]v1.Container"), "{console}");
        browser.run_step(2).await; // containers fixed
        browser.run_step(3).await; // apply: refused, the typo
        let console = browser.text("[data-testid=console-output]").await;
        assert!(console.contains("volumeClaimTemolates"), "{console}");
        assert!(
            ordinal_e2e::pod_cards(&browser.client)
                .await
                .expect("pods")
                .is_empty()
        );
        browser.run_step(4).await; // load the fixed manifest
        browser.run_step(5).await; // apply
        browser
            .wait_for_pods(
                &[
                    ("myapp-0", "Running"),
                    ("myapp-1", "Running"),
                    ("myapp-2", "Running"),
                ],
                SETTLE,
            )
            .await;
        browser
            .screenshot_pair("guided-myapp-running-zh", None)
            .await;
    })
    .await;
}
