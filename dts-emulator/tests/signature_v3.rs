//! The V3 (`ACS3-HMAC-SHA256`) verifier against every request captured from the official
//! Python SDK, sent over a socket exactly as captured, and against tampered copies.

mod common;

use common::{raw_request, send_raw, v3_request, RawResponse, ID, SECRET};
use dts_emulator::auth::v3;
use dts_emulator::params::parse_params;
use dts_emulator::{Emulator, ManualClock, RunningEmulator};
use serde_json::Value;

const VECTORS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../dts-client/tests/vectors/signature_v3.json"
));

/// Jobs named by the captured requests, in states their actions accept.
const VECTOR_SEED: &str = r#"{"jobs": [
  {"job_id": "m761239l27mxxxx", "instance_id": "dtsm761239l27mxxxx", "kind": "synchronization",
   "status": "Synchronizing", "topology": "oneway", "region": "cn-hangzhou"},
  {"job_id": "l3m1213ye7lxxxx", "instance_id": "dtsl3m1213ye7lxxxx", "kind": "synchronization",
   "status": "Failed", "topology": "oneway", "region": "cn-hangzhou"},
  {"job_id": "odd-id", "instance_id": "dts f1*~/数", "kind": "synchronization",
   "status": "NotStarted", "topology": "oneway", "region": "cn-hangzhou"},
  {"job_id": "f19100l2186xxxx", "instance_id": "dtsf19100l2186xxxx", "kind": "synchronization",
   "status": "Synchronizing", "topology": "oneway", "region": "cn-hangzhou"},
  {"job_id": "x-job", "instance_id": "x", "kind": "synchronization",
   "status": "Synchronizing", "topology": "oneway", "region": "cn-hangzhou"}
]}"#;

const DATE: &str = "2026-01-02T03:04:05Z";

struct Vector {
    action: String,
    access_key_id: String,
    secret: String,
    method: String,
    target: String,
    body: String,
    /// Headers as sent, in capture order, names as captured.
    headers: Vec<(String, String)>,
    canonical_request: String,
    string_to_sign: String,
    authorization: String,
}

impl Vector {
    fn header(&self, name: &str) -> &str {
        &self
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .unwrap()
            .1
    }

    fn query(&self) -> &str {
        self.target.split_once('?').map_or("", |(_, q)| q)
    }

    fn request(&self) -> Vec<u8> {
        raw_request(
            &self.method,
            &self.target,
            &self.headers,
            self.body.as_bytes(),
        )
    }

    async fn emulator(&self) -> RunningEmulator {
        Emulator::builder()
            .credentials(self.access_key_id.as_str(), self.secret.as_str())
            .clock(ManualClock::at_rfc3339(self.header("x-acs-date")).unwrap())
            .seed_json(VECTOR_SEED)
            .start()
            .await
            .unwrap()
    }
}

fn vectors() -> Vec<Vector> {
    let file: Value = serde_json::from_str(VECTORS).unwrap();
    let s = |v: &Value| v.as_str().unwrap().to_owned();
    file["vectors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| Vector {
            action: s(&v["action"]),
            access_key_id: s(&v["access_key_id"]),
            secret: s(&v["access_key_secret"]),
            method: s(&v["http_method"]),
            target: s(&v["request_target"]),
            body: s(&v["body"]),
            headers: v["headers_on_wire"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, val)| (k.clone(), s(val)))
                .collect(),
            canonical_request: s(&v["canonical_request"]),
            string_to_sign: s(&v["string_to_sign"]),
            authorization: s(&v["authorization"]),
        })
        .collect()
}

const AUTH_CODES: [&str; 7] = [
    "IncompleteSignature",
    "SignatureDoesNotMatch",
    "InvalidAccessKeyId.NotFound",
    "InvalidTimeStamp.Expired",
    "InvalidTimeStamp.Format",
    "SignatureNonceUsed",
    "MissingParameter",
];

#[test]
fn every_vector_canonicalizes_and_signs_like_the_official_sdk() {
    let vectors = vectors();
    assert_eq!(vectors.len(), 6);
    for v in &vectors {
        let auth = v3::parse_authorization(&v.authorization).unwrap();
        assert_eq!(auth.credential, v.access_key_id);
        assert_eq!(v.header("Authorization"), v.authorization);
        let params = parse_params(v.query().as_bytes(), b"").unwrap();
        let query = v3::canonical_query(
            params
                .query_pairs()
                .iter()
                .map(|(k, val)| (k.as_slice(), val.as_slice())),
        );
        let headers = v3::canonical_headers(
            &auth.signed_headers,
            v.headers
                .iter()
                .map(|(n, val)| (n.as_str(), val.as_bytes())),
        );
        let payload = v3::sha256_hex(v.body.as_bytes());
        assert_eq!(payload, v.header("x-acs-content-sha256"), "{}", v.action);
        let canonical =
            v3::canonical_request(&v.method, &query, &headers, &auth.signed_headers, &payload);
        assert_eq!(canonical, v.canonical_request, "{}", v.action);
        let sts = v3::string_to_sign(&canonical);
        assert_eq!(sts, v.string_to_sign, "{}", v.action);
        let signature = v3::sign(&v.secret, &sts);
        assert_eq!(signature, auth.signature, "{}", v.action);
        assert_eq!(
            v3::authorization(&v.access_key_id, &auth.signed_headers, &signature),
            v.authorization
        );
    }
}

