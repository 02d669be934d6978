//! Every gateway-level refusal, with Alibaba Cloud's status, code and message.

mod common;

use std::time::{Duration, SystemTime};

use common::{call, common as common_params, post_query, sign, signed, ID, SECRET};
use dts_emulator::auth::v1;
use dts_emulator::{Emulator, ManualClock, RunningEmulator};

const JOB: (&str, &str) = ("SynchronizationJobId", "dtsl3m1213ye7l1234");

async fn start() -> RunningEmulator {
    Emulator::builder()
        .credentials(ID, SECRET)
        .credentials("second-id", "second-secret")
        .seed_json(common::SEED)
        .start()
        .await
        .unwrap()
}

fn without(params: Vec<(String, String)>, name: &str) -> Vec<(String, String)> {
    params.into_iter().filter(|(k, _)| k != name).collect()
}

fn with(params: Vec<(String, String)>, name: &str, value: &str) -> Vec<(String, String)> {
    let mut params = without(params, name);
    params.push((name.to_owned(), value.to_owned()));
    params
}

fn base() -> Vec<(String, String)> {
    let mut p = common_params("StartSynchronizationJob", ID);
    p.push((JOB.0.into(), JOB.1.into()));
    p
}

#[tokio::test]
async fn error_bodies_have_the_gateway_shape_and_a_fresh_request_id() {
    let emu = start().await;
    let a = post_query(
        &emu.url(),
        &without(
            signed("POST", "StartSynchronizationJob", &[JOB]),
            "Signature",
        ),
    )
    .await;
    let b = post_query(
        &emu.url(),
        &without(
            signed("POST", "StartSynchronizationJob", &[JOB]),
            "Signature",
        ),
    )
    .await;
    let keys: Vec<&str> = a
        .body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["RequestId", "HostId", "Code", "Message", "Recommend"]
    );
    let id = a.body["RequestId"].as_str().unwrap();
    assert!(common::is_request_id(id), "{id}");
    assert_eq!(a.header_id.as_deref(), Some(id));
    assert_ne!(a.body["RequestId"], b.body["RequestId"]);
    assert_eq!(a.body["HostId"], emu.addr().to_string());
    assert!(a.body["Recommend"]
        .as_str()
        .unwrap()
        .contains("IncompleteSignature"));
}

#[tokio::test]
async fn missing_signature_is_an_incomplete_signature() {
    let emu = start().await;
    let a = post_query(
        &emu.url(),
        &without(
            signed("POST", "StartSynchronizationJob", &[JOB]),
            "Signature",
        ),
    )
    .await;
    assert_eq!((a.status, a.code()), (400, "IncompleteSignature"));
    assert_eq!(emu.stats().rejected, 1);
}

#[tokio::test]
async fn each_missing_signature_parameter_is_named() {
    let emu = start().await;
    for name in v1::REQUIRED_PARAMS {
        let params = sign("POST", without(base(), name), SECRET);
        let a = post_query(&emu.url(), &params).await;
        assert_eq!((a.status, a.code()), (400, "MissingParameter"), "{name}");
        assert_eq!(
            a.message(),
            format!("The input parameter \"{name}\" that is mandatory for processing this request is not supplied.")
        );
    }
}

#[tokio::test]
async fn only_hmac_sha1_version_1_is_accepted() {
    let emu = start().await;
    for (name, value) in [
        ("SignatureMethod", "HMAC-SHA256"),
        ("SignatureVersion", "2.0"),
    ] {
        let a = post_query(&emu.url(), &sign("POST", with(base(), name, value), SECRET)).await;
        assert_eq!((a.status, a.code()), (400, "IncompleteSignature"), "{name}");
        assert!(a.message().contains(value), "{}", a.message());
    }
}

#[tokio::test]
async fn unknown_access_key_is_not_found() {
    let emu = start().await;
    let params = sign("POST", with(base(), "AccessKeyId", "nobody"), SECRET);
    let a = post_query(&emu.url(), &params).await;
    assert_eq!((a.status, a.code()), (404, "InvalidAccessKeyId.NotFound"));
    assert_eq!(a.message(), "Specified access key is not found.");
}

