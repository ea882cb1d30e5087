//! Frame times while a 1,000-replica StatefulSet rolls out a new image at ×100: the page's
//! requestAnimationFrame intervals over a few real seconds, printed as p50 / p95 (figures, not
//! a timed assertion: CI machines vary). Seven nodes are added first (110 pods per node, as
//! the kubelet's default, means the three default workers hold only 330); the image update
//! starts once 300 pods run, so the rollout overlaps the rest of the scale-up.

use std::time::Duration;

use ordinal_e2e::{Browser, with_browser};

const PAGE_READY: Duration = Duration::from_secs(20);
const BIG_SET_UP: Duration = Duration::from_secs(180);

/// Pods Running before the image update starts.
const RUNNING_BEFORE_UPDATE: usize = 300;

const MANIFEST: &str = "apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: big
spec:
  serviceName: big
  replicas: 1000
  podManagementPolicy: Parallel
  selector:
    matchLabels:
      app: big
  template:
    metadata:
      labels:
        app: big
    spec:
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.8
";

/// Collects rAF intervals for `ms` real milliseconds: `[gap, what]` pairs, where `what` is the
/// app's User Timing mark (`ordinal:sim` / `ordinal:fast` / `ordinal:slow`, see
/// crates/app/src/ticker.rs) of the frame that the gap measures, or "" for an idle frame.
const MEASURE: &str = "const ms = arguments[0]; const done = arguments[arguments.length - 1];
  const frames = []; let last = performance.now(); const end = last + ms; let kind = '';
  performance.clearMarks(); window.__ordinalProfile = [];
  function frame(now) {
    frames.push([now - last, kind]); last = now;
    const marks = performance.getEntriesByType('mark').filter(m => m.name.startsWith('ordinal:'));
    kind = marks.length ? marks[marks.length - 1].name : '';
    performance.clearMarks();
    if (now < end) requestAnimationFrame(frame); else done(frames); }
  requestAnimationFrame(frame);";

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(index).copied().unwrap_or(f64::NAN)
}

#[tokio::test]
#[ignore = "browser e2e: run by cargo xtask test"]
async fn rolling_update_of_1000_pods_at_x100_frame_times() {
    with_browser(async |browser: Browser| {
        browser.open_app().await;
        browser.wait_for_css("[data-testid=apply]", PAGE_READY).await;
        // Pause, so the autosave has nothing new to write between clearing and reloading.
        browser.click("[data-testid=play]").await;
        tokio::time::sleep(Duration::from_millis(1_500)).await;
        let script = format!(
            "localStorage.clear(); localStorage.setItem('ordinal.manifest', {}); return true;",
            serde_json::Value::String(MANIFEST.into())
        );
        browser.eval(&script).await.expect("store the manifest");
        // `?profile=1`: the app records its snapshot and simulator timings for the report below.
        browser.open_app_with("?profile=1").await;
        browser.wait_for_css("[data-testid=apply]", PAGE_READY).await;
        let console = browser
            .wait_for_css("[data-testid=console-input]", PAGE_READY)
            .await;
        for n in 4..=10 {
            console
                .send_keys(&format!("sim node add node-{n}\u{E007}"))
                .await
                .expect("add a node");
        }
        browser.select("[data-testid=speed]", "100").await;
        browser.click("[data-testid=apply]").await;
        browser
            .wait_for("300 pods Running", BIG_SET_UP, async |client| {
                let pods = ordinal_e2e::pod_cards(client).await?;
                let running = pods.iter().filter(|(_, s)| s == "Running").count();
                if running >= RUNNING_BEFORE_UPDATE {
                    Ok(Some(()))
                } else {
                    Err(format!("{running} Running"))
                }
            })
            .await;
        let image = browser.wait_for_css("[data-testid=image]", PAGE_READY).await;
        image.clear().await.expect("clear the image field");
        image
            .send_keys("registry.k8s.io/nginx-slim:0.9")
            .await
            .expect("type the image");
        browser.click("[data-testid=update-image]").await;
        let frames = browser
            .client
            .execute_async(MEASURE, vec![serde_json::json!(5_000)])
            .await
            .expect("measure frames");
        let frames: Vec<(f64, String)> = serde_json::from_value(frames).expect("[gap, kind]");
        assert!(frames.len() > 10, "too few frames: {frames:?}");
        let sorted = |kind: Option<&str>| {
            let mut gaps: Vec<f64> = frames
                .iter()
                .filter(|(_, k)| kind.is_none_or(|kind| k == kind))
                .map(|(gap, _)| *gap)
                .collect();
            gaps.sort_by(f64::total_cmp);
            gaps
        };
        let gaps = sorted(None);
        println!(
            "frames during the 1,000-pod rolling update at x100: n={} p50={:.1} ms p95={:.1} ms max={:.1} ms",
            gaps.len(),
            percentile(&gaps, 0.5),
            percentile(&gaps, 0.95),
            gaps.last().copied().unwrap_or(f64::NAN)
        );
        for (kind, what) in [
            ("ordinal:sim", "simulator"),
            ("ordinal:fast", "clock/pods refresh"),
            ("ordinal:slow", "other panels refresh"),
            ("", "idle"),
        ] {
            let gaps = sorted(Some(kind));
            println!(
                "  {what}: n={} p50={:.1} ms p95={:.1} ms max={:.1} ms",
                gaps.len(),
                percentile(&gaps, 0.5),
                percentile(&gaps, 0.95),
                gaps.last().copied().unwrap_or(f64::NAN)
            );
        }
        let profile = browser
            .eval("const p = window.__ordinalProfile || []; window.__ordinalProfile = []; return p;")
            .await
            .expect("profile");
        let profile: Vec<(String, f64)> = serde_json::from_value(profile).expect("[name, ms]");
        let mut names: Vec<&str> = profile.iter().map(|(n, _)| n.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        for name in names {
            let mut times: Vec<f64> = profile
                .iter()
                .filter(|(n, _)| n == name)
                .map(|(_, ms)| *ms)
                .collect();
            times.sort_by(f64::total_cmp);
            println!(
                "  work '{name}': n={} p50={:.1} ms p95={:.1} ms max={:.1} ms",
                times.len(),
                percentile(&times, 0.5),
                percentile(&times, 0.95),
                times.last().copied().unwrap_or(f64::NAN)
            );
        }
        browser.screenshot("perf-1000-rolling.png").await;
    })
    .await;
}
