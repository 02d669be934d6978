//! Runs one parsed command line: build the client, send (or presign) the action, print.

use std::process::ExitCode;
use std::time::Duration;

use crate::aliyun::{Conventions, Failure};
use clap::ArgMatches;
use dts_client::catalog::ActionInfo;
use dts_client::rt::CallOptions;
use dts_client::signing::SignatureVersion;
use dts_client::{Client, Error, ErrorKind};

/// Exit code of a service error.
const EXIT_SERVICE: u8 = 1;
/// Exit code of a usage error (bad flag, bad value, missing credentials or configuration).
const EXIT_USAGE: u8 = 2;
/// Exit code of a transport failure or timeout.
const EXIT_TRANSPORT: u8 = 3;

/// Runs the action selected in `matches` as `conv` asks and returns the process exit code.
pub fn run(catalog: &'static [ActionInfo], matches: &ArgMatches, conv: &Conventions) -> ExitCode {
    let Some((name, sub)) = matches.subcommand() else {
        return usage("no action given; see `dts --help`");
    };
    let Some(action) = catalog.iter().find(|a| crate::app::subcommand(a) == name) else {
        return usage(&format!("unknown action `{name}`"));
    };
    let params = match crate::params::collect(action, sub) {
        Ok(p) => p,
        Err(e) => return usage(&e),
    };
    let client = match build_client(matches) {
        Ok(c) => c,
        Err(e) => return report(&e),
    };
    let facts = crate::aliyun::facts::of(action);
    let params = crate::aliyun::with_region(&facts, params, client.config().region());
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(EXIT_TRANSPORT);
        }
    };
    if matches.get_flag("dry-run") {
        return match runtime.block_on(client.presign_async(action.name(), params)) {
            Ok(req) => {
                println!("{req}");
                ExitCode::SUCCESS
            }
            Err(e) => report(&e),
        };
    }
    let op = action.operation;
    let call = |p| runtime.block_on(client.invoke(op, p, CallOptions::default()));
    let pace = &mut crate::aliyun::waiter::RealPace::start();
    match crate::aliyun::execute(conv, &facts, &params, pace, call) {
        Ok(body) => {
            let text = serde_json::to_string_pretty(&body).unwrap_or_else(|_| body.to_string());
            println!("{text}");
            ExitCode::SUCCESS
        }
        Err(Failure::Call(e)) => report(&e),
        Err(Failure::Exit(code, message)) => {
            eprintln!("error: {message}");
            ExitCode::from(code)
        }
    }
}

pub(crate) fn build_client(matches: &ArgMatches) -> Result<Client, Error> {
    let mut builder = Client::builder();
    if let Some(url) = matches.get_one::<String>("endpoint") {
        builder = builder.endpoint_url(url);
    }
    if let Some(region) = matches.get_one::<String>("region") {
        builder = builder.region(region);
    }
    if let Some(profile) = matches.get_one::<String>("profile") {
        builder = builder.profile(profile);
    }
    if matches.get_one::<String>("signature").map(String::as_str) == Some("v3") {
        builder = builder.signature_version(SignatureVersion::V3);
    }
    let retries = matches.get_one::<u32>("retries").copied().unwrap_or(2);
    builder = builder.max_attempts(retries + 1);
    if let Some(secs) = matches.get_one::<f64>("timeout") {
        builder = builder.timeout(Duration::from_secs_f64(*secs));
    }
    builder.build()
}

fn usage(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(EXIT_USAGE)
}

/// Prints `e` the way the exit code contract says and returns that code.
fn report(e: &Error) -> ExitCode {
    match e.kind() {
        ErrorKind::Service => {
            eprintln!(
                "error: {}: {} (request id {})",
                e.code().unwrap_or("Unknown"),
                e.message(),
                e.request_id().unwrap_or("none")
            );
            ExitCode::from(EXIT_SERVICE)
        }
        ErrorKind::Transport | ErrorKind::Timeout | ErrorKind::Decode => {
            eprintln!("error: {e}");
            ExitCode::from(EXIT_TRANSPORT)
        }
        _ => {
            eprintln!("error: {e}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}
