//! The emulator's CPU per request outside the HTTP stack: parsing the query, checking a
//! signature V1, building and serializing the answer.
//!
//! ```text
//! cargo bench -p dts-emulator --bench request
//! ```
//!
//! Whole-server throughput (HTTP included) is measured from another process by
//! `scripts/bench.sh` with the `load` example against the `dts-emulator` binary.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use dts_emulator::auth::v1;
use dts_emulator::params::parse_params;

const SECRET: &str = "demo-access-key-secret";

/// The query a typical V1 call sends, signature included.
fn signed_query() -> String {
    let mut params = vec![
        ("AccessKeyId", "demo-access-key-id"),
        ("Action", "ResetSynchronizationJob"),
        ("Format", "JSON"),
        ("RegionId", "cn-hangzhou"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureNonce", "6b1f43c2-93a4-4c57-8a0d-1f0e5a9b7c21"),
        ("SignatureVersion", "1.0"),
        ("SynchronizationJobId", "dtsl3m1213ye7l1234"),
        ("Timestamp", "2026-01-02T03:04:05Z"),
        ("Version", "2020-01-01"),
    ];
    let sts = v1::string_to_sign("POST", &v1::canonicalize(params.iter().copied()));
    let signature = v1::sign(SECRET, &sts);
    params.push(("Signature", &signature));
    params
        .iter()
        .map(|(k, v)| format!("{}={}", v1::percent_encode(k), v1::percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn request(c: &mut Criterion) {
    let query = signed_query();
    let parsed = parse_params(query.as_bytes(), b"").expect("a short query parses");
    let signature = parsed.get("Signature").unwrap_or_default().to_owned();
    let spec = dts_spec::bundled().expect("the bundled spec loads");
    let action = spec
        .actions
        .iter()
        .find(|a| a.name == "ResetSynchronizationJob")
        .expect("the bundled spec has ResetSynchronizationJob");

    let mut g = c.benchmark_group("emulator");
    g.bench_function("parse_params", |b| {
        b.iter(|| parse_params(black_box(query.as_bytes()), b""))
    });
    // The emulator keys the HMAC once per access key, as here, and checks each call with
    // the canonical forms of its parsed parameters.
    let key = v1::SigningKey::new(SECRET);
    g.bench_function("verify_v1", |b| {
        b.iter(|| {
            let forms = v1::Canonical::of_parsed("POST", black_box(&parsed));
            key.verifies(forms.string_to_sign.as_bytes(), &signature)
        })
    });
    g.bench_function("answer", |b| {
        b.iter(|| {
            let body = dts_emulator::default_response(black_box(action), "request-id");
            serde_json::to_vec(&body)
        })
    });
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
}

criterion_group! {
    name = benches;
    config = config();
    targets = request
}
criterion_main!(benches);
