//! Signature V1 and V3 over arbitrary parameters and headers: no panic, and the canonical
//! query is the percent-encoding of exactly what was given.

#![no_main]

use dts_client::signing::{percent_encode, v1, v3};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('\0');
    let secret = parts.next().unwrap_or_default().to_owned();
    let pairs: Vec<(String, String)> = parts
        .take(64)
        .map(|p| match p.split_once('\u{1}') {
            Some((k, v)) => (k.to_owned(), v.to_owned()),
            None => (p.to_owned(), String::new()),
        })
        .collect();
    let borrowed: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let signed = v1::sign("POST", borrowed.iter().copied(), &secret);
    assert_eq!(
        signed.string_to_sign,
        format!(
            "POST&%2F&{}",
            percent_encode(&signed.canonicalized_query_string)
        )
    );
    let encoded = signed.canonicalized_query_string.len();
    let raw: usize = pairs.iter().map(|(k, v)| k.len() + v.len() + 1).sum();
    assert!(encoded + 1 >= raw);
    let signed = v3::sign(
        "POST",
        borrowed.iter().copied(),
        borrowed.iter().copied(),
        b"",
        &secret,
    );
    assert_eq!(signed.signature.len(), 64);
    assert!(signed.canonical_query.bytes().all(|b| b.is_ascii_graphic()));
});
