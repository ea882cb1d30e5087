//! Name rules from `k8s.io/apimachinery/pkg/util/validation`.

use super::field::{FieldError, quote};

const LABEL_ERROR: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

fn is_label(s: &str) -> bool {
    let b = s.as_bytes();
    let inner = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    match (b.first(), b.last()) {
        (Some(first), Some(last)) => {
            inner(first) && inner(last) && b.iter().all(|c| inner(c) || *c == b'-')
        }
        _ => false,
    }
}

/// `IsDNS1123Label`: the messages for a value that is not a DNS-1123 label (empty if it is).
pub fn dns1123_label(value: &str) -> Vec<&'static str> {
    let mut errors = Vec::new();
    if value.len() > 63 {
        errors.push("must be no more than 63 characters");
    }
    if !is_label(value) {
        let subdomain = !value.is_empty() && value.split('.').all(is_label);
        errors.push(if subdomain {
            "must not contain dots"
        } else {
            LABEL_ERROR
        });
    }
    errors
}

/// `field.Invalid` errors for each way `value` at `path` fails to be a DNS-1123 label.
pub fn label_errors(path: &str, value: &str) -> Vec<FieldError> {
    dns1123_label(value)
        .into_iter()
        .map(|detail| FieldError::Invalid {
            path: path.to_string(),
            value: quote(value),
            detail: detail.to_string(),
        })
        .collect()
}

const SUBDOMAIN_ERROR: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

/// `IsDNS1123Subdomain`.
pub fn dns1123_subdomain(value: &str) -> Vec<&'static str> {
    let mut errors = Vec::new();
    if value.len() > 253 {
        errors.push("must be no more than 253 characters");
    }
    if value.is_empty() || !value.split('.').all(is_label) {
        errors.push(SUBDOMAIN_ERROR);
    }
    errors
}

fn required_name(name: &str) -> Option<FieldError> {
    name.is_empty().then(|| FieldError::Required {
        path: "metadata.name".into(),
        detail: "name or generateName is required".into(),
    })
}

/// `metadata.name` of a StatefulSet: a DNS-1123 label (SPEC V1).
pub fn label_name(name: &str) -> Vec<FieldError> {
    match required_name(name) {
        Some(e) => vec![e],
        None => label_errors("metadata.name", name),
    }
}

/// `metadata.name` of a Pod: a DNS-1123 subdomain.
pub fn subdomain_name(name: &str) -> Vec<FieldError> {
    match required_name(name) {
        Some(e) => vec![e],
        None => dns1123_subdomain(name)
            .into_iter()
            .map(|detail| FieldError::Invalid {
                path: "metadata.name".into(),
                value: quote(name),
                detail: detail.to_string(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert!(dns1123_label("web-0").is_empty());
        assert_eq!(dns1123_label("Web"), [LABEL_ERROR]);
        assert_eq!(dns1123_label("a.b"), ["must not contain dots"]);
        assert_eq!(
            dns1123_label(&"a".repeat(64)),
            ["must be no more than 63 characters"]
        );
        assert_eq!(dns1123_label("-a"), [LABEL_ERROR]);
    }
}
