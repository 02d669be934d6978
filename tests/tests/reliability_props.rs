//! Bounded property tests with a fixed-seed generator (they run in CI; the open-ended search
//! is the cargo-fuzz project in `fuzz/`):
//!
//! - random parameter maps (unicode, `*`, `~`, spaces, `&`, `=`, `+`, `%`, control
//!   characters), signed by the client with V1 and V3, are accepted by the emulator;
//! - random bytes and random JSON never panic the response classification or the typed
//!   decoders, and the classification keeps its promises;
//! - mutated documentation pages, metadata and spec files never panic the importers or the
//!   spec loader.

mod reliability_support;

use std::collections::BTreeSet;
use std::path::Path as FsPath;

use dts_client::rt::{CallOptions, Params};
use dts_client::signing::SignatureVersion;
use dts_client::{ActionError, Client, Credentials, ErrorKind};
use dts_emulator::FaultSpec;
use fastrand::Rng;
use serde_json::{json, Map, Value};

use reliability_support::{client, emulator, instance, scripted_server, Reply};

/// The bundled spec directory, `dts-spec/specs`.
const SPEC_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../dts-spec/specs");

/// Test data of `dts-import`: stand-ins for the seed pages and the metadata's facts-only extract.
const IMPORT_TESTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../dts-import/tests");

/// Pieces random names and values are made of: what encoding gets wrong.
const PIECES: &[&str] = &[
    "a", "Z", "0", "9", "-", "_", ".", "~", "*", " ", "&", "=", "+", "/", "%", "%20", "?", "#",
    ",", ";", ":", "'", "\"", "!", "(", ")", "[", "]", "@", "$", "\\", "数", "é", "ß", "😀",
    "\u{7f}", "\t", "\n", "\u{0}", "\u{feff}", "\u{200b}",
];

fn random_text(rng: &mut Rng, min: usize, max: usize) -> String {
    (0..rng.usize(min..=max))
        .map(|_| PIECES[rng.usize(..PIECES.len())])
        .collect()
}

/// Names the client sets itself or the action reads: random extras must not hit them.
const TAKEN: &[&str] = &[
    "AccessKeyId",
    "Action",
    "Format",
    "SecurityToken",
    "Signature",
    "SignatureMethod",
    "SignatureNonce",
    "SignatureVersion",
    "Timestamp",
    "Version",
    "SynchronizationJobId",
    "SynchronizationDirection",
    "RegionId",
    "AccountId",
];

/// 0 to 6 extra parameters with distinct random names and random values.
fn random_params(rng: &mut Rng) -> Vec<(String, String)> {
    let mut names = BTreeSet::new();
    for _ in 0..rng.usize(0..=6) {
        let name = random_text(rng, 1, 6);
        if !TAKEN.contains(&name.as_str()) {
            names.insert(name);
        }
    }
    names
        .into_iter()
        .map(|n| (n, random_text(rng, 0, 12)))
        .collect()
}

#[tokio::test]
async fn random_parameter_maps_signed_by_the_client_are_accepted() {
    let emu = emulator(1, FaultSpec::none()).await;
    let mut rng = Rng::with_seed(0x5eed_0001);
    let mut sent = 0u64;
    for version in [SignatureVersion::V1, SignatureVersion::V3] {
        let c = client(&emu, version, 1);
        for i in 0..150 {
            let extra = random_params(&mut rng);
            let mut params = Params::default();
            params.push("SynchronizationJobId", instance(0));
            for (k, v) in &extra {
                params.push(k.as_str(), v.as_str());
            }
            let r = c
                .call("ResetSynchronizationJob", params, CallOptions::new())
                .await;
            assert!(r.is_ok(), "{version} #{i} {extra:?}: {r:?}");
            sent += 1;
        }
        // The typed builders' free-text parameters take random values too (`AccountId` is
        // deprecated by the service, but it is the one the emulator does not interpret).
        for i in 0..50 {
            let value = random_text(&mut rng, 0, 16);
            #[allow(deprecated)]
            let r = c
                .reset_synchronization_job(instance(0))
                .account_id(&value)
                .send()
                .await;
            assert!(r.is_ok(), "{version} typed #{i} {value:?}: {r:?}");
            sent += 1;
        }
    }
    let stats = emu.stats();
    assert_eq!((stats.applied, stats.rejected), (sent, 0), "{stats:?}");
    emu.shutdown().await;
}

