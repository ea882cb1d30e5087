//! The "compare" guided scenario in the browser: the StatefulSet web beside the Deployment
//! web-deploy, checked in the pods panel (set pods first in ordinal order, then the
//! ReplicaSet's), with screenshots in en and zh at desktop and phone sizes.

use std::time::Duration;

use ordinal_e2e::{Browser, DESKTOP, PHONE, PodCard, with_browser};

const PAGE_READY: Duration = Duration::from_secs(20);
/// At ×100 a pod takes well under a second of real time; generous for a loaded CI machine.
const SETTLE: Duration = Duration::from_secs(45);
const DEPLOY_PREFIX: &str = "web-deploy-";

async fn start(browser: &Browser, lang: &str) {
    browser.open_app_with(&format!("?lang={lang}")).await;
    browser
        .wait_for_css("[data-testid=scenario-select]", PAGE_READY)
        .await;
    browser.select("[data-testid=speed]", "100").await;
    browser
        .select("[data-testid=scenario-select]", "compare")
        .await;
    browser
        .wait_for_css("[data-testid=steps-compare]", PAGE_READY)
        .await;
}

async fn step(browser: &Browser, index: usize) {
    browser
        .click(&format!("[data-testid=run-step-{index}]"))
        .await;
}

async fn screenshots(browser: &Browser, name: &str) {
    browser.resize(DESKTOP).await;
    browser.screenshot(&format!("{name}-1280.png")).await;
    browser.resize(PHONE).await;
    browser.scroll_into_view("[data-testid=pods]").await;
    browser.screenshot(&format!("{name}-375.png")).await;
    browser.resize(DESKTOP).await;
}

/// Waits until every card is Running: `set` first, in that order, then `deployed` pods of the
/// Deployment. Returns the Deployment pods' names.
async fn wait_side_by_side(browser: &Browser, set: &[&str], deployed: usize) -> Vec<String> {
    let what = format!("{set:?} then {deployed} {DEPLOY_PREFIX}… pods, all Running");
    browser
        .wait_for(&what, SETTLE, async |client| {
            let pods: Vec<PodCard> = ordinal_e2e::pod_cards(client).await?;
            let running = pods.iter().all(|(_, s)| s == "Running");
            let names: Vec<&str> = pods.iter().map(|(n, _)| n.as_str()).collect();
            let ordered = names.len() == set.len() + deployed
                && names[..set.len()] == *set
                && names[set.len()..]
                    .iter()
                    .all(|n| n.starts_with(DEPLOY_PREFIX));
            if running && ordered {
                Ok(Some(
                    names[set.len()..].iter().map(|n| n.to_string()).collect(),
                ))
            } else {
                Err(format!("{pods:?}"))
            }
        })
        .await
}

#[tokio::test]
#[ignore = "browser e2e: run by cargo xtask test"]
async fn compare_scenario_shows_stable_and_random_names_side_by_side() {
    with_browser(async |browser: Browser| {
        start(&browser, "en").await;
        step(&browser, 0).await; // load web.yaml
        step(&browser, 1).await; // apply the StatefulSet
        step(&browser, 2).await; // load compare-deploy.yaml
        step(&browser, 3).await; // apply the Deployment
        let first = wait_side_by_side(&browser, &["web-0", "web-1", "web-2"], 3).await;
        let owner = browser
            .eval(
                "return document.querySelector('[data-testid=pod][data-name=web-0]').dataset.owner",
            )
            .await
            .expect("owner");
        assert_eq!(owner, "StatefulSet/web");
        step(&browser, 4).await; // get sts,deploy,rs
        step(&browser, 5).await; // get pods -o wide
        step(&browser, 6).await; // get pvc
        let console = browser.text("[data-testid=console-output]").await;
        for claim in ["www-web-0", "www-web-2", "www-shared"] {
            assert!(console.contains(claim), "{claim} missing from: {console}");
        }
        screenshots(&browser, "guided-compare-en").await;
        step(&browser, 7).await; // scale sts to 2
        step(&browser, 8).await; // scale deploy to 2
        wait_side_by_side(&browser, &["web-0", "web-1"], 2).await;
        step(&browser, 9).await; // get pvc: www-web-2 kept
        step(&browser, 10).await; // delete web-0
        step(&browser, 11).await; // delete the Deployment's pods
        let second = wait_side_by_side(&browser, &["web-0", "web-1"], 2).await;
        assert!(
            second.iter().all(|n| !first.contains(n)),
            "re-created Deployment pods get new names: {second:?} vs {first:?}"
        );
        for index in 12..=14 {
            step(&browser, index).await;
        }
        let console = browser.text("[data-testid=console-output]").await;
        assert!(console.contains("web-0.nginx"), "{console}");
        screenshots(&browser, "guided-compare-recreated-en").await;
    })
    .await;
}

#[tokio::test]
#[ignore = "browser e2e: run by cargo xtask test"]
async fn compare_scenario_in_chinese() {
    with_browser(async |browser: Browser| {
        start(&browser, "zh").await;
        for index in 0..=3 {
            step(&browser, index).await;
        }
        wait_side_by_side(&browser, &["web-0", "web-1", "web-2"], 3).await;
        let summary = browser.text("[data-testid=scenario-summary]").await;
        assert!(summary.contains("Deployment"), "{summary}");
        step(&browser, 6).await; // get pvc
        screenshots(&browser, "guided-compare-zh").await;
    })
    .await;
}
