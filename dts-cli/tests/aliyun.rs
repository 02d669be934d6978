//! The aliyun CLI's conventions in the `dts` binary against a live emulator: `--pager`,
//! `--waiter`, `--cli-query` before or after the action, and `--region` filling `RegionId`.
//!
//! The waits run with `interval=0`, so the binary polls without sleeping, and the test moves
//! the emulator's job clock once it has seen the binary poll: no test sleeps, and a job cannot
//! change state before the test says so.

use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant, SystemTime};

use dts_emulator::{Emulator, JobStatus, ManualClock, RunningEmulator, Timing};

struct Fixture {
    runtime: tokio::runtime::Runtime,
    emulator: Option<RunningEmulator>,
    home: std::path::PathBuf,
}

/// `n` synchronization jobs `job<from>`... in `region`, all `NotStarted`.
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
        let home = std::env::temp_dir().join(format!(
            "dts-cli-aliyun-{}-{}",
            std::process::id(),
            emulator.addr().port()
        ));
        std::fs::create_dir_all(&home).unwrap();
        Fixture {
            runtime,
            emulator: Some(emulator),
            home,
        }
    }

    fn emulator(&self) -> &RunningEmulator {
        self.emulator.as_ref().unwrap()
    }

    fn command(&self, vars: &[(&str, &str)], args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_dts"));
        cmd.env_clear()
            .env("HOME", &self.home)
            .env("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
            .env("ALIBABA_CLOUD_ACCESS_KEY_ID", "testid")
            .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "testsecret")
            .envs(vars.iter().copied())
            .arg("--endpoint")
            .arg(self.emulator().url())
            .args(args);
        cmd
    }

    fn dts(&self, args: &[&str]) -> Output {
        self.command(&[], args).output().unwrap()
    }

    fn spawn(&self, args: &[&str]) -> Child {
        self.command(&[], args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    }

    /// Waits (without sleeping) until the emulator has answered `n` more calls than
    /// `before`, or `child` has ended.
    fn until_polled(&self, child: &mut Child, before: u64, n: u64) {
        let give_up = Instant::now() + Duration::from_secs(60);
        while self.emulator().stats().requests < before + n {
            if child.try_wait().unwrap().is_some() || Instant::now() > give_up {
                return;
            }
            std::thread::yield_now();
        }
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        if let Some(e) = self.emulator.take() {
            self.runtime.block_on(e.shutdown());
        }
        let _ = std::fs::remove_dir_all(&self.home);
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn json(out: &Output) -> serde_json::Value {
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn ids(doc: &serde_json::Value) -> Vec<String> {
    doc["DtsJobList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["DtsJobId"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn pager_after_the_action_prints_all_26_jobs_of_the_region() {
    let f = Fixture::new(
        [jobs(26, "cn-hangzhou", 0), jobs(3, "cn-beijing", 26)].concat(),
        Timing::instant(),
    );
    let hangzhou: Vec<String> = (0..26).map(|i| format!("job{i}")).collect();
    let doc = json(&f.dts(&[
        "describe-dts-jobs",
        "--region",
        "cn-hangzhou",
        "--page-size",
        "10",
        "--pager",
    ]));
    assert_eq!(ids(&doc), hangzhou);
    assert_eq!(f.emulator().stats().requests, 3);

    // Before the action, with the global `--region` filling `RegionId` (jobs of other regions
    // are unknown to a call in cn-hangzhou), and PascalCase names.
    let doc = json(&f.dts(&[
        "--region",
        "cn-hangzhou",
        "--pager",
        "PageNumber=PageNumber",
        "DescribeDtsJobs",
        "--PageSize",
        "10",
    ]));
    assert_eq!(ids(&doc), hangzhou);

    // Without `--pager`: one page.
    assert_eq!(
        ids(&json(&f.dts(&["describe-dts-jobs", "--page-size", "10"]))).len(),
        10
    );
}

#[test]
fn cli_query_filters_the_output_before_or_after_the_action() {
    let f = Fixture::new(jobs(26, "cn-hangzhou", 0), Timing::instant());
    let out = f.dts(&[
        "describe-dts-jobs",
        "--pager",
        "--page-size",
        "10",
        "--cli-query",
        "length(DtsJobList)",
    ]);
    assert_eq!(json(&out), 26);
    let out = f.dts(&["--cli-query", "DtsJobList[0].DtsJobId", "describe-dts-jobs"]);
    assert_eq!(json(&out), "job0");
    let out = f.dts(&["describe-dts-jobs", "--cli-query", "DtsJobList[?"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("is not a JMESPath expression"));
}

#[test]
fn waiter_returns_once_the_started_job_synchronizes() {
    let f = Fixture::new(jobs(1, "cn-hangzhou", 0), Timing::realistic());
    json(&f.dts(&["start-dts-job", "--dts-job-id", "job0"]));
    let before = f.emulator().stats().requests;
    let mut child = f.spawn(&[
        "describe-dts-job-detail",
        "--dts-job-id",
        "job0",
        "--waiter",
        "expr=Status",
        "to=Synchronizing",
        "interval=0",
    ]);
    // The job is prechecking until the clock moves: the binary keeps polling.
    f.until_polled(&mut child, before, 3);
    assert_eq!(child.try_wait().unwrap(), None, "the waiter ended early");
    f.emulator().advance(Duration::from_secs(2));
    let out = child.wait_with_output().unwrap();
    let doc = json(&out);
    assert_eq!(doc["Status"], "Synchronizing");
    assert_eq!(f.emulator().jobs()[0].status, JobStatus::Synchronizing);
}

#[test]
fn waiter_on_a_failed_precheck_exits_1_naming_the_state() {
    let f = Fixture::new(jobs(1, "cn-hangzhou", 0), Timing::realistic());
    assert!(f.emulator().fail_next("job0", JobStatus::Prechecking));
    json(&f.dts(&["start-dts-job", "--dts-job-id", "job0"]));
    let before = f.emulator().stats().requests;
    let mut child = f.spawn(&[
        "--waiter",
        "expr=Status",
        "to=Synchronizing",
        "interval=0",
        "describe-dts-job-detail",
        "--dts-job-id",
        "job0",
    ]);
    f.until_polled(&mut child, before, 2);
    assert_eq!(child.try_wait().unwrap(), None, "the waiter ended early");
    f.emulator().advance(Duration::from_secs(1));
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "");
    assert_eq!(
        text(&out.stderr),
        "error: --waiter: `Status` is `PrecheckFailed`, from which `Synchronizing` cannot be reached\n"
    );
}

#[test]
fn waiter_timeout_exits_3() {
    let f = Fixture::new(jobs(1, "cn-hangzhou", 0), Timing::realistic());
    // A timeout of 0 s: one poll, then the time is up.
    let out = f.dts(&[
        "describe-dts-job-detail",
        "--dts-job-id",
        "job0",
        "--waiter",
        "expr=Status",
        "to=Synchronizing",
        "timeout=0",
    ]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr)
            .contains("did not become `Synchronizing` within 0s (last seen: `NotStarted`)"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(f.emulator().stats().requests, 1);
}

#[test]
fn conventions_misused_are_usage_errors_before_any_call() {
    let f = Fixture::new(jobs(1, "cn-hangzhou", 0), Timing::instant());
    for args in [
        &[
            "describe-dts-job-detail",
            "--dts-job-id",
            "job0",
            "--waiter",
            "expr=Status",
        ][..],
        &["describe-dts-job-detail", "--dts-job-id", "job0", "--pager"],
        &[
            "describe-dts-jobs",
            "--pager",
            "--waiter",
            "expr=Status",
            "to=x",
        ],
        &["describe-dts-jobs", "--pager", "Size=10"],
        &["mcp", "--pager"],
    ] {
        let out = f.dts(args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
    assert_eq!(f.emulator().stats().requests, 0);
}

#[test]
fn region_fills_region_id_from_the_flag_the_environment_or_the_profile() {
    let f = Fixture::new(Vec::new(), Timing::instant());
    std::fs::create_dir_all(f.home.join(".aliyun")).unwrap();
    std::fs::write(
        f.home.join(".aliyun/config.json"),
        r#"{"current": "p", "profiles": [{"name": "p", "mode": "AK", "access_key_id": "testid",
            "access_key_secret": "testsecret", "region_id": "cn-shenzhen"}]}"#,
    )
    .unwrap();
    let sent = |vars: &[(&str, &str)], args: &[&str]| {
        let mut all = vec!["--dry-run"];
        all.extend_from_slice(args);
        let out = f.command(vars, &all).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    let detail = ["describe-dts-job-detail", "--dts-job-id", "job0"];
    let line = sent(&[], &[&["--region", "cn-hangzhou"][..], &detail].concat());
    assert!(line.contains("&RegionId=cn-hangzhou&"), "{line}");
    let line = sent(&[("ALIBABA_CLOUD_REGION_ID", "cn-beijing")], &detail);
    assert!(line.contains("&RegionId=cn-beijing&"), "{line}");
    let line = sent(&[], &detail);
    assert!(line.contains("&RegionId=cn-shenzhen&"), "{line}");
    // The user's own RegionId wins.
    let line = sent(
        &[],
        &[
            &["--region", "cn-hangzhou"][..],
            &detail,
            &["--region-id", "cn-qingdao"],
        ]
        .concat(),
    );
    assert!(line.contains("&RegionId=cn-qingdao&"), "{line}");
    assert!(!line.contains("cn-hangzhou"), "{line}");
    // After the action, as aliyun CLI users type it; where the action has a `Region`
    // parameter (DescribeDtsJobs' filter), `--region` is that parameter.
    let line = sent(&[], &[&detail[..], &["--region", "cn-hangzhou"]].concat());
    assert!(line.contains("&RegionId=cn-hangzhou&"), "{line}");
    let line = sent(&[], &["describe-dts-jobs", "--region", "cn-hangzhou"]);
    assert!(line.contains("&Region=cn-hangzhou&"), "{line}");
    assert!(line.contains("&RegionId=cn-shenzhen&"), "{line}");
    // An action without a region parameter gets none.
    let line = sent(&[], &["--region", "cn-hangzhou", "describe-check-jobs"]);
    assert!(!line.contains("Region"), "{line}");
}

#[test]
fn help_lists_the_conventions_and_their_exit_codes() {
    let f = Fixture::new(Vec::new(), Timing::instant());
    let out = f.dts(&["describe-dts-jobs", "--help"]);
    let help = text(&out.stdout);
    for flag in ["--pager", "--waiter", "--cli-query"] {
        assert!(help.contains(flag), "{flag} missing from {help}");
    }
    let help = text(&f.dts(&["--help"]).stdout);
    assert!(help.contains("one that times out exits 3"), "{help}");
}