/// A random JSON value, biased towards the shapes DTS bodies have.
fn random_value(rng: &mut Rng, depth: u32) -> Value {
    match rng.u8(..if depth > 2 { 6 } else { 8 }) {
        0 => Value::Null,
        1 => json!(rng.bool()),
        2 => json!(rng.i64(..)),
        3 => json!(rng.f64() * 1e6 - 5e5),
        4 => {
            let s = ["true", "false", "200", "403", "-1", "%s", ""][rng.usize(..7)];
            json!(s)
        }
        5 => json!(random_text(rng, 0, 10)),
        6 => Value::Array(
            (0..rng.usize(0..4))
                .map(|_| random_value(rng, depth + 1))
                .collect(),
        ),
        _ => Value::Object(random_body(rng, depth + 1)),
    }
}

const KEYS: &[&str] = &[
    "RequestId",
    "Success",
    "ErrCode",
    "ErrMessage",
    "DynamicMessage",
    "DynamicCode",
    "HttpStatusCode",
    "Code",
    "Message",
    "HostId",
    "Recommend",
    "Status",
    "JobId",
];

fn random_body(rng: &mut Rng, depth: u32) -> Map<String, Value> {
    (0..rng.usize(0..7))
        .map(|_| {
            let key = if rng.u8(..8) == 0 {
                random_text(rng, 0, 6)
            } else {
                KEYS[rng.usize(..KEYS.len())].to_owned()
            };
            (key, random_value(rng, depth))
        })
        .collect()
}

fn random_status(rng: &mut Rng) -> u16 {
    [
        200, 200, 200, 204, 400, 403, 404, 429, 500, 502, 503, 0, 99, 999, 65535,
    ][rng.usize(..15)]
}

/// The promises of the classification, whatever the input.
fn check_classification(status: u16, body: &[u8]) {
    match dts_client::classify_response(status, body) {
        Ok(value) => {
            assert!((200..300).contains(&status), "{status} accepted");
            assert_eq!(
                serde_json::from_slice::<Value>(body).ok(),
                Some(value.clone())
            );
            let success = value.get("Success");
            assert!(
                !matches!(success, Some(Value::Bool(false))),
                "Success false accepted"
            );
        }
        Err(e) => {
            assert!(
                matches!(e.kind(), ErrorKind::Service | ErrorKind::Decode),
                "{e:?}"
            );
            assert!(!e.to_string().is_empty());
            assert!(!e.message().is_empty());
            assert!(e.to_string().chars().count() < 400 + body.len());
            if e.kind() == ErrorKind::Decode {
                assert_eq!(e.http_status(), Some(status));
            }
        }
    }
}

#[test]
fn random_bytes_and_bodies_never_panic_the_classification() {
    let mut rng = Rng::with_seed(0x5eed_0002);
    for _ in 0..3_000 {
        let status = random_status(&mut rng);
        let body: Vec<u8> = (0..rng.usize(0..64)).map(|_| rng.u8(..)).collect();
        check_classification(status, &body);
    }
    for _ in 0..3_000 {
        let status = random_status(&mut rng);
        let body = Value::Object(random_body(&mut rng, 0)).to_string();
        check_classification(status, body.as_bytes());
        // Truncated JSON: every prefix on a char boundary.
        let cut = rng.usize(..=body.len());
        if body.is_char_boundary(cut) {
            check_classification(status, &body.as_bytes()[..cut]);
        }
    }
}

