//! The ZooKeeper, dynamic-NFS and DaemonSet guided scenarios walked through the UI, with the
//! panels checked at each step that changes them: pod order and statuses, zk-3 Pending with
//! the anti-affinity reason until a node is added, claim names and the hostname file, the DNS
//! names in the Network panel, pods placed per node. Screenshots in en and zh, 1280 and 375.

use std::time::Duration;

use ordinal_e2e::{Browser, with_browser};

const PAGE_READY: Duration = Duration::from_secs(20);
/// At ×100 a pod takes well under a second of real time; generous for a loaded CI machine.
const SETTLE: Duration = Duration::from_secs(45);

/// Types a line into the console and presses Enter.
async fn console(browser: &Browser, line: &str) {
    let input = browser
        .wait_for_css("[data-testid=console-input]", PAGE_READY)
        .await;
    input
        .send_keys(&format!("{line}\u{E007}"))
        .await
        .unwrap_or_else(|e| panic!("typing {line}: {e}"));
}

/// Waits until the console output contains `needle`, and returns it.
async fn wait_console(browser: &Browser, needle: &str) -> String {
    browser
        .wait_for(&format!("console shows {needle}"), SETTLE, async |client| {
            let text: String = client
                .execute(
                    "const e = document.querySelector('[data-testid=console-output]'); \
                     return e ? e.textContent : '';",
                    vec![],
                )
                .await
                .map_err(|e| e.to_string())
                .and_then(|v| serde_json::from_value(v).map_err(|e| e.to_string()))?;
            Ok(text.contains(needle).then_some(text))
        })
        .await
}

/// The node each named pod is listed on in the Nodes panel.
async fn node_of(browser: &Browser, pod: &str) -> Option<String> {
    let nodes = ordinal_e2e::node_pods(&browser.client)
        .await
        .expect("nodes panel");
    nodes
        .into_iter()
        .find(|(_, pods)| pods.iter().any(|p| p == pod))
        .map(|(node, _)| node)
}

/// The `data-*` attribute of the pod card named `pod`.
async fn pod_attribute(browser: &Browser, pod: &str, attribute: &str) -> String {
    let css = format!("[data-testid=pod][data-name='{pod}']");
    let values = ordinal_e2e::attributes(&browser.client, &css, attribute)
        .await
        .expect("pod card");
    values.into_iter().next().unwrap_or_default()
}

