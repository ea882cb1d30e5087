//! Printers: `-o` formats, object JSON/YAML, table columns per resource, JSONPath.

pub mod columns;
pub mod endpoints;
pub mod event;
pub mod jsonpath;
pub mod object;
pub mod workloads;
pub mod yaml;
mod yaml_scalar;

use serde_json::Value;

/// What `-o/--output` asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputFormat {
    Table,
    Wide,
    Yaml,
    Json,
    Name,
    JsonPath(String),
    /// `(header, path)` pairs.
    CustomColumns(Vec<(String, String)>),
}

const ALLOWED: &str = "custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml";

impl OutputFormat {
    pub fn parse(text: Option<&str>) -> Result<Self, String> {
        let Some(text) = text else {
            return Ok(OutputFormat::Table);
        };
        let (name, arg) = match text.split_once('=') {
            Some((n, a)) => (n, Some(a)),
            None => (text, None),
        };
        Ok(match (name, arg) {
            ("wide", None) => OutputFormat::Wide,
            ("yaml", None) => OutputFormat::Yaml,
            ("json", None) => OutputFormat::Json,
            ("name", None) => OutputFormat::Name,
            ("jsonpath", Some(t)) => OutputFormat::JsonPath(t.to_string()),
            ("jsonpath", None) => {
                return Err("error: template format specified but no template given".into());
            }
            ("custom-columns", Some(spec)) => {
                let mut columns = Vec::new();
                for part in spec.split(',') {
                    let (header, path) = part.split_once(':').ok_or_else(|| {
                        format!("error: expected <header>:<json-path-expr>, got {part}")
                    })?;
                    columns.push((header.to_string(), path.to_string()));
                }
                OutputFormat::CustomColumns(columns)
            }
            _ => {
                return Err(format!(
                    "error: unable to match a printer suitable for the output format \"{text}\", allowed formats are: {ALLOWED}"
                ));
            }
        })
    }
}

/// kubectl's `-o json`: 4-space indent, keys sorted, trailing newline.
pub fn to_json_text(value: &Value) -> String {
    let mut buf = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut serializer = serde_json::Serializer::with_formatter(&mut buf, formatter);
    if serde::Serialize::serialize(value, &mut serializer).is_err() {
        return String::new();
    }
    let mut text = String::from_utf8(buf).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_formats() {
        assert_eq!(OutputFormat::parse(Some("wide")), Ok(OutputFormat::Wide));
        assert_eq!(
            OutputFormat::parse(Some("jsonpath={.a}")),
            Ok(OutputFormat::JsonPath("{.a}".into()))
        );
        assert_eq!(
            OutputFormat::parse(Some("custom-columns=NAME:.metadata.name,IP:.status.podIP")),
            Ok(OutputFormat::CustomColumns(vec![
                ("NAME".into(), ".metadata.name".into()),
                ("IP".into(), ".status.podIP".into())
            ]))
        );
        let err = OutputFormat::parse(Some("xml")).expect_err("unknown format");
        assert!(err.starts_with(
            "error: unable to match a printer suitable for the output format \"xml\""
        ));
    }

    #[test]
    fn json_uses_four_spaces() {
        let v = serde_json::json!({"b": 1, "a": [true]});
        assert_eq!(
            to_json_text(&v),
            "{\n    \"a\": [\n        true\n    ],\n    \"b\": 1\n}\n"
        );
    }
}
