//! `ValidateStatefulSet` / `ValidateStatefulSetUpdate` (SPEC V1–V17, R-2.6), on a defaulted
//! object.

use super::field::{FieldError, quote};
use super::names::{label_errors, label_name};
use crate::types::{LabelSelector, RollingUpdateStatefulSetStrategy, StatefulSet, StatefulSetSpec};
use serde_json::{Value, json};

/// Create-time rules, in the order the API server reports them.
pub fn validate_statefulset(sts: &StatefulSet) -> Vec<FieldError> {
    let mut errors = label_name(&sts.metadata.name);
    errors.extend(validate_spec(&sts.spec));
    errors
}

/// Update rules: only some spec fields may change, then the create rules on the new
/// object except its name.
pub fn validate_statefulset_update(old: &StatefulSet, new: &StatefulSet) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if frozen_part(&old.spec) != frozen_part(&new.spec) {
        errors.push(FieldError::Forbidden {
            path: "spec".into(),
            detail: "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden".into(),
        });
    }
    errors.extend(validate_spec(&new.spec));
    errors
}

/// The spec with every field that may change cleared.
fn frozen_part(spec: &StatefulSetSpec) -> StatefulSetSpec {
    StatefulSetSpec {
        replicas: None,
        ordinals: None,
        template: Default::default(),
        update_strategy: None,
        revision_history_limit: None,
        persistent_volume_claim_retention_policy: None,
        min_ready_seconds: None,
        ..spec.clone()
    }
}

fn non_negative(errors: &mut Vec<FieldError>, path: &str, value: Option<i32>) {
    if let Some(v) = value.filter(|v| *v < 0) {
        errors.push(FieldError::Invalid {
            path: path.into(),
            value: v.to_string(),
            detail: "must be greater than or equal to 0".into(),
        });
    }
}

fn validate_spec(spec: &StatefulSetSpec) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if let Some(name) = spec.service_name.as_deref().filter(|s| !s.is_empty()) {
        errors.extend(label_errors("spec.serviceName", name));
    }
    match spec.pod_management_policy.as_deref().unwrap_or("") {
        "" => errors.push(FieldError::Required {
            path: "spec.podManagementPolicy".into(),
            detail: String::new(),
        }),
        "OrderedReady" | "Parallel" => {}
        other => errors.push(FieldError::Invalid {
            path: "spec.podManagementPolicy".into(),
            value: quote(other),
            detail: "must be 'OrderedReady' or 'Parallel'".into(),
        }),
    }
    update_strategy(spec, &mut errors);
    if let Some(policy) = &spec.persistent_volume_claim_retention_policy {
        for (field, value) in [
            ("whenDeleted", &policy.when_deleted),
            ("whenScaled", &policy.when_scaled),
        ] {
            if let Some(v) = value
                .as_deref()
                .filter(|v| !matches!(*v, "Retain" | "Delete"))
            {
                errors.push(FieldError::NotSupported {
                    path: format!("spec.persistentVolumeClaimRetentionPolicy.{field}"),
                    value: quote(v),
                    supported: vec!["Retain", "Delete"],
                });
            }
        }
    }
    non_negative(&mut errors, "spec.replicas", spec.replicas);
    non_negative(&mut errors, "spec.minReadySeconds", spec.min_ready_seconds);
    non_negative(
        &mut errors,
        "spec.ordinals.start",
        spec.ordinals.as_ref().map(|o| o.start),
    );
    selector(spec, &mut errors);
    template(spec, &mut errors);
    non_negative(
        &mut errors,
        "spec.revisionHistoryLimit",
        spec.revision_history_limit,
    );
    errors
}

