//! The ReplicaSet's decision (`manageReplicas`): how many pods to create, or which to delete.

use super::controller_utils::sort_for_deletion;
use ordinal_api::Pod;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Create(usize),
    /// Pod names, in the order they go.
    Delete(Vec<String>),
    Nothing,
}

/// `burstReplicas`: the most pods one sync creates or deletes.
const BURST_REPLICAS: usize = 500;

pub fn manage_replicas(mut active: Vec<&Pod>, replicas: i32) -> Decision {
    let want = usize::try_from(replicas).unwrap_or(0);
    let have = active.len();
    if have < want {
        return Decision::Create((want - have).min(BURST_REPLICAS));
    }
    if have > want {
        sort_for_deletion(&mut active);
        let names = active
            .into_iter()
            .take((have - want).min(BURST_REPLICAS))
            .map(|p| p.metadata.name.clone())
            .collect();
        return Decision::Delete(names);
    }
    Decision::Nothing
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pod(name: &str, created: &str) -> Pod {
        let mut p = Pod::default();
        p.metadata.name = name.into();
        p.metadata.creation_timestamp = Some(created.into());
        p.spec.node_name = Some("node-1".into());
        p.status.phase = Some("Running".into());
        p
    }

    #[test]
    fn creates_the_shortfall_and_deletes_newest_surplus() {
        assert_eq!(manage_replicas(vec![], 3), Decision::Create(3));
        let pods: Vec<Pod> = vec![
            pod("a", "2026-01-01T00:00:01Z"),
            pod("b", "2026-01-01T00:00:05Z"),
            pod("c", "2026-01-01T00:00:03Z"),
        ];
        let refs: Vec<&Pod> = pods.iter().collect();
        assert_eq!(
            manage_replicas(refs.clone(), 1),
            Decision::Delete(vec!["b".into(), "c".into()])
        );
        assert_eq!(manage_replicas(refs, 3), Decision::Nothing);
    }
}
