//! The `dts-emulator` binary: its stdout contract, exit codes and signal handling.

mod common;

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use dts_emulator::{DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET};

const BIN: &str = env!("CARGO_BIN_EXE_dts-emulator");

fn spawn(args: &[&str]) -> Child {
    Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Runs to completion (bounded, so a hang fails instead of blocking the suite).
fn finish(mut child: Child) -> (ExitStatus, String, String) {
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("dts-emulator did not exit");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut out = String::new();
    let mut err = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    (status, out, err)
}

fn terminate(child: &Child) {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

fn temp_file(name: &str, contents: &str) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("dts-emulator-{}-{name}", std::process::id()));
    std::fs::write(&path, contents).unwrap();
    path
}

#[tokio::test]
async fn prints_the_url_then_the_demo_key_and_stops_on_sigterm() {
    let mut child = spawn(&["--listen", "127.0.0.1:0"]);
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let url = first
        .trim_end()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("first line: {first:?}"))
        .to_owned();
    let port: u16 = url
        .strip_prefix("http://127.0.0.1:")
        .unwrap()
        .parse()
        .unwrap();
    assert_ne!(port, 0);
    let mut second = String::new();
    stdout.read_line(&mut second).unwrap();
    assert_eq!(
        second,
        format!("demo credentials: {DEMO_ACCESS_KEY_ID}:{DEMO_ACCESS_KEY_SECRET}\n")
    );

    let mut params = common::common("ResetSynchronizationJob", DEMO_ACCESS_KEY_ID);
    params.push(("SynchronizationJobId".into(), "dtsnone".into()));
    let a = common::post_query(&url, &common::sign("POST", params, DEMO_ACCESS_KEY_SECRET)).await;
    assert_eq!(a.status, 200, "the demo key is accepted: {}", a.body);
    assert_eq!(a.body["Success"], "false");

    terminate(&child);
    child.stdout = Some(stdout.into_inner());
    let (status, rest, _) = finish(child);
    assert_eq!(status.code(), Some(0), "clean exit on SIGTERM");
    assert_eq!(rest, "");
}

#[tokio::test]
async fn serves_the_seed_file_with_the_given_credentials() {
    let seed = temp_file("seed.json", common::SEED);
    let mut child = spawn(&[
        "--credentials",
        "my-id:my:secret",
        "--seed",
        seed.to_str().unwrap(),
        "--faults",
        "latency=1ms,seed=3",
    ]);
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let url = first
        .trim_end()
        .strip_prefix("listening on ")
        .unwrap()
        .to_owned();
    let listed = common::jobs(&url).await;
    assert_eq!(listed["jobs"].as_array().unwrap().len(), 4);
    assert_eq!(listed["jobs"][0]["job_id"], "l3m1213ye7l1234");

    let mut params = common::common("StartSynchronizationJob", "my-id");
    params.push(("SynchronizationJobId".into(), "dtsl3m1213ye7l1234".into()));
    let a = common::post_query(&url, &common::sign("POST", params, "my:secret")).await;
    assert_eq!(
        a.body["Success"], "true",
        "secret split at the first colon: {}",
        a.body
    );
    let a = common::post_query(
        &url,
        &common::signed("POST", "StartSynchronizationJob", &[]),
    )
    .await;
    assert_eq!(a.code(), "InvalidAccessKeyId.NotFound");

    terminate(&child);
    child.stdout = Some(stdout.into_inner());
    let (status, rest, _) = finish(child);
    assert_eq!(status.code(), Some(0));
    assert_eq!(rest, "", "no demo key line when credentials are given");
    std::fs::remove_file(seed).unwrap();
}

fn assert_usage_error(args: &[&str], needle: &str) {
    let (status, out, err) = finish(spawn(args));
    assert_eq!(status.code(), Some(2), "{args:?}: {err}");
    assert_eq!(out, "", "{args:?}");
    assert!(err.contains(needle), "{args:?}: {err}");
}

#[test]
fn a_malformed_seed_file_exits_2() {
    let bad = temp_file("bad.json", r#"{"jobs": [{"job_id": "x"}]}"#);
    assert_usage_error(&["--seed", bad.to_str().unwrap()], "seed file");
    let dup = temp_file(
        "dup.json",
        &common::SEED.replace("dtsf7a1000failed01", "dtsl3m1213ye7l1234"),
    );
    assert_usage_error(
        &["--seed", dup.to_str().unwrap()],
        "duplicate `instance_id`",
    );
    assert_usage_error(
        &["--seed", "/nonexistent/jobs.json"],
        "cannot read seed file",
    );
    std::fs::remove_file(bad).unwrap();
    std::fs::remove_file(dup).unwrap();
}

#[test]
fn bad_flags_exit_2() {
    assert_usage_error(&["--bogus"], "--bogus");
    assert_usage_error(&["--listen", "nowhere"], "--listen");
    assert_usage_error(&["--credentials", "no-colon"], "ID:SECRET");
    assert_usage_error(&["--faults", "throttle=2"], "throttle");
    assert_usage_error(&["--faults", "explode=0.1"], "unknown fault `explode`");
}
