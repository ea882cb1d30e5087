//! `ValidatePersistentVolumeClaim` (the spec rules a tutorial's claims run into).

use super::field::{FieldError, quote};
use crate::types::PersistentVolumeClaimSpec;

const ACCESS_MODES: [&str; 4] = [
    "ReadOnlyMany",
    "ReadWriteMany",
    "ReadWriteOnce",
    "ReadWriteOncePod",
];

/// Checks a claim spec at `path` (`spec`).
pub fn validate_claim_spec(spec: &PersistentVolumeClaimSpec, path: &str) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if spec.access_modes.is_empty() {
        errors.push(FieldError::Required {
            path: format!("{path}.accessModes"),
            detail: "at least 1 access mode is required".into(),
        });
    }
    for mode in &spec.access_modes {
        if !ACCESS_MODES.contains(&mode.as_str()) {
            errors.push(FieldError::NotSupported {
                path: format!("{path}.accessModes"),
                value: quote(mode),
                supported: ACCESS_MODES.to_vec(),
            });
        }
    }
    let has_storage = spec
        .resources
        .as_ref()
        .and_then(|r| r.get("requests"))
        .and_then(|r| r.get("storage"))
        .is_some_and(|s| !s.is_null());
    if !has_storage {
        errors.push(FieldError::Required {
            path: format!("{path}.resources[storage]"),
            detail: String::new(),
        });
    }
    errors
}
