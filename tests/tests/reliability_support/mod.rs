//! What the reliability suites share: an emulator seeded with many jobs, a client with tiny
//! backoff, start/suspend calls through the typed and the idempotent paths, and the figures
//! each suite prints.

#![allow(dead_code)] // each test binary uses its own part of this module

use std::collections::BTreeMap;
use std::fmt;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::Duration;

use dts_client::retry::RetryConfig;
use dts_client::rt::{CallOptions, Operation, Params};
use dts_client::signing::SignatureVersion;
use dts_client::{ActionError, Client, Credentials, ErrorKind};
use dts_emulator::{Emulator, FaultSpec, JobStatus, RunningEmulator, Stats};

pub const ID: &str = "reliability-id";
pub const SECRET: &str = "reliability-secret-0123456789";

/// The instance id of job `i` (`SynchronizationJobId`).
pub fn instance(i: usize) -> String {
    format!("dtsrel{i:06}")
}

/// A seed of `n` one-way synchronization jobs, all `NotStarted`.
pub fn seed(n: usize) -> String {
    let jobs: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"job_id": "rel{i:06}", "instance_id": "{}", "kind": "synchronization",
                "status": "NotStarted", "topology": "oneway", "region": "cn-hangzhou"}}"#,
                instance(i)
            )
        })
        .collect();
    format!(r#"{{"jobs": [{}]}}"#, jobs.join(","))
}

pub async fn emulator(jobs: usize, faults: FaultSpec) -> RunningEmulator {
    Emulator::builder()
        .credentials(ID, SECRET)
        .seed_json(&seed(jobs))
        .faults(faults)
        .start()
        .await
        .expect("emulator starts")
}

/// A client for `emulator` making at most `max_attempts` attempts, backing off at most 2 ms.
pub fn client(emulator: &RunningEmulator, version: SignatureVersion, max_attempts: u32) -> Client {
    Client::builder()
        .endpoint_url(emulator.url())
        .credentials(Credentials::new(ID, SECRET))
        .signature_version(version)
        .retry(
            RetryConfig::new()
                .with_max_attempts(max_attempts)
                .with_backoff(Duration::from_micros(200), Duration::from_millis(2)),
        )
        .timeout(Duration::from_secs(20))
        .build()
        .expect("client builds")
}

/// The state change a call asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Start,
    Suspend,
}

impl Op {
    /// The call that moves a job on from `status`: start unless it is synchronizing.
    pub fn next(status: JobStatus) -> Op {
        if status == JobStatus::Synchronizing {
            Op::Suspend
        } else {
            Op::Start
        }
    }

    /// The status a successful call leaves the job in.
    pub fn result(self) -> JobStatus {
        match self {
            Op::Start => JobStatus::Synchronizing,
            Op::Suspend => JobStatus::Suspending,
        }
    }
}

/// How a call is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Path {
    /// The generated methods; the spec does not mark these actions idempotent, so a dropped
    /// connection is not retried.
    Typed,
    /// `Client::invoke` with the operation declared idempotent, so a dropped connection is
    /// retried like any other transient failure.
    Idempotent,
}

static START_IDEMPOTENT: Operation = Operation {
    action: "StartSynchronizationJob",
    method: "POST",
    idempotent: true,
};

static SUSPEND_IDEMPOTENT: Operation = Operation {
    action: "SuspendSynchronizationJob",
    method: "POST",
    idempotent: true,
};

/// A failed call as the client reported it.
#[derive(Debug, Clone)]
pub struct Failure {
    pub kind: ErrorKind,
    pub code: Option<String>,
    pub retryable: bool,
    pub attempts: u32,
    pub shown: String,
}

impl Failure {
    fn of(e: &dyn ActionError) -> Failure {
        let inner = e.inner();
        Failure {
            kind: inner.kind(),
            code: inner.code().map(str::to_owned),
            retryable: inner.is_retryable(),
            attempts: inner.attempts(),
            shown: e.to_string(),
        }
    }
}

/// Sends `op` for job `instance` along `path`.
pub async fn call(client: &Client, path: Path, op: Op, instance: &str) -> Result<(), Failure> {
    match (path, op) {
        (Path::Typed, Op::Start) => client
            .start_synchronization_job(instance)
            .send()
            .await
            .map(drop)
            .map_err(|e| Failure::of(&e)),
        (Path::Typed, Op::Suspend) => client
            .suspend_synchronization_job(instance)
            .send()
            .await
            .map(drop)
            .map_err(|e| Failure::of(&e)),
        (Path::Idempotent, op) => {
            let operation = match op {
                Op::Start => &START_IDEMPOTENT,
                Op::Suspend => &SUSPEND_IDEMPOTENT,
            };
            let mut params = Params::default();
            params.push("SynchronizationJobId", instance);
            client
                .invoke(operation, params, CallOptions::new())
                .await
                .map(drop)
                .map_err(|e| Failure::of(&e))
        }
    }
}

