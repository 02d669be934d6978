//! Retry classification and budget, against scripted failures.

use std::collections::BTreeSet;

use dts_client::rt::{CallOptions, Params};
use dts_client::ErrorKind;

use crate::support::{refused_url, Reply, Server};
use crate::{assert_signature_verifies, builder, timestamp, DESCRIBE, SECRET, START_SYNC};

fn params() -> Params {
    let mut p = Params::default();
    p.push("DtsJobId", "l3m1213ye7l1234");
    p
}

#[tokio::test]
async fn throttled_calls_succeed_after_one_retry_with_a_new_nonce_and_timestamp() {
    for throttled in [
        Reply::error(400, "Throttling.User", "R-T"),
        Reply::error(503, "ServiceUnavailable", "R-U"),
        Reply::json(
            429,
            r#"{"RequestId":"R-Q","Code":"Throttling","Message":"slow down"}"#,
        ),
    ] {
        let server = Server::start(vec![throttled, Reply::ok("R-OK")]).await;
        let client = builder(&server).build().unwrap();
        let body = client
            .invoke(&START_SYNC, params(), CallOptions::new())
            .await
            .unwrap();
        assert_eq!(body["RequestId"], "R-OK");
        let reqs = server.requests();
        assert_eq!(reqs.len(), 2);
        assert_eq!(reqs[0].param("SignatureNonce"), Some("nonce-1"));
        assert_eq!(reqs[1].param("SignatureNonce"), Some("nonce-2"));
        assert_eq!(reqs[0].param("Timestamp"), Some(timestamp(0).as_str()));
        assert_eq!(reqs[1].param("Timestamp"), Some(timestamp(1).as_str()));
        assert_ne!(reqs[0].param("Signature"), reqs[1].param("Signature"));
        for r in &reqs {
            assert_signature_verifies(r, SECRET);
        }
    }
}

#[tokio::test]
async fn retry_after_header_is_honoured() {
    // Asked to wait 1 ms: the retry happens and succeeds.
    let server = Server::start(vec![
        Reply::error(503, "ServiceUnavailable", "R-1").header("x-acs-retry-after", "1"),
        Reply::ok("R-2"),
    ])
    .await;
    let client = builder(&server).build().unwrap();
    client
        .invoke(&START_SYNC, params(), CallOptions::new())
        .await
        .unwrap();
    assert_eq!(server.requests().len(), 2);

    // Asked to wait longer than the call may take: give up at once, still retryable.
    let server = Server::start(vec![
        Reply::error(503, "ServiceUnavailable", "R-1").header("x-acs-retry-after", "60000"),
        Reply::ok("R-2"),
    ])
    .await;
    let client = builder(&server).build().unwrap();
    let options = CallOptions::new().with_timeout(std::time::Duration::from_secs(5));
    let e = client
        .invoke(&START_SYNC, params(), options)
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("ServiceUnavailable"));
    assert!(e.is_retryable());
    assert_eq!(e.attempts(), 1);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn exhausted_budget_reports_a_retryable_error_after_max_attempts() {
    let script = || {
        (0..6)
            .map(|i| Reply::error(503, "ServiceUnavailable", &format!("R-{i}")))
            .collect()
    };
    let server = Server::start(script()).await;
    let client = builder(&server).build().unwrap();
    let e = client
        .invoke(&START_SYNC, params(), CallOptions::new())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Service);
    assert!(e.is_retryable());
    assert_eq!(e.attempts(), 3);
    assert_eq!(e.request_id(), Some("R-2"), "the last attempt's error");
    assert_eq!(server.requests().len(), 3);
    let nonces: BTreeSet<_> = server
        .requests()
        .iter()
        .map(|r| r.param("SignatureNonce").unwrap().to_owned())
        .collect();
    assert_eq!(nonces.len(), 3);

    let server = Server::start(script()).await;
    let client = builder(&server).max_attempts(2).build().unwrap();
    let e = client
        .invoke(&START_SYNC, params(), CallOptions::new())
        .await
        .unwrap_err();
    assert_eq!(e.attempts(), 2);
    let e = client
        .invoke(
            &START_SYNC,
            params(),
            CallOptions::new().with_max_attempts(4),
        )
        .await
        .unwrap_err();
    assert_eq!(e.attempts(), 4, "per-call override");
    assert_eq!(server.requests().len(), 6);
}

#[tokio::test]
async fn client_errors_are_never_retried() {
    let server = Server::start(vec![
        Reply::error(400, "InvalidParameter", "R-1"),
        Reply::json(200, r#"{"RequestId":"R-2","Success":false,"ErrCode":"OperationDenied.JobStatus","ErrMessage":"bad state"}"#),
        Reply::error(403, "Forbidden.RAM", "R-3"),
        Reply::ok("never"),
    ])
    .await;
    let client = builder(&server).build().unwrap();
    for (code, status) in [
        ("InvalidParameter", 400),
        ("OperationDenied.JobStatus", 200),
        ("Forbidden.RAM", 403),
    ] {
        let e = client
            .invoke(&DESCRIBE, params(), CallOptions::new())
            .await
            .unwrap_err();
        assert_eq!(e.code(), Some(code));
        assert_eq!(e.http_status(), Some(status));
        assert!(!e.is_retryable());
        assert_eq!(e.attempts(), 1);
    }
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn throttling_inside_a_success_false_body_is_retried() {
    let server = Server::start(vec![
        Reply::json(200, r#"{"RequestId":"R-1","Success":"false","ErrCode":"Throttling.User","ErrMessage":"Request was denied due to user flow control."}"#),
        Reply::ok("R-2"),
    ])
    .await;
    let client = builder(&server).build().unwrap();
    client
        .invoke(&START_SYNC, params(), CallOptions::new())
        .await
        .unwrap();
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn refused_connections_are_retried_for_any_action() {
    let url = refused_url().await;
    let server = Server::start(vec![]).await;
    let client = builder(&server).endpoint_url(url).build().unwrap();
    let e = client
        .invoke(&START_SYNC, params(), CallOptions::new())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Transport);
    assert!(e.is_retryable());
    assert_eq!(e.attempts(), 3);
    assert_eq!(e.http_status(), None);
    assert!(
        e.to_string()
            .starts_with("transport error: could not connect"),
        "{e}"
    );
    assert!(e.to_string().ends_with("(after 3 attempts)"), "{e}");
}

#[tokio::test]
async fn dropped_connections_are_retried_only_for_idempotent_actions() {
    let server = Server::start(vec![Reply::Close, Reply::ok("R-2")]).await;
    let client = builder(&server).build().unwrap();
    let e = client
        .invoke(&START_SYNC, params(), CallOptions::new())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Transport);
    assert!(!e.is_retryable());
    assert_eq!(e.attempts(), 1);
    assert_eq!(server.requests().len(), 1);

    let server = Server::start(vec![Reply::Close, Reply::ok("R-2")]).await;
    let client = builder(&server).build().unwrap();
    let body = client
        .invoke(&DESCRIBE, params(), CallOptions::new())
        .await
        .unwrap();
    assert_eq!(body["RequestId"], "R-2");
    assert_eq!(server.requests().len(), 2);
}
