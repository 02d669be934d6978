//! The typed client's half of `scripts/side_by_side.sh`: calls one action on a running
//! emulator over one keep-alive connection, on a current-thread runtime, and prints the CPU
//! time (user + system, of this process) per call.
//!
//! ```text
//! side_by_side URL ID SECRET JOB small|large CALLS
//! ```
//!
//! `small` is `ModifyDtsJobName` (a body of about 100 bytes), `large` is
//! `DescribeDtsJobDetail` (about 23 KB from the emulator). After 200 warm-up calls it times
//! `CALLS` calls and prints `cpu_us_per_call X` (and its `user_us_per_call` and
//! `sys_us_per_call` parts), `wall_us_per_call Y` and `body_bytes Z`.

use std::process::ExitCode;
use std::time::Instant;

use dts_client::prelude::*;

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

async fn call(client: &Client, job: &str, large: bool, n: usize) -> Result<usize, BoxError> {
    if large {
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
        return Err("usage: side_by_side URL ID SECRET JOB small|large CALLS".into());
    };
    let large = match size.as_str() {
        "small" => false,
        "large" => true,
        _ => return Err("the size is `small` or `large`".into()),
    };
    let calls: usize = calls.parse()?;
    let client = Client::builder()
        .credentials(Credentials::new(id.as_str(), secret.as_str()))
        .endpoint_url(url)
        .region("cn-hangzhou")
        .max_attempts(1)
        .build()?;
    let body_bytes = call(&client, job, large, 0).await?;
    for n in 1..200 {
        call(&client, job, large, n).await?;
    }
    let (cpu, wall) = (cpu_us(), Instant::now());
    for n in 1..=calls {
        call(&client, job, large, n).await?;
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
