//! The generated action and the derived one, both called against the emulator: signed with
//! the client's credentials, retried, and decoded into nested response structs.

use std::path::Path;
use std::time::Duration;

use dts_client::retry::RetryConfig;
use dts_client::rt::CallOptions;
use dts_client::{Credentials, ErrorKind};
use dts_downstream::precheck::{DescribePreCheckStatus, IncompletePreCheck};
use dts_downstream::service_log;
use dts_emulator::{Emulator, FaultSpec, RunningEmulator};
use dts_spec::SourceFile;

const ID: &str = "downstream-key-id";
const SECRET: &str = "downstream-key-secret";

/// What the emulated service knows: the crate's spec (`specs/`) plus the action it declares
/// by hand (`emulator/actions/`).
fn service_spec() -> dts_spec::Spec {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![source(root, "specs", "service.json")];
    for dir in ["specs", "emulator"] {
        let actions = root.join(dir).join("actions");
        let mut names: Vec<String> = std::fs::read_dir(&actions)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        for name in names {
            files.push(source(root, dir, &format!("actions/{name}")));
        }
    }
    match dts_spec::load_sources(&files) {
        Ok(loaded) => loaded.spec,
        Err(diags) => panic!("the emulated spec does not load: {diags:?}"),
    }
}

fn source(root: &Path, dir: &str, rel: &str) -> SourceFile {
    SourceFile {
        path: rel.to_owned(),
        contents: std::fs::read_to_string(root.join(dir).join(rel)).unwrap(),
    }
}

async fn emulator(faults: FaultSpec) -> RunningEmulator {
    Emulator::builder()
        .credentials(ID, SECRET)
        .spec(service_spec())
        .faults(faults)
        .start()
        .await
        .expect("the emulator starts")
}

/// A runtime client for the crate's own spec (`service_log::SERVICE`), aimed at `emulator`.
fn runtime(emulator: &RunningEmulator, secret: &str) -> dts_client::Client {
    dts_client::ClientBuilder::new(&service_log::SERVICE)
        .endpoint_url(emulator.url())
        .credentials(Credentials::new(ID, secret))
        .retry(RetryConfig::new().with_backoff(Duration::from_millis(1), Duration::from_millis(5)))
        .build()
        .expect("the client builds")
}

fn precheck() -> DescribePreCheckStatus {
    DescribePreCheckStatus {
        dts_job_id: "i03e3zty16i****".to_owned(),
        job_code: "01".to_owned(),
        page_no: Some(1),
        page_size: None,
        region_id: Some("cn-beijing".to_owned()),
    }
}

#[tokio::test]
async fn the_generated_client_calls_the_action_of_the_crates_spec() {
    let emulator = emulator(FaultSpec::none()).await;
    let client = service_log::Client::from(runtime(&emulator, SECRET));
    let out = client
        .describe_dts_service_log("c1yr56py103****")
        .page_size(20)
        .sub_job_type(service_log::types::DescribeDtsServiceLogSubJobType::SyncWriter)
        .send()
        .await
        .expect("the call succeeds");
    assert!(out.request_id.as_deref().is_some_and(|id| !id.is_empty()));
    assert_eq!(out.total_record_count, Some(35));
    assert_eq!(out.service_log_contexts.len(), 1);
    let entry = &out.service_log_contexts[0];
    assert_eq!(entry.state.as_deref(), Some("NORMAL"));
    assert_eq!(entry.time.as_deref(), Some("2021-05-13T09:13:39.443+00:00"));
    assert_eq!(emulator.stats().applied, 1);
    emulator.shutdown().await;
}

#[tokio::test]
async fn the_derived_action_goes_through_the_same_client() {
    let emulator = emulator(FaultSpec::none()).await;
    let client = service_log::Client::from(runtime(&emulator, SECRET));
    let status = precheck()
        .send(client.inner())
        .await
        .expect("the call succeeds");
    assert!(status
        .request_id
        .as_deref()
        .is_some_and(|id| !id.is_empty()));
    assert_eq!(status.state.as_deref(), Some("Finished"));
    assert_eq!(status.total, 5);
    assert_eq!(status.error_item, Some(0));
    let item = &status.job_progress[0];
    assert_eq!(item.item.as_deref(), Some("CHECK_CONN_DEST"));
    assert_eq!((item.can_skip, item.order_num), (Some(true), Some(10)));
    assert_eq!(item.logs[0].kind.as_deref(), Some("ForeignKey"));
    assert_eq!(item.logs[0].log_level.as_deref(), Some("ERROR"));
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_derived_action_missing_a_required_parameter_is_a_service_error() {
    let emulator = emulator(FaultSpec::none()).await;
    let client = runtime(&emulator, SECRET);
    let err = IncompletePreCheck {
        job: "i03e3zty16i****",
    }
    .send(&client)
    .await
    .expect_err("JobCode is missing");
    assert_eq!(err.kind(), ErrorKind::Service);
    assert_eq!(err.code(), Some("MissingParameter"), "{err}");
    assert!(err.message().contains("JobCode"), "{err}");
    assert!(!err.is_retryable());
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_derived_action_is_signed_with_the_clients_credentials() {
    let emulator = emulator(FaultSpec::none()).await;
    let err = precheck()
        .send(&runtime(&emulator, "not-the-secret"))
        .await
        .expect_err("the signature cannot match");
    assert_eq!(err.code(), Some("SignatureDoesNotMatch"), "{err}");
    assert_eq!(emulator.stats().rejected, 1);
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_throttled_derived_action_is_retried_as_configured() {
    let faults = FaultSpec {
        throttle: 1.0,
        ..FaultSpec::none()
    };
    let emulator = emulator(faults).await;
    let options = CallOptions::new().with_max_attempts(4);
    let err = precheck()
        .send_with(&runtime(&emulator, SECRET), options)
        .await
        .expect_err("every attempt is throttled");
    assert_eq!(err.code(), Some("Throttling.User"), "{err}");
    assert_eq!(err.attempts(), 4);
    assert_eq!(emulator.stats().faults.throttled, 4);
    emulator.shutdown().await;
}

#[test]
fn derived_parameters_use_the_wire_names() {
    let params = precheck().params();
    let pairs: Vec<(&str, &str)> = params
        .pairs()
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("DtsJobId", "i03e3zty16i****"),
            ("JobCode", "01"),
            ("PageNo", "1"),
            ("RegionId", "cn-beijing"),
        ]
    );
    let op = DescribePreCheckStatus::OPERATION;
    assert_eq!(
        (op.action, op.method, op.idempotent),
        ("DescribePreCheckStatus", "POST", true)
    );
}
