//! Every tool, built from the client's table of operations, checked against the spec itself:
//! names, JSON types, valid values, required parameters, annotations; and the argument checks
//! that run before any request.

use dts_client::catalog::{self, ActionInfo};
use dts_spec::{Access, Type};
use serde_json::{json, Value};

use super::{args, schema, Mode};

fn spec() -> &'static dts_spec::Spec {
    dts_spec::bundled().expect("the bundled spec validates")
}

/// The table's entry of the spec's action `name`.
fn info(name: &str) -> &'static ActionInfo {
    catalog::find(dts_client::CATALOG, name)
        .unwrap_or_else(|| panic!("`{name}` is in the table of operations"))
}

fn expected_type(ty: Type) -> Value {
    match ty {
        Type::String => json!("string"),
        Type::Integer | Type::Long => json!("integer"),
        Type::Boolean => json!("boolean"),
        Type::Float | Type::Double => json!("number"),
        Type::Array => json!("array"),
        Type::Object => json!("object"),
        Type::Any => Value::Null,
    }
}

#[test]
fn every_schema_agrees_with_the_spec() {
    let names: Vec<&str> = dts_client::CATALOG.iter().map(|a| a.name()).collect();
    let spec_names: Vec<&str> = spec().actions.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        names, spec_names,
        "the table has every action, in spec order"
    );
    for action in &spec().actions {
        let tool = schema::tool(info(&action.name));
        let name = &action.name;
        assert_eq!(tool["name"], json!(name));
        let input = &tool["inputSchema"];
        assert_eq!(input["type"], "object", "{name}");
        assert_eq!(input["additionalProperties"], false, "{name}");
        let props = input["properties"].as_object().unwrap();
        let keys: Vec<&String> = props.keys().collect();
        let wire: Vec<&String> = action.request.iter().map(|p| &p.name).collect();
        assert_eq!(keys, wire, "{name}: properties by wire name, in spec order");
        let required: Vec<&str> = input["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let enforced: Vec<&str> = action
            .request
            .iter()
            .filter(|p| p.required)
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(required, enforced, "{name}: required = enforced by the API");
        for p in &action.request {
            let s = &props[&p.name];
            let at = format!("{name}.{}", p.name);
            assert_eq!(
                s.get("type").cloned().unwrap_or(Value::Null),
                expected_type(p.ty),
                "{at}"
            );
            let values: Vec<String> = s
                .get("enum")
                .and_then(Value::as_array)
                .map(|vs| {
                    vs.iter()
                        .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            let spec_values: Vec<String> = p.enum_values.iter().map(|v| v.value.clone()).collect();
            assert_eq!(values, spec_values, "{at}: enum");
            if let Some(items) = &p.items {
                assert_eq!(
                    s["items"].get("type").cloned().unwrap_or(Value::Null),
                    expected_type(items.ty),
                    "{at}: items"
                );
            }
            if let Some(d) = &p.default {
                let got = &s["default"];
                let text = got.as_str().map_or_else(|| got.to_string(), str::to_owned);
                assert_eq!(&text, d, "{at}: default");
            }
        }
        let annotations = &tool["annotations"];
        let access = action.access.expect("every bundled action has a class");
        assert_eq!(
            annotations["readOnlyHint"],
            access == Access::ReadOnly,
            "{name}"
        );
        assert_eq!(
            annotations["destructiveHint"],
            access == Access::Destructive,
            "{name}"
        );
        assert_eq!(annotations["idempotentHint"], action.idempotent, "{name}");
    }
}

#[test]
fn modes_serve_exactly_their_classes() {
    let read = Mode {
        write: false,
        destructive: false,
    };
    let write = Mode {
        write: true,
        destructive: false,
    };
    let all = Mode {
        write: false,
        destructive: true,
    };
    use catalog::Access as A;
    assert!(read.allows(A::ReadOnly) && !read.allows(A::Write));
    assert!(write.allows(A::Write) && !write.allows(A::Destructive));
    assert!(
        A::ALL.iter().all(|a| all.allows(*a)),
        "destructive implies write"
    );
    let unknown = ActionInfo {
        access: None,
        ..*info("DescribeDtsJobs")
    };
    assert_eq!(schema::access(&unknown), catalog::Access::Destructive);
}

#[test]
fn arguments_are_checked_before_encoding() {
    let start = info("StartSynchronizationJob");
    let args = |v: Value| v.as_object().unwrap().clone();
    let err = args::encode(start, &args(json!({"SynchronizationJobId": 12}))).unwrap_err();
    assert!(
        err.contains("`SynchronizationJobId`") && err.contains("string"),
        "{err}"
    );
    let err = args::encode(
        start,
        &args(json!({"SynchronizationJobId": "j", "SynchronizationDirection": "Sideways"})),
    )
    .unwrap_err();
    assert!(
        err.contains("`SynchronizationDirection`") && err.contains("Forward"),
        "{err}"
    );
    let err = args::encode(start, &args(json!({}))).unwrap_err();
    assert!(err.contains("`SynchronizationJobId`"), "{err}");
    let err = args::encode(
        start,
        &args(json!({"SynchronizationJobId": "j", "Nope": 1})),
    )
    .unwrap_err();
    assert!(err.contains("`Nope`"), "{err}");
    args::encode(
        start,
        &args(json!({"SynchronizationJobId": "j", "SynchronizationDirection": "Reverse"})),
    )
    .unwrap();

    let jobs = info("DescribeDtsJobs");
    let err = args::encode(jobs, &args(json!({"PageSize": "20"}))).unwrap_err();
    assert!(
        err.contains("`PageSize`") && err.contains("integer"),
        "{err}"
    );
    let err = args::encode(jobs, &args(json!({"PageSize": 1u64 << 40}))).unwrap_err();
    assert!(err.contains("32-bit"), "{err}");
    args::encode(jobs, &args(json!({"PageSize": 20, "PageNumber": 1}))).unwrap();
}
