//! Each classification rule of the spec diff, on small hand-written specs.

#[path = "meta/common.rs"]
mod common;

use dts_import::diff::{diff, run_diff, Change, ChangeKind, Diff, Impact, Subject};
use dts_spec::{Action, Service, Spec};
use serde_json::{json, Value};

fn spec(actions: Value) -> Spec {
    let service: Service = serde_json::from_value(json!({
        "product": "Dts", "version": "2020-01-01", "style": "RPC", "default_endpoint": "dts.aliyuncs.com",
        "endpoints": {"cn-hangzhou": "dts.cn-hangzhou.aliyuncs.com"},
        "common_errors": [{"code": "Throttling", "http_status": 400}],
    }))
    .unwrap();
    let mut actions: Vec<Action> = serde_json::from_value(actions).unwrap();
    actions.sort_by(|a, b| a.name.cmp(&b.name));
    Spec { service, actions }
}

/// One action with these request parameters and response fields.
fn one(request: Value, response: Value) -> Spec {
    spec(json!([{"name": "DescribeJob", "request": request, "response": response}]))
}

fn only(d: &Diff) -> (&Change, Impact) {
    assert_eq!(d.changes.len(), 1, "{:#?}", d.changes);
    (&d.changes[0], d.changes[0].impact)
}

fn p(name: &str, ty: &str, required: bool) -> Value {
    json!({"name": name, "type": ty, "required": required})
}

#[test]
fn identical_specs_have_no_changes() {
    let s = one(
        json!([p("Id", "String", true)]),
        json!([{"name": "RequestId", "type": "String"}]),
    );
    let d = diff(&s, &s);
    assert!(d.changes.is_empty() && !d.is_breaking());
    assert_eq!(d.to_text(), "no changes\n");
}

#[test]
fn parameters_added_removed_and_required() {
    let base = one(json!([p("Id", "String", true)]), json!([]));
    let cases = [
        (
            json!([p("Id", "String", true), p("Opt", "String", false)]),
            ChangeKind::Added {
                required: Some(false),
            },
            Impact::Compatible,
        ),
        (
            json!([p("Id", "String", true), p("Req", "String", true)]),
            ChangeKind::Added {
                required: Some(true),
            },
            Impact::Breaking,
        ),
        (json!([]), ChangeKind::Removed, Impact::Breaking),
        (
            json!([p("Id", "String", false)]),
            ChangeKind::RequiredChanged {
                from: true,
                to: false,
            },
            Impact::Breaking,
        ),
        (
            json!([p("Id", "Long", true)]),
            ChangeKind::TypeChanged {
                from: "String".into(),
                to: "Long".into(),
            },
            Impact::Breaking,
        ),
        (
            json!([{"name": "Id", "type": "String", "required": true, "rust_name": "job_id"}]),
            ChangeKind::RustNameChanged {
                from: "id".into(),
                to: "job_id".into(),
            },
            Impact::Breaking,
        ),
        (
            json!([{"name": "Id", "type": "String", "required": true, "in": "body"}]),
            ChangeKind::LocationChanged {
                from: "query".into(),
                to: "body".into(),
            },
            Impact::Compatible,
        ),
        (
            json!([{"name": "Id", "type": "String", "required": true, "deprecated": true}]),
            ChangeKind::DeprecatedChanged { to: true },
            Impact::Compatible,
        ),
    ];
    for (request, kind, impact) in cases {
        let d = diff(&base, &one(request, json!([])));
        let (change, got) = only(&d);
        assert_eq!(
            (&change.kind, got, change.subject),
            (&kind, impact, Subject::Request)
        );
        assert_eq!(d.is_breaking(), impact == Impact::Breaking);
    }
    let d = diff(
        &one(json!([p("Opt", "String", false)]), json!([])),
        &one(json!([p("Opt", "String", true)]), json!([])),
    );
    assert_eq!(
        only(&d).0.kind,
        ChangeKind::RequiredChanged {
            from: false,
            to: true
        }
    );
    assert_eq!(only(&d).1, Impact::Breaking);
}

fn with_values(values: &[&str], default: Option<&str>) -> Spec {
    let values: Vec<Value> = values.iter().map(|v| json!({"value": v})).collect();
    let mut param = json!({"name": "Direction", "type": "String", "required": false});
    if !values.is_empty() {
        param["enum"] = Value::Array(values);
    }
    if let Some(d) = default {
        param["default"] = json!(d);
    }
    one(json!([param]), json!([]))
}