#[tokio::test]
async fn wrong_secret_shows_the_server_string_to_sign() {
    let emu = start().await;
    let params = base();
    let canonical = v1::canonicalize(params.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let a = post_query(&emu.url(), &sign("POST", params, "not-the-secret")).await;
    assert_eq!((a.status, a.code()), (400, "SignatureDoesNotMatch"));
    assert_eq!(
        a.message(),
        format!(
            "Specified signature is not matched with our calculation. server string to sign is:{}",
            v1::string_to_sign("POST", &canonical)
        )
    );
}

#[tokio::test]
async fn signing_with_another_method_does_not_match() {
    let emu = start().await;
    let a = post_query(&emu.url(), &sign("GET", base(), SECRET)).await;
    assert_eq!(a.code(), "SignatureDoesNotMatch");
    assert!(a.message().contains("is:POST&%2F&"), "{}", a.message());
}

#[tokio::test]
async fn timestamps_must_be_well_formed_and_within_15_minutes() {
    let clock = ManualClock::new(SystemTime::now());
    let emu = Emulator::builder()
        .credentials(ID, SECRET)
        .clock(clock.clone())
        .seed_json(common::SEED)
        .start()
        .await
        .unwrap();
    let at = |offset: i64| {
        let now = SystemTime::now();
        let t = if offset >= 0 {
            now + Duration::from_secs(offset as u64)
        } else {
            now - Duration::from_secs((-offset) as u64)
        };
        humantime::format_rfc3339_seconds(t).to_string()
    };
    let send = |ts: String| {
        let url = emu.url();
        async move { post_query(&url, &sign("POST", with(base(), "Timestamp", &ts), SECRET)).await }
    };
    let a = send("2026-01-02 03:04:05".into()).await;
    assert_eq!((a.status, a.code()), (400, "InvalidTimeStamp.Format"));
    for offset in [-16 * 60, 16 * 60] {
        let a = send(at(offset)).await;
        assert_eq!(
            (a.status, a.code()),
            (400, "InvalidTimeStamp.Expired"),
            "{offset}"
        );
        assert_eq!(
            a.message(),
            "Specified time stamp or date value is expired."
        );
    }
    for offset in [-14 * 60, 14 * 60] {
        let a = send(at(offset)).await;
        assert_eq!(a.status, 200, "{offset}: {}", a.body);
    }
    clock.advance(Duration::from_secs(20 * 60));
    let a = send(at(0)).await;
    assert_eq!(
        a.code(),
        "InvalidTimeStamp.Expired",
        "judged by the injected clock"
    );
}

#[tokio::test]
async fn a_nonce_is_refused_the_second_time_per_key() {
    let emu = start().await;
    let params = sign("POST", base(), SECRET);
    assert_eq!(post_query(&emu.url(), &params).await.status, 200);
    let a = post_query(&emu.url(), &params).await;
    assert_eq!((a.status, a.code()), (400, "SignatureNonceUsed"));
    assert_eq!(a.message(), "Specified signature nonce was used already.");
    let nonce = &params
        .iter()
        .find(|(k, _)| k == "SignatureNonce")
        .unwrap()
        .1;
    let other = with(
        with(base(), "AccessKeyId", "second-id"),
        "SignatureNonce",
        nonce,
    );
    let a = post_query(&emu.url(), &sign("POST", other, "second-secret")).await;
    assert_eq!(
        a.status, 200,
        "another key may use the same nonce: {}",
        a.body
    );
}

#[tokio::test]
async fn a_refused_signature_does_not_use_up_the_nonce() {
    let emu = start().await;
    let params = base();
    let bad = post_query(&emu.url(), &sign("POST", params.clone(), "wrong")).await;
    assert_eq!(bad.code(), "SignatureDoesNotMatch");
    let good = post_query(&emu.url(), &sign("POST", params, SECRET)).await;
    assert_eq!(good.status, 200, "{}", good.body);
}

#[tokio::test]
async fn version_and_action_are_checked_after_the_signature() {
    let emu = start().await;
    let cases: [(&str, Option<&str>, u16, &str); 5] = [
        ("Version", None, 400, "MissingParameter"),
        ("Version", Some("2014-05-26"), 400, "InvalidVersion"),
        ("Action", None, 400, "MissingParameter"),
        (
            "Action",
            Some("DescribeNothing"),
            404,
            "InvalidAction.NotFound",
        ),
        ("Action", Some(""), 400, "MissingParameter"),
    ];
    for (name, value, status, code) in cases {
        let params = match value {
            Some(v) => with(base(), name, v),
            None => without(base(), name),
        };
        let a = post_query(&emu.url(), &sign("POST", params, SECRET)).await;
        assert_eq!((a.status, a.code()), (status, code), "{name}={value:?}");
        if code == "MissingParameter" {
            assert!(a.message().contains(&format!("\"{name}\"")));
        }
    }
    let a = post_query(
        &emu.url(),
        &sign("POST", with(base(), "Action", "DescribeNothing"), SECRET),
    )
    .await;
    assert_eq!(
        a.message(),
        "Specified api is not found, please check your url and method."
    );
}

#[tokio::test]
async fn required_action_parameters_are_named_when_missing_or_empty() {
    let emu = start().await;
    let a = call(&emu.url(), "StartSynchronizationJob", &[]).await;
    assert_eq!((a.status, a.code()), (400, "MissingParameter"));
    assert_eq!(
        a.message(),
        "The input parameter \"SynchronizationJobId\" that is mandatory for processing this request is not supplied."
    );
    let a = call(
        &emu.url(),
        "ResetSynchronizationJob",
        &[("SynchronizationJobId", "")],
    )
    .await;
    assert_eq!(a.code(), "MissingParameter");
    assert!(a.message().contains("\"SynchronizationJobId\""));
    assert_eq!(emu.jobs().len(), 4);
}

#[tokio::test]
async fn other_paths_and_methods_are_not_found() {
    let emu = start().await;
    let client = reqwest::Client::new();
    let query = common::encode(&signed("POST", "StartSynchronizationJob", &[JOB]));
    let resp = client
        .put(format!("{}/?{query}", emu.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 404);
    assert!(resp
        .text()
        .await
        .unwrap()
        .contains("InvalidAction.NotFound"));
    let resp = client
        .get(format!("{}/elsewhere", emu.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 404);
    assert_eq!(emu.jobs()[0].status, dts_emulator::JobStatus::NotStarted);
}

#[tokio::test]
async fn a_security_token_is_accepted_and_signed() {
    let emu = start().await;
    let params = base();
    let mut with_token = params.clone();
    with_token.push(("SecurityToken".into(), "CAIS+token/with=specials".into()));
    let a = post_query(&emu.url(), &sign("POST", with_token.clone(), SECRET)).await;
    assert_eq!(a.status, 200, "{}", a.body);
    // The token is part of the signed string: adding it after signing breaks the signature.
    let mut late = sign("POST", with(params, "SignatureNonce", "late-token"), SECRET);
    late.push(("SecurityToken".into(), "x".into()));
    assert_eq!(
        post_query(&emu.url(), &late).await.code(),
        "SignatureDoesNotMatch"
    );
}
