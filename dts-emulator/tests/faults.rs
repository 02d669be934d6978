//! Fault injection: reproducible with a seed, and a faulted call never changes anything.

mod common;

use common::{signed, ID, SECRET};
use dts_emulator::{Emulator, FaultSpec, JobStatus, RunningEmulator};

const JOB: (&str, &str) = ("SynchronizationJobId", "dtsl3m1213ye7l1234");

async fn start(faults: &str) -> RunningEmulator {
    Emulator::builder()
        .credentials(ID, SECRET)
        .seed_json(common::SEED)
        .faults(faults.parse::<FaultSpec>().unwrap())
        .start()
        .await
        .unwrap()
}

/// What a call came back as: an HTTP status and code, or `dropped`.
async fn outcome(url: &str) -> String {
    let query = common::encode(&signed("POST", "ResetSynchronizationJob", &[JOB]));
    // A fresh client per call: a dropped connection must not affect the next call.
    let client = reqwest::Client::new();
    match client.post(format!("{url}/?{query}")).send().await {
        Ok(resp) => {
            let status = resp.status().as_u16();
            let text = resp.text().await.unwrap();
            let body: serde_json::Value = serde_json::from_str(&text).unwrap();
            format!("{status} {}", body["Code"].as_str().unwrap_or("ok"))
        }
        Err(_) => "dropped".to_owned(),
    }
}

async fn outcomes(spec: &str, n: usize) -> (Vec<String>, RunningEmulator) {
    let emu = start(spec).await;
    let mut seen = Vec::with_capacity(n);
    for _ in 0..n {
        seen.push(outcome(&emu.url()).await);
    }
    (seen, emu)
}

#[tokio::test]
async fn the_same_seed_gives_the_same_faults() {
    let spec = "throttle=0.25,unavailable=0.25,drop=0.25,seed=42";
    let (a, emu) = outcomes(spec, 40).await;
    let (b, _) = outcomes(spec, 40).await;
    assert_eq!(a, b);
    for kind in [
        "400 Throttling.User",
        "503 ServiceUnavailable",
        "dropped",
        "200 ok",
    ] {
        assert!(a.iter().any(|o| o == kind), "{kind} in {a:?}");
    }
    let stats = emu.stats();
    let count = |k: &str| a.iter().filter(|o| *o == k).count() as u64;
    assert_eq!(stats.requests, 40);
    assert_eq!(stats.faults.throttled, count("400 Throttling.User"));
    assert_eq!(stats.faults.unavailable, count("503 ServiceUnavailable"));
    assert_eq!(stats.faults.dropped, count("dropped"));
    assert_eq!(stats.applied, count("200 ok"));
    let (c, _) = outcomes("throttle=0.25,unavailable=0.25,drop=0.25,seed=43", 40).await;
    assert_ne!(a, c);
}

#[tokio::test]
async fn throttled_calls_change_nothing() {
    let emu = start("throttle=1").await;
    let a = common::call(&emu.url(), "StartSynchronizationJob", &[JOB]).await;
    assert_eq!((a.status, a.code()), (400, "Throttling.User"));
    assert_eq!(a.message(), "Request was denied due to user flow control.");
    assert!(common::is_request_id(a.body["RequestId"].as_str().unwrap()));
    assert_eq!(emu.jobs()[0].status, JobStatus::NotStarted);
    let stats = emu.stats();
    assert_eq!(
        (stats.faults.throttled, stats.applied, stats.rejected),
        (1, 0, 0)
    );
}

#[tokio::test]
async fn unavailable_is_a_503() {
    let emu = start("unavailable=1").await;
    let a = common::call(&emu.url(), "StartSynchronizationJob", &[JOB]).await;
    assert_eq!((a.status, a.code()), (503, "ServiceUnavailable"));
    assert_eq!(emu.jobs()[0].status, JobStatus::NotStarted);
}

#[tokio::test]
async fn dropped_calls_get_no_answer_and_change_nothing() {
    let emu = start("drop=1,latency=5ms").await;
    let query = common::encode(&signed("POST", "StartSynchronizationJob", &[JOB]));
    let err = reqwest::Client::new()
        .post(format!("{}/?{query}", emu.url()))
        .send()
        .await
        .unwrap_err();
    assert!(!err.is_status(), "{err}");
    assert_eq!(emu.jobs()[0].status, JobStatus::NotStarted);
    assert_eq!(emu.stats().faults.dropped, 1);
}

#[tokio::test]
async fn a_faulted_call_does_not_use_up_its_nonce() {
    // Resend one signed call until it passes the throttle: it can only succeed if the
    // throttled attempts did not record its nonce.
    let emu = start("throttle=0.5,seed=1").await;
    let params = signed("POST", "StartSynchronizationJob", &[JOB]);
    let mut throttled = 0;
    let mut body = serde_json::Value::Null;
    for _ in 0..64 {
        let a = common::post_query(&emu.url(), &params).await;
        if a.code() != "Throttling.User" {
            body = a.body;
            break;
        }
        throttled += 1;
    }
    assert_eq!(body["Success"], "true", "{body}");
    assert_eq!(emu.stats().faults.throttled, throttled);
    let again = common::post_query(&emu.url(), &params).await;
    assert!(
        ["SignatureNonceUsed", "Throttling.User"].contains(&again.code()),
        "{}",
        again.body
    );
}

#[tokio::test]
async fn the_admin_endpoints_are_never_faulted() {
    let emu = start("drop=1").await;
    let listed = common::jobs(&emu.url()).await;
    assert_eq!(listed["jobs"].as_array().unwrap().len(), 4);
}
