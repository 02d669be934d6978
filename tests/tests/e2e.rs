//! End to end: the generated client against the emulator, over real loopback HTTP.

use std::time::Duration;

use dts_client::prelude::*;
use dts_client::retry::RetryConfig;
use dts_client::types::SynchronizationDirection;
use dts_emulator::{Emulator, FaultSpec, JobStatus, RunningEmulator};

const SEED: &str = r#"{"jobs": [
  {"job_id": "onewayjob000001", "instance_id": "dtsonewayjob000001", "kind": "synchronization",
   "status": "NotStarted", "topology": "oneway", "region": "cn-hangzhou"},
  {"job_id": "twowayjob000002", "instance_id": "dtstwowayjob000002", "kind": "synchronization",
   "status": "NotStarted", "topology": "twoway", "region": "cn-hangzhou"}]}"#;
const ONEWAY: &str = "dtsonewayjob000001";
const ONEWAY_JOB: &str = "onewayjob000001";
const TWOWAY: &str = "dtstwowayjob000002";

async fn emulator(faults: FaultSpec) -> RunningEmulator {
    Emulator::builder()
        .credentials("e2e-id", "e2e-secret")
        .seed_json(SEED)
        .faults(faults)
        .start()
        .await
        .unwrap()
}

fn client(emulator: &RunningEmulator, secret: &str) -> Client {
    Client::builder()
        .endpoint_url(emulator.url())
        .credentials(Credentials::new("e2e-id", secret))
        .retry(RetryConfig::new().with_backoff(Duration::from_millis(1), Duration::from_millis(5)))
        .build()
        .unwrap()
}

fn status(emulator: &RunningEmulator, instance: &str) -> Option<JobStatus> {
    emulator
        .jobs()
        .into_iter()
        .find(|j| j.instance_id == instance)
        .map(|j| j.status)
}

#[tokio::test]
async fn all_five_actions_succeed_in_order() {
    let emu = emulator(FaultSpec::none()).await;
    let c = client(&emu, "e2e-secret");
    let out = c
        .start_synchronization_job(ONEWAY)
        .region_id("cn-hangzhou")
        .send()
        .await
        .unwrap();
    assert!(out.request_id.is_some());
    assert!(succeeded(out.raw()), "{:?}", out.raw());
    assert_eq!(status(&emu, ONEWAY), Some(JobStatus::Synchronizing));
    c.suspend_synchronization_job(ONEWAY).send().await.unwrap();
    assert_eq!(status(&emu, ONEWAY), Some(JobStatus::Suspending));
    c.reset_synchronization_job(ONEWAY).send().await.unwrap();
    assert_eq!(status(&emu, ONEWAY), Some(JobStatus::NotConfigured));
    let out = c
        .reset_dts_job()
        .dts_job_id(ONEWAY_JOB)
        .dts_instance_id(ONEWAY)
        .send()
        .await
        .unwrap();
    assert!(succeeded(out.raw()), "{:?}", out.raw());
    assert_eq!(
        out.raw()["HttpStatusCode"].to_string().trim_matches('"'),
        "200"
    );
    let out = c
        .delete_dts_job()
        .dts_job_id(ONEWAY_JOB)
        .send()
        .await
        .unwrap();
    assert!(succeeded(out.raw()), "{:?}", out.raw());
    assert_eq!(status(&emu, ONEWAY), None);
    emu.shutdown().await;
}

