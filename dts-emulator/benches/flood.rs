//! A lean load generator: signed V1 calls, all signed before the clock starts, written as raw
//! HTTP/1.1 over keep-alive connections, so that nearly all the CPU goes to the server.
//!
//! ```text
//! dts-emulator --seed seed.json &          # listening on http://127.0.0.1:PORT
//! cargo bench -p dts-emulator --bench flood -- --url http://127.0.0.1:PORT \
//!     [--requests 100000] [--concurrency 64]
//! ```
//!
//! The `load` example measures the same server through `reqwest`, signing each call on the
//! way; on a two-core machine that client costs more CPU per call than the server, so the
//! throughput it sees says as much about the client as about the emulator. Here each
//! connection writes a request, reads its answer (status line, `Content-Length`, body) and
//! writes the next. Every call is `ResetSynchronizationJob` on the seeded job
//! `dtsl3m1213ye7l1234`, signed with the demo key pair, with a nonce unique to this run.
//! Lines starting `RESULT` are what `scripts/bench.sh` reads.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Instant, SystemTime};

use dts_emulator::auth::v1;
use dts_emulator::{DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

const JOB: &str = "dtsl3m1213ye7l1234";

struct Args {
    url: Option<String>,
    requests: usize,
    concurrency: usize,
}

fn args() -> Result<Args, BoxError> {
    let mut out = Args {
        url: None,
        requests: 100_000,
        concurrency: 64,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--url" => out.url = it.next(),
            "--requests" => out.requests = it.next().ok_or("--requests needs a value")?.parse()?,
            "--concurrency" => {
                out.concurrency = it.next().ok_or("--concurrency needs a value")?.parse()?
            }
            // `cargo bench` passes `--bench`; other flags are not ours.
            _ => {}
        }
    }
    out.concurrency = out.concurrency.clamp(1, 512);
    Ok(out)
}

fn main() -> Result<(), BoxError> {
    let args = args()?;
    let Some(url) = args.url else {
        println!("flood: no --url given, nothing to measure (see the file's documentation)");
        return Ok(());
    };
    let addr = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let requests = sign_all(&addr, args.requests);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let elapsed = rt.block_on(flood(&addr, Arc::new(requests), args.concurrency))?;
    let rate = args.requests as f64 / elapsed.as_secs_f64();
    println!(
        "{} requests, {} connections, {:.2} s: {rate:.0} requests/s",
        args.requests,
        args.concurrency,
        elapsed.as_secs_f64()
    );
    println!("RESULT flood_c{}_rate {rate:.0}", args.concurrency);
    Ok(())
}

/// Every request of the run as the bytes to write.
fn sign_all(addr: &str, n: usize) -> Vec<Vec<u8>> {
    let now = humantime::format_rfc3339_seconds(SystemTime::now()).to_string();
    let run = format!("flood-{}-{:016x}", std::process::id(), fastrand::u64(..));
    (0..n)
        .map(|i| {
            let nonce = format!("{run}-{i}");
            let mut params = vec![
                ("AccessKeyId", DEMO_ACCESS_KEY_ID),
                ("Action", "ResetSynchronizationJob"),
                ("Format", "JSON"),
                ("SignatureMethod", "HMAC-SHA1"),
                ("SignatureNonce", nonce.as_str()),
                ("SignatureVersion", "1.0"),
                ("SynchronizationJobId", JOB),
                ("Timestamp", now.as_str()),
                ("Version", "2020-01-01"),
            ];
            let sts = v1::string_to_sign("POST", &v1::canonicalize(params.iter().copied()));
            let signature = v1::sign(DEMO_ACCESS_KEY_SECRET, &sts);
            params.push(("Signature", &signature));
            let query: Vec<String> = params
                .iter()
                .map(|(k, v)| format!("{}={}", v1::percent_encode(k), v1::percent_encode(v)))
                .collect();
            format!(
                "POST /?{} HTTP/1.1\r\nhost: {addr}\r\ncontent-length: 0\r\n\r\n",
                query.join("&")
            )
            .into_bytes()
        })
        .collect()
}

async fn flood(
    addr: &str,
    requests: Arc<Vec<Vec<u8>>>,
    concurrency: usize,
) -> Result<std::time::Duration, BoxError> {
    let mut streams = Vec::with_capacity(concurrency);
    for _ in 0..concurrency {
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        streams.push(stream);
    }
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for mut stream in streams {
        let (requests, next) = (requests.clone(), next.clone());
        tasks.spawn(async move {
            let mut buf = Vec::with_capacity(4096);
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(request) = requests.get(i) else {
                    break;
                };
                stream.write_all(request).await?;
                read_answer(&mut stream, &mut buf).await?;
            }
            Ok::<_, BoxError>(())
        });
    }
    while let Some(done) = tasks.join_next().await {
        done??;
    }
    Ok(started.elapsed())
}

/// Reads one answer; an error unless it is `200` with a `Content-Length` body.
async fn read_answer(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Result<(), BoxError> {
    buf.clear();
    let head_end = loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        read_more(stream, buf).await?;
    };
    let head = std::str::from_utf8(&buf[..head_end])?;
    if !head.starts_with("HTTP/1.1 200") {
        let line = head.lines().next().unwrap_or_default();
        return Err(format!("the emulator answered `{line}`").into());
    }
    let length: usize = head
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .ok_or("an answer without content-length")?;
    while buf.len() < head_end + length {
        read_more(stream, buf).await?;
    }
    Ok(())
}

async fn read_more(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Result<(), BoxError> {
    let mut chunk = [0u8; 4096];
    let n = stream.read(&mut chunk).await?;
    if n == 0 {
        return Err("the emulator closed the connection".into());
    }
    buf.extend_from_slice(&chunk[..n]);
    Ok(())
}
