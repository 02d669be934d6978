//! Every vector in `tests/vectors/signature_v1.json`, computed by Alibaba Cloud's official
//! signers, must come out of `signing::v1::sign` byte for byte. The upstream suite checks that
//! the copies in `tests/vectors/` are the project's shared vectors, byte for byte.

use std::collections::BTreeMap;

use base64::Engine as _;
use dts_client::signing::{percent_encode, v1};
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha1::Sha1;

const VECTORS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/vectors/signature_v1.json"
);

fn load() -> Value {
    let text = std::fs::read_to_string(VECTORS).expect("read signature_v1.json");
    serde_json::from_str(&text).expect("parse signature_v1.json")
}

fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("`{key}` is not a string in {v}"))
}

/// The parameter map of a vector. A null value (the file's README allows them) is left out, as
/// the reference signer drops parameters without a value.
fn params(input: &Value) -> BTreeMap<String, String> {
    let map = input["params"].as_object().expect("params object");
    map.iter()
        .filter_map(|(k, v)| match v {
            Value::Null => None,
            Value::String(s) => Some((k.clone(), s.clone())),
            other => Some((k.clone(), other.to_string())),
        })
        .collect()
}

#[test]
fn all_official_vectors_match() {
    let file = load();
    let vectors = file["vectors"].as_array().expect("vectors array");
    assert_eq!(vectors.len(), 43);
    assert_eq!(file["count"], 43);
    let mut failures = Vec::new();
    for vector in vectors {
        let id = text(vector, "id");
        let input = &vector["input"];
        let expected = &vector["expected"];
        let secret = text(input, "access_key_secret");
        let signed = v1::sign(text(input, "method"), &params(input), secret);
        let checks = [
            (
                "canonicalized_query_string",
                signed.canonicalized_query_string.clone(),
            ),
            ("string_to_sign", signed.string_to_sign.clone()),
            ("signature", signed.signature.clone()),
            (
                "signature_query_encoded",
                percent_encode(&signed.signature).into_owned(),
            ),
            ("signature_query_encoded", signed.signature_query_encoded()),
            ("hmac_key", format!("{secret}&")),
        ];
        for (field, got) in checks {
            if let Some(want) = expected.get(field).and_then(Value::as_str) {
                if want != got {
                    failures.push(format!("{id}: {field}\n  want {want:?}\n  got  {got:?}"));
                }
            }
        }
        // The expected HMAC key, applied to the expected string-to-sign, gives the expected
        // signature: the key derivation is what the vectors say, not what we assume.
        let mut mac = Hmac::<Sha1>::new_from_slice(text(expected, "hmac_key").as_bytes()).unwrap();
        mac.update(text(expected, "string_to_sign").as_bytes());
        let sig = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
        assert_eq!(
            sig,
            text(expected, "signature"),
            "{id}: vector is self-consistent"
        );
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn sign_accepts_pairs_in_any_order_and_any_string_type() {
    let file = load();
    let vector = &file["vectors"][0];
    let input = &vector["input"];
    let map = params(input);
    let reversed: Vec<(&str, &str)> = map
        .iter()
        .rev()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let a = v1::sign("GET", &map, "testsecret");
    let b = v1::sign("GET", reversed, "testsecret");
    assert_eq!(a, b);
    assert_eq!(a.signature, "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
    assert_eq!(
        a.query_string(),
        format!(
            "{}&Signature=OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D",
            a.canonicalized_query_string
        )
    );
}

#[test]
#[ignore = "upstream suite: set DTS_UPSTREAM_DIR to the shared directory and run with --ignored"]
fn the_vector_copies_are_the_shared_vectors() {
    let dir = std::env::var_os("DTS_UPSTREAM_DIR")
        .expect("DTS_UPSTREAM_DIR must name the directory holding `vectors/`");
    for name in ["signature_v1.json", "signature_v3.json"] {
        let shared = std::path::Path::new(&dir).join("vectors").join(name);
        let ours = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/vectors")
            .join(name);
        assert!(
            std::fs::read(&shared).unwrap() == std::fs::read(&ours).unwrap(),
            "{} differs from {}: copy it again",
            ours.display(),
            shared.display()
        );
    }
}
