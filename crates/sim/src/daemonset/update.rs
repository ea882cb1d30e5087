//! The RollingUpdate decision (`rollingUpdate` in `update.go`): which old pods to delete and
//! on which nodes to surge a new pod, within maxUnavailable / maxSurge. Pure: it sees, per
//! node, the one updated and the one old pod there.

use super::types::DaemonSet;
use crate::replicaset::controller_utils::scaled_value;
use std::collections::BTreeMap;

/// What rolling update reads of one daemon pod.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DaemonPod {
    pub name: String,
    pub updated: bool,
    pub available: bool,
    pub terminating: bool,
}

/// `findUpdatedPodsOnNode`: (new pod, old pod); `None` when a node holds two of a kind (the
/// manage loop cleans that up first).
fn find_updated_pods_on_node(
    pods: &[DaemonPod],
) -> Option<(Option<&DaemonPod>, Option<&DaemonPod>)> {
    let (mut new, mut old) = (None, None);
    for pod in pods.iter().filter(|p| !p.terminating) {
        let slot = if pod.updated { &mut new } else { &mut old };
        if slot.is_some() {
            return None;
        }
        *slot = Some(pod);
    }
    Some((new, old))
}

/// `updatedDesiredNodeCounts`: (maxSurge, maxUnavailable) for `desired` nodes, both rounded
/// up; maxUnavailable defaults to 1, maxSurge to 0, and never both 0.
pub fn surge_and_unavailable(ds: &DaemonSet, desired: i32) -> (i32, i32) {
    let rolling = ds
        .spec
        .update_strategy
        .as_ref()
        .and_then(|s| s.rolling_update.clone())
        .unwrap_or_default();
    let surge = rolling
        .max_surge
        .as_ref()
        .map_or(0, |v| scaled_value(Some(v), desired, true, "0%"));
    let mut unavailable = rolling
        .max_unavailable
        .as_ref()
        .map_or(1, |v| scaled_value(Some(v), desired, true, "0%"));
    if desired > 0 && surge == 0 && unavailable == 0 {
        unavailable = 1;
    }
    (surge, unavailable)
}

/// The rolling update's (old pods to delete, nodes to create a new pod on). `by_node` holds
/// every node that should run the pod (possibly with no pods) and every node with pods.
pub fn rolling_update(
    by_node: &BTreeMap<String, Vec<DaemonPod>>,
    max_surge: i32,
    max_unavailable: i32,
) -> (Vec<String>, Vec<String>) {
    if max_surge == 0 {
        let mut unavailable = 0;
        let mut replacements = Vec::new();
        let mut candidates = Vec::new();
        for pods in by_node.values() {
            let Some((new, old)) = find_updated_pods_on_node(pods) else {
                unavailable += 1;
                continue;
            };
            match (new, old) {
                (None, None) | (Some(_), Some(_)) => unavailable += 1,
                (Some(new), None) => {
                    if !new.available {
                        unavailable += 1;
                    }
                }
                (None, Some(old)) => {
                    if !old.available {
                        replacements.push(old.name.clone());
                    } else if unavailable < max_unavailable {
                        candidates.push(old.name.clone());
                    }
                }
            }
        }
        let remaining = (max_unavailable - unavailable).clamp(0, candidates.len() as i32) as usize;
        replacements.extend(candidates.into_iter().take(remaining));
        return (replacements, Vec::new());
    }
    let mut surge = 0;
    let mut allowed_new = Vec::new();
    let mut candidate_new = Vec::new();
    let mut old_to_delete = Vec::new();
    for (node, pods) in by_node {
        let Some((new, old)) = find_updated_pods_on_node(pods) else {
            surge += 1;
            continue;
        };
        match (new, old) {
            (_, None) => {}
            (None, Some(old)) => {
                if !old.available {
                    allowed_new.push(node.clone());
                } else if surge < max_surge {
                    candidate_new.push(node.clone());
                }
            }
            (Some(new), Some(old)) => {
                if new.available {
                    old_to_delete.push(old.name.clone());
                } else {
                    surge += 1;
                }
            }
        }
    }
    let remaining = (max_surge - surge).clamp(0, candidate_new.len() as i32) as usize;
    allowed_new.extend(candidate_new.into_iter().take(remaining));
    (old_to_delete, allowed_new)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pod(name: &str, updated: bool, available: bool) -> DaemonPod {
        DaemonPod {
            name: name.into(),
            updated,
            available,
            terminating: false,
        }
    }

    fn nodes(entries: Vec<(&str, Vec<DaemonPod>)>) -> BTreeMap<String, Vec<DaemonPod>> {
        entries
            .into_iter()
            .map(|(n, p)| (n.to_string(), p))
            .collect()
    }

    #[test]
    fn max_unavailable_one_replaces_one_node_at_a_time() {
        let all_old = nodes(vec![
            ("a", vec![pod("a-old", false, true)]),
            ("b", vec![pod("b-old", false, true)]),
            ("c", vec![pod("c-old", false, true)]),
        ]);
        assert_eq!(
            rolling_update(&all_old, 0, 1),
            (vec!["a-old".to_string()], vec![])
        );
        // a's new pod is not available yet: wait.
        let mid = nodes(vec![
            ("a", vec![pod("a-new", true, false)]),
            ("b", vec![pod("b-old", false, true)]),
            ("c", vec![pod("c-old", false, true)]),
        ]);
        assert_eq!(rolling_update(&mid, 0, 1), (vec![], vec![]));
        // An unavailable old pod is replaced regardless of the budget.
        let broken = nodes(vec![
            ("a", vec![pod("a-new", true, false)]),
            ("b", vec![pod("b-old", false, false)]),
        ]);
        assert_eq!(
            rolling_update(&broken, 0, 1),
            (vec!["b-old".to_string()], vec![])
        );
    }

    #[test]
    fn max_surge_starts_new_pods_before_deleting_old_ones() {
        let all_old = nodes(vec![
            ("a", vec![pod("a-old", false, true)]),
            ("b", vec![pod("b-old", false, true)]),
        ]);
        assert_eq!(
            rolling_update(&all_old, 1, 0),
            (vec![], vec!["a".to_string()])
        );
        let surged = nodes(vec![
            (
                "a",
                vec![pod("a-old", false, true), pod("a-new", true, true)],
            ),
            ("b", vec![pod("b-old", false, true)]),
        ]);
        assert_eq!(
            rolling_update(&surged, 1, 0),
            (vec!["a-old".to_string()], vec!["b".to_string()])
        );
    }

    #[test]
    fn defaults_are_one_unavailable_no_surge() {
        let ds = DaemonSet::default();
        assert_eq!(surge_and_unavailable(&ds, 3), (0, 1));
    }
}
