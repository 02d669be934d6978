//! Loopback throughput of the typed client against the physical limit of its transport: the
//! same `reqwest` settings sending identical pre-signed requests to the same emulator.
//!
//! ```text
//! cargo bench -p dts-client --bench loopback            # 9 rounds per concurrency
//! cargo bench -p dts-client --bench loopback -- --quick # 3 shorter rounds
//! ```
//!
//! An emulator runs in this process on a runtime of its own (one worker thread); the clients
//! run on a current-thread runtime, so on a two-core machine each side has a core. Every call
//! is `ResetSynchronizationJob` on one seeded job, accepted in any state.
//!
//! - **typed**: `client.reset_synchronization_job(JOB).send().await`: builder, parameters,
//!   signature, request, retry loop, tracing span, JSON parse, `Success` check, typed decode.
//! - **raw**: the same `reqwest::Client` settings as the client's transport (connect and
//!   idle timeouts, `User-Agent`, `Accept`, per-request timeout) sending URLs signed by
//!   [`Client::presign`] before the clock starts (one per call: the emulator refuses a
//!   reused nonce), and reading the whole body.
//!
//! Rounds alternate typed and raw (and which goes first), so a change of load on a shared
//! machine hits both alike; the figures are medians over rounds, and the ratio is the median
//! of the per-round ratios. Lines starting `RESULT` are what `scripts/bench.sh` reads.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use dts_client::prelude::*;
use dts_client::rt::Params;
use dts_emulator::{Emulator, RunningEmulator};
use reqwest::header::{HeaderValue, ACCEPT};

const ID: &str = "bench-access-key-id";
const SECRET: &str = "bench-access-key-secret";
const JOB: &str = "dtsl3m1213ye7l1234";
const SEED: &str = r#"{"jobs": [{"job_id": "l3m1213ye7l1234", "instance_id": "dtsl3m1213ye7l1234",
  "kind": "synchronization", "status": "NotStarted", "topology": "oneway", "region": "cn-hangzhou"}]}"#;

/// The client transport's settings (`dts-client/src/transport.rs`), repeated for the baseline.
const USER_AGENT: &str = concat!("dts-client/", env!("CARGO_PKG_VERSION"), " (rust)");
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(50);
const CALL_TIMEOUT: Duration = Duration::from_secs(30);
/// Built once, as the transport builds it: the baseline does no per-request work the client
/// avoids.
const ACCEPT_JSON: HeaderValue = HeaderValue::from_static("application/json");

type BoxError = Box<dyn std::error::Error + Send + Sync>;

struct Plan {
    rounds: usize,
    /// (concurrency, calls per round)
    runs: Vec<(usize, usize)>,
}

impl Plan {
    fn from_args() -> Plan {
        let quick = std::env::args().any(|a| a == "--quick");
        if quick {
            Plan {
                rounds: 3,
                runs: vec![(1, 1_000), (64, 4_000)],
            }
        } else {
            Plan {
                rounds: 9,
                runs: vec![(1, 3_000), (64, 12_000)],
            }
        }
    }
}

fn main() -> Result<(), BoxError> {
    let plan = Plan::from_args();
    let server_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    let emulator: RunningEmulator = server_rt.block_on(
        Emulator::builder()
            .credentials(ID, SECRET)
            .seed_json(SEED)
            .start(),
    )?;
    let client_rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let typed = Client::builder()
        .endpoint_url(emulator.url())
        .credentials(Credentials::new(ID, SECRET))
        .build()?;
    let raw = reqwest::Client::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .pool_idle_timeout(POOL_IDLE_TIMEOUT)
        .user_agent(USER_AGENT)
        .build()?;
    for &(concurrency, calls) in &plan.runs {
        let result = client_rt.block_on(compare(&typed, &raw, concurrency, calls, plan.rounds))?;
        result.print(concurrency, calls, plan.rounds);
    }
    let stats = emulator.stats();
    println!(
        "emulator: {} requests, {} applied, {} rejected",
        stats.requests, stats.applied, stats.rejected
    );
    server_rt.block_on(emulator.shutdown());
    if stats.rejected > 0 {
        return Err(format!("the emulator rejected {} calls", stats.rejected).into());
    }
    Ok(())
}

/// Calls per second of each side in each round.
struct Comparison {
    typed: Vec<f64>,
    raw: Vec<f64>,
}