#[test]
fn success_false_is_always_a_service_error_with_the_substituted_message() {
    let mut rng = Rng::with_seed(0x5eed_0003);
    for _ in 0..500 {
        let dynamic = random_text(&mut rng, 1, 8);
        let success = ["false", "False", "FALSE"][rng.usize(..3)];
        let body = json!({
            "RequestId": "R",
            "Success": success,
            "ErrCode": "OperationDenied",
            "ErrMessage": "state %s refused",
            "DynamicMessage": dynamic,
            "HttpStatusCode": random_value(&mut rng, 3),
        });
        let e = dts_client::classify_response(200, body.to_string().as_bytes()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Service);
        assert_eq!(e.code(), Some("OperationDenied"));
        assert_eq!(e.message(), format!("state {dynamic} refused"));
        assert!(e.http_status().is_some_and(|s| s >= 100));
    }
}

#[tokio::test]
async fn typed_calls_read_random_responses_without_panicking() {
    let mut rng = Rng::with_seed(0x5eed_0004);
    let replies: Vec<(u16, Vec<u8>)> = (0..200)
        .map(|i| {
            let status = [200, 200, 200, 400, 403, 500, 503][rng.usize(..7)];
            let body = if i % 4 == 0 {
                (0..rng.usize(0..40)).map(|_| rng.u8(..)).collect()
            } else {
                Value::Object(random_body(&mut rng, 0))
                    .to_string()
                    .into_bytes()
            };
            (status, body)
        })
        .collect();
    let url = scripted_server(
        replies
            .iter()
            .map(|(status, body)| Reply::Answer(*status, body.clone()))
            .collect(),
    );
    let c = Client::builder()
        .endpoint_url(url)
        .credentials(Credentials::new("id", "secret"))
        .max_attempts(1)
        .build()
        .unwrap();
    let (mut ok, mut failed) = (0, 0);
    for (i, (status, body)) in replies.iter().enumerate() {
        let result = match i % 3 {
            0 => c
                .start_synchronization_job("j")
                .send()
                .await
                .map(|o| o.request_id)
                .map_err(|e| e.inner().kind()),
            1 => c
                .reset_dts_job()
                .dts_job_id("j")
                .send()
                .await
                .map(|o| o.request_id)
                .map_err(|e| e.inner().kind()),
            _ => c
                .delete_dts_job()
                .dts_job_id("j")
                .send()
                .await
                .map(|o| o.request_id)
                .map_err(|e| e.inner().kind()),
        };
        let classified = dts_client::classify_response(*status, body);
        match result {
            Ok(request_id) => {
                ok += 1;
                let value = classified.expect("typed success means classified success");
                if let Some(Value::String(id)) = value.get("RequestId") {
                    assert_eq!(request_id.as_deref(), Some(id.as_str()));
                }
            }
            Err(kind) => {
                failed += 1;
                assert!(
                    matches!(kind, ErrorKind::Service | ErrorKind::Decode),
                    "#{i}: {kind:?}"
                );
            }
        }
    }
    assert!(ok > 0 && failed > 0, "ok {ok}, failed {failed}");
}

/// Random edits of `text`: byte flips, insertions of pieces, deletions, truncation.
fn mutate_text(rng: &mut Rng, text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..rng.usize(1..=8) {
        if chars.is_empty() {
            break;
        }
        let at = rng.usize(..chars.len());
        match rng.u8(..5) {
            0 => {
                chars.remove(at);
            }
            1 => chars
                .splice(at..at, random_text(rng, 1, 3).chars())
                .for_each(drop),
            2 => chars.truncate(at),
            3 => {
                let other = rng.usize(..chars.len());
                chars.swap(at, other);
            }
            _ => {
                let end = (at + rng.usize(1..80)).min(chars.len());
                let copy: Vec<char> = chars[at..end].to_vec();
                let to = rng.usize(..=chars.len());
                chars.splice(to..to, copy).for_each(drop);
            }
        }
    }
    chars.into_iter().collect()
}

/// Replaces a random node of `value` with a random value, or drops or renames a key.
fn mutate_json(rng: &mut Rng, value: &mut Value) {
    let descend = rng.u8(..3) != 0;
    match value {
        Value::Object(map) if descend && !map.is_empty() => {
            let key = map.keys().nth(rng.usize(..map.len())).unwrap().clone();
            match rng.u8(..6) {
                0 => {
                    map.remove(&key);
                }
                1 => {
                    let v = map.remove(&key).unwrap();
                    map.insert(mutate_text(rng, &key), v);
                }
                _ => mutate_json(rng, map.get_mut(&key).unwrap()),
            }
        }
        Value::Array(items) if descend && !items.is_empty() => {
            let i = rng.usize(..items.len());
            mutate_json(rng, &mut items[i]);
        }
        _ => *value = random_value(rng, 1),
    }
}

