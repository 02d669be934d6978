//! Client CPU per call, without the network: percent-encoding, signature V1, building a
//! request (parameters, common parameters, signature, URL), decoding responses, and all of it
//! together for one typical call.
//!
//! ```text
//! cargo bench -p dts-client --bench cpu
//! ```
//!
//! The client has no in-memory transport, so "per call" is the sum of the steps a call runs
//! before and after the socket, each through the same public code the call uses:
//! the generated builder, [`Params`] pushes as the generated `write` makes them,
//! [`Client::presign`] (credentials, timestamp, nonce, sorted pairs, canonical query,
//! HMAC-SHA1, URL; it also copies the pairs out for display, which a call does not, so
//! `request/presign_display_copy` measures that copy alone for `scripts/bench.sh` to subtract),
//! and the body read the way a call reads it (`rt::decode::decode_slice`: the generated
//! `Output` read straight from the bytes, `Success` noted on the way, the body kept for
//! `raw()`). `benches/loopback.rs` measures the same difference over a real socket.
//!
//! The `decode` group also times the ways the body could be read, for comparison: the old
//! reading through a `serde_json::Value` tree, the `Value` parse alone, `serde`'s `IgnoredAny`
//! (the floor of any `serde` visitor reading these bytes) and the runtime reader's own
//! validating skip (its floor).

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use dts_client::operation::describe_dts_job_detail::DescribeDtsJobDetailOutput;
use dts_client::operation::describe_dts_jobs::DescribeDtsJobsOutput;
use dts_client::operation::start_synchronization_job::StartSynchronizationJobOutput;
use dts_client::prelude::*;
use dts_client::rt::decode::{decode_slice, field, Body, Decode, Reader};
use dts_client::rt::{Params, Style};
use dts_client::signing::{percent_encode, v1};
use dts_client::types::SynchronizationDirection;
use serde_json::Value;

#[path = "support/bodies.rs"]
mod bodies;

const JOB: &str = "dtsl3m1213ye7l1234";
const SECRET: &str = "bench-access-key-secret";

