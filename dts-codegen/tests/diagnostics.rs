//! What the generator reports instead of generating: every problem, located, and never a
//! panic. `generate` turns them into `compile_error!`s; `try_generate` returns them.

mod common;

use common::spec;
use dts_codegen::{generate, try_generate, Options};

fn problems(actions: &[&str], options: &Options) -> Vec<String> {
    match try_generate(&spec(actions), options) {
        Ok(_) => panic!("expected diagnostics"),
        Err(diags) => diags.iter().map(ToString::to_string).collect(),
    }
}

const PING: &str = r#"{ "name": "Ping" }"#;

#[test]
fn a_parameter_shadowing_a_builder_method_is_reported() {
    let action = r#"{ "name": "Wait", "request": [
        { "name": "Timeout", "type": "Integer" },
        { "name": "Send", "type": "Boolean", "required": true }
    ] }"#;
    assert_eq!(
        problems(&[action], &Options::in_crate()),
        [
            "actions/Wait.json: /request/0/name: parameter `Timeout` becomes setter `timeout`, \
          which the request builder already has; set `rust_name`"
        ]
    );
    let renamed = action.replace(
        r#""name": "Timeout","#,
        r#""name": "Timeout", "rust_name": "wait_timeout","#,
    );
    assert!(try_generate(&spec(&[&renamed]), &Options::in_crate()).is_ok());
}

#[test]
fn error_codes_becoming_the_same_variant_are_reported() {
    let action = r#"{ "name": "Stop", "errors": [
        { "code": "Job.NotFound", "http_status": 404 },
        { "code": "JobNotFound", "http_status": 404 }
    ] }"#;
    assert_eq!(
        problems(&[action], &Options::in_crate()),
        [
            "actions/Stop.json: /errors/1/code: error code `JobNotFound` becomes variant \
          `JobNotFound` of `StopError`, which another code already has"
        ]
    );
    let mut spec = spec(&[PING]);
    let mut clash = spec.service.common_errors[0].clone();
    clash.code = "ThrottlingUser".into();
    spec.service.common_errors.push(clash);
    let diags = try_generate(&spec, &Options::in_crate()).expect_err("two codes clash");
    let messages: Vec<String> = diags.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "service.json: /common_errors/2/code: error code `ThrottlingUser` becomes variant \
          `ThrottlingUser` of `CommonError`, which another code already has"
        ]
    );
}

#[test]
fn bad_options_are_all_reported_together() {
    let options = Options::in_crate()
        .with_runtime("not a path")
        .with_module("Bad-Name")
        .with_actions(["Ping", "Nope"]);
    assert_eq!(
        problems(&[PING], &options),
        [
            "options: /runtime: runtime path `not a path` is not a Rust path",
            "options: /module: module name `Bad-Name` is not a snake_case Rust identifier",
            "options: /actions/1: unknown action `Nope` in the action filter",
        ]
    );
}

#[test]
fn the_wrapper_keeps_its_inner_method() {
    let inner = r#"{ "name": "Inner" }"#;
    assert_eq!(
        problems(&[inner], &Options::wrapper()),
        [
            "actions/Inner.json: /name: action `Inner` gives method `inner`, which the wrapping \
          client already has"
        ]
    );
    assert!(try_generate(&spec(&[inner]), &Options::in_crate()).is_ok());
}

#[test]
fn generate_turns_problems_into_compile_errors() {
    let source = generate(&spec(&[PING]), &Options::in_crate().with_actions(["Nope"]));
    assert!(source.starts_with(dts_codegen::HEADER));
    assert!(source.contains("::core::compile_error!(\n"));
    assert!(source.contains(r#""options: /actions/0: unknown action `Nope` in the action filter""#));
    assert!(!source.contains("pub mod operation"));
}

#[test]
fn an_unvalidated_spec_is_reported_not_a_panic() {
    let mut spec = spec(&[PING]);
    spec.actions[0].name = "ping me".into();
    spec.actions.push(dts_spec::Action {
        name: "Odd".into(),
        ..spec.actions[0].clone()
    });
    spec.actions[1]
        .request
        .push(serde_json::from_str(r#"{ "name": "9Lives", "type": "String" }"#).unwrap());
    spec.actions[1]
        .response
        .push(serde_json::from_str(r#"{ "name": "List", "type": "Array" }"#).unwrap());
    let diags = try_generate(&spec, &Options::in_crate()).expect_err("the spec is broken");
    let messages: Vec<String> = diags.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "actions/Odd.json: /request/0/name: `9Lives` cannot become a Rust identifier; set `rust_name`",
            "actions/Odd.json: /response/0: an `Array` needs `items`",
            "actions/ping me.json: /name: action name `ping me` is not PascalCase ASCII",
        ]
    );
}

#[test]
fn a_response_field_named_like_the_kept_body_is_reported() {
    let action = r#"{ "name": "Peek", "response": [
        { "name": "RequestId", "type": "String" },
        { "name": "Raw", "type": "String" }
    ] }"#;
    assert_eq!(
        problems(&[action], &Options::in_crate()),
        [
            "actions/Peek.json: /response/1/name: response field `Raw` becomes `raw`, which the \
          output keeps the body it was read from in; set `rust_name`"
        ]
    );
    let renamed = action.replace(
        r#""name": "Raw","#,
        r#""name": "Raw", "rust_name": "raw_text","#,
    );
    assert!(try_generate(&spec(&[&renamed]), &Options::in_crate()).is_ok());
}

#[test]
fn outputs_leave_the_envelope_to_the_runtime() {
    let action = r#"{ "name": "Peek", "response": [
        { "name": "RequestId", "type": "String" },
        { "name": "Success", "type": "Boolean" },
        { "name": "ErrCode", "type": "String" },
        { "name": "Code", "type": "String" },
        { "name": "Job", "type": "Object", "fields": [
            { "name": "Success", "type": "Boolean" }
        ] }
    ] }"#;
    let code = try_generate(&spec(&[action]), &Options::in_crate())
        .expect("generates")
        .to_string();
    let output = &code[code.find("pub struct PeekOutput").expect("the output")..];
    let output = &output[..output.find('}').expect("its end")];
    assert!(output.contains("pub request_id"), "{output}");
    assert!(output.contains("pub code"), "`Code` is data: {output}");
    assert!(!output.contains("pub success"), "{output}");
    assert!(!output.contains("pub err_code"), "{output}");
    let job = &code[code.find("pub struct Job").expect("the nested struct")..];
    assert!(
        job[..job.find('}').expect("its end")].contains("pub success"),
        "{job}"
    );
}