#[test]
fn valid_values_added_removed_introduced_and_dropped() {
    let two = with_values(&["Forward", "Reverse"], None);
    let kinds = |d: &Diff| {
        d.changes
            .iter()
            .map(|c| (c.kind.clone(), c.impact))
            .collect::<Vec<_>>()
    };
    let d = diff(&with_values(&["Forward"], None), &two);
    assert_eq!(
        kinds(&d),
        [(
            ChangeKind::ValueAdded {
                value: "Reverse".into()
            },
            Impact::Compatible
        )]
    );
    let d = diff(&two, &with_values(&["Forward"], None));
    assert_eq!(
        kinds(&d),
        [(
            ChangeKind::ValueRemoved {
                value: "Reverse".into()
            },
            Impact::Breaking
        )]
    );
    let d = diff(&with_values(&[], None), &two);
    assert_eq!(
        kinds(&d),
        [(ChangeKind::EnumIntroduced { values: 2 }, Impact::Breaking)]
    );
    let d = diff(&two, &with_values(&[], None));
    assert_eq!(kinds(&d), [(ChangeKind::EnumDropped, Impact::Breaking)]);
    let d = diff(&two, &with_values(&["Forward", "Reverse"], Some("Forward")));
    assert_eq!(
        kinds(&d),
        [(
            ChangeKind::DefaultChanged {
                from: None,
                to: Some("Forward".into())
            },
            Impact::Compatible
        )]
    );
}

fn nested(extra: Option<Value>, port_type: &str) -> Spec {
    let mut fields = vec![
        json!({"name": "Ip", "type": "String"}),
        json!({"name": "Port", "type": port_type}),
    ];
    fields.extend(extra);
    let job = json!({"type": "Object", "struct_name": "Job", "fields": [
        {"name": "Source", "type": "Object", "struct_name": "Endpoint", "fields": fields}
    ]});
    one(
        json!([]),
        json!([{"name": "Jobs", "type": "Array", "items": job}]),
    )
}

#[test]
fn response_fields_are_compared_at_any_depth() {
    let base = nested(None, "Integer");
    let d = diff(
        &base,
        &nested(Some(json!({"name": "Region", "type": "String"})), "Integer"),
    );
    let (c, impact) = only(&d);
    assert_eq!(
        (c.subject, c.path.as_str(), &c.kind, impact),
        (
            Subject::Response,
            "Jobs[].Source.Region",
            &ChangeKind::Added { required: None },
            Impact::Compatible
        )
    );

    let d = diff(
        &nested(Some(json!({"name": "Region", "type": "String"})), "Integer"),
        &base,
    );
    assert_eq!(
        (only(&d).0.path.as_str(), &only(&d).0.kind, only(&d).1),
        (
            "Jobs[].Source.Region",
            &ChangeKind::Removed,
            Impact::Breaking
        )
    );

    let d = diff(&base, &nested(None, "Long"));
    assert_eq!(
        (only(&d).0.path.as_str(), only(&d).1),
        ("Jobs[].Source.Port", Impact::Breaking)
    );
    assert!(d.to_text().contains(
        "BREAKING    response field `Jobs[].Source.Port` changed type from Integer to Long"
    ));
}

#[test]
fn actions_and_error_codes() {
    let a = spec(
        json!([{"name": "DescribeJob", "errors": [{"code": "Job.NotFound", "http_status": 404}]}]),
    );
    let b = spec(json!([{"name": "DescribeJob"}, {"name": "CreateJob"}]));
    let d = diff(&a, &b);
    let summary: Vec<(&str, Subject, &ChangeKind, Impact)> = d
        .changes
        .iter()
        .map(|c| (c.action.as_str(), c.subject, &c.kind, c.impact))
        .collect();
    assert_eq!(
        summary,
        [
            (
                "CreateJob",
                Subject::Action,
                &ChangeKind::Added { required: None },
                Impact::Compatible
            ),
            (
                "DescribeJob",
                Subject::Error,
                &ChangeKind::Removed,
                Impact::Breaking
            ),
        ]
    );
    let d = diff(&b, &a);
    assert_eq!(d.removed_actions(), ["CreateJob"]);
    assert!(d.is_breaking());
    let text = d.to_text();
    assert_eq!(
        text,
        "CreateJob\n  BREAKING    action removed\nDescribeJob\n  compatible  error code `Job.NotFound` added\n\n\
         2 changes: 1 breaking, 1 compatible; 0 actions added, 1 removed\n"
    );
}

#[test]
fn output_order_does_not_depend_on_input_order() {
    let a = one(
        json!([p("B", "String", false), p("A", "String", false)]),
        json!([]),
    );
    let b = one(
        json!([
            p("A", "Long", false),
            p("C", "String", false),
            p("B", "Integer", false)
        ]),
        json!([]),
    );
    let b_reordered = one(
        json!([
            p("C", "String", false),
            p("B", "Integer", false),
            p("A", "Long", false)
        ]),
        json!([]),
    );
    assert_eq!(diff(&a, &b), diff(&a, &b_reordered));
    let d = diff(&a, &b);
    let paths: Vec<&str> = d.changes.iter().map(|c| c.path.as_str()).collect();
    assert_eq!(paths, ["A", "B", "C"]);
}

#[test]
fn run_diff_reports_load_errors() {
    let dir = common::Scratch::new("diff-missing");
    let err = run_diff(&dir.join("nope"), &dir.join("nope"), false).unwrap_err();
    assert!(err.to_string().starts_with("cannot load spec"), "{err}");
    assert!(!err.errors.is_empty());
}
