//! Load generator: N signed calls from C concurrent tasks against an emulator; prints the
//! throughput and latency percentiles.
//!
//! ```text
//! cargo run --release -p dts-emulator --example load -- --requests 20000 --concurrency 16
//! cargo run --release -p dts-emulator --example load -- --signature v3
//! cargo run --release -p dts-emulator --example load -- --url http://127.0.0.1:PORT \
//!     --credentials ID:SECRET --job dtsl3m1213ye7l1234
//! ```
//!
//! Without `--url` it starts an emulator in the same process (on its own runtime threads as
//! the clients) seeded with one job. Every call is `ResetSynchronizationJob` on that job, which
//! the emulator accepts in any state, so each one runs the whole path: parsing, signature
//! check, nonce memory, state rule, response. The work is fixed: task `i` sends calls
//! `i, i + C, i + 2C, ...` below N. Every call is signed and built before the clock starts
//! (one timestamp for the run, which the emulator accepts for 15 minutes), so the timed loop
//! only sends; nonces are `load-<process id>-<random>-<n>`, so runs started in the same second
//! do not collide.

use std::time::{Duration, Instant, SystemTime};

use clap::Parser;
use dts_emulator::auth::{v1, v3};
use dts_emulator::{Emulator, DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET};
use reqwest::header::HeaderValue;
use reqwest::{Method, Request, Url};

/// Upper bound on `--requests`, below the emulator's default nonce memory.
const MAX_REQUESTS: usize = 1_000_000;

/// Upper bound on `--concurrency`, below the emulator's default connection cap.
const MAX_CONCURRENCY: usize = 256;

const SEED: &str = r#"{"jobs": [{"job_id": "l3m1213ye7l1234", "instance_id": "dtsl3m1213ye7l1234",
  "kind": "synchronization", "status": "NotStarted", "topology": "oneway", "region": "cn-hangzhou"}]}"#;

/// Signed calls against a DTS emulator, to measure its throughput.
#[derive(Debug, Parser)]
#[command(name = "load")]
struct Args {
    /// The emulator to load; without it one is started in this process.
    #[arg(long)]
    url: Option<String>,
    /// The key pair to sign with (the demo pair by default).
    #[arg(long, value_name = "ID:SECRET")]
    credentials: Option<String>,
    /// The synchronization job (`SynchronizationJobId`) to reset.
    #[arg(long, default_value = "dtsl3m1213ye7l1234")]
    job: String,
    /// How many calls in all (at most 1,000,000).
    #[arg(long, default_value_t = 10_000)]
    requests: usize,
    /// How many tasks send calls at once, each on its own keep-alive connection (at most 256).
    #[arg(long, default_value_t = 8)]
    concurrency: usize,
    /// The signature version: v1 (HMAC-SHA1) or v3 (ACS3-HMAC-SHA256).
    #[arg(long, default_value = "v1", value_parser = ["v1", "v3"])]
    signature: String,
}

struct Target {
    url: String,
    host: String,
    id: String,
    secret: String,
    job: String,
    v3: bool,
    /// Unique to this run: the prefix of its nonces.
    run: String,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let requests = args.requests.min(MAX_REQUESTS);
    let concurrency = args.concurrency.clamp(1, MAX_CONCURRENCY);
    let (id, secret) = match &args.credentials {
        Some(pair) => pair
            .split_once(':')
            .map(|(i, s)| (i.to_owned(), s.to_owned()))
            .ok_or("--credentials must be ID:SECRET")?,
        None => (
            DEMO_ACCESS_KEY_ID.to_owned(),
            DEMO_ACCESS_KEY_SECRET.to_owned(),
        ),
    };
    let server_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    let emulator = match &args.url {
        Some(_) => None,
        None => Some(
            server_rt.block_on(
                Emulator::builder()
                    .credentials(id.as_str(), secret.as_str())
                    .seed_json(SEED)
                    .start(),
            )?,
        ),
    };
    let url = match (&args.url, &emulator) {
        (Some(url), _) => url.trim_end_matches('/').to_owned(),
        (None, Some(e)) => e.url(),
        (None, None) => unreachable!("an emulator is started when no URL is given"),
    };
    let host = url
        .split_once("://")
        .map_or(url.as_str(), |(_, rest)| rest)
        .to_owned();
    let target = Target {
        url,
        host,
        id,
        secret,
        job: args.job.clone(),
        v3: args.signature == "v3",
        run: format!("load-{}-{:016x}", std::process::id(), fastrand::u64(..)),
    };
    let calls = sign_all(&target, requests, concurrency)?;
    let client_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    let (elapsed, mut latencies, statuses) = client_rt.block_on(drive(calls, requests));

