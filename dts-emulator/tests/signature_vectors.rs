//! The V1 verifier against every vector computed by Alibaba Cloud's official signers.

mod common;

use dts_emulator::auth::v1;
use dts_emulator::{Emulator, ManualClock};
use serde_json::Value;

const VECTORS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../dts-client/tests/vectors/signature_v1.json"
));

struct Vector {
    id: String,
    method: String,
    secret: String,
    params: Vec<(String, String)>,
    expected: Value,
}

fn vectors() -> Vec<Vector> {
    let file: Value = serde_json::from_str(VECTORS).unwrap();
    let list = file["vectors"].as_array().unwrap();
    assert_eq!(list.len() as u64, file["count"].as_u64().unwrap());
    list.iter()
        .map(|v| {
            let input = &v["input"];
            Vector {
                id: v["id"].as_str().unwrap().to_owned(),
                method: input["method"].as_str().unwrap().to_owned(),
                secret: input["access_key_secret"].as_str().unwrap().to_owned(),
                params: input["params"]
                    .as_object()
                    .unwrap()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
                    .collect(),
                expected: v["expected"].clone(),
            }
        })
        .collect()
}

#[test]
fn every_vector_canonicalizes_and_signs_like_the_official_signers() {
    let vectors = vectors();
    assert!(vectors.len() >= 40);
    for v in &vectors {
        let canonical =
            v1::canonicalize(v.params.iter().map(|(k, val)| (k.as_str(), val.as_str())));
        assert_eq!(
            canonical, v.expected["canonicalized_query_string"],
            "{}",
            v.id
        );
        let sts = v1::string_to_sign(&v.method, &canonical);
        assert_eq!(sts, v.expected["string_to_sign"], "{}", v.id);
        assert_eq!(format!("{}&", v.secret), v.expected["hmac_key"], "{}", v.id);
        let signature = v1::sign(&v.secret, &sts);
        assert_eq!(signature, v.expected["signature"], "{}", v.id);
        assert_eq!(
            v1::percent_encode(&signature),
            v.expected["signature_query_encoded"],
            "{}",
            v.id
        );
    }
}

#[test]
fn signature_is_excluded_from_the_canonical_form() {
    let v = &vectors()[0];
    let mut with_signature = v.params.clone();
    with_signature.push(("Signature".into(), "ignored".into()));
    let canonical = v1::canonicalize(
        with_signature
            .iter()
            .map(|(k, val)| (k.as_str(), val.as_str())),
    );
    assert_eq!(canonical, v.expected["canonicalized_query_string"]);
}

const AUTH_CODES: [&str; 7] = [
    "IncompleteSignature",
    "SignatureDoesNotMatch",
    "InvalidAccessKeyId.NotFound",
    "InvalidTimeStamp.Expired",
    "InvalidTimeStamp.Format",
    "SignatureNonceUsed",
    "Throttling.User",
];

/// Sends each vector as captured (GET in the query, POST as a form body) to an emulator whose
/// clock shows the vector's timestamp: the gateway must accept the signature, whatever the
/// action then says.
#[tokio::test]
async fn the_server_accepts_every_vector_request() {
    for v in vectors() {
        let timestamp = &v.params.iter().find(|(k, _)| k == "Timestamp").unwrap().1;
        let access_key_id = &v.params.iter().find(|(k, _)| k == "AccessKeyId").unwrap().1;
        let emulator = Emulator::builder()
            .credentials(access_key_id.as_str(), v.secret.as_str())
            .clock(ManualClock::at_rfc3339(timestamp).unwrap())
            .seed_json(common::SEED)
            .start()
            .await
            .unwrap();
        let mut params = v.params.clone();
        params.push((
            "Signature".into(),
            v.expected["signature"].as_str().unwrap().to_owned(),
        ));
        let answer = if v.method == "GET" {
            common::get(&emulator.url(), &params).await
        } else {
            common::post_form(&emulator.url(), &[], &params).await
        };
        let code = answer.code();
        assert!(!AUTH_CODES.contains(&code), "{}: {}", v.id, answer.body);
        if code == "MissingParameter" {
            assert!(
                answer.message().contains("SynchronizationJobId"),
                "{}",
                v.id
            );
        }
        if v.params.iter().any(|(_, val)| val == "DescribeRegions") {
            assert_eq!(code, "InvalidVersion", "{}", v.id);
        }
        emulator.shutdown().await;
    }
}

/// A vector with one parameter changed after signing is refused, and the message carries the
/// server's string-to-sign for the parameters it received.
#[tokio::test]
async fn a_tampered_vector_is_refused_with_the_server_string_to_sign() {
    let v = vectors()
        .into_iter()
        .find(|v| v.id == "dts_start_sync_job")
        .unwrap();
    let emulator = Emulator::builder()
        .credentials("testid", v.secret.as_str())
        .clock(ManualClock::at_rfc3339("2026-01-02T03:04:05Z").unwrap())
        .start()
        .await
        .unwrap();
    let mut params = v.params.clone();
    for (k, val) in &mut params {
        if k == "SynchronizationJobId" {
            val.push('0');
        }
    }
    let canonical = v1::canonicalize(params.iter().map(|(k, val)| (k.as_str(), val.as_str())));
    params.push((
        "Signature".into(),
        v.expected["signature"].as_str().unwrap().into(),
    ));
    let answer = common::post_query(&emulator.url(), &params).await;
    assert_eq!(answer.status, 400);
    assert_eq!(answer.code(), "SignatureDoesNotMatch");
    assert_eq!(
        answer.message(),
        format!(
            "Specified signature is not matched with our calculation. server string to sign is:{}",
            v1::string_to_sign("POST", &canonical)
        )
    );
}
