//! `dts-emulator`: a local DTS server for tests and demos.

use std::io::Write as _;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use std::time::Duration;

use clap::Parser;
use dts_emulator::{Emulator, FaultSpec, Seed, Timing, DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET};

/// A local Alibaba Cloud DTS server: signature checks, job state, fault injection.
#[derive(Debug, Parser)]
#[command(name = "dts-emulator", version)]
struct Args {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:0")]
    listen: SocketAddr,
    /// An accepted AccessKey pair (repeatable); without any, the demo pair is accepted.
    #[arg(long = "credentials", value_name = "ID:SECRET", value_parser = parse_credentials)]
    credentials: Vec<(String, String)>,
    /// The jobs to start with: {"jobs": [{"job_id", "instance_id", "kind", "status", "topology", "region"}]}.
    #[arg(long, value_name = "JOBS.json")]
    seed: Option<PathBuf>,
    /// Faults to inject, e.g. throttle=0.2,unavailable=0.1,latency=50ms,drop=0.05,seed=42
    /// (drop_after and fail_after strike after the action is applied).
    #[arg(long, value_name = "SPEC")]
    faults: Option<FaultSpec>,
    /// How long each phase of a started job lasts (precheck, initialization...); 0s makes
    /// a started job run at once.
    #[arg(long, value_name = "DURATION", default_value = "1s", value_parser = parse_duration)]
    phase_duration: Duration,
    /// Refuse actions the emulator does not model instead of answering their sample.
    #[arg(long)]
    strict: bool,
}

fn parse_duration(s: &str) -> Result<Duration, String> {
    humantime::parse_duration(s).map_err(|e| e.to_string())
}

fn parse_credentials(s: &str) -> Result<(String, String), String> {
    match s.split_once(':') {
        Some((id, secret)) if !id.is_empty() => Ok((id.to_owned(), secret.to_owned())),
        _ => Err("expected ID:SECRET with a non-empty ID".to_owned()),
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    let seed = match &args.seed {
        Some(path) => match read_seed(path) {
            Ok(seed) => seed,
            Err(message) => return usage_error(&message),
        },
        None => Seed::default(),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(run(args, seed))
}

fn read_seed(path: &std::path::Path) -> Result<Seed, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read seed file {}: {e}", path.display()))?;
    Seed::from_json(&text).map_err(|e| format!("seed file {}: {e}", path.display()))
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

async fn run(args: Args, seed: Seed) -> ExitCode {
    let demo = args.credentials.is_empty();
    let mut builder = Emulator::builder()
        .listen(args.listen)
        .seed(seed)
        .timing(Timing {
            phase: args.phase_duration,
        })
        .strict(args.strict)
        .faults(args.faults.unwrap_or_default());
    for (id, secret) in args.credentials {
        builder = builder.credentials(id, secret);
    }
    let stop = match shutdown_signal() {
        Ok(stop) => stop,
        Err(e) => {
            eprintln!("error: cannot listen for signals: {e}");
            return ExitCode::FAILURE;
        }
    };
    let emulator = match builder.start().await {
        Ok(emulator) => emulator,
        Err(e @ dts_emulator::Error::Bind { .. }) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
        Err(e) => return usage_error(&e.to_string()),
    };
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "listening on {}", emulator.url());
    if demo {
        let _ = writeln!(
            out,
            "demo credentials: {DEMO_ACCESS_KEY_ID}:{DEMO_ACCESS_KEY_SECRET}"
        );
    }
    let _ = out.flush();
    drop(out);
    stop.await;
    emulator.shutdown().await;
    ExitCode::SUCCESS
}

/// Resolves on Ctrl-C (SIGINT) or SIGTERM; the handlers are installed before this returns.
#[cfg(unix)]
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
    })
}

/// Resolves on Ctrl-C.
#[cfg(not(unix))]
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}
