//! Table rows for Endpoints and EndpointSlices as kubectl's printers format them: at
//! most three addresses, then ` + N more...`.

use ordinal_api::Object;
use serde_json::Value;

fn first_three(items: &[String]) -> String {
    if items.len() > 3 {
        format!("{} + {} more...", items[..3].join(","), items.len() - 3)
    } else {
        items.join(",")
    }
}

fn array<'a>(value: &'a Value, key: &str) -> &'a [Value] {
    value
        .get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// `ENDPOINTS` of an Endpoints object: ready `ip:port` pairs; `<none>` without subsets.
fn endpoints_column(json: &Value) -> String {
    let subsets = array(json, "subsets");
    if subsets.is_empty() {
        return "<none>".into();
    }
    let mut pairs = Vec::new();
    for subset in subsets {
        let ports = array(subset, "ports");
        for address in array(subset, "addresses") {
            let ip = address.get("ip").and_then(Value::as_str).unwrap_or("");
            if ports.is_empty() {
                pairs.push(ip.to_string());
            }
            for port in ports {
                let number = port.get("port").map(|p| p.to_string()).unwrap_or_default();
                pairs.push(format!("{ip}:{number}"));
            }
        }
    }
    first_three(&pairs)
}

/// `PORTS` and `ENDPOINTS` of an EndpointSlice: every address, ready or not.
fn slice_columns(json: &Value) -> (String, String) {
    let ports: Vec<String> = array(json, "ports")
        .iter()
        .filter_map(|p| p.get("port").map(|n| n.to_string()))
        .collect();
    let addresses: Vec<String> = array(json, "endpoints")
        .iter()
        .flat_map(|e| array(e, "addresses"))
        .filter_map(|a| a.as_str().map(String::from))
        .collect();
    let or_unset = |s: String| {
        if s.is_empty() {
            "<unset>".to_string()
        } else {
            s
        }
    };
    (or_unset(ports.join(",")), or_unset(first_three(&addresses)))
}

pub fn row(object: &Object, json: &Value, age: String) -> Vec<String> {
    let name = object.metadata().name.clone();
    if object.kind() == "EndpointSlice" {
        let (ports, endpoints) = slice_columns(json);
        let address_type = json
            .get("addressType")
            .and_then(Value::as_str)
            .unwrap_or("IPv4")
            .to_string();
        vec![name, address_type, ports, endpoints, age]
    } else {
        vec![name, endpoints_column(json), age]
    }
}
