//! `emulator.json`: the bundled file is consistent with the bundled spec, and each kind of
//! mistake is a located diagnostic.

use dts_spec::emulator::{self, check, parse, EmulatorSpec};
use serde_json::{json, Value};

fn bundled_json() -> Value {
    serde_json::to_value(emulator::bundled().unwrap()).unwrap()
}

fn problems(value: Value) -> Vec<String> {
    let parsed: EmulatorSpec = match parse(&value.to_string()) {
        Ok(p) => p,
        Err(d) => return d.iter().map(ToString::to_string).collect(),
    };
    check(&parsed, dts_spec::bundled().unwrap())
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn the_bundled_declarations_check_clean() {
    assert_eq!(problems(bundled_json()), Vec::<String>::new());
}

#[test]
fn an_unknown_field_is_located() {
    let mut v = bundled_json();
    v["actions"]["StartDtsJob"]["form"] = json!(["NotStarted"]);
    let p = problems(v);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].contains("/actions/StartDtsJob"), "{p:?}");
    assert!(p[0].contains("unknown field `form`"), "{p:?}");
}

#[test]
fn an_unreachable_status_is_reported() {
    let mut v = bundled_json();
    // `Modifying` is documented, but no declared action leads there.
    v["actions"]["SuspendSynchronizationJob"]["from"] = json!(["Modifying"]);
    let p = problems(v);
    assert!(
        p.iter()
            .any(|d| d.contains("/actions/SuspendSynchronizationJob/from/0")
                && d.contains("status `Modifying` is unreachable")),
        "{p:?}"
    );
}

#[test]
fn an_undocumented_status_is_reported() {
    let mut v = bundled_json();
    v["kinds"]["migration"]["run"] = json!(["Prechecking", "Running"]);
    let p = problems(v);
    assert!(
        p.iter().any(|d| d.contains("/kinds/migration/run/1")
            && d.contains("status `Running` is not documented for `migration` jobs")),
        "{p:?}"
    );
}

#[test]
fn an_error_code_the_action_does_not_document_is_reported() {
    let mut v = bundled_json();
    v["errors"]["made_up"] = json!({"code": "OperationDenied.JobStatusModifyError",
        "http_status": 403, "message": "m"});
    v["actions"]["StartDtsJob"]["errors"] = json!({"wrong_status": "made_up"});
    let p = problems(v);
    assert!(
        p.iter().any(|d| d.contains("/actions/StartDtsJob")
            && d.contains(
                "error code `OperationDenied.JobStatusModifyError` (wrong_status) is not documented for `StartDtsJob`"
            )),
        "{p:?}"
    );
    let mut v = bundled_json();
    v["errors"]["wrong_status"]["documented_by"] = json!("StartDtsJob");
    let p = problems(v);
    assert!(
        p.iter()
            .any(|d| d.contains("/errors/wrong_status/documented_by")
                && d.contains("`StartDtsJob` does not document error code")),
        "{p:?}"
    );
}

#[test]
fn unknown_actions_parameters_fields_and_attributes_are_reported() {
    let mut v = bundled_json();
    v["actions"]["StartDtsJobz"] = json!({"op": "describe"});
    v["actions"]["StopDtsJob"]["find"][0]["param"] = json!("DtsJobID");
    v["actions"]["DescribeDtsJobDetail"]["response"]["Statu"] = json!("status");
    v["actions"]["DescribeDtsJobDetail"]["response"]["DtsJobName"] = json!("title");
    v["actions"]["StopDtsJob"]["not_enforced"] = json!(["DtsInstanceId"]);
    let p = problems(v).join("\n");
    for expected in [
        "unknown action `StartDtsJobz`",
        "`StopDtsJob` has no request parameter `DtsJobID`",
        "no response field `Statu`",
        "unknown store attribute `title`",
        "`DtsInstanceId` is not required in the spec, nothing to relax",
    ] {
        assert!(p.contains(expected), "{expected} missing from:\n{p}");
    }
}
