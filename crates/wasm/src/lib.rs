//! The JavaScript API: a `Cluster` class over `ordinal-sim` and `ordinal-kubectl`. No logic here.

use ordinal_kubectl::Shell;
use ordinal_sim::{ClusterConfig, Duration};
use wasm_bindgen::prelude::*;

/// A simulated cluster, driven from JavaScript.
#[wasm_bindgen]
pub struct Cluster {
    shell: Shell,
}

/// What a kubectl command printed.
#[wasm_bindgen(getter_with_clone)]
pub struct CommandResult {
    pub stdout: String,
    pub stderr: String,
    #[wasm_bindgen(js_name = exitCode)]
    pub exit_code: i32,
}

#[wasm_bindgen]
impl Cluster {
    #[wasm_bindgen(constructor)]
    pub fn new(seed: Option<u32>) -> Cluster {
        let config = ClusterConfig {
            seed: u64::from(seed.unwrap_or(1)),
            ..ClusterConfig::default()
        };
        Cluster {
            shell: Shell::new(ordinal_sim::Cluster::new(config)),
        }
    }

    /// Runs one kubectl command line; `stdin` feeds `-f -`.
    pub fn kubectl(&mut self, command: &str, stdin: Option<String>) -> CommandResult {
        let line = format!("kubectl {command}");
        let out = self.shell.exec(&line, stdin.as_deref().unwrap_or(""));
        CommandResult {
            stdout: out.stdout,
            stderr: out.stderr,
            exit_code: out.exit_code,
        }
    }

    /// Advances virtual time, e.g. `"30s"` or `"1m"`.
    pub fn advance(&mut self, duration: &str) -> Result<(), JsError> {
        let d = Duration::parse(duration).map_err(|e| JsError::new(&e))?;
        self.shell.cluster.advance(d);
        Ok(())
    }

    /// Virtual time in milliseconds.
    pub fn now(&self) -> f64 {
        self.shell.cluster.now().0 as f64
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn applies_and_lists_pods() {
        let mut cluster = Cluster::new(Some(7));
        let web = include_str!("../../../tests/scenarios/web.yaml");
        let applied = cluster.kubectl("apply -f -", Some(web.to_string()));
        assert_eq!(applied.exit_code, 0, "{}", applied.stderr);
        cluster.advance("2m").expect("advance");
        let pods = cluster.kubectl("get pods", None);
        assert!(pods.stdout.contains("web-2"), "{}", pods.stdout);
    }
}