/// What the client was told, tallied.
#[derive(Debug, Default, Clone)]
pub struct Tally {
    pub calls: u64,
    pub ok: u64,
    /// Failures by `kind/code/retryable`.
    pub failures: BTreeMap<String, u64>,
    /// Calls by attempts made: (succeeded, failed).
    pub attempts: BTreeMap<u32, (u64, u64)>,
}

impl Tally {
    pub fn success(&mut self, attempts: Option<u32>) {
        self.calls += 1;
        self.ok += 1;
        if let Some(n) = attempts {
            self.attempts.entry(n).or_default().0 += 1;
        }
    }

    pub fn failure(&mut self, f: &Failure) {
        self.calls += 1;
        let key = format!(
            "{:?} {} ({})",
            f.kind,
            f.code.as_deref().unwrap_or("-"),
            if f.retryable {
                "retryable"
            } else {
                "not retryable"
            }
        );
        *self.failures.entry(key).or_default() += 1;
        self.attempts.entry(f.attempts).or_default().1 += 1;
    }

    pub fn merge(&mut self, other: &Tally) {
        self.calls += other.calls;
        self.ok += other.ok;
        for (k, n) in &other.failures {
            *self.failures.entry(k.clone()).or_default() += n;
        }
        for (k, (a, b)) in &other.attempts {
            let e = self.attempts.entry(*k).or_default();
            e.0 += a;
            e.1 += b;
        }
    }

    pub fn failed(&self) -> u64 {
        self.calls - self.ok
    }
}

/// The figures of one run, as printed with `--nocapture` and copied into RELIABILITY.md.
pub struct Report<'a> {
    pub title: &'a str,
    pub tally: &'a Tally,
    pub stats: Stats,
    pub elapsed: Duration,
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (t, s) = (self.tally, &self.stats);
        writeln!(f, "== {} ({:.2?})", self.title, self.elapsed)?;
        writeln!(
            f,
            "calls {}: succeeded {}, failed {}",
            t.calls,
            t.ok,
            t.failed()
        )?;
        writeln!(
            f,
            "emulator: requests {}, throttled {}, unavailable {}, dropped {}, applied {}, denied {}, rejected {}",
            s.requests,
            s.faults.throttled,
            s.faults.unavailable,
            s.faults.dropped,
            s.applied,
            s.denied,
            s.rejected
        )?;
        for (kind, n) in &t.failures {
            writeln!(f, "failure {kind}: {n}")?;
        }
        if !t.attempts.is_empty() {
            writeln!(f, "attempts | succeeded | failed")?;
            for (n, (ok, failed)) in &t.attempts {
                writeln!(f, "{n:>8} | {ok:>9} | {failed:>6}")?;
            }
        }
        Ok(())
    }
}

/// What the scripted server does with one request.
#[derive(Debug, Clone)]
pub enum Reply {
    /// Answers with this status and body.
    Answer(u16, Vec<u8>),
    /// Answers with this status and an HTML page quoting the request head, as some proxies do.
    EchoRequest(u16),
    /// Reads the request and answers nothing for this long, then closes.
    Hang(Duration),
}

/// A one-thread HTTP/1.1 server on 127.0.0.1 handling one connection per reply, in order; the
/// thread ends after the last. Returns its base URL.
pub fn scripted_server(replies: Vec<Reply>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    let url = format!("http://{}", listener.local_addr().expect("local addr"));
    std::thread::spawn(move || {
        for reply in replies {
            let Ok((mut stream, _)) = listener.accept() else {
                return;
            };
            let mut buf = [0u8; 8192];
            let mut head = Vec::new();
            while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => head.extend_from_slice(&buf[..n]),
                }
            }
            let (status, body) = match reply {
                Reply::Answer(status, body) => (status, body),
                Reply::EchoRequest(status) => {
                    let quoted = String::from_utf8_lossy(&head);
                    (
                        status,
                        format!("<html><body><pre>{quoted}</pre></body></html>").into_bytes(),
                    )
                }
                Reply::Hang(time) => {
                    std::thread::sleep(time);
                    continue;
                }
            };
            let head = format!(
                "HTTP/1.1 {status} X\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    url
}
