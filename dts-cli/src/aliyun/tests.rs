//! The conventions against an in-process emulator whose job clock the waiter's pace steps:
//! no real sleeps, every poll a real signed call.

use std::time::{Duration, SystemTime};

use dts_client::catalog::{PaginationStyle, PaginatorInfo, WaiterInfo};
use dts_client::rt::{CallOptions, Params};
use dts_client::{Client, Credentials, Error};
use dts_emulator::{Emulator, JobStatus, ManualClock, RunningEmulator, Timing};
use dts_spec::{Action, Field, PaginationStyle as SpecStyle, Paginator, Type, Waiter};
use serde_json::Value;

use super::args::{PagerArgs, WaiterArgs};
use super::waiter::Pace;
use super::{execute, facts, Conventions, Facts, Failure};

struct Fixture {
    runtime: tokio::runtime::Runtime,
    emulator: Option<RunningEmulator>,
    client: Client,
}

/// `n` synchronization jobs `job0`... in `region`, all `NotStarted`.
fn jobs(n: usize, region: &str, from: usize) -> Vec<String> {
    (from..from + n)
        .map(|i| {
            format!(
                r#"{{"job_id": "job{i}", "instance_id": "dtsjob{i}", "kind": "synchronization",
                    "status": "NotStarted", "topology": "oneway", "region": "{region}"}}"#
            )
        })
        .collect()
}

impl Fixture {
    fn new(jobs: Vec<String>, timing: Timing) -> Fixture {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let seed = format!(r#"{{"jobs": [{}]}}"#, jobs.join(","));
        let emulator = runtime
            .block_on(
                Emulator::builder()
                    .credentials("testid", "testsecret")
                    .seed_json(&seed)
                    .timing(timing)
                    // Frozen: a job's phases pass only when the test advances the clock.
                    .clock(ManualClock::new(SystemTime::now()))
                    .start(),
            )
            .unwrap();
        let client = Client::builder()
            .endpoint_url(emulator.url())
            .credentials(Credentials::new("testid", "testsecret"))
            .max_attempts(1)
            .build()
            .unwrap();
        Fixture {
            runtime,
            emulator: Some(emulator),
            client,
        }
    }

    fn emulator(&self) -> &RunningEmulator {
        self.emulator.as_ref().unwrap()
    }

    /// Runs `action` (from the bundled spec unless given) as `conv` asks.
    fn execute(
        &self,
        action: &'static Action,
        conv: &Conventions,
        params: &[(&str, &str)],
    ) -> Result<Value, Failure> {
        let params: Params = params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let op = operation(action);
        let mut pace = Stepped {
            emulator: self.emulator(),
            elapsed: Duration::ZERO,
        };
        execute(conv, &spec_facts(action), &params, &mut pace, |p| {
            self.runtime
                .block_on(self.client.invoke(op, p, CallOptions::default()))
        })
    }

    fn call(&self, action: &str, params: &[(&str, &str)]) -> Result<Value, Error> {
        let conv = Conventions::default();
        match self.execute(bundled(action), &conv, params) {
            Ok(v) => Ok(v),
            Err(Failure::Call(e)) => Err(e),
            Err(Failure::Exit(_, m)) => panic!("{m}"),
        }
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        if let Some(e) = self.emulator.take() {
            self.runtime.block_on(e.shutdown());
        }
    }
}

/// Time that passes only when the waiter sleeps, stepping the emulator's job clock with it.
struct Stepped<'e> {
    emulator: &'e RunningEmulator,
    elapsed: Duration,
}

impl Pace for Stepped<'_> {
    fn elapsed(&self) -> Duration {
        self.elapsed
    }

    fn sleep(&mut self, d: Duration) {
        self.elapsed += d;
        self.emulator.advance(d);
    }
}

fn bundled(name: &str) -> &'static Action {
    dts_spec::bundled()
        .unwrap()
        .actions
        .iter()
        .find(|a| a.name == name)
        .unwrap()
}

/// The operation the table of operations holds for `action`.
fn operation(action: &Action) -> &'static dts_client::rt::Operation {
    dts_client::CATALOG
        .iter()
        .find(|a| a.name() == action.name)
        .unwrap()
        .operation
}