#[tokio::test]
#[ignore = "browser e2e: run by cargo xtask test"]
async fn zookeeper_scenario_spreads_pods_waits_for_a_node_and_canaries_zk_2() {
    with_browser(async |browser: Browser| {
        browser.start_scenario("zookeeper", "en", PAGE_READY).await;
        browser.run_step(0).await; // load
        browser.run_step(1).await; // apply (namespace zookeeper)
        browser.run_step(2).await; // rollout status
        let three = [
            ("zk-0", "Running"),
            ("zk-1", "Running"),
            ("zk-2", "Running"),
        ];
        browser.wait_for_pods(&three, SETTLE).await;
        assert_eq!(
            pod_attribute(&browser, "zk-0", "data-namespace").await,
            "zookeeper"
        );
        browser.run_step(3).await; // get pvc
        let claims = wait_console(&browser, "datadir-zk-2").await;
        assert!(claims.contains("pv00"), "bound to the static PVs: {claims}");
        let panel_claims =
            ordinal_e2e::attributes(&browser.client, "[data-testid=claim]", "data-name")
                .await
                .expect("claims");
        assert_eq!(
            panel_claims,
            ["datadir-zk-0", "datadir-zk-1", "datadir-zk-2"]
        );
        let phases = ordinal_e2e::attributes(&browser.client, "[data-testid=claim]", "data-phase")
            .await
            .expect("phases");
        assert!(phases.iter().all(|p| p == "Bound"), "{phases:?}");
        browser.run_step(4).await; // get pods -o wide
        // The anti-affinity: three pods on three different workers (the Nodes panel refreshes
        // at its own pace, so wait for it).
        let nodes = browser
            .wait_for("zk pods on three nodes", SETTLE, async |_| {
                let mut nodes = Vec::new();
                for pod in ["zk-0", "zk-1", "zk-2"] {
                    nodes.push(node_of(&browser, pod).await);
                }
                let placed: Vec<String> = nodes.iter().flatten().cloned().collect();
                let distinct: std::collections::BTreeSet<&String> = placed.iter().collect();
                Ok((placed.len() == 3 && distinct.len() == 3).then_some(placed))
            })
            .await;
        assert!(!nodes.iter().any(|n| n == "control-plane"), "{nodes:?}");
        browser.run_step(5).await; // scale to 4: zk-3 has no node left
        browser
            .wait_for_pods(
                &[
                    ("zk-0", "Running"),
                    ("zk-1", "Running"),
                    ("zk-2", "Running"),
                    ("zk-3", "Pending"),
                ],
                SETTLE,
            )
            .await;
        let why = browser
            .wait_for("zk-3's reason", SETTLE, async |client| {
                let text: String = client
                    .execute(
                        "const e = document.querySelector(\
                         \"[data-testid=pod][data-name='zk-3'] [data-testid=pod-why]\"); \
                         return e ? e.textContent : '';",
                        vec![],
                    )
                    .await
                    .map_err(|e| e.to_string())
                    .and_then(|v| serde_json::from_value(v).map_err(|e| e.to_string()))?;
                Ok(text.contains("anti-affinity").then_some(text))
            })
            .await;
        assert!(
            why.contains("node(s) didn't match pod anti-affinity rules"),
            "{why}"
        );
        browser
            .screenshot_pair(
                "guided-zookeeper-pending-en",
                Some("[data-testid=pod][data-name='zk-3']"),
            )
            .await;
        // A fourth worker gives zk-3 somewhere to go.
        console(&browser, "sim node add node-4").await;
        browser
            .wait_for_pods(
                &[
                    ("zk-0", "Running"),
                    ("zk-1", "Running"),
                    ("zk-2", "Running"),
                    ("zk-3", "Running"),
                ],
                SETTLE,
            )
            .await;
        browser
            .wait_for("zk-3 on node-4", SETTLE, async |_| {
                Ok((node_of(&browser, "zk-3").await.as_deref() == Some("node-4")).then_some(()))
            })
            .await;
        browser.run_step(6).await; // patch back to 3: datadir-zk-3 is kept
        browser.wait_for_pods(&three, SETTLE).await;
        browser
            .wait_for(
                "datadir-zk-3 kept, mounted by nobody",
                SETTLE,
                async |client| {
                    let names =
                        ordinal_e2e::attributes(client, "[data-testid=claim].orphan", "data-name")
                            .await?;
                    Ok((names == ["datadir-zk-3"]).then_some(()))
                },
            )
            .await;
        browser.run_step(7).await; // partition 2
        browser.run_step(8).await; // set image: only zk-2 moves
        browser
            .wait_for("zk-2 alone on the new revision", SETTLE, async |_| {
                let mut revisions = Vec::new();
                let mut statuses = Vec::new();
                for pod in ["zk-0", "zk-1", "zk-2"] {
                    revisions.push(pod_attribute(&browser, pod, "data-revision").await);
                    statuses.push(pod_attribute(&browser, pod, "data-status").await);
                }
                let done = statuses.iter().all(|s| s == "Running")
                    && revisions[0] == revisions[1]
                    && revisions[2] != revisions[0]
                    && !revisions[2].is_empty();
                Ok(done.then_some(()))
            })
            .await;
        browser
            .screenshot_pair("guided-zookeeper-canary-en", Some("[data-testid=pods]"))
            .await;
    })
    .await;
}

#[tokio::test]
#[ignore = "browser e2e: run by cargo xtask test"]
async fn nfs_scenario_keeps_the_hostname_file_and_shows_dns_names() {
    with_browser(async |browser: Browser| {
        browser.start_scenario("nfs", "zh", PAGE_READY).await;
        browser.run_step(0).await; // load
        browser.run_step(1).await; // apply
        browser.run_step(2).await; // rollout status
        let running = [
            ("examplestatefulset-0", "Running"),
            ("examplestatefulset-1", "Running"),
            ("examplestatefulset-2", "Running"),
        ];
        browser.wait_for_pods(&running, SETTLE).await;
        let claims = browser
            .wait_for("three bound claims", SETTLE, async |client| {
                let names =
                    ordinal_e2e::attributes(client, "[data-testid=claim]", "data-name").await?;
                let phases =
                    ordinal_e2e::attributes(client, "[data-testid=claim]", "data-phase").await?;
                Ok((names.len() == 3 && phases.iter().all(|p| p == "Bound")).then_some(names))
            })
            .await;
        assert_eq!(
            claims,
            (0..3)
                .map(|i| format!("statefuldata-examplestatefulset-{i}"))
                .collect::<Vec<_>>()
        );
        // The volume's file, from the Volumes panel.
        browser
            .click(
                "[data-testid=claim][data-name=statefuldata-examplestatefulset-0] \
                 [data-testid=claim-files]",
            )
            .await;
        let file = browser.text("[data-testid=claim-file]").await;
        assert!(file.contains("The host is examplestatefulset-0"), "{file}");
        // DNS names: every pod's own name, and the Service's name once with three addresses.
        let records = browser
            .wait_for("DNS names of the three pods", SETTLE, async |client| {
                let rows: Vec<(String, String, usize)> = serde_json::from_value(
                    client
                        .execute(
                            "return Array.from(document.querySelectorAll('[data-testid=dns-record]'))\
                             .map(r => [r.cells[0].textContent, r.dataset.kind, \
                                        r.querySelectorAll('.dns-value').length]);",
                            vec![],
                        )
                        .await
                        .map_err(|e| e.to_string())?,
                )
                .map_err(|e| e.to_string())?;
                let pods = rows
                    .iter()
                    .filter(|(n, k, _)| {
                        k == "A"
                            && n.starts_with("examplestatefulset-")
                            && n.ends_with(".examplestatefulservice.default.svc.cluster.local")
                    })
                    .count();
                Ok((pods == 3).then_some(rows))
            })
            .await;
        let service: Vec<&(String, String, usize)> = records
            .iter()
            .filter(|(n, k, _)| {
                n == "examplestatefulservice.default.svc.cluster.local" && k == "A"
            })
            .collect();
        assert_eq!(service.len(), 1, "one row for the Service name: {records:?}");
        assert_eq!(service[0].2, 3, "with the three pods' addresses");
        // The nslookup box resolves a pod's name as a pod in default would.
        let lookup = browser
            .wait_for_css("[data-testid=nslookup-input]", PAGE_READY)
            .await;
        lookup
            .send_keys("examplestatefulset-1.examplestatefulservice")
            .await
            .expect("type a name");
        browser.click("[data-testid=nslookup-run]").await;
        let answer = browser.text("[data-testid=nslookup-answer]").await;
        assert!(
            answer.contains("examplestatefulset-1.examplestatefulservice.default.svc.cluster.local")
                && answer.contains("Address"),
            "{answer}"
        );
        browser
            .screenshot_pair("guided-nfs-zh", Some("[data-testid=network]"))
            .await;
        for step in 3..=6 {
            browser.run_step(step).await;
        }
        browser.run_step(7).await; // delete examplestatefulset-0
        browser.run_step(8).await; // wait for Ready
        browser.wait_for_pods(&running, SETTLE).await;
        browser.run_step(9).await; // cat /dir/data: two lines now
        let output = wait_console(&browser, "cat /dir/data").await;
        let lines = output.matches("The host is examplestatefulset-0").count();
        // The first cat printed one line, the second two.
        assert_eq!(lines, 3, "{output}");
    })
    .await;
}

