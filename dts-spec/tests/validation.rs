//! Broken-spec fixtures: each mutates a copy of the bundled spec in one way and asserts the
//! exact located diagnostic.

use std::path::{Path, PathBuf};

use dts_spec::{load_dir, Diagnostic};
use serde_json::{json, Value};

/// The bundled spec directory, `dts-spec/specs`.
const SPEC_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/specs");

/// A scratch copy of the bundled spec directory, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("dts-spec-test-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("actions")).unwrap();
        let src = Path::new(SPEC_DIR);
        for f in dts_spec::spec_files(src).unwrap() {
            let rel = f.strip_prefix(src).unwrap();
            std::fs::copy(&f, dir.join(rel)).unwrap();
        }
        Scratch(dir)
    }

    fn edit(&self, rel: &str, f: impl FnOnce(&mut Value)) {
        let path = self.0.join(rel);
        let mut v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        f(&mut v);
        std::fs::write(&path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    }

    fn errors(&self) -> Vec<String> {
        match load_dir(&self.0) {
            Ok(_) => Vec::new(),
            Err(diags) => diags
                .iter()
                .filter(|d| d.is_error())
                .map(Diagnostic::to_string)
                .collect(),
        }
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn bundled_spec_is_valid() {
    let loaded = load_dir(Path::new(SPEC_DIR)).unwrap();
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let names: Vec<&str> = loaded
        .spec
        .actions
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    // The whole DTS 2020-01-01 catalog, in file-name order, the hand-written entries among it.
    assert_eq!(names.len(), 123, "{names:?}");
    assert!(names.windows(2).all(|w| w[0] < w[1]), "{names:?}");
    for seed in [
        "DeleteDtsJob",
        "ResetDtsJob",
        "ResetSynchronizationJob",
        "StartSynchronizationJob",
        "SuspendSynchronizationJob",
    ] {
        assert!(names.contains(&seed), "{seed} is missing");
    }
    assert_eq!(dts_spec::bundled().unwrap(), &loaded.spec);
}

/// Every action of the catalog says what it does to resources, and the classes follow the
/// documented rule: deletes, resets and stops destroy; starts, suspends, modifications, tags,
/// creations and configurations write; descriptions, lists and counts only read.
#[test]
fn every_bundled_action_has_its_access_class() {
    use dts_spec::Access;
    let spec = dts_spec::bundled().unwrap();
    for a in &spec.actions {
        let access = a
            .access
            .unwrap_or_else(|| panic!("{} has no `access`", a.name));
        let verb_class = [
            ("Delete", Access::Destructive),
            ("Reset", Access::Destructive),
            ("Stop", Access::Destructive),
            ("Release", Access::Destructive),
            ("Start", Access::Write),
            ("Suspend", Access::Write),
            ("Modify", Access::Write),
            ("Tag", Access::Write),
            ("Untag", Access::Write),
            ("Create", Access::Write),
            ("Configure", Access::Write),
            ("Describe", Access::ReadOnly),
            ("List", Access::ReadOnly),
            ("Count", Access::ReadOnly),
        ]
        .into_iter()
        .find(|(verb, _)| a.name.starts_with(verb));
        if let Some((verb, want)) = verb_class {
            assert_eq!(access, want, "{} ({verb}*)", a.name);
        }
    }
    let class = |name: &str| spec.action(name).unwrap().access;
    assert_eq!(class("WhiteIpList"), Some(Access::ReadOnly));
    assert_eq!(
        class("DetachGadInstanceDbMember"),
        Some(Access::Destructive)
    );
    assert_eq!(class("SkipPreCheck"), Some(Access::Write));
}

#[test]
fn bad_default_and_duplicate_param_are_both_reported() {
    let s = Scratch::new("two");
    s.edit("actions/ResetDtsJob.json", |v| {
        v["request"][2]["default"] = json!("Sideways")
    });
    let mut at = 0;
    s.edit("actions/DeleteDtsJob.json", |v| {
        let dup = v["request"][0].clone();
        let request = v["request"].as_array_mut().unwrap();
        at = request.len();
        request.push(dup);
    });
    assert_eq!(
        s.errors(),
        [
            format!("actions/DeleteDtsJob.json: /request/{at}/name: duplicate parameter `DtsJobId`"),
            "actions/ResetDtsJob.json: /request/2/default: \"Sideways\" is not one of Forward, Reverse".to_owned(),
        ]
    );
}

#[test]
fn unknown_field_is_located() {
    let s = Scratch::new("unknown");
    s.edit("actions/StartSynchronizationJob.json", |v| {
        v["request"][1]["requierd"] = json!(true)
    });
    let errors = s.errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with(
            "actions/StartSynchronizationJob.json: /request/1/requierd: unknown field `requierd`, expected one of"
        ),
        "{}",
        errors[0]
    );
}

#[test]
fn unknown_type_is_located() {
    let s = Scratch::new("type");
    s.edit("actions/StartSynchronizationJob.json", |v| {
        v["response"][0]["type"] = json!("Strng")
    });
    let errors = s.errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with(
            "actions/StartSynchronizationJob.json: /response/0/type: unknown variant `Strng`"
        ),
        "{}",
        errors[0]
    );
}