fn update_strategy(spec: &StatefulSetSpec, errors: &mut Vec<FieldError>) {
    let strategy = spec.update_strategy.clone().unwrap_or_default();
    let rolling = strategy.rolling_update.as_ref();
    match strategy.type_.as_deref().unwrap_or("") {
        "" => errors.push(FieldError::Required {
            path: "spec.updateStrategy".into(),
            detail: String::new(),
        }),
        "OnDelete" => {
            if let Some(r) = rolling {
                errors.push(FieldError::Invalid {
                    path: "spec.updateStrategy.rollingUpdate".into(),
                    value: internal_rolling_update(r),
                    detail: "only allowed for updateStrategy 'RollingUpdate'".into(),
                });
            }
        }
        "RollingUpdate" => {
            if let Some(r) = rolling {
                non_negative(
                    errors,
                    "spec.updateStrategy.rollingUpdate.partition",
                    r.partition,
                );
                if let Some(max) = &r.max_unavailable {
                    max_unavailable(max, errors);
                }
            }
        }
        other => {
            let rolling = rolling.map_or_else(|| "null".into(), internal_rolling_update);
            errors.push(FieldError::Invalid {
                path: "spec.updateStrategy".into(),
                value: format!("{{\"Type\":{},\"RollingUpdate\":{rolling}}}", json!(other)),
                detail: "must be 'RollingUpdate' or 'OnDelete'".into(),
            });
        }
    }
}

/// The API server prints its internal struct: Go field names in declaration order, no
/// omitempty (so `{"Partition":0,"MaxUnavailable":1}`).
fn internal_rolling_update(r: &RollingUpdateStatefulSetStrategy) -> String {
    let max = r.max_unavailable.clone().unwrap_or(Value::Null);
    format!(
        "{{\"Partition\":{},\"MaxUnavailable\":{max}}}",
        r.partition.unwrap_or(0)
    )
}

/// `ValidatePositiveIntOrPercent`, `IsNotMoreThan100Percent` and the not-zero rule (V9).
fn max_unavailable(value: &Value, errors: &mut Vec<FieldError>) {
    let path = "spec.updateStrategy.rollingUpdate.maxUnavailable";
    let (rendered, number) = match value {
        Value::String(s) => {
            let percent = s.strip_suffix('%').and_then(|n| n.parse::<i64>().ok());
            if percent.is_none() {
                errors.push(FieldError::Invalid {
                    path: path.into(),
                    value: quote(s),
                    detail:
                        "a valid percent string must be a numeric string followed by an ending '%'"
                            .into(),
                });
                return;
            }
            (quote(s), percent)
        }
        other => (other.to_string(), other.as_i64()),
    };
    let Some(n) = number else {
        return;
    };
    let mut invalid = |detail: &str| {
        errors.push(FieldError::Invalid {
            path: path.into(),
            value: rendered.clone(),
            detail: detail.into(),
        });
    };
    if n < 0 {
        invalid("must be greater than or equal to 0");
    }
    if value.is_string() && n > 100 {
        invalid("must not be greater than 100%");
    }
    if n == 0 {
        invalid("cannot be 0");
    }
}

fn selector(spec: &StatefulSetSpec, errors: &mut Vec<FieldError>) {
    let labels = &spec.template.metadata.labels;
    let labels_json = if labels.is_empty() {
        "null".to_string()
    } else {
        json!(labels).to_string()
    };
    let mismatch = FieldError::Invalid {
        path: "spec.template.metadata.labels".into(),
        value: labels_json,
        detail: "`selector` does not match template `labels`".into(),
    };
    match &spec.selector {
        // A missing selector selects nothing, so the template never matches it either.
        None => {
            errors.push(FieldError::Required {
                path: "spec.selector".into(),
                detail: String::new(),
            });
            errors.push(mismatch);
        }
        Some(selector) if selector.is_empty() => errors.push(FieldError::Invalid {
            path: "spec.selector".into(),
            value: selector_json(selector),
            detail: "empty selector is invalid for statefulset".into(),
        }),
        Some(selector) => {
            if !selector.matches(labels) {
                errors.push(mismatch);
            }
        }
    }
}

fn selector_json(selector: &LabelSelector) -> String {
    serde_json::to_string(selector).unwrap_or_else(|_| "{}".into())
}

fn template(spec: &StatefulSetSpec, errors: &mut Vec<FieldError>) {
    let pod = &spec.template.spec;
    if let Some(policy) = pod.restart_policy.as_deref().filter(|p| *p != "Always") {
        errors.push(FieldError::NotSupported {
            path: "spec.template.spec.restartPolicy".into(),
            value: quote(policy),
            supported: vec!["Always"],
        });
    }
    if pod.extra.contains_key("activeDeadlineSeconds") {
        errors.push(FieldError::Forbidden {
            path: "spec.template.spec.activeDeadlineSeconds".into(),
            detail: "activeDeadlineSeconds in StatefulSet is not Supported".into(),
        });
    }
}
