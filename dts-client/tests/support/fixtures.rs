//! A client aimed at the test server, with fixed credentials, clock and nonces.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use dts_client::retry::RetryConfig;
use dts_client::rt::Operation;
use dts_client::signing::v1;
use dts_client::{ClientBuilder, Credentials};

use super::{Recorded, Server};

pub const ID: &str = "LTAI5tTestKeyId";
pub const SECRET: &str = "TopSecretValue-0123456789abcdef";
pub const TOKEN: &str = "CAIS+StsTokenValue/Secret=";

/// 2026-01-02T03:04:05Z.
pub const START: u64 = 1_767_323_045;

pub static START_SYNC: Operation = Operation {
    action: "StartSynchronizationJob",
    method: "POST",
    idempotent: false,
};

pub static DESCRIBE: Operation = Operation {
    action: "DescribeSynchronizationJobStatus",
    method: "GET",
    idempotent: true,
};

/// A builder aimed at `server` with fixed credentials, a clock that ticks one second per
/// reading, numbered nonces and millisecond backoff.
pub fn builder(server: &Server) -> ClientBuilder {
    let tick = Arc::new(AtomicU64::new(0));
    let nonce = Arc::new(AtomicU64::new(0));
    dts_client::Client::builder()
        .endpoint_url(server.url())
        .credentials(Credentials::new(ID, SECRET))
        .clock(move || {
            UNIX_EPOCH + Duration::from_secs(START + tick.fetch_add(1, Ordering::SeqCst))
        })
        .nonce_source(move || format!("nonce-{}", nonce.fetch_add(1, Ordering::SeqCst) + 1))
        .retry(RetryConfig::new().with_backoff(Duration::from_millis(1), Duration::from_millis(5)))
}

/// The timestamp the test clock gives at its `n`th reading (0-based).
pub fn timestamp(n: u64) -> String {
    humantime::format_rfc3339_seconds(UNIX_EPOCH + Duration::from_secs(START + n)).to_string()
}

/// Asserts the request's `Signature` is the V1 signature of its other parameters.
pub fn assert_signature_verifies(req: &Recorded, secret: &str) {
    let sent = req.param("Signature").expect("Signature parameter");
    let rest = req.query.iter().filter(|(k, _)| k != "Signature");
    let signed = v1::sign(
        &req.method,
        rest.map(|(k, v)| (k.as_str(), v.as_str())),
        secret,
    );
    assert_eq!(sent, signed.signature, "signature of {}", req.raw_query);
    assert_eq!(req.raw_query, signed.query_string(), "query as sent");
}