async fn compare(
    typed: &Client,
    raw: &reqwest::Client,
    concurrency: usize,
    calls: usize,
    rounds: usize,
) -> Result<Comparison, BoxError> {
    // Warm-up: open the connections, fill the allocator's caches.
    run_typed(typed, concurrency, calls / 4).await?;
    run_raw(raw, presign(typed, calls / 4)?, concurrency).await?;
    let mut out = Comparison {
        typed: Vec::with_capacity(rounds),
        raw: Vec::with_capacity(rounds),
    };
    for round in 0..rounds {
        let urls = presign(typed, calls)?;
        let (t, r) = if round % 2 == 0 {
            let t = run_typed(typed, concurrency, calls).await?;
            (t, run_raw(raw, urls, concurrency).await?)
        } else {
            let r = run_raw(raw, urls, concurrency).await?;
            (run_typed(typed, concurrency, calls).await?, r)
        };
        out.typed.push(calls as f64 / t.as_secs_f64());
        out.raw.push(calls as f64 / r.as_secs_f64());
    }
    Ok(out)
}

/// `calls` distinct signed URLs of the call the typed side makes.
fn presign(client: &Client, calls: usize) -> Result<Vec<String>, BoxError> {
    (0..calls)
        .map(|_| {
            let mut params = Params::with_capacity(1);
            params.push("SynchronizationJobId", JOB);
            Ok(client
                .presign("ResetSynchronizationJob", params)?
                .url()
                .to_owned())
        })
        .collect()
}

/// Runs `calls` typed calls from `concurrency` tasks; the time they took.
async fn run_typed(
    client: &Client,
    concurrency: usize,
    calls: usize,
) -> Result<Duration, BoxError> {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..concurrency {
        let (client, next) = (client.clone(), next.clone());
        tasks.spawn(async move {
            while next.fetch_add(1, Ordering::Relaxed) < calls {
                client.reset_synchronization_job(JOB).send().await?;
            }
            Ok::<_, BoxError>(())
        });
    }
    join_all(tasks).await?;
    Ok(started.elapsed())
}

/// Sends every URL once from `concurrency` tasks, reading each body; the time it took.
async fn run_raw(
    http: &reqwest::Client,
    urls: Vec<String>,
    concurrency: usize,
) -> Result<Duration, BoxError> {
    let urls = Arc::new(urls);
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..concurrency {
        let (http, urls, next) = (http.clone(), urls.clone(), next.clone());
        tasks.spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(url) = urls.get(i) else { break };
                let resp = http
                    .post(url.as_str())
                    .header(ACCEPT, ACCEPT_JSON)
                    .timeout(CALL_TIMEOUT)
                    .send()
                    .await?;
                let status = resp.status();
                resp.bytes().await?;
                if !status.is_success() {
                    return Err(format!("raw call answered {status}").into());
                }
            }
            Ok::<_, BoxError>(())
        });
    }
    join_all(tasks).await?;
    Ok(started.elapsed())
}

async fn join_all(mut tasks: tokio::task::JoinSet<Result<(), BoxError>>) -> Result<(), BoxError> {
    while let Some(done) = tasks.join_next().await {
        done??;
    }
    Ok(())
}

fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

impl Comparison {
    fn print(&self, concurrency: usize, calls: usize, rounds: usize) {
        let ratios: Vec<f64> = self
            .typed
            .iter()
            .zip(&self.raw)
            .map(|(t, r)| t / r)
            .collect();
        let (typed, raw, ratio) = (median(&self.typed), median(&self.raw), median(&ratios));
        let (lo, hi) = ratios.iter().fold((f64::INFINITY, 0f64), |(lo, hi), r| {
            (lo.min(*r), hi.max(*r))
        });
        println!(
            "concurrency {concurrency}: {rounds} rounds of {calls} calls: typed {typed:.0} calls/s, \
             raw reqwest {raw:.0} calls/s, typed/raw {ratio:.3} (rounds {lo:.3}..{hi:.3})"
        );
        // What the client adds to each call's latency over the raw request, when one call is
        // in flight: its CPU per call, measured over a real socket.
        if concurrency == 1 {
            let extra_us = (1.0 / typed - 1.0 / raw) * 1e6;
            println!("  typed client adds {extra_us:.1} µs per call at concurrency 1");
            println!("RESULT loopback_c1_extra_us {extra_us:.2}");
        }
        println!("RESULT loopback_c{concurrency}_typed {typed:.0}");
        println!("RESULT loopback_c{concurrency}_raw {raw:.0}");
        println!("RESULT loopback_c{concurrency}_ratio {ratio:.4}");
    }
}
