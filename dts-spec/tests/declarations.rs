//! Paginator and waiter declarations: the catalog declares them where the API pages or a
//! caller waits, and `check` locates every declaration that names what the action lacks.

use std::path::{Path, PathBuf};

use dts_spec::{load_dir, Diagnostic, PaginationStyle};
use serde_json::{json, Value};

const SPEC_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/specs");

/// A scratch copy of the bundled spec directory, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("dts-spec-decl-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("actions")).unwrap();
        let src = Path::new(SPEC_DIR);
        for f in dts_spec::spec_files(src).unwrap() {
            std::fs::copy(&f, dir.join(f.strip_prefix(src).unwrap())).unwrap();
        }
        Scratch(dir)
    }

    fn edit(&self, action: &str, f: impl FnOnce(&mut Value)) {
        let path = self.0.join(format!("actions/{action}.json"));
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

/// Actions that take a page parameter but declare no paginator, each for a reason.
const NOT_PAGED: [(&str, &str); 3] = [
    (
        "DescribeGadInstances",
        "the documented response has no list",
    ),
    (
        "DescribeInitializationStatus",
        "three lists share one page number",
    ),
    (
        "DescribeMigrationJobDetail",
        "three lists share one page number",
    ),
];

#[test]
fn every_paged_action_declares_its_paginator() {
    let spec = dts_spec::bundled().unwrap();
    let mut declared = Vec::new();
    for a in &spec.actions {
        let pages = a.request.iter().any(|p| {
            matches!(
                p.name.as_str(),
                "PageNumber" | "PageNum" | "PageNo" | "NextToken"
            )
        }) || a.param("PageSize").is_some();
        let excused = NOT_PAGED.iter().any(|(n, _)| *n == a.name);
        match (&a.paginator, pages, excused) {
            (Some(_), true, false) => declared.push(a.name.as_str()),
            (None, true, true) | (None, false, false) => {}
            (p, _, _) => panic!(
                "{}: pages {pages}, excused {excused}, declares {:?}",
                a.name, p
            ),
        }
    }
    assert_eq!(declared.len(), 17, "{declared:?}");
    let tags = spec.action("ListTagResources").unwrap();
    let p = tags.paginator.as_ref().unwrap();
    assert_eq!(p.style, PaginationStyle::NextToken);
    assert_eq!(p.items, "TagResources.TagResource");
    let jobs = spec.action("DescribeDtsJobs").unwrap();
    assert_eq!(jobs.paginator.as_ref().unwrap().items, "DtsJobList");
}

#[test]
fn the_job_lifecycle_waiters_are_declared() {
    let spec = dts_spec::bundled().unwrap();
    let detail = spec.action("DescribeDtsJobDetail").unwrap();
    let names: Vec<&str> = detail.waiters.iter().map(|w| w.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "dts_job_synchronizing",
            "dts_job_suspended",
            "dts_job_precheck_passed",
            "dts_job_migrating",
            "dts_job_gone"
        ]
    );
    let sync = &detail.waiters[0];
    assert_eq!(sync.args, ["DtsJobId"]);
    assert!(sync.failure.iter().any(|s| s == "PrecheckFailed"));
    let gone = &detail.waiters[4];
    assert_eq!(
        gone.success_errors,
        ["Forbidden.InstanceNotFound", "InvalidJobId"]
    );
    for action in [
        "DescribeSynchronizationJobStatus",
        "DescribeMigrationJobStatus",
        "DescribeSubscriptionInstanceStatus",
    ] {
        assert!(!spec.action(action).unwrap().waiters.is_empty(), "{action}");
    }
}

#[test]
fn paginator_names_that_do_not_resolve_are_located() {
    let s = Scratch::new("paginator");
    s.edit("DescribeDtsJobs", |v| {
        v["paginator"] = json!({
            "style": "page_number",
            "input_token": "PageNo",
            "page_size": "Status",
            "total": "DtsJobList",
            "items": "PageNumber",
            "output_token": "RequestId"
        });
    });
    assert_eq!(
        s.errors(),
        [
            "actions/DescribeDtsJobs.json: /paginator/input_token: `PageNo` is not a request parameter of `DescribeDtsJobs`",
            "actions/DescribeDtsJobs.json: /paginator/output_token: `output_token` is only for a `next_token` paginator",
            "actions/DescribeDtsJobs.json: /paginator/total: `DtsJobList` is a Array, expected `Integer`, `Long` or `String`",
            "actions/DescribeDtsJobs.json: /paginator/items: `PageNumber` is a Integer, not an `Array`",
        ]
    );
}

