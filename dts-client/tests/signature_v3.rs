//! Every capture in `tests/vectors/signature_v3.json`, made with Alibaba Cloud's official SDK,
//! must come out of `signing::v3` byte for byte; and the client's own V3 requests must carry
//! the same values the SDK sent for every header they share.

use std::time::{Duration, UNIX_EPOCH};

use dts_client::rt::Params;
use dts_client::signing::{v3, SignatureVersion};
use dts_client::{Client, Credentials};
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;

const VECTORS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/vectors/signature_v3.json"
);

/// Headers the HTTP layer adds after signing: on the wire, never signed.
const UNSIGNED_ON_WIRE: [&str; 3] = ["authorization", "accept-encoding", "content-length"];

fn vectors() -> Vec<Value> {
    let text = std::fs::read_to_string(VECTORS).expect("read signature_v3.json");
    let file: Value = serde_json::from_str(&text).expect("parse signature_v3.json");
    file["vectors"].as_array().expect("vectors array").clone()
}

fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("`{key}` is not a string in {v}"))
}

/// `application/x-www-form-urlencoded` decoding, as the server reading the capture would.
fn form_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).expect("hex escape"));
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).expect("utf-8 query")
}

/// The decoded query parameters of a capture's request target.
fn query_params(vector: &Value) -> Vec<(String, String)> {
    let target = text(vector, "request_target");
    let query = target.split_once('?').map_or("", |(_, q)| q);
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (form_decode(k), form_decode(v))
        })
        .collect()
}

/// The headers the SDK signed: everything it put on the wire but what the HTTP layer added.
fn signed_headers_on_wire(vector: &Value) -> Vec<(String, String)> {
    vector["headers_on_wire"]
        .as_object()
        .expect("headers_on_wire")
        .iter()
        .filter(|(k, _)| !UNSIGNED_ON_WIRE.contains(&k.to_ascii_lowercase().as_str()))
        .map(|(k, v)| (k.clone(), v.as_str().expect("header value").to_owned()))
        .collect()
}

fn wire_header<'a>(vector: &'a Value, name: &str) -> &'a str {
    vector["headers_on_wire"]
        .as_object()
        .expect("headers_on_wire")
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .and_then(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no `{name}` header in {}", vector["action"]))
}

