//! Responses as views of the store: the fields `emulator.json` maps to store attributes are
//! written over the action's spec-built success body, typed like the value they replace.

use std::collections::BTreeMap;

use dts_spec::emulator::Behaviour;
use serde_json::{Map, Value};

use crate::machine::Machines;
use crate::seed::Job;

/// Paging figures of a list answer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Page {
    pub(crate) total: usize,
    pub(crate) number: usize,
    pub(crate) size: usize,
    pub(crate) count: usize,
    pub(crate) next_token: Option<String>,
}

/// The value of a store attribute (`None`: leave the field out).
fn attribute(machines: &Machines, job: Option<&Job>, attr: &str, page: &Page) -> Option<Value> {
    let text = |s: &str| Some(Value::String(s.to_owned()));
    match attr {
        "total" => return Some(page.total.into()),
        "page_number" => return Some(page.number.into()),
        "page_size" => return Some(page.size.into()),
        "page_count" => return Some(page.count.into()),
        "next_token" => return page.next_token.as_deref().and_then(text),
        _ => {}
    }
    let job = job?;
    let conf = |name: &str| text(job.configuration.get(name).map_or("", String::as_str));
    let endpoint = |side: &str, field: &str| {
        let prefix = if side == "source" {
            "SourceEndpoint"
        } else {
            "DestinationEndpoint"
        };
        let names: &[&str] = match field {
            "engine" => &["EngineName"],
            "instance_type" => &["InstanceType"],
            "instance_id" => &["InstanceID"],
            "region" => &["Region"],
            "ip" => &["IP"],
            "port" => &["Port"],
            "database" => &["DatabaseName", "DataBaseName"],
            "user" => &["UserName"],
            _ => &[],
        };
        let value = names
            .iter()
            .find_map(|n| job.configuration.get(&format!("{prefix}{n}")))
            .or_else(|| match field {
                "region" => job.configuration.get(if side == "source" {
                    "SourceRegion"
                } else {
                    "DestinationRegion"
                }),
                _ => None,
            });
        text(value.map_or("", String::as_str))
    };
    match attr {
        "job_id" => text(&job.job_id),
        "instance_id" => text(&job.instance_id),
        "name" => text(job.name.as_deref().unwrap_or("")),
        "status" => text(job.status.as_str()),
        "job_type" => text(&machines.of(job.kind).job_type),
        "region" => text(&job.region),
        "create_time" => text(job.created.as_deref().unwrap_or("")),
        "pay_type" => conf("PayType"),
        "instance_class" => conf("InstanceClass"),
        "db_list" => conf("DbList"),
        "reserve" => conf("Reserve"),
        "checkpoint" => conf("Checkpoint"),
        "delay" => Some(0.into()),
        "structure_initialization" => conf("StructureInitialization"),
        "data_initialization" => conf("DataInitialization"),
        "data_synchronization" => conf("DataSynchronization"),
        "tags" => Some(Value::Array(
            job.tags
                .iter()
                .map(|(k, v)| serde_json::json!({"TagKey": k, "TagValue": v}))
                .collect(),
        )),
        "reverse.status" => job.reverse_status.and_then(|s| text(s.as_str())),
        "reverse.job_id" => job.reverse_status.and_then(|_| text(&job.job_id)),
        _ => attr
            .split_once('.')
            .and_then(|(side, field)| endpoint(side, field)),
    }
}

/// `value` typed like `like` (the sample value it replaces).
fn typed_like(like: Option<&Value>, value: Value) -> Value {
    let Value::String(s) = &value else {
        return match (like, &value) {
            (Some(Value::String(_)), Value::Number(n)) => Value::String(n.to_string()),
            _ => value,
        };
    };
    match like {
        Some(Value::Number(_)) => s
            .parse::<i64>()
            .map(Value::from)
            .unwrap_or_else(|_| Value::from(0)),
        Some(Value::Bool(_)) => Value::Bool(s.eq_ignore_ascii_case("true")),
        _ => value,
    }
}

