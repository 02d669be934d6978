//! The importer's mapping rules, on small metadata written for each case.

#[path = "meta/common.rs"]
mod common;

use std::collections::BTreeMap;

use common::Scratch;
use dts_import::meta::{
    build, parse_metadata, run_import, Import, ImportOptions, MetaError, Overrides,
};
use dts_spec::{Action, Field, Location, Style, Type};
use serde_json::{json, Value};

fn metadata(apis: Value) -> Value {
    json!({
        "version": "1.0",
        "info": {"style": "RPC", "product": "Dts", "version": "2020-01-01"},
        "apis": apis,
        "endpoints": [{"regionId": "cn-hangzhou", "endpoint": "dts.cn-hangzhou.aliyuncs.com"}],
    })
}

fn parse(doc: &Value) -> Import {
    parse_metadata(&doc.to_string(), "test.json").expect("metadata parses")
}

/// Builds without overrides or existing entries and checks the result validates.
fn built(doc: &Value) -> (Vec<Action>, Vec<String>) {
    built_with(doc, None)
}

fn built_with(doc: &Value, overrides: Option<&Overrides>) -> (Vec<Action>, Vec<String>) {
    let b = build(&parse(doc), overrides, &BTreeMap::new(), None);
    if let Err(diags) = dts_spec::load_sources(&b.sources()) {
        panic!("built spec does not validate: {diags:#?}");
    }
    let warnings = b.warnings.iter().map(ToString::to_string).collect();
    (b.actions, warnings)
}

fn param(name: &str, schema: Value) -> Value {
    json!({"name": name, "in": "query", "schema": schema})
}

fn api(params: Vec<Value>, response: Value) -> Value {
    json!({
        "methods": ["post", "get"],
        "parameters": params,
        "responses": {"200": {"schema": {"type": "object", "properties": response}}},
    })
}

#[test]
fn parameters_map_types_locations_styles_and_limits() {
    let params = vec![
        param(
            "Id",
            json!({"type": "string", "required": false, "docRequired": true, "example": "j-1"}),
        ),
        param(
            "Size",
            json!({"type": "integer", "format": "int32", "minimum": "1", "maximum": "100", "default": "30"}),
        ),
        param("Big", json!({"type": "integer", "format": "int64"})),
        param(
            "Ratio",
            json!({"type": "number", "format": "float", "deprecated": true}),
        ),
        param("Rate", json!({"type": "number"})),
        param(
            "Name",
            json!({"type": "string", "maxLength": 64, "pattern": "^[a-z]+$"}),
        ),
        json!({"name": "Body", "in": "formData", "schema": {"type": "string"}}),
        json!({"name": "Ids", "in": "query", "style": "repeatList", "schema": {"type": "array", "items": {"type": "string"}, "maxItems": 20}}),
        json!({"name": "Names", "in": "query", "style": "simple", "schema": {"type": "array", "items": {"type": "string"}}}),
        json!({"name": "Config", "in": "query", "style": "json", "schema": {"type": "object", "properties": {"A": {"type": "integer"}}}}),
        json!({"name": "Raw", "in": "query", "style": "json", "schema": {"type": "object"}}),
        json!({"name": "Odd", "in": "query", "style": "repeatList", "schema": {"type": "string"}}),
        param(
            "Mode",
            json!({"type": "string", "enum": ["Full", "Incremental"], "default": "Full"}),
        ),
    ];
    let doc = metadata(json!({"DescribeThing": api(params, json!({}))}));
    let import = parse(&doc);
    assert!(import
        .doc_only_required
        .contains(&("DescribeThing".to_owned(), "Id".to_owned())));
    let (actions, warnings) = built(&doc);
    let a = &actions[0];
    let p = |n: &str| a.param(n).unwrap();
    assert!(a.idempotent);
    assert!(
        !p("Id").required && p("Id").doc_required,
        "docRequired: documented, not enforced"
    );
    assert_eq!(p("Id").example.as_deref(), Some("j-1"));
    assert_eq!(
        (
            p("Size").ty,
            p("Size").constraints.minimum,
            p("Size").constraints.maximum
        ),
        (Type::Integer, Some(1.0), Some(100.0))
    );
    assert_eq!(p("Size").default.as_deref(), Some("30"));
    assert_eq!(p("Big").ty, Type::Long);
    assert_eq!((p("Ratio").ty, p("Ratio").deprecated), (Type::Float, true));
    assert_eq!(p("Rate").ty, Type::Double);
    assert_eq!(
        (
            p("Name").constraints.max_length,
            p("Name").constraints.pattern.as_deref()
        ),
        (Some(64), Some("^[a-z]+$"))
    );
    assert_eq!(p("Body").location, Location::Body);
    assert_eq!(
        (p("Ids").style, p("Ids").constraints.max_items),
        (Style::RepeatList, Some(20))
    );
    assert_eq!(p("Names").style, Style::Simple);
    assert_eq!(
        (p("Config").ty, p("Config").style, p("Config").fields[0].ty),
        (Type::Object, Style::Json, Type::Integer)
    );
    assert_eq!((p("Raw").ty, p("Raw").style), (Type::Any, Style::Json));
    assert_eq!(p("Odd").style, Style::Flat);
    let modes: Vec<&str> = p("Mode")
        .enum_values
        .iter()
        .map(|v| v.value.as_str())
        .collect();
    assert_eq!(
        (modes, p("Mode").default.as_deref()),
        (vec!["Full", "Incremental"], Some("Full"))
    );
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(warnings[0]
        .contains("/apis/DescribeThing/parameters/11/style: style `repeatList` does not apply"));
}

