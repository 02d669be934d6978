//! Request parsing never panics: seeded, bounded property tests of `params::parse_params`
//! (random bytes, percent-encoding edge cases, invalid UTF-8, duplicate keys) and of the V3
//! header parser, then garbage HTTP through a real socket.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use dts_emulator::auth::{v1, v3};
use dts_emulator::params::{parse_params, ParseError, ParsedParams, MAX_PARAMS};
use dts_emulator::Emulator;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

/// Fragments that stress a form decoder.
const PIECES: &[&[u8]] = &[
    b"%",
    b"%2",
    b"%ZZ",
    b"%zz",
    b"%41",
    b"%ff",
    b"%FF",
    b"%C3",
    b"%C3%A9",
    b"%E6%95%B0",
    b"%F0%9F",
    b"%F0%9F%9A%80",
    b"+",
    b"=",
    b"==",
    b"&",
    b"&&",
    b"a",
    b"Action",
    b"Signature",
    b"\xff",
    b"\xc3",
    b"\xe6\x95",
    b"\0",
    b"%00",
    b" ",
    b"\r\n",
    b"~",
    b"*",
    b"%2A",
    b"%7E",
    b"%%",
    b"%+",
    b"%&",
    b"%=",
    b"a=1",
    b"a=2",
    b"Version=2020-01-01",
    "数".as_bytes(),
];

fn garbage(rng: &mut fastrand::Rng, max_parts: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for _ in 0..rng.usize(0..=max_parts) {
        if rng.bool() {
            out.extend_from_slice(PIECES[rng.usize(..PIECES.len())]);
        } else {
            out.extend((0..rng.usize(1..8)).map(|_| rng.u8(..)));
        }
    }
    out
}

fn pair_count(input: &[u8]) -> usize {
    input
        .split(|&b| b == b'&')
        .filter(|p| !p.is_empty())
        .count()
}

fn sorted_query(p: &ParsedParams) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut pairs = p.query_pairs().to_vec();
    pairs.sort();
    pairs
}

#[test]
fn parse_params_is_total_and_its_canonical_form_round_trips() {
    let mut rng = fastrand::Rng::with_seed(0x5EED_0001);
    for case in 0..4000 {
        let query = garbage(&mut rng, 40);
        let body = garbage(&mut rng, 40);
        let parsed = parse_params(&query, &body).unwrap();
        assert_eq!(
            parse_params(&query, &body).unwrap(),
            parsed,
            "deterministic"
        );
        assert_eq!(
            parsed.query_pairs().len(),
            pair_count(&query),
            "case {case}"
        );
        assert!(parsed.len() <= pair_count(&query) + pair_count(&body));
        assert!(parsed.iter().all(|(name, _)| parsed.get(name).is_some()));
        // Re-encoding the decoded query and decoding it again gives back the same bytes.
        let canonical = v3::canonical_query(
            parsed
                .query_pairs()
                .iter()
                .map(|(k, v)| (k.as_slice(), v.as_slice())),
        );
        assert!(canonical.is_ascii(), "case {case}: {canonical}");
        let again = parse_params(canonical.as_bytes(), b"").unwrap();
        assert_eq!(sorted_query(&again), sorted_query(&parsed), "case {case}");
    }
}

fn random_text(rng: &mut fastrand::Rng) -> String {
    const CHARS: &[char] = &[
        'a', 'Z', '0', ' ', '+', '%', '&', '=', '*', '~', '/', '?', '#', '数', 'é', '🚀', '\0',
        '\u{FFFD}', '\n',
    ];
    (0..rng.usize(0..12))
        .map(|_| CHARS[rng.usize(..CHARS.len())])
        .collect()
}