/// Sets (or, for `None`, removes) the field at a dotted path, creating objects on the way.
fn set_path(body: &mut Map<String, Value>, path: &str, value: Option<Value>) {
    let mut parts = path.split('.').peekable();
    let mut current = body;
    while let Some(part) = parts.next() {
        if parts.peek().is_none() {
            match value {
                Some(v) => {
                    let v = typed_like(current.get(part), v);
                    current.insert(part.to_owned(), v);
                }
                None => {
                    current.remove(part);
                }
            }
            return;
        }
        let next = current
            .entry(part.to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
        if !next.is_object() {
            *next = Value::Object(Map::new());
        }
        let Value::Object(map) = next else { return };
        current = map;
    }
}

/// Writes the mapped attributes of `job` (and the paging figures) into `body`.
pub(crate) fn fill(
    machines: &Machines,
    mapping: &BTreeMap<String, String>,
    job: &Job,
    page: &Page,
    body: &mut Map<String, Value>,
) {
    fill_with(machines, mapping, Some(job), page, body);
}

fn fill_with(
    machines: &Machines,
    mapping: &BTreeMap<String, String>,
    job: Option<&Job>,
    page: &Page,
    body: &mut Map<String, Value>,
) {
    for (path, attr) in mapping {
        set_path(body, path, attribute(machines, job, attr, page));
    }
}

/// The list field's item template (the sample's first item) and a mutable handle on it.
fn take_template(body: &mut Map<String, Value>, list: &str) -> Map<String, Value> {
    let mut current: &Value = &Value::Object(body.clone());
    for part in list.split('.') {
        current = current.get(part).unwrap_or(&Value::Null);
    }
    current
        .as_array()
        .and_then(|a| a.first())
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

/// Writes a page of jobs into the list field, and the paging figures.
pub(crate) fn fill_list(
    machines: &Machines,
    b: &Behaviour,
    jobs: &[&Job],
    page: &Page,
    body: &mut Map<String, Value>,
) {
    fill_with(machines, &b.response, None, page, body);
    let Some(list) = &b.list else { return };
    let template = take_template(body, list);
    let items: Vec<Value> = jobs
        .iter()
        .map(|job| {
            let mut item = template.clone();
            fill(machines, &b.item, job, page, &mut item);
            Value::Object(item)
        })
        .collect();
    set_path(body, list, Some(Value::Array(items)));
}

/// Writes ready-made items into the list field (tags), and the paging figures.
pub(crate) fn fill_items(
    b: &Behaviour,
    items: Vec<BTreeMap<&'static str, String>>,
    page: &Page,
    machines: &Machines,
    body: &mut Map<String, Value>,
) {
    fill_with(machines, &b.response, None, page, body);
    let Some(list) = &b.list else { return };
    let template = take_template(body, list);
    let values: Vec<Value> = items
        .into_iter()
        .map(|attrs| {
            let mut item = template.clone();
            for (path, attr) in &b.item {
                let v = attrs.get(attr.as_str()).cloned().unwrap_or_default();
                set_path(&mut item, path, Some(Value::String(v)));
            }
            Value::Object(item)
        })
        .collect();
    set_path(body, list, Some(Value::Array(values)));
}

/// `DescribeDtsJobs`'s `Tags` filter: a JSON list of `{"key": ..., "value": ...}`; a key
/// without a value matches any value.
pub(crate) fn parse_tag_filter(text: &str) -> Vec<(String, Option<String>)> {
    let Ok(Value::Array(items)) = serde_json::from_str::<Value>(text) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            let field = |name: &str| {
                item.as_object()?
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(name))
                    .and_then(|(_, v)| v.as_str().map(str::to_owned))
            };
            Some((field("key")?, field("value")))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn set_path_keeps_the_sample_type_and_removes_on_none() {
        let mut body = json!({"A": {"N": 3, "B": true, "S": "x"}, "T": "tok"})
            .as_object()
            .unwrap()
            .clone();
        set_path(&mut body, "A.N", Some(json!("42")));
        set_path(&mut body, "A.B", Some(json!("false")));
        set_path(&mut body, "A.S", Some(json!(7)));
        set_path(&mut body, "C.D", Some(json!("new")));
        set_path(&mut body, "T", None);
        assert_eq!(
            Value::Object(body),
            json!({"A": {"N": 42, "B": false, "S": "7"}, "C": {"D": "new"}})
        );
    }

    #[test]
    fn tag_filters_read_keys_case_insensitively() {
        let f = parse_tag_filter(r#"[{"key":"team","value":"data"},{"Key":"env"}]"#);
        assert_eq!(
            f,
            [
                ("team".to_owned(), Some("data".to_owned())),
                ("env".to_owned(), None)
            ]
        );
        assert!(parse_tag_filter("nope").is_empty());
    }
}
