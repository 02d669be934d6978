//! Signature V3 end to end: the client signing `ACS3-HMAC-SHA256` against the emulator's V3
//! verifier, over real loopback HTTP.

mod reliability_support;

use dts_client::prelude::*;
use dts_client::rt::{CallOptions, Params};
use dts_client::signing::SignatureVersion;
use dts_emulator::{FaultSpec, JobStatus};

use reliability_support::{client, emulator, instance, ID, SECRET};

fn v3_client(emu: &dts_emulator::RunningEmulator, creds: Credentials) -> Client {
    Client::builder()
        .endpoint_url(emu.url())
        .credentials(creds)
        .signature_version(SignatureVersion::V3)
        .build()
        .unwrap()
}

fn status(emu: &dts_emulator::RunningEmulator, id: &str) -> Option<JobStatus> {
    emu.jobs()
        .into_iter()
        .find(|j| j.instance_id == id)
        .map(|j| j.status)
}

#[tokio::test]
async fn all_five_actions_succeed_with_signature_v3() {
    let emu = emulator(1, FaultSpec::none()).await;
    let c = client(&emu, SignatureVersion::V3, 1);
    let id = instance(0);
    let out = c
        .start_synchronization_job(&id)
        .region_id("cn-hangzhou")
        .send()
        .await
        .unwrap();
    assert!(succeeded(out.raw()), "{:?}", out.raw());
    assert_eq!(status(&emu, &id), Some(JobStatus::Synchronizing));
    c.suspend_synchronization_job(&id).send().await.unwrap();
    assert_eq!(status(&emu, &id), Some(JobStatus::Suspending));
    c.reset_synchronization_job(&id).send().await.unwrap();
    assert_eq!(status(&emu, &id), Some(JobStatus::NotConfigured));
    c.reset_dts_job()
        .dts_job_id("rel000000")
        .dts_instance_id(&id)
        .send()
        .await
        .unwrap();
    c.delete_dts_job()
        .dts_job_id("rel000000")
        .send()
        .await
        .unwrap();
    assert_eq!(status(&emu, &id), None);
    let stats = emu.stats();
    assert_eq!((stats.applied, stats.rejected, stats.denied), (5, 0, 0));
    emu.shutdown().await;
}

#[tokio::test]
async fn a_security_token_and_awkward_values_are_signed_and_accepted() {
    let emu = emulator(1, FaultSpec::none()).await;
    let c = v3_client(
        &emu,
        Credentials::new(ID, SECRET).with_security_token("STS.tok+en/with=chars"),
    );
    let mut params = Params::default();
    params.push("SynchronizationJobId", instance(0));
    params.push("AccountId", "a b*c~d&e=f/数");
    c.call("StartSynchronizationJob", params, CallOptions::new())
        .await
        .unwrap();
    assert_eq!(status(&emu, &instance(0)), Some(JobStatus::Synchronizing));
    emu.shutdown().await;
}

#[tokio::test]
async fn a_wrong_secret_is_signature_does_not_match_and_changes_nothing() {
    let emu = emulator(1, FaultSpec::none()).await;
    let c = v3_client(&emu, Credentials::new(ID, "not-the-secret"));
    let e = c
        .start_synchronization_job(instance(0))
        .send()
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("SignatureDoesNotMatch"));
    assert_eq!(e.http_status(), Some(400));
    assert!(!e.is_retryable());
    assert!(!e.to_string().contains("not-the-secret"));
    let e = v3_client(&emu, Credentials::new("unknown-id", SECRET))
        .start_synchronization_job(instance(0))
        .send()
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("InvalidAccessKeyId.NotFound"));
    assert_eq!(status(&emu, &instance(0)), Some(JobStatus::NotStarted));
    emu.shutdown().await;
}

#[tokio::test]
async fn the_nonce_header_is_checked_and_every_call_gets_a_fresh_one() {
    let emu = emulator(1, FaultSpec::none()).await;
    let fixed = Client::builder()
        .endpoint_url(emu.url())
        .credentials(Credentials::new(ID, SECRET))
        .signature_version(SignatureVersion::V3)
        .nonce_source(|| "always-the-same".to_owned())
        .build()
        .unwrap();
    fixed
        .start_synchronization_job(instance(0))
        .send()
        .await
        .unwrap();
    let e = fixed
        .suspend_synchronization_job(instance(0))
        .send()
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("SignatureNonceUsed"));
    // The default nonce source never repeats.
    let c = client(&emu, SignatureVersion::V3, 1);
    for _ in 0..20 {
        c.suspend_synchronization_job(instance(0))
            .send()
            .await
            .unwrap();
        c.start_synchronization_job(instance(0))
            .send()
            .await
            .unwrap();
    }
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