/// Any text encoded with RFC 3986 (or with `+` for spaces, as forms do) decodes back to
/// itself, duplicate names keep their last value, and the body wins over the query.
#[test]
fn encoded_text_decodes_to_itself_and_the_last_value_wins() {
    let mut rng = fastrand::Rng::with_seed(0x5EED_0002);
    for case in 0..2000 {
        let names: Vec<String> = (0..rng.usize(1..4))
            .map(|_| random_text(&mut rng))
            .collect();
        let mut expected = std::collections::BTreeMap::new();
        let mut parts = [Vec::new(), Vec::new()];
        for part in &mut parts {
            for _ in 0..rng.usize(0..8) {
                let name = names[rng.usize(..names.len())].clone();
                let value = random_text(&mut rng);
                let mut encode = |s: &str| {
                    let e = v1::percent_encode(s);
                    if rng.bool() {
                        e.replace("%20", "+")
                    } else {
                        e
                    }
                };
                part.push(format!("{}={}", encode(&name), encode(&value)));
                expected.insert(name, value);
            }
        }
        let [query, body] = parts.map(|p| p.join("&"));
        let parsed = parse_params(query.as_bytes(), body.as_bytes()).unwrap();
        let got: Vec<(&str, &str)> = parsed.iter().collect();
        let want: Vec<(&str, &str)> = expected
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(got, want, "case {case}: {query} | {body}");
    }
}

#[test]
fn the_parameter_count_is_bounded() {
    let mut rng = fastrand::Rng::with_seed(0x5EED_0003);
    for _ in 0..50 {
        let n = rng.usize(MAX_PARAMS - 3..MAX_PARAMS + 3);
        let split = rng.usize(0..=n);
        let q = "k=v&".repeat(split);
        let b = "&x&".repeat(n - split);
        let result = parse_params(q.as_bytes(), b.as_bytes());
        if n <= MAX_PARAMS {
            assert!(result.is_ok(), "{n}");
        } else {
            assert_eq!(
                result,
                Err(ParseError::TooManyParameters { limit: MAX_PARAMS })
            );
        }
    }
}

#[test]
fn authorization_parsing_is_total() {
    let mut rng = fastrand::Rng::with_seed(0x5EED_0004);
    let parts = [
        "ACS3-HMAC-SHA256",
        " ",
        "Credential=",
        "SignedHeaders=",
        "Signature=",
        ",",
        ";",
        "=",
        "host",
        "x-acs-date",
        "id",
        "ab12",
        "  ",
        "ACS3-",
        "数",
        "\u{0}",
    ];
    for _ in 0..3000 {
        let header: String = (0..rng.usize(0..12))
            .map(|_| parts[rng.usize(..parts.len())])
            .collect();
        if let Ok(a) = v3::parse_authorization(&header) {
            assert!(!a.credential.is_empty() && !a.signature.is_empty());
            assert!(a.signed_headers.windows(2).all(|w| w[0] < w[1]), "{header}");
        }
    }
}

/// Garbage requests of several shapes, sent over a socket.
fn hostile_request(rng: &mut fastrand::Rng, addr: &str, valid: &[u8]) -> Vec<u8> {
    match rng.u8(0..5) {
        0 => (0..rng.usize(0..2000)).map(|_| rng.u8(..)).collect(),
        1 => {
            let query = garbage(rng, 30);
            let body = garbage(rng, 30);
            let mut out = b"POST /?".to_vec();
            // Bytes a request target may hold; the rest come as escapes from the pieces.
            out.extend(query.iter().filter(|b| b.is_ascii_graphic() && **b != b'#'));
            out.extend_from_slice(
                format!(
                    " HTTP/1.1\r\nhost: {addr}\r\ncontent-type: application/x-www-form-urlencoded\r\ncontent-length: {}\r\n\r\n",
                    body.len()
                )
                .as_bytes(),
            );
            out.extend_from_slice(&body);
            out
        }
        2 => {
            let auth: Vec<u8> = garbage(rng, 10)
                .into_iter()
                .filter(|&b| b == b'\t' || !(b.is_ascii_control()))
                .collect();
            let mut out = format!(
                "POST /?SynchronizationJobId=x HTTP/1.1\r\nhost: {addr}\r\nx-acs-action: StartSynchronizationJob\r\n\
                 x-acs-version: 2020-01-01\r\nx-acs-date: 2026-01-02T03:04:05Z\r\nx-acs-signature-nonce: n\r\n\
                 authorization: ACS3-HMAC-SHA256 Credential=test-id,SignedHeaders=host;x-acs-date,Signature="
            )
            .into_bytes();
            out.extend_from_slice(&auth);
            out.extend_from_slice(b"\r\ncontent-length: 0\r\n\r\n");
            out
        }
        3 => valid[..rng.usize(0..valid.len())].to_vec(),
        _ => {
            let mut out = valid.to_vec();
            for _ in 0..rng.usize(1..6) {
                let i = rng.usize(..out.len());
                // Mostly bytes that keep the request well-formed HTTP, so the checks behind
                // the HTTP layer see it.
                out[i] = if rng.u8(..4) == 0 {
                    rng.u8(..)
                } else {
                    rng.u8(0x21..0x7F)
                };
            }
            out
        }
    }
}

