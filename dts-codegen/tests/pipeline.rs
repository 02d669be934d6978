//! The generator end to end: a new spec file becomes a new method, options select and wrap,
//! the `generate` command writes the source, and the per-action size stays small.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use dts_codegen::{generate, generate_dir, Options};

/// The bundled spec directory, `dts-spec/specs`.
const SPEC_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../dts-spec/specs");

/// A copy of the bundled spec directory, fresh for each test.
fn copy_bundled(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("dts-codegen-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("actions")).unwrap();
    let src = Path::new(SPEC_DIR);
    for f in dts_spec::spec_files(src).unwrap() {
        std::fs::copy(&f, dir.join(f.strip_prefix(src).unwrap())).unwrap();
    }
    dir
}

const NEW_ACTION: &str = r#"{
  "name": "DescribeJobTimeline",
  "summary": "Shows the events of one task.",
  "request": [
    { "name": "DtsJobId", "type": "String", "required": true, "example": "l3m1213ye7l****" },
    { "name": "WithSubJobs", "type": "Boolean" }
  ],
  "response": [
    { "name": "RequestId", "type": "String" },
    { "name": "SubDistributedJob", "type": "Array", "items": { "type": "Object", "fields": [
      { "name": "DtsJobId", "type": "String" },
      { "name": "Status", "type": "String", "enum": [ { "value": "Synchronizing" }, { "value": "Failed" } ] }
    ] } }
  ]
}"#;

#[test]
fn a_new_spec_file_becomes_a_new_method() {
    let dir = copy_bundled("new-action");
    let before = generate_dir(&dir, &Options::in_crate()).expect("the bundled copy generates");
    assert!(!before.contains("describe_job_timeline"));
    std::fs::write(dir.join("actions/DescribeJobTimeline.json"), NEW_ACTION).unwrap();
    let after = generate_dir(&dir, &Options::in_crate()).expect("the extended copy generates");
    assert!(after.contains("pub fn describe_job_timeline(\n                &self,\n                dts_job_id: impl Into<String>,"));
    assert!(after.contains("pub mod describe_job_timeline {"));
    assert!(after.contains("pub struct SubDistributedJob {"));
    assert!(after.contains("pub fn with_sub_jobs(mut self, with_sub_jobs: bool) -> Self {"));
    for existing in [
        "start_synchronization_job",
        "reset_dts_job",
        "delete_dts_job",
    ] {
        assert!(
            after.contains(&format!("pub fn {existing}(")),
            "{existing} is kept"
        );
    }
}

#[test]
fn a_broken_spec_file_is_reported_with_its_location() {
    let dir = copy_bundled("broken-action");
    let broken = NEW_ACTION.replace(r#""type": "Boolean""#, r#""type": "Bool""#);
    std::fs::write(dir.join("actions/DescribeJobTimeline.json"), broken).unwrap();
    let diags = generate_dir(&dir, &Options::in_crate()).expect_err("the spec is broken");
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].file, "actions/DescribeJobTimeline.json");
    assert_eq!(diags[0].pointer, "/request/1/type");
}

#[test]
fn options_select_actions_and_wrap_the_output() {
    let spec = dts_spec::bundled().unwrap();
    let options = Options::wrapper()
        .with_actions(["ResetDtsJob"])
        .with_module("dts_api");
    let src = generate(spec, &options);
    assert!(src.contains("pub mod dts_api {"));
    assert!(src.contains("pub struct Client {\n        inner: ::dts_client::Client,\n    }"));
    assert!(src.contains("impl ::core::convert::From<::dts_client::Client> for Client {"));
    assert!(src.contains("pub fn reset_dts_job("));
    assert!(!src.contains("start_synchronization_job"));
    assert!(
        src.contains("```ignore"),
        "examples cannot compile without the client's path"
    );
    assert!(!src.contains("impl ::dts_client::Client"));
}