#[test]
fn unknown_keys_and_wrong_types_become_located_warnings() {
    let mut thing = api(
        vec![param(
            "Id",
            json!({"type": "string", "required": "yes", "colour": "red"}),
        )],
        json!({"Data": {"type": "object", "properties": {"Inner": {"type": "string", "shade": 1}}}}),
    );
    thing["novelty"] = json!(true);
    thing["errorCodes"] =
        json!({"400": [{"errorCode": "Bad.Thing", "errorMessage": "bad", "hint": "x"}], "abc": []});
    let mut doc = metadata(json!({"CreateThing": thing}));
    doc["extra"] = json!({});
    let (_, warnings) = built(&doc);
    let expected = [
        "warning: test.json: /extra: unknown key `extra`, ignored",
        "warning: test.json: CreateThing: /apis/CreateThing/novelty: unknown key `novelty`, ignored",
        "warning: test.json: CreateThing: /apis/CreateThing/parameters/0/schema/colour: unknown key `colour`, ignored",
        "warning: test.json: CreateThing: /apis/CreateThing/parameters/0/schema/required: expected a boolean, found a string",
        "warning: test.json: CreateThing: /apis/CreateThing/responses/200/schema/properties/Data/properties/Inner/shade: unknown key `shade`, ignored",
        "warning: test.json: CreateThing: /apis/CreateThing/errorCodes/400/0/hint: unknown key `hint`, ignored",
        "warning: test.json: CreateThing: /apis/CreateThing/errorCodes/abc: `abc` is not an HTTP status, its error codes skipped",
    ];
    assert_eq!(warnings, expected);
}

#[test]
fn unusable_apis_parameters_and_error_codes_are_skipped_with_warnings() {
    let dup = vec![
        param("Id", json!({"type": "string"})),
        param("Id", json!({"type": "integer"})),
        param("Action", json!({"type": "string"})),
    ];
    let mut describe = api(dup, json!({}));
    describe["errorCodes"] =
        json!({"400": [{"errorCode": "A.B"}, {"errorCode": "A.B"}, {"errorCode": "--"}]});
    let doc = metadata(json!({
        "describe-thing": api(vec![], json!({})),
        "DescribeDTSIP": describe,
        "DescribeDtsip": api(vec![], json!({})),
        "Broken": 7,
    }));
    let (actions, warnings) = built(&doc);
    let names: Vec<&str> = actions.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["DescribeDTSIP"]);
    let a = &actions[0];
    assert_eq!(a.request.len(), 1);
    assert_eq!(a.request[0].ty, Type::String);
    assert_eq!(
        a.errors.iter().map(|e| e.code.as_str()).collect::<Vec<_>>(),
        ["A.B"]
    );
    for needle in [
        "/apis/describe-thing: API `describe-thing` skipped: the name is not PascalCase ASCII",
        "API `DescribeDtsip` skipped: method `describe_dtsip` is also generated by `DescribeDTSIP`",
        "/apis/Broken: expected an API, found a number, skipped",
        "parameter `Id` listed twice, first kept",
        "`Action` is a common parameter the client sends itself, skipped",
        "error code `A.B` listed twice, first kept",
        "error code `--` cannot become a variant, skipped",
    ] {
        assert!(
            warnings.iter().any(|w| w.contains(needle)),
            "no warning with {needle:?} in {warnings:#?}"
        );
    }
}

fn endpoint(extra: Value) -> Value {
    let mut props = json!({"Ip": {"type": "string"}, "Port": {"type": "integer"}});
    if let (Value::Object(p), Value::Object(e)) = (&mut props, extra) {
        p.extend(e);
    }
    json!({"type": "object", "properties": props})
}

