//! Secrets never leak: every `Debug` and `Display` string and every tracing event, across a
//! success, each kind of error, retries and presigned requests (what `dts --dry-run` prints),
//! under signatures V1 and V3 with an STS token configured, is free of the AccessKey secret and
//! the security token, in any encoding. Malformed credential files name the file and line and
//! never echo what they hold.
//!
//! Its own test binary: the capturing subscriber is the process's global default, so it sees
//! the events of every runtime thread.

mod reliability_support;
#[path = "secrets_support/sources.rs"]
mod sources;

use std::error::Error as StdError;
use std::fmt::{Debug, Display};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use dts_client::credentials::{CliProfile, DefaultChain, EnvVars, Environment, IniProfile};
use dts_client::rt::{CallOptions, Params};
use dts_client::signing::{percent_encode, SignatureVersion};
use dts_client::{ActionError, Client, ClientBuilder, Credentials, ErrorKind, ProvideCredentials};
use dts_emulator::{Emulator, FaultSpec, RunningEmulator};
use tracing_subscriber::fmt::format::FmtSpan;

use reliability_support::{instance, scripted_server, seed, Reply, ID};

const SECRET: &str = "secretAlphaPart-9f8e7d6c5b4a";
const WRONG_SECRET: &str = "wrongSecretPart-0a1b2c3d4e5f";
const TOKEN: &str = "STS.tokenAlphaPart+tokenBetaPart/tokenGammaPart==";

/// Every form in which a secret could show: as is, percent-encoded once and twice (query,
/// V1 string-to-sign), and each of its long alphanumeric runs (any other encoding).
fn forbidden() -> Vec<String> {
    let mut out = Vec::new();
    for s in [SECRET, WRONG_SECRET, TOKEN] {
        out.push(s.to_owned());
        let once = percent_encode(s).into_owned();
        out.push(percent_encode(&once).into_owned());
        out.push(once);
        out.extend(
            s.split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|run| run.len() >= 8)
                .map(str::to_owned),
        );
    }
    out
}

#[derive(Clone, Default)]
struct Sink(Arc<Mutex<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The trace output of the whole test binary, every level, span opens and closes included.
fn logs() -> &'static Sink {
    static LOGS: OnceLock<Sink> = OnceLock::new();
    LOGS.get_or_init(|| {
        let sink = Sink::default();
        let writer = sink.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_span_events(FmtSpan::FULL)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("first subscriber");
        sink
    })
}

/// Everything a test showed, checked at the end.
#[derive(Default)]
struct Seen(Vec<(String, String)>);

impl Seen {
    fn show<T: Debug + Display + ?Sized>(&mut self, what: &str, value: &T) {
        self.0
            .push((format!("{what} (display)"), value.to_string()));
        self.debug(what, value);
    }

    fn debug<T: Debug + ?Sized>(&mut self, what: &str, value: &T) {
        self.0
            .push((format!("{what} (debug)"), format!("{value:?}")));
    }

