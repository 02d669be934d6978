//! What keeps the catalog level with the official SDK through a re-import: parameters the
//! metadata lacks, added by `add_params` in the override file, and the method the client sends
//! when an API allows both GET and POST.

use std::collections::BTreeMap;

use dts_import::meta::{build, parse_metadata, Import, Overrides};
use dts_spec::{HttpMethod, Location, Type};
use serde_json::{json, Value};

fn parse(apis: Value) -> Import {
    let doc = json!({
        "version": "1.0",
        "info": {"style": "RPC", "product": "Dts", "version": "2020-01-01"},
        "apis": apis,
    });
    parse_metadata(&doc.to_string(), "test.json").expect("metadata parses")
}

fn api(methods: Value) -> Value {
    json!({
        "methods": methods,
        "parameters": [{"name": "DtsJobId", "in": "query", "schema": {"type": "string"}}],
    })
}

const OVERRIDES: &str = r#"{
  "actions": {
    "ModifyThing": {
      "note": "the SDK sends parameters the metadata predates",
      "add_params": [
        {"name": "EndpointVpcId", "type": "String", "description": "VPC of the endpoint."},
        {"name": "DatabaseCount", "type": "Integer", "in": "body"},
        {"name": "DtsJobId", "type": "Integer"}
      ],
      "params": {"DatabaseCount": {"default": "1"}}
    }
  }
}"#;

fn overrides() -> Overrides {
    Overrides::parse(OVERRIDES, "overrides.json".as_ref()).unwrap()
}

#[test]
fn add_params_appends_what_the_metadata_lacks_and_skips_what_it_has() {
    let import = parse(json!({"ModifyThing": api(json!(["post"]))}));
    let b = build(&import, Some(&overrides()), &BTreeMap::new(), None);
    let a = &b.actions[0];
    let names: Vec<&str> = a.request.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["DtsJobId", "EndpointVpcId", "DatabaseCount"]);
    assert_eq!(
        a.param("DtsJobId").unwrap().ty,
        Type::String,
        "the metadata's own parameter is kept"
    );
    let vpc = a.param("EndpointVpcId").unwrap();
    assert_eq!(vpc.description.as_deref(), Some("VPC of the endpoint."));
    let count = a.param("DatabaseCount").unwrap();
    assert_eq!(
        (count.ty, count.location, count.default.as_deref()),
        (Type::Integer, Location::Body, Some("1")),
        "corrections apply to added parameters too"
    );
    let warned: Vec<String> = b.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warned,
        ["warning: overrides.json: ModifyThing: /actions/ModifyThing/add_params/2: `ModifyThing` already has parameter `DtsJobId` in the metadata: not added"]
    );
    if let Err(diags) = dts_spec::load_sources(&b.sources()) {
        panic!("built spec does not validate: {diags:#?}");
    }
}

#[test]
fn added_params_already_in_an_existing_entry_are_reported_as_shadowed() {
    let import = parse(json!({"ModifyThing": api(json!(["post"]))}));
    let first = build(&import, Some(&overrides()), &BTreeMap::new(), None);
    let entry = first.actions[0].clone();
    let existing = BTreeMap::from([(entry.name.clone(), entry.clone())]);
    let again = build(&import, Some(&overrides()), &existing, None);
    assert_eq!(
        again.actions[0], entry,
        "a re-import keeps the added parameters"
    );
    let shadowed: Vec<&str> = again
        .warnings
        .iter()
        .filter(|w| w.message.contains("override has no effect"))
        .map(|w| w.pointer.as_str())
        .collect();
    assert_eq!(
        shadowed,
        [
            "/actions/ModifyThing/params/DatabaseCount",
            "/actions/ModifyThing/add_params/0",
            "/actions/ModifyThing/add_params/1",
            "/actions/ModifyThing/add_params/2",
        ]
    );
}

#[test]
fn post_comes_first_whenever_the_api_allows_it() {
    let import = parse(json!({
        "GetFirst": api(json!(["get", "post"])),
        "PostFirst": api(json!(["POST", "GET"])),
        "GetOnly": api(json!(["get"])),
        "PostOnly": api(json!(["post", "post"])),
    }));
    let b = build(&import, None, &BTreeMap::new(), None);
    let methods: BTreeMap<&str, (Vec<HttpMethod>, HttpMethod)> = b
        .actions
        .iter()
        .map(|a| (a.name.as_str(), (a.methods.clone(), a.preferred_method())))
        .collect();
    use HttpMethod::{Get, Post};
    let expected = BTreeMap::from([
        ("GetFirst", (vec![Post, Get], Post)),
        ("PostFirst", (vec![Post, Get], Post)),
        ("GetOnly", (vec![Get], Get)),
        ("PostOnly", (vec![Post], Post)),
    ]);
    assert_eq!(methods, expected);
}

/// The bundled catalog keeps the rule: every action that accepts POST is sent as POST.
#[test]
fn every_bundled_action_that_accepts_post_is_sent_as_post() {
    let spec = dts_spec::bundled().unwrap();
    let not_post: Vec<&str> = spec
        .actions
        .iter()
        .filter(|a| {
            a.methods.contains(&HttpMethod::Post) && a.preferred_method() != HttpMethod::Post
        })
        .map(|a| a.name.as_str())
        .collect();
    assert!(not_post.is_empty(), "{not_post:?}");
    for name in [
        "CountJobByCondition",
        "ModifyDtsJobConfig",
        "ModifyDtsJobDedicatedCluster",
        "ModifyDtsJobDuLimit",
    ] {
        let a = spec.action(name).unwrap();
        assert_eq!(a.methods, [HttpMethod::Post, HttpMethod::Get], "{name}");
    }
}