/// DescribeDtsJobs-like nesting: a list of jobs, each with endpoints, a reverse job with the
/// same endpoints, and a list of tables four levels down.
fn nested_response() -> Value {
    let job = json!({
        "type": "object",
        "properties": {
            "JobId": {"type": "string"},
            "SourceEndpoint": endpoint(json!({})),
            "ReverseJob": {"type": "object", "properties": {
                "SourceEndpoint": endpoint(json!({})),
                "Objects": {"type": "object", "properties": {
                    "Tables": {"type": "array", "items": {"type": "object", "properties": {
                        "Name": {"type": "string"},
                        "Columns": {"type": "array", "items": {"type": "object", "properties": {"Name": {"type": "string"}}}},
                    }}},
                }},
            }},
            "Entries": {"type": "array", "items": {"type": "array", "items": {"type": "object", "properties": {"K": {"type": "string"}}}}},
        },
    });
    json!({
        "RequestId": {"type": "string"},
        "SourceEndpoint": endpoint(json!({"Extra": {"type": "boolean"}})),
        "DtsJobList": {"type": "array", "items": job},
    })
}

/// Every struct name in an action's response, by dotted path.
fn struct_names(fields: &[Field], prefix: &str, out: &mut BTreeMap<String, String>) {
    for f in fields {
        let path = format!("{prefix}{}", f.name);
        if let Some(name) = &f.struct_name {
            out.insert(path.clone(), name.clone());
        }
        struct_names(&f.fields, &format!("{path}."), out);
        let mut items = f.items.as_deref();
        let mut item_path = format!("{path}[]");
        while let Some(i) = items {
            if let Some(name) = &i.struct_name {
                out.insert(item_path.clone(), name.clone());
            }
            struct_names(&i.fields, &format!("{item_path}."), out);
            items = i.items.as_deref();
            item_path.push_str("[]");
        }
    }
}

fn names_of(response: Value) -> BTreeMap<String, String> {
    let (actions, _) = built(&metadata(json!({"DescribeJobs": api(vec![], response)})));
    let mut out = BTreeMap::new();
    struct_names(&actions[0].response, "", &mut out);
    out
}

#[test]
fn nested_response_structs_get_readable_unique_names() {
    let names = names_of(nested_response());
    let expected: BTreeMap<String, String> = [
        ("SourceEndpoint", "SourceEndpoint"),
        ("DtsJobList[]", "DtsJob"),
        ("DtsJobList[].SourceEndpoint", "DtsJobSourceEndpoint"),
        ("DtsJobList[].ReverseJob", "ReverseJob"),
        (
            "DtsJobList[].ReverseJob.SourceEndpoint",
            "ReverseJobSourceEndpoint",
        ),
        ("DtsJobList[].ReverseJob.Objects", "Objects"),
        ("DtsJobList[].ReverseJob.Objects.Tables[]", "Table"),
        (
            "DtsJobList[].ReverseJob.Objects.Tables[].Columns[]",
            "Column",
        ),
        ("DtsJobList[].Entries[][]", "Entry"),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_owned(), b.to_owned()))
    .collect();
    assert_eq!(names, expected);
}