#[test]
fn the_generate_command_writes_the_same_source() {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("dts-codegen-cli-out.rs");
    let status = Command::new(env!("CARGO_BIN_EXE_dts-codegen"))
        .args(["generate", SPEC_DIR, "-o"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let expected = generate(dts_spec::bundled().unwrap(), &Options::in_crate());
    assert_eq!(std::fs::read_to_string(&out).unwrap(), expected);

    let stdout = Command::new(env!("CARGO_BIN_EXE_dts-codegen"))
        .args([
            "generate",
            SPEC_DIR,
            "--target",
            "wrapper",
            "--action",
            "DeleteDtsJob",
        ])
        .output()
        .unwrap();
    assert!(stdout.status.success());
    let text = String::from_utf8(stdout.stdout).unwrap();
    assert!(text.contains("pub fn delete_dts_job(") && !text.contains("pub fn reset_dts_job("));
}

#[test]
fn the_generate_command_fails_on_a_broken_spec() {
    let dir = copy_bundled("cli-broken");
    std::fs::write(dir.join("actions/ResetDtsJob.json"), "{").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_dts-codegen"))
        .arg("generate")
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("actions/ResetDtsJob.json: invalid JSON"),
        "{stderr}"
    );
}

/// Lines of code (no blank lines, comments or docs) an action costs: its module, client method
/// included, within a budget of fixed lines plus lines per parameter and response field. Run
/// with `--nocapture` to see the figures for the bundled spec.
#[test]
fn generated_code_per_action_stays_small() {
    let lines = |action: &str| {
        let src = generate(&common::spec(&[action]), &Options::in_crate());
        module_lines(&src, "ping")
    };
    let empty = lines(r#"{ "name": "Ping" }"#);
    let optional = lines(r#"{ "name": "Ping", "request": [{ "name": "A", "type": "String" }] }"#);
    let required = lines(
        r#"{ "name": "Ping", "request": [{ "name": "A", "type": "String", "required": true }] }"#,
    );
    let field = lines(r#"{ "name": "Ping", "response": [{ "name": "A", "type": "String" }] }"#);
    println!(
        "empty action {empty}, optional parameter +{}, required +{}, response field +{}",
        optional - empty,
        required - empty,
        field - empty
    );
    assert!(
        empty <= FIXED,
        "an action without parameters generates {empty} lines"
    );
    assert!(optional - empty <= PER_OPTIONAL);
    assert!(required - empty <= PER_REQUIRED);
    assert!(field - empty <= PER_FIELD);

    let spec = dts_spec::bundled().unwrap();
    let mut over = Vec::new();
    for action in &spec.actions {
        let options = Options::in_crate().with_actions([action.name.as_str()]);
        let src = generate(spec, &options);
        let lines = module_lines(&src, &dts_spec::names::snake(&action.name));
        let budget = budget(action);
        println!("{:<44} {lines:>4} lines (budget {budget})", action.name);
        if lines > budget {
            over.push(format!("{} generates {lines} lines", action.name));
        }
    }
    assert!(over.is_empty(), "over budget: {over:#?}");
}

/// Lines an action without parameters or response fields may take.
const FIXED: usize = 50;
/// Lines an optional parameter (a setter) may add.
const PER_OPTIONAL: usize = 10;
/// Lines an optional parameter may add when its long name makes the setter wrap.
const PER_LONG_OPTIONAL: usize = 16;
/// Lines a required parameter (an argument) may add.
const PER_REQUIRED: usize = 6;
/// Lines a response field may add.
const PER_FIELD: usize = 3;
/// Lines a nested response struct may add besides its fields.
const PER_STRUCT: usize = 6;
/// Lines a paginator may add (the `Call` and `Paged` impls, `into_paginator`).
const PER_PAGINATOR: usize = 60;
/// Lines a waiter may add (its declaration and `wait_until_` method), besides the `Call` impl.
const PER_WAITER: usize = 30;

fn budget(action: &dts_spec::Action) -> usize {
    let required = action.request.iter().filter(|p| p.required).count();
    let optional = action.request.len() - required;
    let (fields, structs) = count_fields(&action.response);
    FIXED
        + PER_LONG_OPTIONAL * optional
        + PER_REQUIRED * required
        + PER_FIELD * fields
        + PER_STRUCT * structs
        + PER_PAGINATOR * usize::from(action.paginator.is_some())
        + PER_WAITER * action.waiters.len()
}

/// Response fields and nested structs, at any depth.
fn count_fields(fields: &[dts_spec::Field]) -> (usize, usize) {
    let mut total = (fields.len(), 0);
    for f in fields {
        let mut nested = f.fields.as_slice();
        let mut items = f.items.as_deref();
        while let Some(i) = items {
            nested = if i.fields.is_empty() {
                nested
            } else {
                &i.fields
            };
            items = i.items.as_deref();
        }
        if !nested.is_empty() {
            let (n, s) = count_fields(nested);
            total = (total.0 + n, total.1 + s + 1);
        }
    }
    total
}

fn module_lines(src: &str, module: &str) -> usize {
    let start = src
        .find(&format!("    pub mod {module} {{"))
        .expect("the action module");
    let end = start + src[start..].find("\n    }\n").expect("the module's end");
    common::code_lines(&src[start..end + 6])
}
