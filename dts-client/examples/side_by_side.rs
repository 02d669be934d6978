//! The typed client's half of `scripts/side_by_side.sh`: calls one action on a running
//! emulator over one keep-alive connection, on a current-thread runtime, and prints the CPU
//! time (user + system, of this process) per call.
//!
//! ```text
//! side_by_side URL ID SECRET JOB small|large|large-floor CALLS
//! ```
//!
//! `small` is `ModifyDtsJobName` (a body of about 100 bytes), `large` is
//! `DescribeDtsJobDetail` (about 23 KB from the emulator). After 200 warm-up calls it times
//! `CALLS` calls and prints `cpu_us_per_call X` (and its `user_us_per_call` and
//! `sys_us_per_call` parts), `wall_us_per_call Y` and `body_bytes Z`.
//!
//! `large-floor` is the same request with nothing of the typed call but what every client
//! pays: signed by [`Client::presign`], sent by a `reqwest` client with the transport's
//! settings, its body read whole and not decoded. Python's CPU per call over this figure is
//! the best ratio any decoding of the answer could reach on the machine.

use std::process::ExitCode;
use std::time::Instant;

use dts_client::prelude::*;
use dts_client::rt::Params;

type BoxError = Box<dyn std::error::Error>;

/// User and system CPU time of this process, in microseconds.
fn cpu_us() -> (f64, f64) {
    // SAFETY: `getrusage` writes the whole struct it is given; a zeroed `rusage` is valid.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `usage` is a valid, writable `rusage`.
    let rc = unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    assert_eq!(rc, 0, "getrusage(RUSAGE_SELF) cannot fail");
    let us = |t: libc::timeval| t.tv_sec as f64 * 1e6 + t.tv_usec as f64;
    (us(usage.ru_utime), us(usage.ru_stime))
}

/// What is measured: the typed call with a small or a large answer, or the large request
/// signed, sent and read without the typed call.
#[derive(Clone, Copy, PartialEq)]
enum Size {
    Small,
    Large,
    LargeFloor,
}

/// The floor's HTTP client: the transport's settings (`dts-client/src/transport.rs`).
fn floor_http() -> Result<reqwest::Client, BoxError> {
    Ok(reqwest::Client::builder()
        .connect_timeout(std::time::Duration::from_secs(5))
        .pool_idle_timeout(std::time::Duration::from_secs(50))
        .user_agent(concat!("dts-client/", env!("CARGO_PKG_VERSION"), " (rust)"))
        .build()?)
}

async fn floor_call(client: &Client, http: &reqwest::Client, job: &str) -> Result<usize, BoxError> {
    let mut params = Params::with_capacity(2);
    params.push("DtsJobId", job);
    params.push("RegionId", "cn-hangzhou");
    let signed = client.presign("DescribeDtsJobDetail", params)?;
    let resp = http
        .post(signed.url())
        .header(reqwest::header::ACCEPT, "application/json")
        .timeout(std::time::Duration::from_secs(30))
        .send()
        .await?;
    if !resp.status().is_success() {
        return Err(format!("the floor's request was answered {}", resp.status()).into());
    }
    Ok(resp.bytes().await?.len())
}

async fn call(
    client: &Client,
    http: &reqwest::Client,
    job: &str,
    size: Size,
    n: usize,
) -> Result<usize, BoxError> {
    if size == Size::LargeFloor {
        let len = floor_call(client, http, job).await?;
        return Ok(if n == 0 { len } else { 0 });
    }
    if size == Size::Large {
        let out = client
            .describe_dts_job_detail()
            .dts_job_id(job)
            .region_id("cn-hangzhou")
            .send()
            .await?;
        // The first call reports the size of the body (compact, as the emulator sends it).
        Ok(if n == 0 {
            out.raw().to_string().len()
        } else {
            0
        })
    } else {
        let name = if n.is_multiple_of(2) {
            "bench-a"
        } else {
            "bench-b"
        };
        client
            .modify_dts_job_name(job, name)
            .region_id("cn-hangzhou")
            .send()
            .await?;
        Ok(0)
    }
}

async fn run(args: &[String]) -> Result<(), BoxError> {
    let [url, id, secret, job, size, calls] = args else {
        return Err("usage: side_by_side URL ID SECRET JOB small|large|large-floor CALLS".into());
    };
    let size = match size.as_str() {
        "small" => Size::Small,
        "large" => Size::Large,
        "large-floor" => Size::LargeFloor,
        _ => return Err("the size is `small`, `large` or `large-floor`".into()),
    };
    let calls: usize = calls.parse()?;
    let client = Client::builder()
        .credentials(Credentials::new(id.as_str(), secret.as_str()))
        .endpoint_url(url)
        .region("cn-hangzhou")
        .max_attempts(1)
        .build()?;
    let http = floor_http()?;
    let body_bytes = call(&client, &http, job, size, 0).await?;
    for n in 1..200 {
        call(&client, &http, job, size, n).await?;
    }
    let (cpu, wall) = (cpu_us(), Instant::now());
    for n in 1..=calls {
        call(&client, &http, job, size, n).await?;
    }
    let (user, sys) = cpu_us();
    let user = (user - cpu.0) / calls as f64;
    let sys = (sys - cpu.1) / calls as f64;
    let wall = wall.elapsed().as_secs_f64() * 1e6 / calls as f64;
    println!("cpu_us_per_call {:.2}", user + sys);
    println!("user_us_per_call {user:.2}");
    println!("sys_us_per_call {sys:.2}");
    println!("wall_us_per_call {wall:.2}");
    println!("body_bytes {body_bytes}");
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a current-thread runtime");
    match runtime.block_on(run(&args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("side_by_side: {e}");
            ExitCode::FAILURE
        }
    }
}
