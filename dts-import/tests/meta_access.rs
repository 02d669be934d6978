//! The access class from the metadata's operation tags, corrected by overrides, and merged
//! across snapshots.

use std::collections::BTreeMap;
use std::path::Path;

use dts_import::meta::{build, merge_catalog, parse_metadata, Import, Overrides};
use dts_spec::Access;
use serde_json::{json, Value};

fn metadata(apis: Value) -> Import {
    let doc = json!({
        "version": "1.0",
        "info": {"style": "RPC", "product": "Dts", "version": "2020-01-01"},
        "apis": apis,
    });
    parse_metadata(&doc.to_string(), "test.json").expect("metadata parses")
}

fn api(top: Option<&str>, system: Option<&str>) -> Value {
    let mut api = json!({"methods": ["post"], "parameters": []});
    if let Some(top) = top {
        api["operationType"] = json!(top);
    }
    if let Some(system) = system {
        api["systemTags"] = json!({"operationType": system});
    }
    api
}

fn classes(import: &Import) -> BTreeMap<String, Option<Access>> {
    import
        .actions
        .iter()
        .map(|a| (a.name.clone(), a.access))
        .collect()
}

#[test]
fn tags_become_the_access_class() {
    let import = metadata(json!({
        "DeleteThing": api(Some("read"), Some("delete")),
        "CreateThing": api(Some("readAndWrite"), Some("create")),
        "StartThing": api(Some("read"), Some("update")),
        "ShieldThing": api(Some("write"), Some("get")),
        "DescribeThing": api(Some("readAndWrite"), Some("get")),
        "ListThings": api(Some("read"), Some("list")),
        "CountThings": api(Some("read"), Some("none")),
        "ModifyThing": api(Some("readAndWrite"), None),
        "QueryThing": api(Some("read"), None),
        "Untagged": api(None, None),
    }));
    let want = [
        ("CountThings", Some(Access::ReadOnly)),
        ("CreateThing", Some(Access::Write)),
        ("DeleteThing", Some(Access::Destructive)),
        ("DescribeThing", Some(Access::ReadOnly)),
        ("ListThings", Some(Access::ReadOnly)),
        ("ModifyThing", Some(Access::Write)),
        ("QueryThing", Some(Access::ReadOnly)),
        ("ShieldThing", Some(Access::Write)),
        ("StartThing", Some(Access::Write)),
        ("Untagged", None),
    ];
    let want: BTreeMap<String, Option<Access>> =
        want.into_iter().map(|(n, a)| (n.to_owned(), a)).collect();
    assert_eq!(classes(&import), want);
}

#[test]
fn overrides_correct_the_class_and_an_untagged_snapshot_keeps_the_older_one() {
    let older = metadata(json!({
        "StopThing": api(Some("read"), Some("update")),
        "DescribeThing": api(Some("read"), Some("get")),
    }));
    let newer = metadata(json!({
        "StopThing": api(None, None),
        "DescribeThing": api(None, None),
        "NewThing": api(None, None),
    }));
    let merged = merge_catalog(&newer, &older);
    let got = classes(&merged);
    assert_eq!(got["StopThing"], Some(Access::Write));
    assert_eq!(got["DescribeThing"], Some(Access::ReadOnly));
    assert_eq!(got["NewThing"], None);

    let overrides = Overrides::parse(
        r#"{"actions": {"StopThing": {"access": "destructive"}, "NewThing": {"access": "write"}}}"#,
        Path::new("overrides.json"),
    )
    .unwrap();
    let built = build(&merged, Some(&overrides), &BTreeMap::new(), None);
    let access = |name: &str| {
        built
            .actions
            .iter()
            .find(|a| a.name == name)
            .unwrap()
            .access
    };
    assert_eq!(access("StopThing"), Some(Access::Destructive));
    assert_eq!(access("NewThing"), Some(Access::Write));
    assert_eq!(access("DescribeThing"), Some(Access::ReadOnly));

    let bad = Overrides::parse(
        r#"{"actions": {"StopThing": {"access": "harmless"}}}"#,
        Path::new("overrides.json"),
    );
    assert!(bad.unwrap_err().to_string().contains("harmless"));
}
