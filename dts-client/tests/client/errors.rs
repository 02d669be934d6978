//! How service replies become errors.

use dts_client::rt::{CallOptions, Params};
use dts_client::{ActionError, Error, ErrorKind};

use crate::support::{Reply, Server};
use crate::{builder, START_SYNC};

fn once() -> CallOptions {
    CallOptions::new().with_max_attempts(1)
}

#[tokio::test]
async fn success_false_bodies_become_service_errors_with_substitution() {
    let body = r#"{"RequestId":"5AD8A1F4-ABCD","HttpStatusCode":403,"Success":false,
        "ErrCode":"InvalidParameter","ErrMessage":"The Value of Input Parameter %s is not valid.",
        "DynamicMessage":"SynchronizationJobId","DynamicCode":""}"#;
    let server = Server::start(vec![Reply::json(200, body)]).await;
    let client = builder(&server).build().unwrap();
    let e = client
        .invoke(&START_SYNC, Params::default(), once())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Service);
    assert_eq!(e.code(), Some("InvalidParameter"));
    assert_eq!(
        e.message(),
        "The Value of Input Parameter SynchronizationJobId is not valid."
    );
    assert_eq!(e.request_id(), Some("5AD8A1F4-ABCD"));
    assert_eq!(e.http_status(), Some(403));
    assert!(!e.is_timeout());
    assert_eq!(
        e.to_string(),
        "InvalidParameter: The Value of Input Parameter SynchronizationJobId is not valid. (request id 5AD8A1F4-ABCD)"
    );
}

#[tokio::test]
async fn http_error_bodies_keep_every_documented_field() {
    let body = r#"{"RequestId":"R-1","HostId":"dts.aliyuncs.com","Code":"Forbidden.RAM",
        "Message":"User not authorized to operate on the specified resource.",
        "Recommend":"https://api.aliyun.com/troubleshoot?q=Forbidden.RAM"}"#;
    let server = Server::start(vec![Reply::json(403, body)]).await;
    let client = builder(&server).build().unwrap();
    let e = client
        .invoke(&START_SYNC, Params::default(), once())
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("Forbidden.RAM"));
    assert_eq!(e.host_id(), Some("dts.aliyuncs.com"));
    assert_eq!(
        e.recommend(),
        Some("https://api.aliyun.com/troubleshoot?q=Forbidden.RAM")
    );
    assert_eq!(e.http_status(), Some(403));
    assert_eq!(
        e.to_string(),
        "Forbidden.RAM: User not authorized to operate on the specified resource. (request id R-1)"
    );
}

#[tokio::test]
async fn non_json_bodies_become_decode_errors_with_status_and_excerpt() {
    let page = format!(
        "<!DOCTYPE html>\n<html><body><h1>502 Bad Gateway</h1>{}</body></html>",
        "-".repeat(400)
    );
    let server = Server::start(vec![
        Reply::html(502, &page),
        Reply::html(200, "<html>ok?</html>"),
        Reply::json(200, ""),
    ])
    .await;
    let client = builder(&server).build().unwrap();

    let e = client
        .invoke(&START_SYNC, Params::default(), once())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode);
    assert_eq!(e.http_status(), Some(502));
    assert!(e.is_retryable(), "a gateway error is worth retrying");
    let msg = e.to_string();
    assert!(
        msg.starts_with(
            "could not decode the response: HTTP 502, body is not JSON: `<!DOCTYPE html> <html>"
        ),
        "{msg}"
    );
    let excerpt = msg.split('`').nth(1).unwrap();
    assert!(
        excerpt.chars().count() <= 201,
        "{} chars",
        excerpt.chars().count()
    );
    assert_eq!(
        e.request_id(),
        Some("hdr-0"),
        "from the x-acs-request-id header"
    );

    let e = client
        .invoke(&START_SYNC, Params::default(), once())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode);
    assert_eq!(e.http_status(), Some(200));
    assert!(!e.is_retryable());
    assert!(e.message().contains("`<html>ok?</html>`"), "{e}");

    let e = client
        .invoke(&START_SYNC, Params::default(), once())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode);
    assert!(e.message().contains("empty body"), "{e}");
}

/// The shape of a generated per-action error, to show what `ActionError` provides.
#[derive(Debug)]
enum StartError {
    ThrottlingUser(Error),
    Unhandled(Error),
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self.inner(), f)
    }
}

impl std::error::Error for StartError {}

impl From<Error> for StartError {
    fn from(e: Error) -> Self {
        match e.code() {
            Some("Throttling.User") => StartError::ThrottlingUser(e),
            _ => StartError::Unhandled(e),
        }
    }
}

impl ActionError for StartError {
    fn inner(&self) -> &Error {
        match self {
            StartError::ThrottlingUser(e) | StartError::Unhandled(e) => e,
        }
    }
}

#[tokio::test]
async fn action_errors_expose_the_inner_error() {
    let server = Server::start(vec![Reply::error(400, "Throttling.User", "R-1")]).await;
    let client = builder(&server).build().unwrap();
    let e: StartError = client
        .invoke(&START_SYNC, Params::default(), once())
        .await
        .unwrap_err()
        .into();
    assert!(matches!(e, StartError::ThrottlingUser(_)));
    assert_eq!(e.code(), Some("Throttling.User"));
    assert_eq!(e.message(), "Throttling.User happened.");
    assert_eq!(e.request_id(), Some("R-1"));
    assert_eq!(e.http_status(), Some(400));
    assert!(e.is_retryable());
    assert!(!e.is_timeout());
    let _ = StartError::Unhandled;
}
