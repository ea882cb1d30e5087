//! What `kubectl rollout` and `kubectl set` print when run without a subcommand (or with
//! `-h`): cobra's help for a command group, on stdout, exit code 0. `set` lists only the
//! subcommand the playground implements.

use crate::args::Args;
use crate::shell::Output;

const ROLLOUT: &str = r#"Manage the rollout of one or many resources.

 Valid resource types include:

  *  deployments
  *  daemonsets
  *  statefulsets

Examples:
  # Rollback to the previous deployment
  kubectl rollout undo deployment/abc
  
  # Check the rollout status of a daemonset
  kubectl rollout status daemonset/foo
  
  # Restart a deployment
  kubectl rollout restart deployment/abc
  
  # Restart deployments with the 'app=nginx' label
  kubectl rollout restart deployment --selector=app=nginx

Available Commands:
  history       View rollout history
  pause         Mark the provided resource as paused
  restart       Restart a resource
  resume        Resume a paused resource
  status        Show the status of the rollout
  undo          Undo a previous rollout

Usage:
  kubectl rollout SUBCOMMAND [options]

Use "kubectl rollout <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
"#;

const SET: &str = r#"Configure application resources.

 These commands help you make changes to existing application resources.

Available Commands:
  image            Update the image of a pod template

Usage:
  kubectl set SUBCOMMAND [options]

Use "kubectl set <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
"#;

/// The group's help when `args` name no subcommand or ask for help on the group itself.
pub fn for_group(group: &str, args: &Args) -> Option<Output> {
    let text = match group {
        "rollout" => ROLLOUT,
        "set" => SET,
        _ => return None,
    };
    let asks = args.positional.is_empty() || (args.has("help") && args.positional.len() <= 1);
    asks.then(|| Output::ok(text.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Shell;
    use ordinal_sim::{Cluster, ClusterConfig};

    #[test]
    fn a_group_without_a_subcommand_prints_its_help() {
        let mut shell = Shell::new(Cluster::new(ClusterConfig::default()));
        let rollout = shell.exec("kubectl rollout", "");
        assert_eq!((rollout.stdout.as_str(), rollout.exit_code), (ROLLOUT, 0));
        let set = shell.exec("kubectl set -h", "");
        assert_eq!((set.stdout.as_str(), set.exit_code), (SET, 0));
        // A subcommand without its resource is still that subcommand's error.
        let status = shell.exec("kubectl rollout status", "");
        assert_eq!(status.stderr, "error: required resource not specified\n");
    }
}