#[tokio::test]
async fn state_violations_are_typed_errors() {
    let emu = emulator(FaultSpec::none()).await;
    let c = client(&emu, "e2e-secret");

    let e = c
        .suspend_synchronization_job(ONEWAY)
        .send()
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("OperationDenied.JobStatusModifying"));
    assert_eq!(
        e.message(),
        "jobs state is modifying, please wait sync subtask ends"
    );
    assert!(e.request_id().is_some());
    assert!(!e.is_retryable());

    let e = c
        .start_synchronization_job(ONEWAY)
        .synchronization_direction(SynchronizationDirection::Reverse)
        .send()
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("InvalidParameter"));
    assert!(
        e.message().contains("SynchronizationDirection"),
        "{}",
        e.message()
    );

    let e = c
        .start_synchronization_job("dtsnosuchjob")
        .send()
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("InvalidParameter"));
    assert_eq!(
        e.message(),
        "The Value of Input Parameter SynchronizationJobId is not valid."
    );

    c.start_synchronization_job(ONEWAY).send().await.unwrap();
    let e = c
        .start_synchronization_job(ONEWAY)
        .send()
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("OperationDenied.JobStatusModifying"));
    assert_eq!(status(&emu, ONEWAY), Some(JobStatus::Synchronizing));
    emu.shutdown().await;
}

#[tokio::test]
async fn reverse_direction_works_on_two_way_jobs() {
    let emu = emulator(FaultSpec::none()).await;
    let c = client(&emu, "e2e-secret");
    c.start_synchronization_job(TWOWAY)
        .synchronization_direction(SynchronizationDirection::Reverse)
        .send()
        .await
        .unwrap();
    let job = emu
        .jobs()
        .into_iter()
        .find(|j| j.instance_id == TWOWAY)
        .unwrap();
    assert_eq!(job.reverse_status, Some(JobStatus::Synchronizing));
    assert_eq!(job.status, JobStatus::NotStarted);
    emu.shutdown().await;
}

#[tokio::test]
async fn wrong_secret_is_signature_does_not_match() {
    let emu = emulator(FaultSpec::none()).await;
    let e = client(&emu, "wrong-secret")
        .reset_dts_job()
        .dts_job_id(ONEWAY_JOB)
        .send()
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("SignatureDoesNotMatch"));
    assert_eq!(e.http_status(), Some(400));
    assert!(!e.to_string().contains("wrong-secret"));
    assert_eq!(status(&emu, ONEWAY), Some(JobStatus::NotStarted));
    emu.shutdown().await;
}

#[tokio::test]
async fn throttling_is_retried_to_success() {
    // Half the calls are throttled (seeded, so the run is reproducible); every call must still
    // succeed within its attempts, and some must have needed a retry.
    let emu = emulator(FaultSpec {
        throttle: 0.5,
        seed: 3,
        ..FaultSpec::none()
    })
    .await;
    let c = client(&emu, "e2e-secret");
    let mut throttled_then_ok = 0;
    for _ in 0..10 {
        let before = emu.stats().faults.throttled;
        let r = c
            .reset_dts_job()
            .dts_job_id(ONEWAY_JOB)
            .max_attempts(10)
            .send()
            .await;
        assert!(r.is_ok(), "{r:?}");
        if emu.stats().faults.throttled > before {
            throttled_then_ok += 1;
        }
    }
    assert!(
        throttled_then_ok > 0,
        "no call was throttled: {:?}",
        emu.stats()
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn exhausted_retries_end_in_a_retryable_error() {
    let emu = emulator(FaultSpec {
        unavailable: 1.0,
        ..FaultSpec::none()
    })
    .await;
    let e = client(&emu, "e2e-secret")
        .reset_dts_job()
        .dts_job_id(ONEWAY_JOB)
        .send()
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("ServiceUnavailable"));
    assert!(e.is_retryable());
    assert_eq!(e.inner().attempts(), 3);
    assert_eq!(emu.stats().requests, 3);
    emu.shutdown().await;
}

/// Actions of the catalog beyond the five seeds, through their typed methods: nested
/// responses decode, lists and flattened objects reach the emulator's required-parameter
/// check, and an action without `Success` reads as a success.
#[tokio::test]
async fn catalog_actions_are_typed_calls_the_emulator_answers() {
    let emu = emulator(FaultSpec::none()).await;
    let c = client(&emu, "e2e-secret");

    let jobs = c
        .describe_dts_jobs()
        .region("cn-hangzhou")
        .page_size(10)
        .send()
        .await
        .unwrap();
    assert!(jobs.request_id.is_some());
    assert!(succeeded(jobs.raw()), "{:?}", jobs.raw());
    let job = jobs
        .dts_job_list
        .first()
        .expect("the documented list has one sample job");
    assert!(job.dts_job_id.is_some());
    assert!(job.source_endpoint.is_some(), "nested objects decode");

    let tagged = c
        .tag_resources(
            "cn-hangzhou",
            [ONEWAY],
            [dts_client::operation::tag_resources::Tag {
                key: Some("team".into()),
                value: Some("data".into()),
            }],
        )
        .resource_type("ALIYUN::DTS::INSTANCE")
        .send()
        .await
        .unwrap();
    assert!(tagged.request_id.is_some());

    let keys = c.describe_tag_keys().send().await.unwrap();
    assert!(keys.request_id.is_some());

    // A required list left empty is refused by the service, as Alibaba's gateway refuses it.
    let err = c
        .tag_resources(
            "cn-hangzhou",
            Vec::<String>::new(),
            [dts_client::operation::tag_resources::Tag {
                key: Some("k".into()),
                ..Default::default()
            }],
        )
        .resource_type("ALIYUN::DTS::INSTANCE")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("MissingParameter"), "{err}");
    emu.shutdown().await;
}