#[test]
fn mutated_documentation_pages_never_panic_the_importer() {
    let mut rng = Rng::with_seed(0x5eed_0005);
    let mut paths: Vec<_> = std::fs::read_dir(format!("{IMPORT_TESTS}/seed-pages"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let seeds: Vec<String> = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    assert_eq!(seeds.len(), 5);
    let page = FsPath::new("Fuzzed.txt");
    let mut imported = 0;
    for i in 0..400 {
        let text = if i % 5 == 0 {
            random_text(&mut rng, 0, 200)
        } else {
            mutate_text(&mut rng, &seeds[i % seeds.len()])
        };
        if dts_import::doc::import_page(page, &text).is_ok() {
            imported += 1;
        }
    }
    assert!(imported > 0);
}

/// The 2024 metadata cut down to its `info`, endpoints and three small APIs.
fn small_metadata() -> Value {
    let text = std::fs::read_to_string(format!(
        "{IMPORT_TESTS}/data/dts-2020-01-01.api-docs.2024-08.json"
    ))
    .unwrap();
    let mut full: Value = serde_json::from_str(&text).unwrap();
    let apis = full["apis"].as_object().unwrap();
    let keep: Map<String, Value> = [
        "StartSynchronizationJob",
        "ResetDtsJob",
        "DescribeSynchronizationJobStatusList",
    ]
    .iter()
    .filter_map(|name| apis.get(*name).map(|v| ((*name).to_owned(), v.clone())))
    .collect();
    assert_eq!(keep.len(), 3);
    full["apis"] = Value::Object(keep);
    full
}

#[test]
fn mutated_metadata_never_panics_the_importer() {
    let mut rng = Rng::with_seed(0x5eed_0006);
    let base = small_metadata();
    let mut built = 0;
    for i in 0..300 {
        let mut doc = base.clone();
        for _ in 0..rng.usize(1..=4) {
            mutate_json(&mut rng, &mut doc);
        }
        let mut text = doc.to_string();
        if i % 4 == 0 {
            text = mutate_text(&mut rng, &text);
        }
        if let Ok(import) = dts_import::meta::parse_metadata(&text, "fuzzed.json") {
            let out = dts_import::meta::build(&import, None, &Default::default(), None);
            built += usize::from(!out.actions.is_empty());
        }
    }
    assert!(built > 0);
}

#[test]
fn mutated_spec_files_never_panic_the_loader_and_diagnostics_are_located() {
    let mut rng = Rng::with_seed(0x5eed_0007);
    let dir = FsPath::new(SPEC_DIR);
    let files: Vec<dts_spec::SourceFile> = dts_spec::spec_files(dir)
        .unwrap()
        .into_iter()
        .map(|p| dts_spec::SourceFile {
            path: p
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/"),
            contents: std::fs::read_to_string(&p).unwrap(),
        })
        .collect();
    assert!(dts_spec::load_sources(&files).is_ok());
    let mut rejected = 0;
    for i in 0..400 {
        let mut sources = files.clone();
        let victim = rng.usize(..sources.len());
        let file = &mut sources[victim];
        file.contents = if i % 3 == 0 {
            mutate_text(&mut rng, &file.contents)
        } else {
            let mut v: Value = serde_json::from_str(&file.contents).unwrap();
            mutate_json(&mut rng, &mut v);
            serde_json::to_string_pretty(&v).unwrap()
        };
        if let Err(diags) = dts_spec::load_sources(&sources) {
            rejected += 1;
            assert!(!diags.is_empty());
            for d in &diags {
                let shown = d.to_string();
                assert!(
                    sources
                        .iter()
                        .any(|s| shown.trim_start_matches("warning: ").starts_with(&s.path)),
                    "diagnostic without its file: {shown}"
                );
            }
        }
    }
    assert!(rejected > 100, "{rejected}");
}