#[test]
fn all_captures_match_byte_for_byte() {
    let vectors = vectors();
    assert_eq!(vectors.len(), 6);
    let mut failures = Vec::new();
    for (i, vector) in vectors.iter().enumerate() {
        let id = format!("#{i} {}", text(vector, "action"));
        let signed = v3::sign(
            text(vector, "http_method"),
            query_params(vector),
            signed_headers_on_wire(vector),
            text(vector, "body").as_bytes(),
            text(vector, "access_key_secret"),
        );
        let authorization = signed.authorization(text(vector, "access_key_id"));
        let checks = [
            ("canonical_request", signed.canonical_request.as_str()),
            ("string_to_sign", signed.string_to_sign.as_str()),
            ("authorization", authorization.as_str()),
        ];
        for (field, got) in checks {
            let want = text(vector, field);
            if want != got {
                failures.push(format!("{id}: {field}\n  want {want:?}\n  got  {got:?}"));
            }
        }
        if wire_header(vector, "authorization") != authorization {
            failures.push(format!("{id}: Authorization header as sent differs"));
        }
        if wire_header(vector, "x-acs-content-sha256") != signed.hashed_payload {
            failures.push(format!("{id}: x-acs-content-sha256"));
        }
        let canonical_query_line = text(vector, "canonical_request").split('\n').nth(2);
        assert_eq!(
            canonical_query_line,
            Some(signed.canonical_query.as_str()),
            "{id}"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_key_is_the_bare_secret_and_the_steps_compose() {
    for vector in vectors() {
        let secret = text(&vector, "access_key_secret");
        let expected_sts = text(&vector, "string_to_sign");
        // The string-to-sign is the algorithm and the hash of the canonical request.
        assert_eq!(
            v3::string_to_sign(text(&vector, "canonical_request")),
            expected_sts
        );
        // HMAC-SHA256 keyed with the secret alone (no `&`) gives the captured signature.
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(expected_sts.as_bytes());
        let independent = hex::encode(mac.finalize().into_bytes());
        assert_eq!(v3::signature(secret, expected_sts), independent);
        let signature = text(&vector, "authorization")
            .rsplit_once("Signature=")
            .map(|(_, s)| s)
            .unwrap();
        assert_eq!(independent, signature);
        assert_ne!(
            v3::signature(&format!("{secret}&"), expected_sts),
            signature
        );
    }
}

#[test]
fn the_client_sends_the_sdks_values_for_every_header_it_signs() {
    for vector in vectors() {
        let host = wire_header(&vector, "host");
        let date = wire_header(&vector, "x-acs-date");
        let nonce = wire_header(&vector, "x-acs-signature-nonce").to_owned();
        let time = humantime::parse_rfc3339(date).unwrap();
        let mut creds = Credentials::new(
            text(&vector, "access_key_id"),
            text(&vector, "access_key_secret"),
        );
        if let Some(token) = vector["security_token"].as_str() {
            creds = creds.with_security_token(token);
        }
        let client = Client::builder()
            .endpoint_url(format!("http://{host}"))
            .credentials(creds)
            .signature_version(SignatureVersion::V3)
            .clock(move || time)
            .nonce_source(move || nonce.clone())
            .build()
            .unwrap();
        let params: Params = query_params(&vector).into_iter().collect();
        let req = client.presign(text(&vector, "action"), params).unwrap();

        let expected_query = text(&vector, "canonical_request")
            .split('\n')
            .nth(2)
            .unwrap();
        assert_eq!(
            req.url(),
            format!("http://{host}/?{expected_query}"),
            "{}",
            vector["action"]
        );
        let (auth, ours) = req.headers().split_last().unwrap();
        assert_eq!(auth.0, "authorization");
        for (name, value) in ours {
            assert_eq!(wire_header(&vector, name), value, "header `{name}`");
        }
        // Signed over the SDK's values for the headers we send, the signature is ours.
        let same: Vec<(&str, &str)> = ours
            .iter()
            .map(|(n, _)| (n.as_str(), wire_header(&vector, n)))
            .collect();
        let recomputed = v3::sign("POST", query_params(&vector), same, b"", "testsecret");
        assert_eq!(auth.1, recomputed.authorization("testid"));
        let names: Vec<&str> = ours.iter().map(|(n, _)| n.as_str()).collect();
        let mut expected = vec![
            "host",
            "x-acs-action",
            "x-acs-version",
            "x-acs-date",
            "x-acs-signature-nonce",
            "x-acs-content-sha256",
        ];
        if vector["security_token"].is_string() {
            expected.push("x-acs-security-token");
        }
        assert_eq!(names, expected);
    }
}

#[test]
fn v1_stays_the_default_and_v3_leaves_common_parameters_out_of_the_query() {
    let build = |version: Option<SignatureVersion>| {
        let mut b = Client::builder()
            .endpoint_url("http://127.0.0.1:9")
            .credentials(Credentials::new("id", "secret"))
            .clock(|| UNIX_EPOCH + Duration::from_secs(1_767_323_045));
        if let Some(v) = version {
            b = b.signature_version(v);
        }
        b.build().unwrap()
    };
    let mut params = Params::default();
    params.push("DtsJobId", "j 1");
    let v1 = build(None).presign("ResetDtsJob", params.clone()).unwrap();
    assert_eq!(
        build(None).config().signature_version(),
        SignatureVersion::V1
    );
    assert!(v1.url().contains("SignatureMethod=HMAC-SHA1"));
    assert!(v1.headers().is_empty());

    let client = build(Some(SignatureVersion::V3));
    let v3 = client.presign("ResetDtsJob", params.clone()).unwrap();
    assert_eq!(v3.url(), "http://127.0.0.1:9/?DtsJobId=j%201");
    assert_eq!(v3.params(), [("DtsJobId".to_owned(), "j 1".to_owned())]);
    assert!(
        v3.to_string().contains("\nx-acs-action: ResetDtsJob\n"),
        "{v3}"
    );
    assert!(format!("{:?}", client.config()).contains("signature_version: V3"));

    // The same rules for action parameters under both versions.
    for bad in ["Signature", "Action", "Timestamp"] {
        let mut p = params.clone();
        p.push(bad, "x");
        let e = client.presign("ResetDtsJob", p).unwrap_err();
        assert_eq!(e.kind(), dts_client::ErrorKind::InvalidInput, "{bad}");
    }
}

#[test]
fn a_nonce_that_cannot_be_a_header_is_an_input_error_not_a_panic() {
    let client = Client::builder()
        .endpoint_url("http://127.0.0.1:9")
        .credentials(Credentials::new("id", "secret"))
        .signature_version(SignatureVersion::V3)
        .nonce_source(|| "bad\nnonce".to_owned())
        .build()
        .unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let e = rt
        .block_on(client.call(
            "ResetDtsJob",
            Params::default(),
            dts_client::rt::CallOptions::new(),
        ))
        .unwrap_err();
    assert_eq!(e.kind(), dts_client::ErrorKind::InvalidInput);
    assert!(e.message().contains("`x-acs-signature-nonce`"), "{e}");
}
