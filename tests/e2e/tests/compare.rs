//! The "compare" guided scenario in the browser: the StatefulSet web beside the Deployment
//! web-deploy, checked in the pods panel (set pods first in ordinal order, then the
//! ReplicaSet's), with screenshots in en and zh at desktop and phone sizes.

use std::time::Duration;

use ordinal_e2e::{Browser, PodCard, with_browser};

const PAGE_READY: Duration = Duration::from_secs(20);
/// At ×100 a pod takes well under a second of real time; generous for a loaded CI machine.
const SETTLE: Duration = Duration::from_secs(45);
const DEPLOY_PREFIX: &str = "web-deploy-";

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
        browser.start_scenario("compare", "en", PAGE_READY).await;
        browser.run_step(0).await; // load web.yaml
        browser.run_step(1).await; // apply the StatefulSet
        browser.run_step(2).await; // load compare-deploy.yaml
        browser.run_step(3).await; // apply the Deployment
        let first = wait_side_by_side(&browser, &["web-0", "web-1", "web-2"], 3).await;
        let owner = browser
            .eval(
                "return document.querySelector('[data-testid=pod][data-name=web-0]').dataset.owner",
            )
            .await
            .expect("owner");
        assert_eq!(owner, "StatefulSet/web");
        browser.run_step(4).await; // get sts,deploy,rs
        browser.run_step(5).await; // get pods -o wide
        browser.run_step(6).await; // get pvc
        let console = browser.text("[data-testid=console-output]").await;
        for claim in ["www-web-0", "www-web-2", "www-shared"] {
            assert!(console.contains(claim), "{claim} missing from: {console}");
        }
        browser
            .screenshot_pair("guided-compare-en", Some("[data-testid=pods]"))
            .await;
        browser.run_step(7).await; // scale sts to 2
        browser.run_step(8).await; // scale deploy to 2
        wait_side_by_side(&browser, &["web-0", "web-1"], 2).await;
        browser.run_step(9).await; // get pvc: www-web-2 kept
        browser.run_step(10).await; // delete web-0
        browser.run_step(11).await; // delete the Deployment's pods
        let second = wait_side_by_side(&browser, &["web-0", "web-1"], 2).await;
        assert!(
            second.iter().all(|n| !first.contains(n)),
            "re-created Deployment pods get new names: {second:?} vs {first:?}"
        );
        for index in 12..=14 {
            browser.run_step(index).await;
        }
        let console = browser.text("[data-testid=console-output]").await;
        assert!(console.contains("web-0.nginx"), "{console}");
        browser
            .screenshot_pair("guided-compare-recreated-en", Some("[data-testid=pods]"))
            .await;
    })
    .await;
}

#[tokio::test]
#[ignore = "browser e2e: run by cargo xtask test"]
async fn compare_scenario_in_chinese() {
    with_browser(async |browser: Browser| {
        browser.start_scenario("compare", "zh", PAGE_READY).await;
        for index in 0..=3 {
            browser.run_step(index).await;
        }
        wait_side_by_side(&browser, &["web-0", "web-1", "web-2"], 3).await;
        let summary = browser.text("[data-testid=scenario-summary]").await;
        assert!(summary.contains("Deployment"), "{summary}");
        browser.run_step(6).await; // get pvc
        browser
            .screenshot_pair("guided-compare-zh", Some("[data-testid=pods]"))
            .await;
    })
    .await;
}