    /// An error's `Display`, `Debug` and every source's.
    fn error(&mut self, what: &str, e: &(dyn StdError + 'static)) {
        self.show(what, e);
        let mut source = e.source();
        while let Some(s) = source {
            self.show(&format!("{what} source"), s);
            source = s.source();
        }
    }

    fn assert_clean(&self) {
        let logs = String::from_utf8_lossy(&logs().0.lock().unwrap()).into_owned();
        let forbidden = forbidden();
        for (what, text) in self.0.iter().chain([&("trace output".to_owned(), logs)]) {
            for f in &forbidden {
                assert!(!text.contains(f.as_str()), "{what} shows `{f}`:\n{text}");
            }
        }
        assert!(!self.0.is_empty());
        println!(
            "{} strings checked against {} forbidden forms",
            self.0.len(),
            forbidden.len()
        );
    }
}

async fn emulator(faults: FaultSpec) -> RunningEmulator {
    Emulator::builder()
        .credentials(ID, SECRET)
        .seed_json(&seed(2))
        .faults(faults)
        .start()
        .await
        .unwrap()
}

fn sts(secret: &str) -> Credentials {
    Credentials::new(ID, secret).with_security_token(TOKEN)
}

fn builder(url: &str, version: SignatureVersion, secret: &str) -> ClientBuilder {
    logs();
    Client::builder()
        .endpoint_url(url)
        .credentials(sts(secret))
        .signature_version(version)
        .retry(
            dts_client::retry::RetryConfig::new()
                .with_backoff(Duration::from_micros(100), Duration::from_millis(1)),
        )
}

const VERSIONS: [SignatureVersion; 2] = [SignatureVersion::V1, SignatureVersion::V3];

#[tokio::test]
async fn success_and_presigned_requests() {
    let emu = emulator(FaultSpec::none()).await;
    let mut seen = Seen::default();
    for version in VERSIONS {
        let b = builder(&emu.url(), version, SECRET);
        seen.debug("builder", &b);
        let c = b.build().unwrap();
        seen.debug("client", &c);
        seen.debug("config", c.config());
        seen.debug("credentials", &sts(SECRET));
        let out = c
            .start_synchronization_job(instance(0))
            .send()
            .await
            .unwrap();
        seen.debug("output", &out);
        let out = c
            .suspend_synchronization_job(instance(0))
            .send()
            .await
            .unwrap();
        seen.debug("output", &out);
        let mut params = Params::default();
        params.push("SynchronizationJobId", instance(1));
        let body = c
            .call(
                "ResetSynchronizationJob",
                params.clone(),
                CallOptions::new(),
            )
            .await
            .unwrap();
        seen.show("untyped body", &body);
        // What `dts --dry-run` prints is the presigned request's `Display`.
        let signed = c.presign("ResetSynchronizationJob", params).unwrap();
        seen.show("presigned request", &signed);
        assert!(signed.url().contains("SynchronizationJobId=dtsrel000001"));
        match version {
            SignatureVersion::V1 => assert!(signed.to_string().contains("SecurityToken=***")),
            _ => assert!(signed
                .to_string()
                .contains("x-acs-security-token: ** redacted **")),
        }
    }
    assert_eq!(emu.stats().applied, 6);
    seen.assert_clean();
    emu.shutdown().await;
}

#[tokio::test]
async fn service_errors_and_signature_mismatches() {
    let emu = emulator(FaultSpec::none()).await;
    let mut seen = Seen::default();
    for version in VERSIONS {
        let c = builder(&emu.url(), version, SECRET).build().unwrap();
        let e = c
            .suspend_synchronization_job(instance(0))
            .send()
            .await
            .unwrap_err();
        assert_eq!(e.code(), Some("OperationDenied.JobStatusModifying"));
        seen.error("state error", &e);

        let c = builder(&emu.url(), version, WRONG_SECRET).build().unwrap();
        let e = c
            .start_synchronization_job(instance(0))
            .send()
            .await
            .unwrap_err();
        assert_eq!(e.code(), Some("SignatureDoesNotMatch"), "{e}");
        assert!(e.message().contains("server string to sign is:"), "{e}");
        if version == SignatureVersion::V1 {
            // The server's string-to-sign holds the token; the client keeps only its name.
            assert!(e.message().contains("SecurityToken%3D***%26"), "{e}");
        }
        seen.error("signature mismatch", &e);
    }
    seen.assert_clean();
    emu.shutdown().await;
}

#[tokio::test]
async fn decode_errors_of_pages_that_quote_the_request() {
    let mut seen = Seen::default();
    for version in VERSIONS {
        let url = scripted_server(vec![Reply::EchoRequest(502)]);
        let c = builder(&url, version, SECRET)
            .max_attempts(1)
            .build()
            .unwrap();
        let e = c
            .reset_dts_job()
            .dts_job_id("job")
            .send()
            .await
            .unwrap_err();
        assert_eq!(e.inner().kind(), ErrorKind::Decode, "{e}");
        assert!(e.message().contains("<html>"), "{e}");
        seen.error("decode error", &e);
    }
    seen.assert_clean();
}

#[tokio::test]
async fn timeouts_and_transport_failures() {
    let mut seen = Seen::default();
    for version in VERSIONS {
        let url = scripted_server(vec![Reply::Hang(Duration::from_secs(2))]);
        let c = builder(&url, version, SECRET)
            .timeout(Duration::from_millis(200))
            .build()
            .unwrap();
        let e = c
            .reset_dts_job()
            .dts_job_id("job")
            .send()
            .await
            .unwrap_err();
        assert_eq!(e.inner().kind(), ErrorKind::Timeout, "{e}");
        seen.error("timeout", &e);

        let emu = emulator(FaultSpec {
            drop: 1.0,
            ..FaultSpec::none()
        })
        .await;
        let c = builder(&emu.url(), version, SECRET).build().unwrap();
        let e = c
            .reset_dts_job()
            .dts_job_id("job")
            .send()
            .await
            .unwrap_err();
        assert_eq!(e.inner().kind(), ErrorKind::Transport, "{e}");
        seen.error("dropped connection", &e);
        let addr = emu.url();
        emu.shutdown().await;
        let e = builder(&addr, version, SECRET)
            .build()
            .unwrap()
            .reset_dts_job()
            .dts_job_id("job")
            .send()
            .await
            .unwrap_err();
        assert_eq!(e.inner().kind(), ErrorKind::Transport, "{e}");
        assert_eq!(e.inner().attempts(), 3, "refused connections retry: {e}");
        seen.error("refused connection", &e);
    }
    seen.assert_clean();
}

#[tokio::test]
async fn retries_and_exhausted_budgets() {
    let emu = emulator(FaultSpec {
        throttle: 0.5,
        unavailable: 0.2,
        seed: 9,
        ..FaultSpec::none()
    })
    .await;
    let mut seen = Seen::default();
    let mut exhausted = 0;
    for version in VERSIONS {
        let c = builder(&emu.url(), version, SECRET).build().unwrap();
        for _ in 0..10 {
            match c.reset_synchronization_job(instance(0)).send().await {
                Ok(out) => seen.debug("output after retries", &out),
                Err(e) => {
                    assert!(e.is_retryable(), "{e}");
                    exhausted += 1;
                    seen.error("exhausted retries", &e);
                }
            }
        }
    }
    let stats = emu.stats();
    assert!(stats.requests > 20 && stats.applied > 0, "{stats:?}");
    assert!(exhausted > 0, "{stats:?}");
    let logs = String::from_utf8_lossy(&logs().0.lock().unwrap()).into_owned();
    assert!(logs.contains("retrying"), "no retry was traced");
    seen.assert_clean();
    emu.shutdown().await;
}

#[tokio::test]
async fn invalid_input_and_configuration() {
    let mut seen = Seen::default();
    for version in VERSIONS {
        let c = builder("http://127.0.0.1:9", version, SECRET)
            .build()
            .unwrap();
        let mut params = Params::default();
        params.push("SecurityToken", TOKEN);
        params.push("Signature", SECRET);
        let e = c.presign("ResetDtsJob", params).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
        seen.error("parameter collision", &e);
    }
    let e = Client::builder()
        .endpoint_url(format!("http://{ID}:{SECRET}@127.0.0.1:9/"))
        .credentials(sts(SECRET))
        .build()
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Config);
    seen.error("endpoint with a password", &e);
    seen.assert_clean();
}