/// The facts a table entry generated from `action` would give, plus the response's arrays
/// (which the table does not describe).
fn spec_facts(action: &Action) -> Facts {
    fn s(v: &str) -> &'static str {
        Box::leak(v.to_owned().into_boxed_str())
    }
    fn list(v: &[String]) -> &'static [&'static str] {
        Box::leak(
            v.iter()
                .map(|x| s(x))
                .collect::<Vec<_>>()
                .into_boxed_slice(),
        )
    }
    Facts {
        params: action.request.iter().map(|p| p.name.clone()).collect(),
        paginator: action.paginator.as_ref().map(|p| PaginatorInfo {
            style: match p.style {
                SpecStyle::PageNumber => PaginationStyle::PageNumber,
                SpecStyle::NextToken => PaginationStyle::NextToken,
            },
            input_token: s(&p.input_token),
            output_token: p.output_token.as_deref().map(s),
            page_size: p.page_size.as_deref().map(s),
            total: p.total.as_deref().map(s),
            items: s(&p.items),
        }),
        waiters: action
            .waiters
            .iter()
            .map(|w| WaiterInfo {
                name: s(&w.name),
                path: s(&w.path),
                success: list(&w.success),
                failure: list(&w.failure),
                success_errors: list(&w.success_errors),
                retry_errors: list(&w.retry_errors),
                min_delay_secs: w.min_delay(),
                max_delay_secs: w.max_delay(),
                max_wait_secs: w.max_wait(),
            })
            .collect(),
        arrays: arrays(&action.response),
    }
}

/// Dotted paths of the response's arrays: top-level arrays and arrays one object down.
fn arrays(fields: &[Field]) -> Vec<String> {
    let mut out = Vec::new();
    for f in fields {
        match f.ty {
            Type::Array => out.push(f.name.clone()),
            Type::Object => out.extend(
                f.fields
                    .iter()
                    .filter(|inner| inner.ty == Type::Array)
                    .map(|inner| format!("{}.{}", f.name, inner.name)),
            ),
            _ => {}
        }
    }
    out
}

#[test]
fn the_table_of_operations_gives_the_facts_the_spec_declares() {
    let spec = dts_spec::bundled().unwrap();
    assert_eq!(dts_client::CATALOG.len(), spec.actions.len());
    let mut paged = 0;
    for info in dts_client::CATALOG {
        let action = bundled(info.name());
        let (got, want) = (facts::of(info), spec_facts(action));
        assert_eq!(got.params, want.params, "{}", action.name);
        assert_eq!(got.paginator, want.paginator, "{}", action.name);
        assert_eq!(got.waiters, want.waiters, "{}", action.name);
        paged += usize::from(got.paginator.is_some());
    }
    assert!(paged >= 17, "only {paged} actions page");
}

/// A copy of a bundled action with other declarations, as a spec entry could carry them.
fn declared(name: &str, edit: impl FnOnce(&mut Action)) -> &'static Action {
    let mut action = bundled(name).clone();
    edit(&mut action);
    Box::leak(Box::new(action))
}

fn pager() -> Conventions {
    Conventions {
        pager: Some(PagerArgs::default()),
        ..Conventions::default()
    }
}

fn waiter(to: &str, timeout: f64, interval: f64) -> Conventions {
    Conventions {
        waiter: Some(WaiterArgs {
            expr: "Status".into(),
            to: to.into(),
            timeout: Some(timeout),
            interval: Some(interval),
        }),
        ..Conventions::default()
    }
}