/// An action with parameters the spec places in the form body, signed with V1 and with V3:
/// the emulator verifies each signature over query and body together.
#[tokio::test]
async fn body_parameters_are_signed_and_accepted_under_v1_and_v3() {
    let emu = emulator(FaultSpec::none()).await;
    for version in [
        dts_client::signing::SignatureVersion::V1,
        dts_client::signing::SignatureVersion::V3,
    ] {
        let c = Client::builder()
            .endpoint_url(emu.url())
            .credentials(Credentials::new("e2e-id", "e2e-secret"))
            .signature_version(version)
            .build()
            .unwrap();
        let out = c
            .modify_synchronization_object(ONEWAY, r#"[{"DBName":"db 1","AllTable":true}]"#)
            .region_id("cn-hangzhou")
            .send()
            .await
            .unwrap_or_else(|e| panic!("{version:?}: {e}"));
        assert!(out.request_id.is_some(), "{version:?}");
        // A wrong secret is refused on this path too.
        let wrong = Client::builder()
            .endpoint_url(emu.url())
            .credentials(Credentials::new("e2e-id", "not-the-secret"))
            .signature_version(version)
            .build()
            .unwrap();
        let err = wrong
            .modify_synchronization_object(ONEWAY, "[]")
            .send()
            .await
            .unwrap_err();
        assert_eq!(err.code(), Some("SignatureDoesNotMatch"), "{version:?}");
    }
    emu.shutdown().await;
}

/// Parameters the documentation calls required but the API does not enforce are setters, not
/// arguments: Terraform's alicloud provider reads an instance with `DescribeDtsJobDetail` and
/// deletes it with `DeleteDtsJob`, naming only the instance. The emulator accepts both.
#[tokio::test]
async fn documented_only_requirements_are_setters_the_emulator_does_not_enforce() {
    let emu = emulator(FaultSpec::none()).await;
    let c = client(&emu, "e2e-secret");
    let detail = c
        .describe_dts_job_detail()
        .dts_instance_id(ONEWAY)
        .send()
        .await
        .unwrap();
    assert!(detail.request_id.is_some());
    let deleted = c
        .delete_dts_job()
        .dts_instance_id(ONEWAY)
        .send()
        .await
        .unwrap();
    assert!(deleted.request_id.is_some());
    emu.shutdown().await;
}

/// Whether a kept response body says `Success: true` (as a boolean or the string `"true"`).
fn succeeded(raw: &serde_json::Value) -> bool {
    match raw.get("Success") {
        Some(serde_json::Value::Bool(b)) => *b,
        Some(serde_json::Value::String(s)) => s == "true",
        _ => false,
    }
}