/// Checks what the server sent on one connection: nothing, or HTTP/1.1 responses whose
/// first one has a JSON body when it has a body at all.
fn check_answer(bytes: &[u8], request: &[u8]) {
    if bytes.is_empty() {
        return;
    }
    let shown = || String::from_utf8_lossy(request).into_owned();
    assert!(
        bytes.starts_with(b"HTTP/1.1 "),
        "{:?} for {}",
        String::from_utf8_lossy(bytes),
        shown()
    );
    let Some(end) = bytes.windows(4).position(|w| w == b"\r\n\r\n") else {
        panic!("a truncated head for {}", shown());
    };
    let head = String::from_utf8_lossy(&bytes[..end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .map_or(0, |v| v.trim().parse().unwrap());
    if length > 0 {
        let body = &bytes[end + 4..end + 4 + length];
        assert!(
            serde_json::from_slice::<serde_json::Value>(body).is_ok(),
            "{} for {}",
            String::from_utf8_lossy(body),
            shown()
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn garbage_over_a_socket_never_panics_the_server() {
    let panics = Arc::new(AtomicUsize::new(0));
    let previous = std::panic::take_hook();
    let counter = panics.clone();
    std::panic::set_hook(Box::new(move |info| {
        counter.fetch_add(1, Ordering::SeqCst);
        previous(info);
    }));

    let emulator = Emulator::builder()
        .credentials(common::ID, common::SECRET)
        .seed_json(common::SEED)
        .start()
        .await
        .unwrap();
    let addr = emulator.addr();
    let signed_call = || {
        let query = common::encode(&common::signed(
            "POST",
            "StartSynchronizationJob",
            &[("SynchronizationJobId", "dtsl3m1213ye7l1234")],
        ));
        format!("POST /?{query} HTTP/1.1\r\nhost: {addr}\r\ncontent-length: 0\r\n\r\n").into_bytes()
    };
    let valid = signed_call();
    let mut rng = fastrand::Rng::with_seed(0x5EED_0005);
    for _ in 0..300 {
        let request = hostile_request(&mut rng, &addr.to_string(), &valid);
        let mut stream = TcpStream::connect(addr).await.unwrap();
        // The server may close before reading everything; that is an answer too.
        let _ = stream.write_all(&request).await;
        let _ = stream.shutdown().await;
        let mut answer = Vec::new();
        let read = tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut answer));
        match read.await {
            Ok(_) => check_answer(&answer, &request),
            Err(_) => panic!("no close for {}", String::from_utf8_lossy(&request)),
        }
    }
    // Still serving, and nothing panicked on the way.
    let answer = common::send_raw(addr, &signed_call()).await.unwrap();
    // (Some mutated copies of the call went through, so the job may have started already.)
    assert_eq!(answer.status, 200, "{}", answer.json());
    assert!(answer.json()["Code"].is_null(), "{}", answer.json());
    assert_eq!(panics.load(Ordering::SeqCst), 0);
    emulator.shutdown().await;
}

#[tokio::test]
async fn too_many_parameters_over_a_socket_are_invalid() {
    let emulator = Emulator::builder().start().await.unwrap();
    let addr = emulator.addr();
    let query = "a=1&".repeat(MAX_PARAMS + 1);
    let request = format!("POST /?{query} HTTP/1.1\r\nhost: {addr}\r\ncontent-length: 0\r\n\r\n");
    let answer = common::send_raw(addr, request.as_bytes()).await.unwrap();
    assert_eq!(answer.status, 400);
    let body = answer.json();
    assert_eq!(body["Code"], "InvalidParameter");
    assert_eq!(
        body["Message"],
        "The request has more than 1024 parameters."
    );
}
