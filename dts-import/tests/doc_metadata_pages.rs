//! Every API of the 2024-08 metadata, rendered as a page in the documented layout (flattened
//! rows, placeholder prose, a sample request built from the examples, the metadata's JSON
//! sample), imports with the parameters, nesting and types of the metadata.

use std::path::Path;

use dts_import::doc::import_page;
use dts_spec::{Field, Type};
use serde_json::Value;

/// The 2024-08 metadata, as the facts-only extract the plain suite reads.
const METADATA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/dts-2020-01-01.api-docs.2024-08.json"
);

fn type_name(s: &Value) -> String {
    let scalar = |s: &Value| match (s["type"].as_str(), s["format"].as_str()) {
        (Some("integer"), Some("int64")) => "Long",
        (Some("integer"), _) => "Integer",
        (Some("boolean"), _) => "Boolean",
        (Some("number"), Some("float")) => "Float",
        (Some("number"), _) => "Double",
        (Some("object"), _) => "Object",
        (Some("array"), _) => "Array",
        (Some("any"), _) => "Map",
        _ => "String",
    };
    match s["type"].as_str() {
        Some("array") => match s["items"]["type"].as_str() {
            Some("object") => "Array of Object".to_owned(),
            Some("array") => "Array".to_owned(),
            _ => format!("Array of {}", scalar(&s["items"])),
        },
        _ => scalar(s).to_owned(),
    }
}

/// Rows in document order: each field, then its members (or its items' members).
fn flatten(props: &serde_json::Map<String, Value>, out: &mut Vec<String>) {
    for (name, s) in props {
        let example = s["example"]
            .as_str()
            .unwrap_or("")
            .replace(['\n', '\r'], " ");
        out.push(
            format!("{name} {} {example}", type_name(s))
                .trim_end()
                .to_owned(),
        );
        out.push(String::new());
        out.push(format!("Placeholder for {name}."));
        out.push(String::new());
        let members = match s["type"].as_str() {
            Some("array") => s["items"]["properties"].as_object(),
            _ => s["properties"].as_object(),
        };
        if let Some(m) = members {
            flatten(m, out);
        }
    }
}

/// Request rows in document order, and the sample request's lines.
fn request(api: &Value, rows: &mut Vec<String>, sample: &mut Vec<String>) {
    let example = |s: &Value| {
        s["example"]
            .as_str()
            .map(|e| e.trim().replace(['\n', '\r', '\t'], " "))
    };
    for p in api["parameters"].as_array().into_iter().flatten() {
        let (name, s) = (p["name"].as_str().unwrap_or_default(), &p["schema"]);
        let flag = if s["required"] == true { "Yes" } else { "No" };
        let ex = example(s).unwrap_or_default();
        rows.push(
            format!("{name} {} {flag} {ex}", type_name(s))
                .trim_end()
                .to_owned(),
        );
        rows.extend([
            String::new(),
            format!("Placeholder for {name}."),
            String::new(),
        ]);
        let members = s["items"]["properties"].as_object();
        for (child, cs) in members.into_iter().flatten() {
            let cex = example(cs).unwrap_or_default();
            rows.push(
                format!("{child} {} No {cex}", type_name(cs))
                    .trim_end()
                    .to_owned(),
            );
            rows.extend([
                String::new(),
                format!("Placeholder for {child}."),
                String::new(),
            ]);
            if !cex.is_empty() {
                sample.push(format!("&{name}.1.{child}={cex}"));
            }
        }
        match (s["type"].as_str(), members, ex.is_empty()) {
            (_, _, true) | (_, Some(_), _) => {}
            (Some("array"), None, false) => sample.push(format!("&{name}.1={ex}")),
            _ => sample.push(format!("&{name}={ex}")),
        }
    }
}

fn page(name: &str, api: &Value) -> Option<String> {
    let demo = api["responseDemo"].as_str()?;
    let demos: Vec<Value> = serde_json::from_str(demo).ok()?;
    let json = demos.iter().find(|d| d["type"] == "json")?["example"]
        .as_str()?
        .to_owned();
    let sample: Value = serde_json::from_str(&json).ok()?;
    let (mut rows, mut sample_request) = (
        Vec::new(),
        vec![format!("http(s)://dts.aliyuncs.com/?Action={name}")],
    );
    request(api, &mut rows, &mut sample_request);
    let mut out = vec![
        format!("Placeholder summary of {name}."),
        String::new(),
        "Request parameters".into(),
        String::new(),
        "Parameter Type Required Example Description".into(),
        format!("Action String Yes {name}"),
        String::new(),
    ];
    out.extend(rows);
    out.extend([
        "Response parameters".into(),
        String::new(),
        "Parameter Type Example Description".into(),
    ]);
    flatten(
        api["responses"]["200"]["schema"]["properties"].as_object()?,
        &mut out,
    );
    out.extend([
        "Examples".into(),
        String::new(),
        "Sample requests".into(),
        String::new(),
    ]);
    sample_request.push("&<Common request parameters>".into());
    out.extend(sample_request);
    out.extend([String::new(), "JSON format".into(), String::new()]);
    out.push(serde_json::to_string_pretty(&sample).ok()?);
    Some(out.join("\n"))
}

