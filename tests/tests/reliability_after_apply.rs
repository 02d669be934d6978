//! Faults that strike after the emulator applied the call (`drop_after`, `fail_after`): the
//! client must not retry a non-idempotent call into a second apply, and must say the outcome
//! is unknown; an idempotent call is still retried.

use std::time::Duration;

use dts_client::prelude::*;
use dts_client::retry::RetryConfig;
use dts_client::{ActionError, ErrorKind};
use dts_emulator::{Emulator, FaultSpec, JobStatus, RunningEmulator};

const ID: &str = "after-apply-id";
const SECRET: &str = "after-apply-secret";

fn instance(i: usize) -> String {
    format!("dtsafter{i:07}")
}

async fn emulator(jobs: usize, faults: &str) -> RunningEmulator {
    let seed: Vec<String> = (0..jobs)
        .map(|i| {
            format!(
                r#"{{"job_id": "after{i:07}", "instance_id": "{}", "kind": "synchronization",
                "status": "NotStarted", "topology": "oneway", "region": "cn-hangzhou"}}"#,
                instance(i)
            )
        })
        .collect();
    Emulator::builder()
        .credentials(ID, SECRET)
        .seed_json(&format!(r#"{{"jobs": [{}]}}"#, seed.join(",")))
        .faults(faults.parse::<FaultSpec>().unwrap())
        .start()
        .await
        .unwrap()
}

fn client(emu: &RunningEmulator) -> Client {
    Client::builder()
        .endpoint_url(emu.url())
        .credentials(Credentials::new(ID, SECRET))
        .retry(
            RetryConfig::new()
                .with_max_attempts(3)
                .with_backoff(Duration::from_micros(100), Duration::from_millis(1)),
        )
        .build()
        .unwrap()
}

#[tokio::test]
async fn an_applied_call_whose_answer_is_lost_is_not_retried_and_is_reported_unknown() {
    for (faults, kind) in [
        ("drop_after=1", ErrorKind::Transport),
        ("fail_after=1", ErrorKind::Service),
    ] {
        let emu = emulator(1, faults).await;
        let e = client(&emu)
            .start_synchronization_job(instance(0))
            .send()
            .await
            .unwrap_err();
        assert_eq!(e.inner().kind(), kind, "{faults}: {e}");
        assert!(e.is_outcome_unknown(), "{faults}: {e}");
        assert!(!e.is_retryable(), "{faults}: {e}");
        assert_eq!(e.inner().attempts(), 1, "{faults}: {e}");
        assert!(e.to_string().contains("outcome unknown"), "{faults}: {e}");
        let stats = emu.stats();
        assert_eq!((stats.requests, stats.applied), (1, 1), "{faults}");
        assert_eq!(emu.jobs()[0].status, JobStatus::Synchronizing, "{faults}");
    }
}

#[tokio::test]
async fn an_idempotent_call_is_still_retried() {
    let emu = emulator(1, "fail_after=1").await;
    let e = client(&emu).describe_dts_jobs().send().await.unwrap_err();
    assert_eq!(e.code(), Some("InternalError"));
    assert!(e.is_outcome_unknown() && e.is_retryable());
    assert_eq!(e.inner().attempts(), 3);
    assert!(!e.to_string().contains("outcome unknown"), "{e}");
    assert_eq!(emu.stats().requests, 3);
}

/// Under a mix of faults, each job is started once: whatever the client saw, no job was
/// started twice (a second start would be refused by the state rules and counted as denied).
#[tokio::test]
async fn no_job_is_started_twice_under_faults_after_apply() {
    const JOBS: usize = 60;
    let emu = emulator(
        JOBS,
        "drop_after=0.25,fail_after=0.25,unavailable=0.2,seed=11",
    )
    .await;
    let c = client(&emu);
    let mut unknown = 0;
    let mut failed_before = 0;
    for i in 0..JOBS {
        match c.start_synchronization_job(instance(i)).send().await {
            Ok(_) => {}
            Err(e) if e.is_outcome_unknown() => unknown += 1,
            Err(e) => {
                assert_eq!(e.code(), Some("ServiceUnavailable"), "{e}");
                failed_before += 1;
            }
        }
    }
    let stats = emu.stats();
    assert_eq!(stats.denied, 0, "a start was applied twice: {stats:?}");
    assert!(unknown > 0, "the faults struck: {stats:?}");
    let started = emu
        .jobs()
        .iter()
        .filter(|j| j.status == JobStatus::Synchronizing)
        .count();
    assert_eq!(started + failed_before, JOBS, "{stats:?}");
}