fn success(answer: &RawResponse) -> bool {
    let body = answer.json();
    body["Success"] == "true" || body["Success"] == true
}

/// Each captured request, bytes as the SDK sent them (the capture's `host` header included),
/// is accepted by an emulator whose clock shows the capture's time, and its action applies.
#[tokio::test]
async fn the_server_accepts_every_captured_request() {
    for v in vectors() {
        let emulator = v.emulator().await;
        let answer = send_raw(emulator.addr(), &v.request()).await.unwrap();
        let body = answer.json();
        let code = body["Code"].as_str().unwrap_or("");
        assert!(!AUTH_CODES.contains(&code), "{}: {body}", v.action);
        assert_eq!(answer.status, 200, "{}: {body}", v.action);
        assert!(success(&answer), "{}: {body}", v.action);
        assert_eq!(emulator.stats().applied, 1, "{}", v.action);
        emulator.shutdown().await;
    }
}

fn tampered(v: &Vector, name: &str, value: &str) -> Vec<(String, String)> {
    v.headers
        .iter()
        .map(|(n, val)| {
            let val = if n.eq_ignore_ascii_case(name) {
                value.to_owned()
            } else {
                val.clone()
            };
            (n.clone(), val)
        })
        .collect()
}

fn first() -> Vector {
    vectors().into_iter().next().unwrap()
}

async fn send(emulator: &RunningEmulator, target: &str, headers: &[(String, String)]) -> Value {
    let request = raw_request("POST", target, headers, b"");
    send_raw(emulator.addr(), &request).await.unwrap().json()
}

/// The server's string-to-sign for `v` with the query and headers changed.
fn server_sts(v: &Vector, query: &str, headers: &[(String, String)]) -> String {
    let auth = v3::parse_authorization(&v.authorization).unwrap();
    let params = parse_params(query.as_bytes(), b"").unwrap();
    let canonical = v3::canonical_request(
        &v.method,
        &v3::canonical_query(
            params
                .query_pairs()
                .iter()
                .map(|(k, val)| (k.as_slice(), val.as_slice())),
        ),
        &v3::canonical_headers(
            &auth.signed_headers,
            headers.iter().map(|(n, val)| (n.as_str(), val.as_bytes())),
        ),
        &auth.signed_headers,
        &v3::sha256_hex(b""),
    );
    v3::string_to_sign(&canonical)
}

#[tokio::test]
async fn a_tampered_query_or_header_is_refused_with_the_server_string_to_sign() {
    let v = first();
    let emulator = v.emulator().await;
    let target = v.target.replace("xxxx", "xxxy");
    let a = send(&emulator, &target, &v.headers).await;
    assert_eq!(a["Code"], "SignatureDoesNotMatch", "{a}");
    let query = target.split_once('?').unwrap().1;
    assert_eq!(
        a["Message"],
        format!(
            "Specified signature is not matched with our calculation. server string to sign is:{}",
            server_sts(&v, query, &v.headers)
        )
    );
    let headers = tampered(&v, "host", "dts.aliyuncs.com");
    let a = send(&emulator, &v.target, &headers).await;
    assert_eq!(a["Code"], "SignatureDoesNotMatch", "{a}");
    assert!(a["Message"]
        .as_str()
        .unwrap()
        .ends_with(&server_sts(&v, v.query(), &headers)));
    // Nothing was applied, and the genuine request still goes through.
    assert_eq!(emulator.stats().applied, 0);
    let answer = send_raw(emulator.addr(), &v.request()).await.unwrap();
    assert!(success(&answer), "{}", answer.json());
}

#[tokio::test]
async fn a_tampered_body_is_refused() {
    let v = first();
    let emulator = v.emulator().await;
    let mut headers = tampered(&v, "Content-Length", "3");
    headers.push((
        "content-type".into(),
        "application/x-www-form-urlencoded".into(),
    ));
    let request = raw_request("POST", &v.target, &headers, b"a=1");
    let a = send_raw(emulator.addr(), &request).await.unwrap().json();
    assert_eq!(a["Code"], "SignatureDoesNotMatch", "{a}");
}

