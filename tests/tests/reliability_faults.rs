//! The client under injected faults: 20 % throttling, 10 % `ServiceUnavailable` (HTTP 503)
//! and 5 % dropped connections, over real loopback HTTP against the emulator.
//!
//! Calls alternate start and suspend on many jobs, choosing each call from the state the
//! client was told about; so every call the emulator runs is allowed (none is denied), and the
//! emulator's final job states must equal what the client's successes predict. The emulator
//! decides a fault when the call arrives, before the signature check or any state change (see
//! `dts_emulator` docs, "Faults"): a faulted attempt, dropped ones included, never applies.
//!
//! Run with `--nocapture` to see the figures RELIABILITY.md quotes.

mod reliability_support;

use std::collections::BTreeMap;
use std::time::Instant;

use dts_client::signing::SignatureVersion;
use dts_client::ErrorKind;
use dts_emulator::{FaultSpec, JobStatus, RunningEmulator, Stats};

use reliability_support::{call, client, emulator, instance, Failure, Op, Path, Report, Tally};

const FAULTS: FaultSpec = FaultSpec {
    throttle: 0.20,
    unavailable: 0.10,
    drop: 0.05,
    latency: std::time::Duration::ZERO,
    seed: 20_260_102,
    ..FaultSpec::none()
};

const MAX_ATTEMPTS: u32 = 4;

/// Checks one failed call against what the emulator saw during it (`before` to `after`).
fn check_failure(f: &Failure, path: Path, before: &Stats, after: &Stats) {
    let made = after.requests - before.requests;
    assert_eq!(u64::from(f.attempts), made, "attempts reported: {f:?}");
    match f.kind {
        ErrorKind::Service => {
            // Only injected faults fail a call: never a refusal by the gateway or the rules.
            let code = f.code.as_deref();
            assert!(
                matches!(code, Some("Throttling.User" | "ServiceUnavailable")),
                "{f:?}"
            );
            assert!(f.retryable, "a transient service error is retryable: {f:?}");
            assert_eq!(f.attempts, MAX_ATTEMPTS, "gave up early: {f:?}");
        }
        ErrorKind::Transport => {
            assert!(
                after.faults.dropped > before.faults.dropped,
                "a transport error without a dropped connection: {f:?}"
            );
            match path {
                // The request may have reached the service and the action is not
                // idempotent: the client must not repeat it, and says so.
                Path::Typed => {
                    assert!(!f.retryable, "{f:?}");
                    assert!(f.attempts <= MAX_ATTEMPTS, "{f:?}");
                }
                Path::Idempotent => {
                    assert!(f.retryable, "{f:?}");
                    assert_eq!(f.attempts, MAX_ATTEMPTS, "{f:?}");
                }
            }
        }
        other => panic!("unexpected error kind {other:?}: {f:?}"),
    }
    assert!(!f.shown.is_empty());
}

fn statuses(emu: &RunningEmulator) -> BTreeMap<String, JobStatus> {
    emu.jobs()
        .into_iter()
        .map(|j| (j.instance_id, j.status))
        .collect()
}

/// `calls` sequential calls over `jobs` jobs along `path`; returns the tally after checking
/// every call and the final state.
async fn sequential(path: Path, version: SignatureVersion, jobs: usize, calls: usize) -> Tally {
    let emu = emulator(jobs, FAULTS).await;
    let client = client(&emu, version, MAX_ATTEMPTS);
    let mut expected: BTreeMap<String, JobStatus> = statuses(&emu);
    let mut tally = Tally::default();
    let started = Instant::now();
    for i in 0..calls {
        let id = instance(i % jobs);
        let op = Op::next(expected[&id]);
        let before = emu.stats();
        let outcome = call(&client, path, op, &id).await;
        let after = emu.stats();
        assert_eq!(after.denied, before.denied, "call {i} was denied");
        assert_eq!(after.rejected, before.rejected, "call {i} was rejected");
        let applied = after.applied - before.applied;
        match outcome {
            Ok(()) => {
                assert_eq!(applied, 1, "call {i} succeeded but was not applied");
                let made = u32::try_from(after.requests - before.requests).unwrap();
                assert!((1..=MAX_ATTEMPTS).contains(&made), "call {i}: {made}");
                expected.insert(id, op.result());
                tally.success(Some(made));
            }
            Err(f) => {
                assert_eq!(applied, 0, "call {i} failed but was applied: {f:?}");
                check_failure(&f, path, &before, &after);
                tally.failure(&f);
            }
        }
    }
    let stats = emu.stats();
    assert_eq!(
        statuses(&emu),
        expected,
        "job states drifted from the client's view"
    );
    assert_eq!(stats.applied, tally.ok);
    let attempts: u64 = tally
        .attempts
        .iter()
        .map(|(n, (ok, failed))| u64::from(*n) * (ok + failed))
        .sum();
    assert_eq!(stats.requests, attempts, "every attempt is accounted for");
    for (kind, n) in [
        ("throttled", stats.faults.throttled),
        ("unavailable", stats.faults.unavailable),
        ("dropped", stats.faults.dropped),
    ] {
        assert!(n > 0, "no {kind} fault was injected: {stats:?}");
    }
    assert!(tally.ok > tally.failed(), "{tally:?}");
    let title = format!("sequential, {path:?} path, signature {version}, {jobs} jobs");
    println!(
        "{}",
        Report {
            title: &title,
            tally: &tally,
            stats,
            elapsed: started.elapsed(),
        }
    );
    emu.shutdown().await;
    tally
}