#[test]
fn required_with_default() {
    let s = Scratch::new("reqdef");
    s.edit("actions/ResetDtsJob.json", |v| {
        v["request"][2]["required"] = json!(true)
    });
    assert_eq!(
        s.errors(),
        ["actions/ResetDtsJob.json: /request/2/default: required parameter `SynchronizationDirection` cannot have a default"]
    );
}

#[test]
fn name_that_cannot_be_an_identifier() {
    let s = Scratch::new("ident");
    s.edit("actions/ResetDtsJob.json", |v| {
        v["response"][0]["name"] = json!("Dynamic-Code")
    });
    assert_eq!(
        s.errors(),
        ["actions/ResetDtsJob.json: /response/0/name: `Dynamic-Code` cannot become a Rust identifier; set `rust_name`"]
    );
}

#[test]
fn keyword_only_names_need_rust_name() {
    let s = Scratch::new("selfname");
    s.edit("actions/ResetDtsJob.json", |v| {
        v["request"][1]["name"] = json!("Self")
    });
    assert_eq!(
        s.errors(),
        ["actions/ResetDtsJob.json: /request/1/name: `Self` cannot become a Rust identifier; set `rust_name`"]
    );
}

#[test]
fn file_name_must_match_action() {
    let s = Scratch::new("fname");
    s.edit("actions/ResetDtsJob.json", |v| {
        v["name"] = json!("ResetDtsJobs")
    });
    assert_eq!(
        s.errors(),
        ["actions/ResetDtsJob.json: /name: action `ResetDtsJobs` must be in `actions/ResetDtsJobs.json`"]
    );
}

#[test]
fn snake_case_collision() {
    let s = Scratch::new("collide");
    let mut at = 0;
    s.edit("actions/DeleteDtsJob.json", |v| {
        let mut p = v["request"][1].clone();
        p["name"] = json!("DTSInstanceId");
        let request = v["request"].as_array_mut().unwrap();
        at = request.len();
        request.push(p);
    });
    assert_eq!(
        s.errors(),
        [format!("actions/DeleteDtsJob.json: /request/{at}/name: `DTSInstanceId` and `DtsInstanceId` both become `dts_instance_id`")]
    );
}

#[test]
fn array_without_items_and_bad_style() {
    let s = Scratch::new("array");
    s.edit("actions/DeleteDtsJob.json", |v| {
        v["request"][1]["type"] = json!("Array");
        v["request"][3]["style"] = json!("repeat_list");
    });
    assert_eq!(
        s.errors(),
        [
            "actions/DeleteDtsJob.json: /request/1: an `Array` needs `items`",
            "actions/DeleteDtsJob.json: /request/3/style: style `RepeatList` does not apply to a parameter of type String",
        ]
    );
}

#[test]
fn bad_error_code_entries() {
    let s = Scratch::new("errors");
    s.edit("actions/DeleteDtsJob.json", |v| {
        v["errors"][1]["http_status"] = json!(42);
        v["errors"][2]["code"] = json!("Throttling.User");
    });
    assert_eq!(
        s.errors(),
        [
            "actions/DeleteDtsJob.json: /errors/1/http_status: 42 is not an HTTP status code",
            "actions/DeleteDtsJob.json: /errors/2/code: duplicate error code `Throttling.User`",
        ]
    );
}