/// A fresh home directory under Cargo's per-target scratch space.
fn home() -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "dts-secrets-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(home: &Path, rel: &str, bytes: &[u8]) -> PathBuf {
    let path = home.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    path
}

#[tokio::test]
async fn credentials_errors_never_echo_secrets() {
    let mut seen = Seen::default();
    let env = |vars: &[(&str, &str)], home: &Path| {
        Environment::fixed(
            vars.iter()
                .copied()
                .chain([("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")]),
        )
        .with_home(home)
    };
    let empty = home();
    let e = EnvVars::new(env(
        &[
            ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET),
            ("ALIBABA_CLOUD_SECURITY_TOKEN", TOKEN),
        ],
        &empty,
    ))
    .provide_credentials()
    .await
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Credentials);
    seen.error("environment without an id", &e);
    let e = Client::builder()
        .environment(env(&[("ALIBABA_CLOUD_SECURITY_TOKEN", TOKEN)], &empty))
        .endpoint_url("http://127.0.0.1:9")
        .build()
        .unwrap()
        .call("DescribeRegions", Params::default(), CallOptions::new())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Credentials);
    seen.error("empty chain", &e);
    seen.debug("chain", &DefaultChain::new(env(&[], &empty)));
    seen.assert_clean();
}

/// Malformed ini files: each names the file and the line, and shows none of the file's text.
const INI_CASES: &[(&str, &str)] = &[
    (
        "[default]\ntype = access_key\n{SECRET}\n",
        "line 3: expected `key = value` or `[section]`",
    ),
    (
        "access_key_secret = {SECRET}\n[default]\n",
        "line 1: `key = value` before any `[section]`",
    ),
    (
        "[default]\n= {SECRET}\n",
        "line 2: expected a key before `=`",
    ),
    (
        "# comment\n[{SECRET}\ntype = sts\n",
        "line 2: expected a section header like `[default]`",
    ),
    (
        "[default]\ntype = sts\naccess_key_id = a\naccess_key_secret = {SECRET}\n",
        "(line 1) has no `security_token`",
    ),
    (
        "[default]\ntype = access_key\naccess_key_id = a\nsecurity_token = {TOKEN}\n",
        "(line 1) has no `access_key_secret`",
    ),
];

