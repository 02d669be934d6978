//! Whole-call and per-attempt timeouts.

use std::time::Duration;

use dts_client::rt::{CallOptions, Params};
use dts_client::ErrorKind;

use crate::support::{Reply, Server};
use crate::{builder, DESCRIBE, START_SYNC};

const SLOW: Duration = Duration::from_secs(20);
const SHORT: Duration = Duration::from_millis(200);

#[tokio::test]
async fn a_call_that_outlives_its_timeout_fails_with_a_timeout_error() {
    let server = Server::start(vec![Reply::ok("R-1").delayed(SLOW)]).await;
    let client = builder(&server).build().unwrap();
    let e = client
        .invoke(
            &DESCRIBE,
            Params::default(),
            CallOptions::new().with_timeout(SHORT),
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Timeout);
    assert!(e.is_timeout());
    assert_eq!(e.attempts(), 1, "no time left for another attempt");
    assert_eq!(e.http_status(), None);
    assert_eq!(
        e.to_string(),
        "timed out: no complete response within the call's timeout of 200ms"
    );
}

#[tokio::test]
async fn the_client_timeout_applies_when_the_call_sets_none() {
    let server = Server::start(vec![Reply::ok("R-1").delayed(SLOW)]).await;
    let client = builder(&server).timeout(SHORT).build().unwrap();
    let e = client
        .invoke(&DESCRIBE, Params::default(), CallOptions::new())
        .await
        .unwrap_err();
    assert!(e.is_timeout());
}

#[tokio::test]
async fn timed_out_attempts_are_retried_only_for_idempotent_actions() {
    let script = || vec![Reply::ok("R-slow").delayed(SLOW), Reply::ok("R-2")];

    let server = Server::start(script()).await;
    let client = builder(&server).attempt_timeout(SHORT).build().unwrap();
    let body = client
        .invoke(&DESCRIBE, Params::default(), CallOptions::new())
        .await
        .unwrap();
    assert_eq!(body["RequestId"], "R-2");
    assert_eq!(server.requests().len(), 2);

    let server = Server::start(script()).await;
    let client = builder(&server).build().unwrap();
    let options = CallOptions::new().with_attempt_timeout(SHORT);
    let e = client
        .invoke(&START_SYNC, Params::default(), options)
        .await
        .unwrap_err();
    assert!(e.is_timeout());
    assert!(!e.is_retryable(), "the action may have run");
    assert_eq!(e.attempts(), 1);
    assert_eq!(server.requests().len(), 1);
}
