//! Every credential source against local fakes of the ECS metadata service, STS and a
//! credentials URI (`fake`), each scenario ending with a real call to the emulator signed with
//! the derived temporary credentials; the clock is stepped, never slept on.

mod chain;
mod config;
mod fake;
mod refresh;
mod roles;
mod services;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use dts_client::credentials::Environment;
use dts_client::rt::{CallOptions, Params};
use dts_client::signing::SignatureVersion;
use dts_client::sources::Clock;
use dts_client::{Client, Credentials, Error, ProvideCredentials};
use dts_emulator::{Emulator, RunningEmulator};
use hmac::{Hmac, Mac};
use serde_json::json;
use sha1::Sha1;

use fake::Request;

/// 2026-01-02T03:04:05Z, where every test clock starts.
pub fn t0() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_767_323_045)
}

/// A clock tests move by hand, starting at [`t0`]; clones share the time.
#[derive(Clone)]
pub struct TestClock(Arc<Mutex<SystemTime>>);

impl Default for TestClock {
    fn default() -> Self {
        TestClock(Arc::new(Mutex::new(t0())))
    }
}

impl TestClock {
    pub fn new() -> Self {
        TestClock::default()
    }

    pub fn set(&self, at: SystemTime) {
        *self.0.lock().unwrap() = at;
    }
}

impl Clock for TestClock {
    fn now(&self) -> SystemTime {
        *self.0.lock().unwrap()
    }
}

/// `YYYY-MM-DDThh:mm:ssZ`.
pub fn rfc3339(t: SystemTime) -> String {
    humantime::format_rfc3339_seconds(t).to_string()
}

/// The answer the metadata service, STS (inside `Credentials`) and URIs give.
pub fn creds_json(id: &str, secret: &str, token: &str, expires: SystemTime) -> serde_json::Value {
    json!({"Code": "Success", "AccessKeyId": id, "AccessKeySecret": secret,
           "SecurityToken": token, "Expiration": rfc3339(expires),
           "LastUpdated": rfc3339(t0())})
}

/// A fresh, empty directory under Cargo's per-target scratch space.
pub fn scratch() -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "dts-client-sources-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub fn write(dir: &Path, rel: &str, text: &str) -> PathBuf {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

/// `vars` over `home`, with the metadata source pointed at nothing unless a test sets it.
pub fn env(home: &Path, vars: &[(&str, &str)]) -> Environment {
    Environment::fixed(vars.iter().map(|(k, v)| (k.to_string(), v.to_string()))).with_home(home)
}

/// Whether `req` carries a valid RPC signature V1 made with `secret` (recomputed here, not
/// with the client's signer).
pub fn v1_signature_ok(req: &Request, secret: &str) -> bool {
    fn enc(s: &str) -> String {
        let mut out = String::new();
        for b in s.bytes() {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                out.push(char::from(b));
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
        out
    }
    let mut params = req.params();
    let Some(pos) = params.iter().position(|(k, _)| k == "Signature") else {
        return false;
    };
    let (_, signature) = params.remove(pos);
    params.sort();
    let canonical: Vec<String> = params
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect();
    let to_sign = format!("{}&%2F&{}", req.method, enc(&canonical.join("&")));
    let mut mac = Hmac::<Sha1>::new_from_slice(format!("{secret}&").as_bytes()).unwrap();
    mac.update(to_sign.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes()) == signature
}

/// An emulator that knows the temporary key `id`/`secret` with `token`.
pub async fn emulator(id: &str, secret: &str, token: &str) -> RunningEmulator {
    Emulator::builder()
        .credentials_with_token(id, secret, token, None)
        .start()
        .await
        .unwrap()
}

/// One real call to `emu` signed (with `version`) with what `provider` gives.
pub async fn call_with(
    emu: &RunningEmulator,
    provider: impl ProvideCredentials + 'static,
    version: SignatureVersion,
) -> Result<serde_json::Value, Error> {
    let client = Client::builder()
        .endpoint_url(emu.url())
        .credentials_provider(provider)
        .signature_version(version)
        .max_attempts(1)
        .build()
        .unwrap();
    let mut params = Params::default();
    params.push("RegionId", "cn-hangzhou");
    client
        .call("DescribeSynchronizationJobs", params, CallOptions::new())
        .await
}

/// The derived credentials work against the emulator under both signature versions, and the
/// same key with another token is refused as the gateway does.
pub async fn assert_accepted_and_wrong_token_refused(creds: &Credentials) {
    let emu = emulator(
        creds.access_key_id(),
        creds.access_key_secret(),
        creds.security_token().unwrap(),
    )
    .await;
    for version in [SignatureVersion::V1, SignatureVersion::V3] {
        call_with(&emu, creds.clone(), version)
            .await
            .expect("the emulator accepts the derived credentials");
        let wrong = Credentials::new(creds.access_key_id(), creds.access_key_secret())
            .with_security_token("not-the-token");
        let e = call_with(&emu, wrong, version).await.unwrap_err();
        assert_eq!(e.code(), Some("InvalidSecurityToken.Mismatch"), "{e}");
    }
    emu.shutdown().await;
}