    latencies.sort_unstable();
    let pct = |p: usize| {
        latencies
            .get((latencies.len() * p / 100).min(latencies.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    let secs = elapsed.as_secs_f64().max(f64::EPSILON);
    println!(
        "{} requests, {} concurrent, signature {}, {:.2} s: {:.0} requests/s",
        requests,
        concurrency,
        args.signature,
        secs,
        requests as f64 / secs
    );
    println!(
        "latency p50 {:?}, p90 {:?}, p99 {:?}, max {:?}",
        pct(50),
        pct(90),
        pct(99),
        latencies.last().copied().unwrap_or_default()
    );
    let mut statuses: Vec<_> = statuses.into_iter().collect();
    statuses.sort_unstable();
    let shown: Vec<String> = statuses.iter().map(|(s, n)| format!("{s}: {n}")).collect();
    println!("answers: {}", shown.join(", "));
    if let Some(emulator) = emulator {
        let stats = emulator.stats();
        println!(
            "emulator: {} requests, {} applied, {} rejected",
            stats.requests, stats.applied, stats.rejected
        );
        server_rt.block_on(emulator.shutdown());
    }
    let failed: usize = statuses
        .iter()
        .filter(|(s, _)| s != "200")
        .map(|(_, n)| n)
        .sum();
    if failed > 0 {
        return Err(format!("{failed} calls were not answered 200").into());
    }
    Ok(())
}

type Outcome = (
    Duration,
    Vec<Duration>,
    std::collections::BTreeMap<String, usize>,
);

/// Every call of the run, signed, as `concurrency` lists: task `i` gets calls
/// `i, i + C, i + 2C, ...`.
fn sign_all(
    target: &Target,
    requests: usize,
    concurrency: usize,
) -> Result<Vec<Vec<Request>>, Box<dyn std::error::Error>> {
    let now = humantime::format_rfc3339_seconds(SystemTime::now()).to_string();
    let key = v1::SigningKey::new(&target.secret);
    let mut tasks: Vec<Vec<Request>> = (0..concurrency)
        .map(|_| Vec::with_capacity(requests / concurrency + 1))
        .collect();
    for n in 0..requests {
        let nonce = format!("{}-{n}", target.run);
        let call = if target.v3 {
            sign_v3(target, &nonce, &now)?
        } else {
            sign_v1(target, &key, &nonce, &now)?
        };
        tasks[n % concurrency].push(call);
    }
    Ok(tasks)
}

fn sign_v1(
    t: &Target,
    key: &v1::SigningKey,
    nonce: &str,
    now: &str,
) -> Result<Request, Box<dyn std::error::Error>> {
    let params = [
        ("Action", "ResetSynchronizationJob"),
        ("Version", "2020-01-01"),
        ("AccessKeyId", t.id.as_str()),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureVersion", "1.0"),
        ("SignatureNonce", nonce),
        ("Timestamp", now),
        ("SynchronizationJobId", t.job.as_str()),
    ];
    let canonical = v1::Canonical::new("POST", params);
    let signature = key.sign(canonical.string_to_sign.as_bytes());
    // The canonical query is the encoded parameters already, in an order as good as any.
    let url = format!(
        "{}/?{}&Signature={}",
        t.url,
        canonical.query,
        v1::percent_encode(&signature)
    );
    Ok(Request::new(Method::POST, Url::parse(&url)?))
}

fn sign_v3(t: &Target, nonce: &str, now: &str) -> Result<Request, Box<dyn std::error::Error>> {
    let job = ("SynchronizationJobId", t.job.as_str());
    let payload = v3::sha256_hex(b"");
    let headers = [
        ("host", t.host.as_str()),
        ("x-acs-action", "ResetSynchronizationJob"),
        ("x-acs-content-sha256", payload.as_str()),
        ("x-acs-date", now),
        ("x-acs-signature-nonce", nonce),
        ("x-acs-version", "2020-01-01"),
    ];
    let signed: Vec<String> = headers.iter().map(|(n, _)| (*n).to_owned()).collect();
    let canonical = v3::canonical_request(
        "POST",
        &v3::canonical_query([(job.0.as_bytes(), job.1.as_bytes())]),
        &v3::canonical_headers(&signed, headers.iter().map(|(n, v)| (*n, v.as_bytes()))),
        &signed,
        &payload,
    );
    let signature = v3::sign(&t.secret, &v3::string_to_sign(&canonical));
    let url = Url::parse(&format!("{}/?{}", t.url, encode(&[job])))?;
    let mut request = Request::new(Method::POST, url);
    let authorization = v3::authorization(&t.id, &signed, &signature);
    let map = request.headers_mut();
    // reqwest sends the same host value itself.
    for (name, value) in &headers[1..] {
        map.insert(*name, HeaderValue::from_str(value)?);
    }
    map.insert("authorization", HeaderValue::from_str(&authorization)?);
    Ok(request)
}

/// Sends each task's calls in order on its own connection; the clock starts here, after
/// signing.
async fn drive(calls: Vec<Vec<Request>>, requests: usize) -> Outcome {
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for calls in calls {
        tasks.spawn(async move {
            // One client per task: one keep-alive connection each.
            let client = reqwest::Client::builder()
                .pool_max_idle_per_host(1)
                .timeout(Duration::from_secs(30))
                .build()
                .unwrap_or_default();
            let mut latencies = Vec::with_capacity(calls.len());
            let mut statuses = Vec::with_capacity(calls.len());
            for request in calls {
                let t = Instant::now();
                let status = match client.execute(request).await {
                    Ok(resp) => {
                        let status = resp.status().as_u16().to_string();
                        let _ = resp.bytes().await;
                        status
                    }
                    Err(e) if e.is_timeout() => "timeout".to_owned(),
                    Err(_) => "connection error".to_owned(),
                };
                latencies.push(t.elapsed());
                statuses.push(status);
            }
            (latencies, statuses)
        });
    }
    let mut latencies = Vec::with_capacity(requests);
    let mut counts = std::collections::BTreeMap::new();
    while let Some(Ok((l, s))) = tasks.join_next().await {
        latencies.extend(l);
        for status in s {
            *counts.entry(status).or_insert(0) += 1;
        }
    }
    (started.elapsed(), latencies, counts)
}

fn encode(params: &[(&str, &str)]) -> String {
    params
        .iter()
        .map(|(k, v)| format!("{}={}", v1::percent_encode(k), v1::percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}