/// Malformed aliyun CLI files: each names the file and the line (and column) when it is a
/// syntax error.
const CLI_CASES: &[(&str, &str)] = &[
    (
        "{\n \"current\": \"default\",\n \"profiles\": [\n  {\"access_key_secret\": \"{SECRET}\" \"x\": 1}\n ]\n}",
        "line 4, column",
    ),
    (
        "{\n \"profiles\": [\n  {\"name\": \"default\", \"access_key_secret\": \"{SECRET}\\q\"}\n ]\n}",
        "line 3, column",
    ),
    (
        "{\"profiles\": [{\"name\": \"default\", \"access_key_secret\": \"{SECRET}\t{TOKEN}\"}]}",
        "line 1, column",
    ),
    (
        "{\"profiles\": [{\"name\": \"default\", \"sts_token\": \"{TOKEN}",
        "invalid JSON: EOF while parsing a string",
    ),
    ("[\"{SECRET}\"]", "expected a JSON object at the top level"),
    (
        "{\"current\": \"default\", \"profiles\": [{\"name\": \"default\", \"mode\": \"StsToken\", \"access_key_id\": \"a\", \"access_key_secret\": \"{SECRET}\"}]}",
        "has mode StsToken but no `sts_token`",
    ),
    (
        "{\"current\": \"default\", \"profiles\": [{\"name\": \"default\", \"access_key_id\": \"a\", \"access_key_secret\": 12345, \"sts_token\": \"{TOKEN}\"}]}",
        "has mode AK but no `access_key_secret`",
    ),
];

/// An environment with no variables but the ECS source off, and `home` as its home directory.
fn no_vars(home: &Path) -> Environment {
    Environment::fixed([("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")]).with_home(home)
}

fn fill(template: &str) -> String {
    template
        .replace("{SECRET}", SECRET)
        .replace("{TOKEN}", TOKEN)
}

#[tokio::test]
async fn malformed_credential_files_name_file_and_line_without_content() {
    let mut seen = Seen::default();
    for (i, (text, expected)) in INI_CASES.iter().enumerate() {
        let h = home();
        let path = write(&h, ".alibabacloud/credentials", fill(text).as_bytes());
        let e = IniProfile::new(no_vars(&h))
            .provide_credentials()
            .await
            .unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.contains(&format!("`{}`", path.display())),
            "#{i}: {msg}"
        );
        assert!(msg.contains(expected), "#{i}: {msg}");
        seen.error(&format!("ini case {i}"), &e);
        // The chain moves on past a broken file, and reports its error with the others.
        let e = DefaultChain::new(no_vars(&h))
            .provide_credentials()
            .await
            .unwrap_err();
        assert!(e.to_string().contains(expected), "#{i}: {e}");
        seen.error(&format!("chain on ini case {i}"), &e);
    }
    for (i, (text, expected)) in CLI_CASES.iter().enumerate() {
        let h = home();
        let path = write(&h, ".aliyun/config.json", fill(text).as_bytes());
        let e = CliProfile::new(no_vars(&h))
            .provide_credentials()
            .await
            .unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.contains(&format!("`{}`", path.display())),
            "#{i}: {msg}"
        );
        assert!(msg.contains(expected), "#{i}: {msg}");
        seen.error(&format!("cli case {i}"), &e);
    }
    // Bytes that are not UTF-8: the file is named; nothing of it is shown.
    let h = home();
    let mut bytes = fill("[default]\naccess_key_secret = {SECRET}\n").into_bytes();
    bytes.extend_from_slice(b"\xff\xfe\n");
    let path = write(&h, ".alibabacloud/credentials", &bytes);
    let e = IniProfile::new(no_vars(&h))
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(
        e.to_string().contains(&format!("`{}`", path.display())),
        "{e}"
    );
    seen.error("ini not utf-8", &e);
    seen.assert_clean();
}