#[test]
fn invalid_json_reports_line_and_column() {
    let s = Scratch::new("syntax");
    std::fs::write(
        s.0.join("actions/ResetDtsJob.json"),
        "{\n  \"name\": \"ResetDtsJob\",\n  oops\n}",
    )
    .unwrap();
    let errors = s.errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("actions/ResetDtsJob.json: invalid JSON at line 3 column 3"),
        "{}",
        errors[0]
    );
}

#[test]
fn empty_spec_directory() {
    let s = Scratch::new("empty");
    for f in std::fs::read_dir(s.0.join("actions")).unwrap() {
        std::fs::remove_file(f.unwrap().path()).unwrap();
    }
    assert_eq!(
        s.errors(),
        ["actions: the spec has no actions: add at least one `actions/<Action>.json`"]
    );
}

#[test]
fn missing_directory_does_not_panic() {
    let errors = load_dir(Path::new("/nonexistent/dts-spec")).unwrap_err();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors.iter().all(Diagnostic::is_error));
}

#[test]
fn enum_value_problems() {
    let s = Scratch::new("enum");
    s.edit("actions/StartSynchronizationJob.json", |v| {
        v["request"][2]["enum"] =
            json!([{"value": "Forward"}, {"value": "forward"}, {"value": "Forward"}]);
    });
    assert_eq!(
        s.errors(),
        [
            "actions/StartSynchronizationJob.json: /request/2/enum/1/value: \"forward\" and \"Forward\" both become variant `Forward`",
            "actions/StartSynchronizationJob.json: /request/2/enum/2/value: duplicate valid value \"Forward\"",
        ]
    );
}

#[test]
fn service_problems() {
    let s = Scratch::new("service");
    s.edit("service.json", |v| {
        v["style"] = json!("ROA");
        v["endpoints"]["cn-hangzhou"] = json!("not a host/");
    });
    assert_eq!(
        s.errors(),
        [
            "service.json: /style: style `ROA` is not supported, expected `RPC`",
            "service.json: /endpoints/cn-hangzhou: `not a host/` is not a host name",
        ]
    );
}

#[test]
fn all_files_are_reported_together() {
    let s = Scratch::new("many");
    for (i, f) in ["ResetDtsJob", "DeleteDtsJob", "StartSynchronizationJob"]
        .iter()
        .enumerate()
    {
        s.edit(&format!("actions/{f}.json"), |v| {
            v["response"][i]["type"] = json!("Nope")
        });
    }
    assert_eq!(s.errors().len(), 3);
}

#[test]
fn arrays_where_objects_belong_are_rejected() {
    let s = Scratch::new("arrays");
    std::fs::write(s.0.join("actions/ResetDtsJob.json"), r#"["ResetDtsJob"]"#).unwrap();
    s.edit("actions/DeleteDtsJob.json", |v| {
        v["request"][1] = json!(["DtsInstanceId", "String"]);
    });
    assert_eq!(
        s.errors(),
        [
            "actions/DeleteDtsJob.json: /request/1: expected a JSON object, found an array",
            "actions/ResetDtsJob.json: expected a JSON object, found an array",
        ]
    );
}

/// Every common parameter, not only the four the signature needs, is refused as an action
/// parameter: the client sets them all itself and would refuse a call that sets one twice.
#[test]
fn every_common_parameter_is_refused_with_its_location() {
    let s = Scratch::new("common");
    let mut first = 0;
    s.edit("actions/DeleteDtsJob.json", |v| {
        let request = v["request"].as_array_mut().unwrap();
        first = request.len();
        for name in dts_spec::names::COMMON_PARAMS {
            request.push(json!({"name": name, "type": "String"}));
        }
    });
    let want: Vec<String> = dts_spec::names::COMMON_PARAMS
        .iter()
        .enumerate()
        .map(|(i, name)| {
            format!(
                "actions/DeleteDtsJob.json: /request/{}/name: `{name}` is a common parameter the client sends itself",
                first + i
            )
        })
        .collect();
    assert_eq!(s.errors(), want);
}
