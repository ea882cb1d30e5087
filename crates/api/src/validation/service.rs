//! `ValidateService` (the rules a tutorial's Services run into).

use super::field::{FieldError, quote};
use crate::types::Service;

const DNS1035_ERROR: &str = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

fn is_dns1035_label(s: &str) -> bool {
    let b = s.as_bytes();
    match (b.first(), b.last()) {
        (Some(first), Some(last)) => {
            first.is_ascii_lowercase()
                && (last.is_ascii_lowercase() || last.is_ascii_digit())
                && b.iter()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        }
        _ => false,
    }
}

pub fn validate_service(service: &Service) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let name = &service.metadata.name;
    if name.is_empty() {
        errors.push(FieldError::Required {
            path: "metadata.name".into(),
            detail: "name or generateName is required".into(),
        });
    } else {
        if name.len() > 63 {
            errors.push(FieldError::Invalid {
                path: "metadata.name".into(),
                value: quote(name),
                detail: "must be no more than 63 characters".into(),
            });
        }
        if !is_dns1035_label(name) {
            errors.push(FieldError::Invalid {
                path: "metadata.name".into(),
                value: quote(name),
                detail: DNS1035_ERROR.into(),
            });
        }
    }
    let spec = &service.spec;
    let type_ = spec.type_.as_deref().unwrap_or("ClusterIP");
    let supported = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
    if !supported.contains(&type_) {
        errors.push(FieldError::NotSupported {
            path: "spec.type".into(),
            value: quote(type_),
            supported: supported.to_vec(),
        });
    }
    let headless = spec.cluster_ip.as_deref() == Some("None");
    if spec.ports.is_empty() && !headless && type_ != "ExternalName" {
        errors.push(FieldError::Required {
            path: "spec.ports".into(),
            detail: String::new(),
        });
    }
    for (i, port) in spec.ports.iter().enumerate() {
        if !(1..=65535).contains(&port.port) {
            errors.push(FieldError::Invalid {
                path: format!("spec.ports[{i}].port"),
                value: port.port.to_string(),
                detail: "must be between 1 and 65535, inclusive".into(),
            });
        }
    }
    errors
}