#[test]
fn token_paginators_need_a_string_token_in_and_out() {
    let s = Scratch::new("token");
    s.edit("ListTagResources", |v| {
        v["paginator"] = json!({
            "style": "next_token",
            "input_token": "ResourceType",
            "items": "TagResources.Missing"
        });
    });
    s.edit("DescribeDtsJobs", |v| {
        v["paginator"] = json!({
            "style": "next_token",
            "input_token": "PageSize",
            "output_token": "TotalRecordCount",
            "items": "DtsJobList"
        });
    });
    let errors = s.errors();
    assert_eq!(
        errors,
        [
            "actions/DescribeDtsJobs.json: /paginator/input_token: `PageSize` is a Integer, expected `String`",
            "actions/DescribeDtsJobs.json: /paginator/output_token: `TotalRecordCount` is a Integer, expected `String`",
            "actions/ListTagResources.json: /paginator/input_token: `ResourceType` is required, so a paginator cannot leave it to the caller",
            "actions/ListTagResources.json: /paginator: a `next_token` paginator needs `output_token`, the response field naming the next page",
            "actions/ListTagResources.json: /paginator/items: `TagResources.Missing` is not a response field of `ListTagResources`",
        ],
        "{errors:#?}"
    );
}

#[test]
fn waiter_mistakes_are_each_located() {
    let s = Scratch::new("waiter");
    s.edit("DescribeDtsJobDetail", |v| {
        v["waiters"] = json!([
            {"name": "JobReady", "path": "SourceEndpoint", "success": ["A"]},
            {"name": "ok", "path": "Status"},
            {"name": "ok", "path": "Nope.Status", "success": ["A", "A"], "failure": ["B"]},
            {"name": "flip", "path": "Status", "success": ["A"], "failure": ["A"],
             "args": ["DtsJobId", "Missing"], "min_delay_secs": 5, "max_delay_secs": 2}
        ]);
    });
    let errors = s.errors();
    assert_eq!(
        errors,
        [
            "actions/DescribeDtsJobDetail.json: /waiters/0/name: waiter name `JobReady` is not snake_case (`dts_job_synchronizing`)",
            "actions/DescribeDtsJobDetail.json: /waiters/0/path: `SourceEndpoint` is a Object, expected a scalar field",
            "actions/DescribeDtsJobDetail.json: /waiters/1: a waiter needs `success` values or `success_errors`, or it can never succeed",
            "actions/DescribeDtsJobDetail.json: /waiters/2/name: duplicate waiter `ok`",
            "actions/DescribeDtsJobDetail.json: /waiters/2/path: `Nope.Status` is not a response field of `DescribeDtsJobDetail`",
            "actions/DescribeDtsJobDetail.json: /waiters/2/success/1: duplicate value \"A\"",
            "actions/DescribeDtsJobDetail.json: /waiters/3/args/1: `Missing` is not a request parameter of `DescribeDtsJobDetail`",
            "actions/DescribeDtsJobDetail.json: /waiters/3/failure/0: \"A\" is listed twice, with opposite outcomes",
            "actions/DescribeDtsJobDetail.json: /waiters/3/max_delay_secs: `max_delay_secs` 2 is below `min_delay_secs` 5",
        ],
        "{errors:#?}"
    );
}

#[test]
fn two_actions_cannot_declare_the_same_waiter_method() {
    let s = Scratch::new("clash");
    s.edit("DescribeSynchronizationJobStatus", |v| {
        v["waiters"][0]["name"] = json!("dts_job_synchronizing");
    });
    assert_eq!(
        s.errors(),
        ["actions/DescribeSynchronizationJobStatus.json: /waiters/0/name: method name `wait_until_dts_job_synchronizing` is also generated by `actions/DescribeDtsJobDetail.json`"]
    );
}