/// The same schema with every object's properties in reverse order.
fn reversed(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .rev()
                .map(|(k, v)| (k.clone(), reversed(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(reversed).collect()),
        other => other.clone(),
    }
}

#[test]
fn struct_names_do_not_depend_on_document_order_or_unrelated_fields() {
    let names = names_of(nested_response());
    assert_eq!(names_of(reversed(&nested_response())), names);
    let mut more = nested_response();
    more["Summary"] = json!({"type": "object", "properties": {"Count": {"type": "integer"}}});
    let mut with_more = names_of(more);
    assert_eq!(with_more.remove("Summary").as_deref(), Some("Summary"));
    assert_eq!(with_more, names);
}

#[test]
fn wire_names_that_are_not_distinct_identifiers_get_rust_names() {
    let response = json!({
        "Flow": {"type": "string"},
        "FLOW": {"type": "string"},
        "1st": {"type": "string"},
        "Self": {"type": "string"},
        "Type": {"type": "string"},
    });
    let params = vec![
        param("Tag.1.Key", json!({"type": "string"})),
        param("TagKey", json!({"type": "string"})),
    ];
    let (actions, _) = built(&metadata(json!({"CreateThing": api(params, response)})));
    let a = &actions[0];
    let rust: Vec<(&str, Option<&str>)> = a
        .response
        .iter()
        .map(|f| (f.name.as_str(), f.rust_name.as_deref()))
        .collect();
    assert_eq!(
        rust,
        [
            ("Flow", None),
            ("FLOW", Some("flow_2")),
            ("1st", Some("n_1st")),
            ("Self", Some("self_value")),
            ("Type", None)
        ]
    );
    assert_eq!(a.request[0].rust_name.as_deref(), Some("tag_1_key"));
    assert_eq!(a.request[1].rust_name, None);
}

#[test]
fn invalid_defaults_and_valid_values_are_dropped_with_warnings() {
    let params = vec![
        param(
            "Id",
            json!({"type": "string", "required": true, "default": "x"}),
        ),
        param(
            "Mode",
            json!({"type": "string", "enum": ["A", "B"], "default": "C"}),
        ),
        param("Count", json!({"type": "integer", "default": "many"})),
        param("Level", json!({"type": "integer", "enum": ["1", "two"]})),
        param("Sign", json!({"type": "string", "enum": ["+", "-"]})),
        param(
            "Range",
            json!({"type": "integer", "minimum": "10", "maximum": "1"}),
        ),
    ];
    let (actions, warnings) = built(&metadata(json!({"CreateThing": api(params, json!({}))})));
    let a = &actions[0];
    assert!(a.request.iter().all(|p| p.default.is_none()));
    assert_eq!(a.param("Mode").unwrap().enum_values.len(), 2);
    assert!(
        a.param("Level").unwrap().enum_values.is_empty()
            && a.param("Sign").unwrap().enum_values.is_empty()
    );
    assert_eq!(a.param("Range").unwrap().constraints.minimum, None);
    for needle in [
        "default \"x\" of `Id` dropped: the parameter is required",
        "default \"C\" of `Mode` dropped: it is not one of the valid values",
        "default \"many\" of `Count` dropped: it is not a valid Integer",
        "\"two\" is not a valid Integer, valid values ignored",
        "\"+\" cannot become an enum variant, valid values ignored",
        "minimum 10 is above maximum 1, both ignored",
    ] {
        assert!(
            warnings.iter().any(|w| w.contains(needle)),
            "no warning with {needle:?} in {warnings:#?}"
        );
    }
}

#[test]
fn malformed_documents_are_errors_not_panics() {
    let cases = [
        ("{", "is not valid JSON"),
        ("[1, 2]", "the top level is an array, not an object"),
        (
            r#"{"info": {"product": "Dts", "version": "1"}}"#,
            "no `apis` object",
        ),
        (r#"{"apis": {}}"#, "no `info` object"),
        (
            r#"{"info": {"product": "Dts", "version": "1", "style": "ROA"}, "apis": {}}"#,
            "style `ROA` is not supported",
        ),
    ];
    for (text, message) in cases {
        let err = parse_metadata(text, "bad.json").expect_err(text);
        assert!(err.to_string().contains(message), "{err}");
        assert!(err.to_string().contains("`bad.json`"), "{err}");
    }
}

const OVERRIDES: &str = r#"{
  "note": "corrections for the test metadata",
  "actions": {
    "DescribeThing": {
      "idempotent": false,
      "params": {
        "Direction": {"enum": ["Forward", "Reverse"], "default": "Forward", "note": "valid values are prose upstream"},
        "OracleSid": {"required": false},
        "Size": {"type": "Long", "rust_name": "page_size"},
        "Sign": {"enum": ["+", "-"]},
        "Missing": {"required": true}
      },
      "fields": {
        "Jobs[].SourceEndpoint": {"struct_name": "JobEndpoint"},
        "Jobs.Status": {"type": "Integer", "accepts": ["String"], "rust_name": "job_status"},
        "Nope.Nothing": {"rust_name": "x"}
      }
    },
    "GhostAction": {"idempotent": true}
  }
}"#;

fn override_target() -> Value {
    let params = vec![
        param("Direction", json!({"type": "string"})),
        param(
            "OracleSid",
            json!({"type": "string", "required": false, "docRequired": true}),
        ),
        param("Size", json!({"type": "integer"})),
        param("Sign", json!({"type": "string"})),
    ];
    let response = json!({"Jobs": {"type": "array", "items": {"type": "object", "properties": {
        "SourceEndpoint": endpoint(json!({})),
        "Status": {"type": "string"},
    }}}});
    metadata(json!({"DescribeThing": api(params, response)}))
}

#[test]
fn overrides_correct_the_metadata_and_warn_about_what_they_cannot_find() {
    let overrides = Overrides::parse(OVERRIDES, "overrides.json".as_ref()).unwrap();
    let (actions, warnings) = built_with(&override_target(), Some(&overrides));
    let a = &actions[0];
    assert!(!a.idempotent);
    let direction = a.param("Direction").unwrap();
    let values: Vec<&str> = direction
        .enum_values
        .iter()
        .map(|v| v.value.as_str())
        .collect();
    assert_eq!(
        (values, direction.default.as_deref()),
        (vec!["Forward", "Reverse"], Some("Forward"))
    );
    assert!(!a.param("OracleSid").unwrap().required);
    let size = a.param("Size").unwrap();
    assert_eq!(
        (size.ty, size.rust_name.as_deref()),
        (Type::Long, Some("page_size"))
    );
    assert!(a.param("Sign").unwrap().enum_values.is_empty());
    let job = a.response[0].items.as_deref().unwrap();
    assert_eq!(job.fields[0].struct_name.as_deref(), Some("JobEndpoint"));
    let status = &job.fields[1];
    assert_eq!(
        (
            status.ty,
            status.accepts.as_slice(),
            status.rust_name.as_deref()
        ),
        (Type::Integer, &[Type::String][..], Some("job_status"))
    );
    let expected = [
        "warning: overrides.json: DescribeThing: /actions/DescribeThing/params/Missing: override for parameter `Missing`, which `DescribeThing` does not have",
        "warning: overrides.json: DescribeThing: /actions/DescribeThing/params/Sign/enum: \"+\" cannot become an enum variant, override not applied",
        "warning: overrides.json: DescribeThing: /actions/DescribeThing/fields/Nope.Nothing: override for response field `Nope.Nothing`, which `DescribeThing` does not have",
        "warning: overrides.json: GhostAction: /actions/GhostAction: override for action `GhostAction`, which the metadata does not have",
    ];
    let from_overrides: Vec<&String> = warnings
        .iter()
        .filter(|w| w.contains("overrides.json"))
        .collect();
    assert_eq!(from_overrides, expected.iter().collect::<Vec<_>>());
}

#[test]
fn override_files_deny_unknown_keys() {
    let text = r#"{"actions": {"A": {"params": {"B": {"requierd": true}}}}}"#;
    let err = Overrides::parse(text, "o.json".as_ref()).unwrap_err();
    let MetaError::Overrides {
        pointer, message, ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(pointer, "/actions/A/params/B/requierd");
    assert!(message.contains("unknown field `requierd`"), "{message}");
    assert!(
        err.to_string().starts_with("invalid overrides in `o.json`"),
        "{err}"
    );
}

#[test]
fn run_import_applies_the_target_directory_overrides_file() {
    let dir = Scratch::new("overrides-dir");
    let input = dir.join("meta.json");
    std::fs::write(&input, override_target().to_string()).unwrap();
    let out = dir.join("spec");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("overrides.json"), OVERRIDES).unwrap();
    let report = run_import(
        std::slice::from_ref(&input),
        &out,
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(report.created, ["DescribeThing"]);
    let spec = common::load(&out);
    assert_eq!(
        spec.action("DescribeThing")
            .unwrap()
            .param("Size")
            .unwrap()
            .ty,
        Type::Long
    );

    let missing = ImportOptions {
        overrides: Some(dir.join("none.json")),
        ..ImportOptions::default()
    };
    let err = run_import(&[input], &out, &missing).unwrap_err();
    assert!(matches!(err, MetaError::Read { .. }), "{err}");
}

#[test]
fn overrides_on_existing_entries_are_reported_as_shadowed() {
    let overrides = Overrides::parse(OVERRIDES, "overrides.json".as_ref()).unwrap();
    let import = parse(&override_target());
    let mut entry = import.actions[0].clone();
    entry.request.retain(|p| p.name == "Direction");
    let existing = BTreeMap::from([(entry.name.clone(), entry)]);
    let b = build(&import, Some(&overrides), &existing, None);
    let a = &b.actions[0];
    assert!(
        a.param("Direction").unwrap().enum_values.is_empty(),
        "the existing entry wins"
    );
    assert_eq!(
        a.param("Size").unwrap().ty,
        Type::Long,
        "added parameters take overrides"
    );
    let shadowed: Vec<String> = b
        .warnings
        .iter()
        .filter(|w| w.message.contains("override has no effect"))
        .map(|w| w.pointer.clone())
        .collect();
    let expected = [
        "/actions/DescribeThing",
        "/actions/DescribeThing/params/Direction",
        "/actions/DescribeThing/fields/Jobs.Status",
        "/actions/DescribeThing/fields/Jobs[].SourceEndpoint",
    ];
    assert_eq!(shadowed, expected);
}