/// The pairs one typical call signs: eight common parameters and three of the action's.
fn typical_pairs() -> Vec<(&'static str, &'static str)> {
    vec![
        ("AccessKeyId", "bench-access-key-id"),
        ("Action", "StartSynchronizationJob"),
        ("Format", "JSON"),
        ("RegionId", "cn-hangzhou"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureNonce", "6b1f43c2-93a4-4c57-8a0d-1f0e5a9b7c21"),
        ("SignatureVersion", "1.0"),
        ("SynchronizationDirection", "Forward"),
        ("SynchronizationJobId", JOB),
        ("Timestamp", "2026-01-02T03:04:05Z"),
        ("Version", "2020-01-01"),
    ]
}

fn client() -> Client {
    Client::builder()
        .credentials(Credentials::new("bench-access-key-id", SECRET))
        .endpoint_url("http://127.0.0.1:9/")
        .build()
        .expect("a client with static credentials builds")
}

/// The typed builder, then the parameters as the generated `write` pushes them.
fn build(client: &Client) -> Params {
    let request = client
        .start_synchronization_job(JOB)
        .synchronization_direction(SynchronizationDirection::Forward)
        .region_id("cn-hangzhou");
    let request = black_box(request);
    let mut p = Params::with_capacity(3);
    p.add("SynchronizationJobId", &JOB, Style::Flat);
    p.add("RegionId", &Some("cn-hangzhou"), Style::Flat);
    p.add(
        "SynchronizationDirection",
        &Some(SynchronizationDirection::Forward),
        Style::Flat,
    );
    drop(request);
    p
}

/// The body as a call reads it: straight from the bytes, noting `Success` on the way, the
/// body kept by the output.
fn decode<T: Decode>(body: Vec<u8>) -> Option<T> {
    match decode_slice::<T>(body)? {
        Body::Object(out) => out,
        Body::NotObject => None,
    }
}

/// The body as calls read it before: parse into a `Value`, `Success: false` check, decode.
fn decode_via_value<T: Decode>(body: &[u8]) -> Option<T> {
    let value: Value = serde_json::from_slice(body).ok()?;
    if field::<bool>(&value, "Success") == Some(false) {
        return None;
    }
    T::decode_body(value)
}

fn encoding(c: &mut Criterion) {
    let mut g = c.benchmark_group("percent_encode");
    let json = r#"{"dtstestdata":{"name":"dtstestdata","all":true,"Table":{"order":{"name":"new_order","all":true}}}}"#;
    for (name, input) in [
        ("plain_id", JOB),
        ("timestamp", "2026-01-02T03:04:05Z"),
        ("json_value_104B", json),
    ] {
        g.throughput(Throughput::Bytes(input.len() as u64));
        g.bench_function(name, |b| b.iter(|| percent_encode(black_box(input))));
    }
    g.finish();
}

fn signing(c: &mut Criterion) {
    let pairs = typical_pairs();
    let mut g = c.benchmark_group("sign_v1");
    g.bench_function("typical_11_pairs", |b| {
        b.iter(|| v1::sign("POST", black_box(&pairs).iter().copied(), SECRET))
    });
    g.finish();
}

fn request(c: &mut Criterion) {
    let client = client();
    let mut g = c.benchmark_group("request");
    g.bench_function("build_params", |b| b.iter(|| build(black_box(&client))));
    g.bench_function("presign", |b| {
        b.iter_batched(
            || build(&client),
            |p| client.presign("StartSynchronizationJob", p),
            BatchSize::SmallInput,
        )
    });
    // What `presign` does beyond the send path: copy the sorted pairs out for display.
    let pairs = typical_pairs();
    g.bench_function("presign_display_copy", |b| {
        b.iter(|| {
            let mut shown: Vec<(String, String)> = black_box(&pairs)
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect();
            shown.push(("Signature".to_owned(), String::new()));
            shown
        })
    });
    g.bench_function("build_and_presign", |b| {
        b.iter(|| client.presign("StartSynchronizationJob", build(black_box(&client))))
    });
    g.finish();
}

fn decoding(c: &mut Criterion) {
    let small = bodies::small();
    let large = bodies::large(100);
    let jobs = decode::<DescribeDtsJobsOutput>(large.clone()).map(|out| out.dts_job_list);
    assert!(
        jobs.is_some_and(|j| j.len() == 100 && j.iter().all(|j| j.source_endpoint.is_some())),
        "the large body decodes to 100 jobs with their nested objects"
    );
    // For scripts/bench.sh, which reports the body's size beside its decode time.
    println!("RESULT decode_large_body_bytes {}", large.len());
    let mut g = c.benchmark_group("decode");
    g.throughput(Throughput::Bytes(small.len() as u64));
    g.bench_function("small_typed", |b| {
        b.iter_batched(
            || small.clone(),
            decode::<StartSynchronizationJobOutput>,
            BatchSize::SmallInput,
        )
    });
    g.bench_function("small_typed_via_value", |b| {
        b.iter(|| decode_via_value::<StartSynchronizationJobOutput>(black_box(&small)))
    });
    g.throughput(Throughput::Bytes(large.len() as u64));
    g.bench_function("large_parse_only", |b| {
        b.iter(|| serde_json::from_slice::<Value>(black_box(&large)))
    });
    g.bench_function("large_serde_ignored_any", |b| {
        b.iter(|| serde_json::from_slice::<serde::de::IgnoredAny>(black_box(&large)))
    });
    g.bench_function("large_reader_skip", |b| {
        b.iter(|| {
            let mut r = Reader::new(black_box(&large)).expect("UTF-8");
            (r.skip().is_some(), r.finish())
        })
    });
    g.bench_function("large_100_jobs_typed", |b| {
        b.iter_batched(
            || large.clone(),
            decode::<DescribeDtsJobsOutput>,
            BatchSize::LargeInput,
        )
    });
    g.bench_function("large_100_jobs_typed_via_value", |b| {
        b.iter(|| decode_via_value::<DescribeDtsJobsOutput>(black_box(&large)))
    });
    // The side-by-side script's large answer, as the emulator sends it; timed with the copy of
    // the body a call receives and the drop of the output, as a call pays them.
    let detail = detail_body();
    println!("RESULT decode_detail_body_bytes {}", detail.len());
    g.throughput(Throughput::Bytes(detail.len() as u64));
    g.bench_function("detail_typed_with_drop", |b| {
        b.iter(|| decode::<DescribeDtsJobDetailOutput>(black_box(&detail).clone()).is_some())
    });
    g.finish();
}

/// `DescribeDtsJobDetail`'s answer from the emulator for a synchronizing job (about 23 KB).
fn detail_body() -> Vec<u8> {
    const SEED: &str = r#"{"jobs": [{"job_id": "l3m1213ye7l1234", "instance_id": "dtsl3m1213ye7l1234",
      "kind": "synchronization", "status": "Synchronizing", "topology": "oneway", "region": "cn-hangzhou"}]}"#;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    rt.block_on(async {
        let emulator = dts_emulator::Emulator::builder()
            .credentials("bench-access-key-id", SECRET)
            .seed_json(SEED)
            .start()
            .await
            .expect("the emulator starts");
        let client = Client::builder()
            .credentials(Credentials::new("bench-access-key-id", SECRET))
            .endpoint_url(emulator.url())
            .build()
            .expect("a client");
        let out = client
            .describe_dts_job_detail()
            .dts_job_id("l3m1213ye7l1234")
            .region_id("cn-hangzhou")
            .send()
            .await
            .expect("the emulator describes the seeded job");
        let body = serde_json::to_vec(out.raw()).expect("a Value serializes");
        emulator.shutdown().await;
        body
    })
}

fn per_call(c: &mut Criterion) {
    let client = client();
    let small = bodies::small();
    let mut g = c.benchmark_group("per_call");
    g.bench_function("build_sign_encode_decode", |b| {
        b.iter(|| {
            let signed = client.presign("StartSynchronizationJob", build(&client));
            let out = decode::<StartSynchronizationJobOutput>(black_box(small.clone()));
            (signed.is_ok(), out.is_some())
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
    targets = encoding, signing, request, decoding, per_call
}
criterion_main!(benches);