fn ids(doc: &Value) -> Vec<String> {
    doc["DtsJobList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["DtsJobId"].as_str().unwrap().to_owned())
        .collect()
}

fn exit(r: Result<Value, Failure>) -> (u8, String) {
    match r {
        Err(Failure::Exit(code, m)) => (code, m),
        Err(Failure::Call(e)) => panic!("call error {e}"),
        Ok(v) => panic!("success {v}"),
    }
}

#[test]
fn pager_detects_page_number_paging_and_merges_every_page() {
    let mut seed = jobs(26, "cn-hangzhou", 0);
    seed.extend(jobs(3, "cn-beijing", 26));
    let f = Fixture::new(seed, Timing::instant());
    // No declaration: the paging parameters and the items array are detected.
    let action = declared("DescribeDtsJobs", |a| a.paginator = None);
    let params = [("RegionId", "cn-hangzhou"), ("PageSize", "10")];
    let doc = f.execute(action, &pager(), &params).unwrap();
    let expected: Vec<String> = (0..26).map(|i| format!("job{i}")).collect();
    assert_eq!(ids(&doc), expected);
    // The first page's document: its other fields stay.
    assert_eq!(doc["PageNumber"], 1);
    assert_eq!(doc["TotalRecordCount"], 26);
    // 10 + 10 + 6: the short third page ends the listing.
    assert_eq!(f.emulator().stats().requests, 3);
}

#[test]
fn pager_follows_a_spec_declaration_and_the_service_default_page_size() {
    let f = Fixture::new(jobs(45, "cn-hangzhou", 0), Timing::instant());
    let action = declared("DescribeDtsJobs", |a| {
        a.paginator = Some(Paginator {
            style: SpecStyle::PageNumber,
            input_token: "PageNumber".into(),
            output_token: None,
            page_size: Some("PageSize".into()),
            total: Some("TotalRecordCount".into()),
            items: "DtsJobList".into(),
        });
    });
    let doc = f.execute(action, &pager(), &[]).unwrap();
    assert_eq!(ids(&doc).len(), 45);
    // The emulator's default page holds 20: 20 + 20 + 5.
    assert_eq!(f.emulator().stats().requests, 3);

    // Starting at a page the user gave: pages 2 and 3 only.
    let doc = f
        .execute(action, &pager(), &[("PageNumber", "2"), ("PageSize", "20")])
        .unwrap();
    assert_eq!(ids(&doc).first().map(String::as_str), Some("job20"));
    assert_eq!(ids(&doc).len(), 25);
}

#[test]
fn pager_total_ends_a_listing_whose_last_page_is_full() {
    let f = Fixture::new(jobs(20, "cn-hangzhou", 0), Timing::instant());
    let doc = f
        .execute(bundled("DescribeDtsJobs"), &pager(), &[("PageSize", "10")])
        .unwrap();
    assert_eq!(ids(&doc).len(), 20);
    // Two full pages, then the total says there is no third.
    assert_eq!(f.emulator().stats().requests, 2);
}

#[test]
fn pager_refuses_an_action_that_does_not_page() {
    let f = Fixture::new(jobs(1, "cn-hangzhou", 0), Timing::instant());
    let (code, m) = exit(f.execute(
        bundled("DescribeDtsJobDetail"),
        &pager(),
        &[("DtsJobId", "job0")],
    ));
    assert_eq!(code, 2);
    assert!(m.contains("neither `PageNumber` nor `NextToken`"), "{m}");
    assert_eq!(f.emulator().stats().requests, 0);
}

#[test]
fn waiter_returns_once_the_started_job_synchronizes() {
    let f = Fixture::new(jobs(1, "cn-hangzhou", 0), Timing::realistic());
    f.call("StartDtsJob", &[("DtsJobId", "job0")]).unwrap();
    let before = f.emulator().stats().requests;
    let doc = f
        .execute(
            bundled("DescribeDtsJobDetail"),
            &waiter("Synchronizing", 60.0, 1.0),
            &[("DtsJobId", "job0")],
        )
        .unwrap();
    assert_eq!(doc["Status"], "Synchronizing");
    // Prechecking at 0 s, Initializing at 1 s, Synchronizing at 2 s: three polls.
    assert_eq!(f.emulator().stats().requests - before, 3);
    assert_eq!(f.emulator().jobs()[0].status, JobStatus::Synchronizing);
}

#[test]
fn waiter_names_the_failed_precheck_and_exits_1() {
    let f = Fixture::new(jobs(1, "cn-hangzhou", 0), Timing::realistic());
    assert!(f.emulator().fail_next("job0", JobStatus::Prechecking));
    f.call("StartDtsJob", &[("DtsJobId", "job0")]).unwrap();
    let (code, m) = exit(f.execute(
        bundled("DescribeDtsJobDetail"),
        &waiter("Synchronizing", 60.0, 1.0),
        &[("DtsJobId", "job0")],
    ));
    assert_eq!(code, 1);
    assert_eq!(
        m,
        "--waiter: `Status` is `PrecheckFailed`, from which `Synchronizing` cannot be reached"
    );
}

#[test]
fn waiter_times_out_with_exit_3_after_the_polls_its_interval_allows() {
    let f = Fixture::new(jobs(1, "cn-hangzhou", 0), Timing::realistic());
    let (code, m) = exit(f.execute(
        bundled("DescribeDtsJobDetail"),
        &waiter("Synchronizing", 10.0, 3.0),
        &[("DtsJobId", "job0")],
    ));
    assert_eq!(code, 3);
    assert!(
        m.contains("did not become `Synchronizing` within 10s (last seen: `NotStarted`)"),
        "{m}"
    );
    // Polls at 0, 3, 6, 9 and 10 s.
    assert_eq!(f.emulator().stats().requests, 5);
}

#[test]
fn waiter_follows_the_spec_declaration_failure_states_and_retry_errors() {
    let f = Fixture::new(jobs(1, "cn-hangzhou", 0), Timing::realistic());
    let action = declared("DescribeDtsJobDetail", |a| {
        a.waiters = vec![Waiter {
            name: "dts_job_finished".into(),
            args: vec![],
            path: "Status".into(),
            success: vec!["Finished".into()],
            failure: vec!["Synchronizing".into()],
            success_errors: vec![],
            retry_errors: vec!["InvalidJobId".into()],
            min_delay_secs: Some(2),
            max_delay_secs: None,
            max_wait_secs: Some(6),
        }];
    });
    f.call("StartDtsJob", &[("DtsJobId", "job0")]).unwrap();
    let conv = Conventions {
        waiter: Some(WaiterArgs {
            expr: "Status".into(),
            to: "Finished".into(),
            ..WaiterArgs::default()
        }),
        ..Conventions::default()
    };
    let (code, m) = exit(f.execute(action, &conv, &[("DtsJobId", "job0")]));
    assert_eq!((code, m.contains("is `Synchronizing`")), (1, true), "{m}");

    // An unknown job answers `InvalidJobId`, which the declaration polls through until its
    // maximum wait (6 s, polls every 2 s: at 0, 2, 4 and 6 s).
    let before = f.emulator().stats().requests;
    let (code, _) = exit(f.execute(action, &conv, &[("DtsJobId", "nojob")]));
    assert_eq!(code, 3);
    assert_eq!(f.emulator().stats().requests - before, 4);
    // Without the declaration the same error ends the wait at once.
    let r = f.execute(
        bundled("DescribeDtsJobDetail"),
        &conv,
        &[("DtsJobId", "nojob")],
    );
    assert!(matches!(r, Err(Failure::Call(e)) if e.code() == Some("InvalidJobId")));
}

#[test]
fn cli_query_filters_the_merged_document() {
    let f = Fixture::new(jobs(12, "cn-hangzhou", 0), Timing::instant());
    f.call("StartDtsJob", &[("DtsJobId", "job3")]).unwrap();
    let conv = Conventions {
        query: Some("DtsJobList[?Status=='Synchronizing'].DtsJobId".into()),
        ..pager()
    };
    let doc = f
        .execute(bundled("DescribeDtsJobs"), &conv, &[("PageSize", "5")])
        .unwrap();
    assert_eq!(doc, serde_json::json!(["job3"]));
}

#[test]
fn region_fills_region_id_the_emulator_then_filters_by() {
    let f = Fixture::new(
        [jobs(2, "cn-hangzhou", 0), jobs(1, "cn-beijing", 2)].concat(),
        Timing::instant(),
    );
    let action = bundled("DescribeDtsJobs");
    let facts: Facts = spec_facts(action);
    let params: Params = [("PageSize".to_owned(), "10".to_owned())]
        .into_iter()
        .collect();
    let params = super::with_region(&facts, params, Some("cn-beijing"));
    assert_eq!(
        params.pairs(),
        [
            ("PageSize".to_owned(), "10".to_owned()),
            ("RegionId".to_owned(), "cn-beijing".to_owned())
        ]
    );
    let doc = f
        .runtime
        .block_on(
            f.client
                .invoke(operation(action), params, CallOptions::default()),
        )
        .unwrap();
    assert_eq!(ids(&doc), ["job2"]);
}

#[test]
fn pager_follows_next_tokens_through_list_tag_resources() {
    let tagged: Vec<String> = jobs(25, "cn-hangzhou", 0)
        .into_iter()
        .map(|j| j.replace('}', r#", "tags": {"env": "prod", "team": "data"}}"#))
        .collect();
    let f = Fixture::new(tagged, Timing::instant());
    let action = declared("ListTagResources", |a| a.paginator = None);
    let plan = super::pager::plan(&PagerArgs::default(), &spec_facts(action)).unwrap();
    assert_eq!(
        (plan.style, plan.input.as_str()),
        (PaginationStyle::NextToken, "NextToken")
    );
    let doc = f
        .execute(
            action,
            &pager(),
            &[
                ("RegionId", "cn-hangzhou"),
                ("ResourceType", "ALIYUN::DTS::INSTANCE"),
            ],
        )
        .unwrap();
    let tags = doc["TagResources"]["TagResource"].as_array().unwrap();
    assert_eq!(tags.len(), 50);
    assert_eq!(tags[49]["ResourceId"], "dtsjob24");
    // Pages of 20: tokens `20`, `40`, then none.
    assert_eq!(f.emulator().stats().requests, 3);
}
