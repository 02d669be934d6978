//! Trace output of a call: spans name the action, attempt count and request id, and nothing
//! secret is logged at any level (the client's own events and its HTTP stack's).
//!
//! Its own test binary: a thread-local subscriber only reliably sees callsites that no other
//! thread registered first.

mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use dts_client::rt::{CallOptions, Params};
use dts_client::Credentials;

use support::fixtures::{builder, ID, SECRET, START_SYNC, TOKEN};
use support::{Reply, Server};

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

#[tokio::test]
async fn trace_logs_name_action_attempt_and_request_id_but_no_secret() {
    let sink = Sink::default();
    let writer = sink.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = Server::start(vec![
        Reply::error(503, "ServiceUnavailable", "R-FIRST"),
        Reply::ok("R-SECOND"),
    ])
    .await;
    let creds = Credentials::new(ID, SECRET).with_security_token(TOKEN);
    let client = builder(&server).credentials(creds).build().unwrap();
    client
        .invoke(&START_SYNC, Params::default(), CallOptions::new())
        .await
        .unwrap();

    let logs = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
    let encoded_token = dts_client::signing::percent_encode(TOKEN);
    for secret in [SECRET, TOKEN, encoded_token.as_ref(), "Signature="] {
        assert!(!logs.contains(secret), "logs show `{secret}`:\n{logs}");
    }
    assert!(
        logs.contains("dts_call{action=\"StartSynchronizationJob\""),
        "{logs}"
    );
    assert!(logs.contains("attempt{n=2}"), "{logs}");
    assert!(
        logs.contains("request_id=\"R-FIRST\"}: dts_client::client: retrying"),
        "{logs}"
    );
    assert!(
        logs.contains("attempts=2 request_id=\"R-SECOND\"}: dts_client::client: call succeeded"),
        "{logs}"
    );
}