/// Compares imported fields with a schema's members; returns the paths that differ.
fn compare(
    fields: &[Field],
    props: &serde_json::Map<String, Value>,
    prefix: &str,
    out: &mut Vec<String>,
) {
    let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
    let want: Vec<&str> = props.keys().map(String::as_str).collect();
    if names != want {
        out.push(format!("{prefix}: members {names:?}, schema {want:?}"));
        return;
    }
    for (f, (name, s)) in fields.iter().zip(props) {
        let path = format!("{prefix}.{name}");
        let (members, got): (Option<&serde_json::Map<String, Value>>, &[Field]) =
            match s["type"].as_str() {
                Some("array") => (
                    s["items"]["properties"].as_object(),
                    f.items.as_ref().map_or(&[][..], |i| i.fields.as_slice()),
                ),
                _ => (s["properties"].as_object(), f.fields.as_slice()),
            };
        let ty = match type_name(s).as_str() {
            t if t.starts_with("Array") => Type::Array,
            "Map" => Type::Any,
            "Long" => Type::Long,
            "Integer" => Type::Integer,
            "Boolean" => Type::Boolean,
            "Float" => Type::Float,
            "Double" => Type::Double,
            "Object" => Type::Object,
            _ => Type::String,
        };
        if f.ty != ty {
            out.push(format!("{path}: type {}, schema {ty}", f.ty));
        }
        if let Some(m) = members {
            compare(got, m, &path, out);
        }
    }
}

/// Compares imported parameters with the metadata's; returns what differs.
fn compare_request(action: &dts_spec::Action, api: &Value, out: &mut Vec<String>) {
    let params = api["parameters"].as_array().map_or(&[][..], Vec::as_slice);
    let got: Vec<&str> = action.request.iter().map(|p| p.name.as_str()).collect();
    let want: Vec<&str> = params.iter().filter_map(|p| p["name"].as_str()).collect();
    if got != want {
        out.push(format!(
            "{}: parameters {got:?}, metadata {want:?}",
            action.name
        ));
        return;
    }
    for (p, m) in action.request.iter().zip(params) {
        let s = &m["schema"];
        if p.required != (s["required"] == true) {
            out.push(format!(
                "{}.{}: required {}",
                action.name, p.name, p.required
            ));
        }
        let members = s["items"]["properties"].as_object();
        let fields = p.items.as_ref().map_or(&[][..], |i| i.fields.as_slice());
        let got: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
        let want: Vec<&str> = members
            .into_iter()
            .flatten()
            .map(|(k, _)| k.as_str())
            .collect();
        if got != want {
            out.push(format!(
                "{}.{}: members {got:?}, metadata {want:?}",
                action.name, p.name
            ));
        }
        let ty = type_name(s);
        let ok = match p.ty {
            Type::Array => ty.starts_with("Array"),
            Type::Any => ty == "Map" || ty == "String",
            t => t.as_str() == ty,
        };
        if !ok {
            out.push(format!(
                "{}.{}: type {}, metadata {ty}",
                action.name, p.name, p.ty
            ));
        }
    }
}

#[test]
fn every_metadata_api_imports_with_its_parameters_and_response_tree() {
    let meta: Value = serde_json::from_str(&std::fs::read_to_string(METADATA).unwrap()).unwrap();
    let apis = meta["apis"].as_object().unwrap();
    let (mut checked, mut problems, mut nested) = (0, Vec::new(), 0);
    for (name, api) in apis {
        let Some(text) = page(name, api) else {
            continue;
        };
        let imp = import_page(Path::new(&format!("{name}.txt")), &text).unwrap();
        let props = api["responses"]["200"]["schema"]["properties"]
            .as_object()
            .unwrap();
        let mut diffs = Vec::new();
        compare(&imp.action.response, props, name, &mut diffs);
        compare_request(&imp.action, api, &mut diffs);
        if props
            .values()
            .any(|s| s["type"] == "object" || s["type"] == "array")
        {
            nested += 1;
        }
        problems.extend(diffs);
        checked += 1;
    }
    assert!(checked >= 100, "{checked}");
    assert!(nested >= 25, "{nested}");
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