#[tokio::test]
async fn typed_calls_under_faults_succeed_or_fail_typed_and_state_stays_consistent() {
    let tally = sequential(Path::Typed, SignatureVersion::V1, 50, 1_000).await;
    // Dropped connections end non-idempotent calls at once, marked not retryable.
    assert!(tally.failures.keys().any(|k| k.contains("Transport")));
}

#[tokio::test]
async fn idempotent_calls_under_faults_retry_drops_too() {
    let tally = sequential(Path::Idempotent, SignatureVersion::V1, 50, 1_000).await;
    assert!(tally.failures.keys().all(|k| k.contains("(retryable)")));
}

#[tokio::test]
async fn signature_v3_calls_under_faults_behave_the_same() {
    sequential(Path::Typed, SignatureVersion::V3, 20, 300).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_calls_from_64_tasks_keep_state_consistent() {
    const TASKS: usize = 64;
    const CALLS: usize = 2_000;
    let emu = emulator(TASKS, FAULTS).await;
    let client = client(&emu, SignatureVersion::V1, MAX_ATTEMPTS);
    let started = Instant::now();
    let mut handles = Vec::with_capacity(TASKS);
    for task in 0..TASKS {
        // Each task owns one job, so it alone decides that job's next call; even tasks use
        // the typed methods, odd ones the idempotent path.
        let client = client.clone();
        let calls = CALLS / TASKS + usize::from(task < CALLS % TASKS);
        let path = if task % 2 == 0 {
            Path::Typed
        } else {
            Path::Idempotent
        };
        handles.push(tokio::spawn(async move {
            let id = instance(task);
            let mut status = JobStatus::NotStarted;
            let mut tally = Tally::default();
            for _ in 0..calls {
                let op = Op::next(status);
                match call(&client, path, op, &id).await {
                    Ok(()) => {
                        status = op.result();
                        tally.success(None);
                    }
                    Err(f) => {
                        let expected_retryable =
                            f.kind == ErrorKind::Service || path == Path::Idempotent;
                        assert!(
                            matches!(f.kind, ErrorKind::Service | ErrorKind::Transport),
                            "{f:?}"
                        );
                        assert_eq!(f.retryable, expected_retryable, "{f:?}");
                        if f.retryable {
                            assert_eq!(f.attempts, MAX_ATTEMPTS, "{f:?}");
                        }
                        tally.failure(&f);
                    }
                }
            }
            (id, status, tally)
        }));
    }
    let mut tally = Tally::default();
    let mut expected = BTreeMap::new();
    for handle in handles {
        let (id, status, t) = handle.await.expect("no task panicked");
        expected.insert(id, status);
        tally.merge(&t);
    }
    let stats = emu.stats();
    assert_eq!(tally.calls, CALLS as u64);
    assert_eq!(
        statuses(&emu),
        expected,
        "job states drifted from the client's view"
    );
    assert_eq!(
        stats.applied, tally.ok,
        "successes the emulator did not apply"
    );
    assert_eq!(stats.denied, 0);
    assert_eq!(stats.rejected, 0);
    assert!(stats.requests >= CALLS as u64);
    assert!(stats.faults.total() > 0);
    println!(
        "{}",
        Report {
            title: "concurrent, 64 tasks (32 typed, 32 idempotent), signature v1",
            tally: &tally,
            stats,
            elapsed: started.elapsed(),
        }
    );
    emu.shutdown().await;
}