#[tokio::test]
#[ignore = "browser e2e: run by cargo xtask test"]
async fn daemonset_scenario_places_one_pod_per_node() {
    with_browser(async |browser: Browser| {
        browser.start_scenario("daemonset", "en", PAGE_READY).await;
        browser.run_step(0).await; // load
        browser.run_step(1).await; // apply
        browser.run_step(2).await; // rollout status
        let fluentd = |pods: &[String]| {
            pods.iter()
                .filter(|p| p.starts_with("fluentd-elasticsearch-"))
                .count()
        };
        let per_node = async |browser: &Browser| {
            let nodes = ordinal_e2e::node_pods(&browser.client)
                .await
                .expect("nodes panel");
            nodes
                .into_iter()
                .map(|(node, pods)| (node, fluentd(&pods)))
                .collect::<Vec<(String, usize)>>()
        };
        let expect_nodes = async |browser: &Browser, what: &str, expected: &[(&str, usize)]| {
            browser
                .wait_for(what, SETTLE, async |_| {
                    let seen = per_node(browser).await;
                    let want: Vec<(String, usize)> =
                        expected.iter().map(|(n, c)| (n.to_string(), *c)).collect();
                    Ok((seen == want).then_some(()))
                })
                .await;
        };
        expect_nodes(
            &browser,
            "one fluentd pod per worker, none on the control plane",
            &[
                ("control-plane", 0),
                ("node-1", 1),
                ("node-2", 1),
                ("node-3", 1),
            ],
        )
        .await;
        browser.run_step(3).await; // get pods -o wide
        browser.run_step(4).await; // tolerate the control-plane taint
        browser.run_step(5).await; // rollout status
        expect_nodes(
            &browser,
            "the control plane gets one too",
            &[
                ("control-plane", 1),
                ("node-1", 1),
                ("node-2", 1),
                ("node-3", 1),
            ],
        )
        .await;
        browser
            .screenshot_pair("guided-daemonset-en", Some("[data-testid=nodes]"))
            .await;
        for step in 6..=9 {
            browser.run_step(step).await;
        }
        browser.run_step(10).await; // undo to revision 1: the control plane's pod goes
        expect_nodes(
            &browser,
            "back to workers only",
            &[
                ("control-plane", 0),
                ("node-1", 1),
                ("node-2", 1),
                ("node-3", 1),
            ],
        )
        .await;
        browser.run_step(11).await; // sim node add node-4
        expect_nodes(
            &browser,
            "node-4 gets its pod",
            &[
                ("control-plane", 0),
                ("node-1", 1),
                ("node-2", 1),
                ("node-3", 1),
                ("node-4", 1),
            ],
        )
        .await;
        let owners =
            ordinal_e2e::attributes(&browser.client, "[data-testid=pod]", "data-namespace")
                .await
                .expect("pods");
        assert_eq!(owners.len(), 4, "the pods panel lists kube-system's pods");
        assert!(owners.iter().all(|n| n == "kube-system"), "{owners:?}");
    })
    .await;
}