#[tokio::test]
async fn a_replayed_request_reuses_its_nonce() {
    let v = first();
    let emulator = v.emulator().await;
    assert!(success(
        &send_raw(emulator.addr(), &v.request()).await.unwrap()
    ));
    let again = send_raw(emulator.addr(), &v.request()).await.unwrap();
    assert_eq!(
        (again.status, again.json()["Code"].clone()),
        (400, "SignatureNonceUsed".into())
    );
}

#[tokio::test]
async fn a_request_outside_the_time_window_is_expired() {
    let v = first();
    let emulator = Emulator::builder()
        .credentials(v.access_key_id.as_str(), v.secret.as_str())
        .clock(ManualClock::at_rfc3339("2026-01-02T03:20:00Z").unwrap())
        .start()
        .await
        .unwrap();
    let a = send_raw(emulator.addr(), &v.request()).await.unwrap();
    assert_eq!(
        (a.status, a.json()["Code"].clone()),
        (400, "InvalidTimeStamp.Expired".into())
    );
}

#[tokio::test]
async fn an_unknown_credential_is_not_found() {
    let v = first();
    let emulator = Emulator::builder()
        .credentials("someone-else", v.secret.as_str())
        .clock(ManualClock::at_rfc3339(DATE).unwrap())
        .start()
        .await
        .unwrap();
    let a = send_raw(emulator.addr(), &v.request()).await.unwrap();
    assert_eq!(
        (a.status, a.json()["Code"].clone()),
        (404, "InvalidAccessKeyId.NotFound".into())
    );
}

#[tokio::test]
async fn a_malformed_or_incomplete_authorization_is_an_incomplete_signature() {
    let v = first();
    let emulator = v.emulator().await;
    let signature = v.authorization.rsplit_once("Signature=").unwrap().1;
    for (authorization, detail) in [
        (
            format!("ACS3-HMAC-SM3 Credential=testid,SignedHeaders=host,Signature={signature}"),
            "\"ACS3-HMAC-SM3\" is not supported, use ACS3-HMAC-SHA256",
        ),
        (
            format!("ACS3-HMAC-SHA256 Credential=testid,Signature={signature}"),
            "no SignedHeaders",
        ),
        (
            "ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host".to_owned(),
            "no Signature",
        ),
        (
            v.authorization.replace(";x-acs-signature-nonce", ""),
            "header \"x-acs-signature-nonce\" must be signed",
        ),
    ] {
        let headers = tampered(&v, "Authorization", &authorization);
        let a = send(&emulator, &v.target, &headers).await;
        assert_eq!(a["Code"], "IncompleteSignature", "{authorization}: {a}");
        assert!(
            a["Message"].as_str().unwrap().contains(detail),
            "{authorization}: {a}"
        );
    }
}

#[tokio::test]
async fn missing_date_or_nonce_headers_are_named() {
    let v = first();
    let emulator = v.emulator().await;
    for name in ["x-acs-date", "x-acs-signature-nonce"] {
        let headers: Vec<_> = v
            .headers
            .iter()
            .filter(|(n, _)| n != name)
            .cloned()
            .collect();
        let a = send(&emulator, &v.target, &headers).await;
        assert_eq!(a["Code"], "MissingParameter", "{a}");
        assert!(a["Message"].as_str().unwrap().contains(name), "{a}");
    }
}

/// A V3 call signed here, with its parameters in a form body (hashed into the signature) and
/// in the query, and a GET: the action runs with them.
#[tokio::test]
async fn form_body_and_get_calls_signed_with_v3() {
    let emulator = Emulator::builder()
        .credentials(ID, SECRET)
        .clock(ManualClock::at_rfc3339(DATE).unwrap())
        .seed_json(common::SEED)
        .start()
        .await
        .unwrap();
    let addr = emulator.addr();
    let request = v3_request(
        addr,
        "POST",
        "SuspendSynchronizationJob",
        &[("RegionId", "cn-hangzhou")],
        &[("SynchronizationJobId", "dtsk2w9876twoway01")],
        DATE,
        SECRET,
    );
    let a = send_raw(addr, &request).await.unwrap();
    assert!(success(&a), "{}", a.json());
    let request = v3_request(
        addr,
        "GET",
        "StartSynchronizationJob",
        &[("SynchronizationJobId", "dtsk2w9876twoway01")],
        &[],
        DATE,
        SECRET,
    );
    let a = send_raw(addr, &request).await.unwrap();
    assert!(success(&a), "{}", a.json());
    let request = v3_request(
        addr,
        "POST",
        "StartSynchronizationJob",
        &[("SynchronizationJobId", "dtsl3m1213ye7l1234")],
        &[],
        DATE,
        "wrong-secret",
    );
    let a = send_raw(addr, &request).await.unwrap();
    assert_eq!(a.json()["Code"], "SignatureDoesNotMatch");
    assert_eq!(emulator.stats().applied, 2);
}
