//! A pod's quality-of-service class, as the API server sets `status.qosClass` when the pod
//! is created (component-helpers `qos.GetPodQOS`): BestEffort without cpu/memory requests
//! or limits, Guaranteed when every container limits both and every request equals its
//! limit, Burstable otherwise.

use crate::types::{Container, Pod, QosClass};
use serde_json::Value;
use std::collections::BTreeMap;

/// The compute resources QoS looks at (isSupportedQoSComputeResource).
const QOS_RESOURCES: [&str; 2] = ["cpu", "memory"];

pub fn pod_qos(pod: &Pod) -> QosClass {
    let mut requests: BTreeMap<&str, u128> = BTreeMap::new();
    let mut limits: BTreeMap<&str, u128> = BTreeMap::new();
    let mut guaranteed = true;
    for c in pod.spec.containers.iter().chain(&pod.spec.init_containers) {
        let container_limits = positive(c, "limits");
        // The API server defaults a missing request to its limit, so a container that only
        // limits still requests (the sim stores the spec as written).
        let mut container_requests = positive(c, "requests");
        for (name, limit) in &container_limits {
            container_requests.entry(name).or_insert(*limit);
        }
        for (name, quantity) in container_requests {
            *requests.entry(name).or_default() += quantity;
        }
        if !QOS_RESOURCES
            .iter()
            .all(|name| container_limits.contains_key(name))
        {
            guaranteed = false;
        }
        for (name, quantity) in container_limits {
            *limits.entry(name).or_default() += quantity;
        }
    }
    if requests.is_empty() && limits.is_empty() {
        return QosClass::BestEffort;
    }
    if guaranteed
        && requests.len() == limits.len()
        && requests
            .iter()
            .all(|(name, request)| limits.get(*name) == Some(request))
    {
        return QosClass::Guaranteed;
    }
    QosClass::Burstable
}

/// The container's positive cpu/memory quantities under `resources.<field>`, in millis.
fn positive(c: &Container, field: &str) -> BTreeMap<&'static str, u128> {
    let list = c.resources.as_ref().and_then(|r| r.get(field));
    QOS_RESOURCES
        .iter()
        .filter_map(|name| {
            let quantity = list?.get(*name).and_then(quantity_millis)?;
            (quantity > 0).then_some((*name, quantity))
        })
        .collect()
}

/// A resource quantity (`500m`, `2`, `0.5`, `128Mi`, `1G`, `1e3`) in thousandths of its
/// unit, enough to compare and add quantities; `None` when it is not one.
fn quantity_millis(value: &Value) -> Option<u128> {
    let text = match value {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, suffix) = text.split_at(split);
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    if whole.is_empty() && fraction.is_empty() {
        return None;
    }
    // The number as an integer count of 10^-fraction_digits.
    let digits: u128 = format!("{whole}{fraction}").parse().ok()?;
    let scale = 10u128.checked_pow(u32::try_from(fraction.len()).ok()?)?;
    let multiplier: u128 = match suffix {
        "m" => 1,
        "" => 1_000,
        "k" => 1_000_000,
        "M" => 1_000_000_000,
        "G" => 1_000_000_000_000,
        "T" => 1_000_000_000_000_000,
        "P" => 1_000_000_000_000_000_000,
        "E" => 1_000_000_000_000_000_000_000,
        "Ki" => 1_000 << 10,
        "Mi" => 1_000 << 20,
        "Gi" => 1_000 << 30,
        "Ti" => 1_000 << 40,
        "Pi" => 1_000 << 50,
        "Ei" => 1_000 << 60,
        exponent => {
            let power: u32 = exponent.strip_prefix(['e', 'E'])?.parse().ok()?;
            1_000u128.checked_mul(10u128.checked_pow(power)?)?
        }
    };
    digits.checked_mul(multiplier)?.checked_div(scale)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pod(resources: &[Value]) -> Pod {
        let containers: Vec<Value> = resources
            .iter()
            .enumerate()
            .map(|(i, r)| json!({"name": format!("c{i}"), "image": "nginx", "resources": r}))
            .collect();
        serde_json::from_value(json!({
            "metadata": {"name": "p"},
            "spec": {"containers": containers}
        }))
        .expect("a pod")
    }

    #[test]
    fn quantities() {
        let q = |v: Value| quantity_millis(&v);
        assert_eq!(q(json!("500m")), Some(500));
        assert_eq!(q(json!("0.5")), Some(500));
        assert_eq!(q(json!("2")), Some(2_000));
        assert_eq!(q(json!(2)), Some(2_000));
        assert_eq!(q(json!("1Ki")), Some(1_024_000));
        assert_eq!(q(json!("128Mi")), Some(128 * 1_024 * 1_024 * 1_000));
        assert_eq!(q(json!("1G")), Some(1_000_000_000_000));
        assert_eq!(q(json!("1e3")), Some(1_000_000));
        assert_eq!(q(json!("1Gi")), q(json!("1024Mi")));
        assert_eq!(q(json!("1")), q(json!("1000m")));
        assert_eq!(q(json!("lots")), None);
        assert_eq!(q(json!("")), None);
        assert_eq!(q(json!(true)), None);
    }

    #[test]
    fn classes() {
        assert_eq!(pod_qos(&pod(&[json!({})])), QosClass::BestEffort);
        assert_eq!(
            pod_qos(&pod(&[json!({"requests": {"cpu": "0"}})])),
            QosClass::BestEffort
        );
        assert_eq!(
            pod_qos(&pod(&[json!({"requests": {"cpu": "100m"}})])),
            QosClass::Burstable
        );
        let equal = json!({"requests": {"cpu": "1", "memory": "1Gi"},
                           "limits": {"cpu": "1000m", "memory": "1024Mi"}});
        assert_eq!(
            pod_qos(&pod(std::slice::from_ref(&equal))),
            QosClass::Guaranteed
        );
        // Limits alone: requests default to them.
        let limits_only = json!({"limits": {"cpu": "1", "memory": "1Gi"}});
        assert_eq!(pod_qos(&pod(&[limits_only])), QosClass::Guaranteed);
        // One container without memory limit makes the pod Burstable.
        let cpu_only = json!({"limits": {"cpu": "1"}});
        assert_eq!(
            pod_qos(&pod(&[equal.clone(), cpu_only])),
            QosClass::Burstable
        );
        let lower = json!({"requests": {"cpu": "500m", "memory": "1Gi"},
                           "limits": {"cpu": "1", "memory": "1Gi"}});
        assert_eq!(pod_qos(&pod(&[lower])), QosClass::Burstable);
        // A best-effort container next to a guaranteed one: not every container limits both.
        assert_eq!(pod_qos(&pod(&[equal, json!({})])), QosClass::Burstable);
    }
}
