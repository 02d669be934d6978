//! Sending one attempt over HTTP with reqwest (rustls, pooled connections).

use std::error::Error as StdError;
use std::time::Duration;

use reqwest::header::{HeaderMap, ACCEPT};
use reqwest::{Method, Url};

use crate::client::TimeoutLabel;
use crate::error::{Error, ErrorKind};
use crate::response::RawResponse;

/// The `User-Agent` every request carries.
const USER_AGENT: &str = concat!("dts-client/", env!("CARGO_PKG_VERSION"), " (rust)");

/// A pooled HTTP client; clones share connections.
#[derive(Debug, Clone)]
pub(crate) struct Transport {
    http: reqwest::Client,
    connect_timeout: Duration,
}

impl Transport {
    /// An HTTP client that gives up connecting after `connect_timeout`.
    pub(crate) fn new(connect_timeout: Duration) -> Result<Self, Error> {
        let http = reqwest::Client::builder()
            .connect_timeout(connect_timeout)
            .pool_idle_timeout(Duration::from_secs(50))
            .user_agent(USER_AGENT)
            .build()
            .map_err(|e| {
                Error::config("could not create the HTTP client").with_source(e.without_url())
            })?;
        Ok(Transport {
            http,
            connect_timeout,
        })
    }

    /// Sends `method url` with `headers` and `body` (none: empty) and reads the whole response
    /// within `timeout`; `limit` names that timeout in errors (`the call's timeout of 30s`).
    pub(crate) async fn send(
        &self,
        method: Method,
        url: Url,
        headers: HeaderMap,
        body: Option<String>,
        timeout: Duration,
        limit: TimeoutLabel,
    ) -> Result<RawResponse, Error> {
        let mut request = self
            .http
            .request(method, url)
            .headers(headers)
            .header(ACCEPT, "application/json")
            .timeout(timeout);
        if let Some(body) = body {
            request = request.body(body);
        }
        let resp = request.send().await.map_err(|e| self.error(e, limit))?;
        let status = resp.status().as_u16();
        let request_id = header(resp.headers(), "x-acs-request-id").map(str::to_owned);
        let retry_after = retry_after(resp.headers());
        let body = resp.bytes().await.map_err(|e| self.error(e, limit))?;
        Ok(RawResponse {
            status,
            request_id,
            retry_after,
            body: body.into(),
        })
    }
}

fn header<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
}

/// `x-acs-retry-after` (milliseconds), else a standard `Retry-After` in seconds.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    if let Some(ms) = header(headers, "x-acs-retry-after").and_then(|v| v.parse().ok()) {
        return Some(Duration::from_millis(ms));
    }
    header(headers, "retry-after")
        .and_then(|v| v.parse().ok())
        .map(Duration::from_secs)
}

impl Transport {
    /// Our error for a reqwest failure, stripped of the URL (it carries the signed query).
    fn error(&self, e: reqwest::Error, limit: TimeoutLabel) -> Error {
        let e = e.without_url();
        let cause = root_cause(&e);
        let connecting = e.is_connect();
        let error = if e.is_timeout() && connecting {
            let within = humantime::format_duration(self.connect_timeout);
            Error::new(
                ErrorKind::Timeout,
                format!("could not connect within {within}"),
            )
        } else if e.is_timeout() {
            Error::new(
                ErrorKind::Timeout,
                format!("no complete response within {limit}"),
            )
        } else if connecting {
            Error::new(ErrorKind::Transport, format!("could not connect: {cause}"))
        } else if e.is_builder() {
            Error::new(
                ErrorKind::InvalidInput,
                format!("could not build the request: {cause}"),
            )
        } else {
            Error::new(
                ErrorKind::Transport,
                format!("connection failed during the request: {cause}"),
            )
        };
        error.with_maybe_sent(!connecting).with_source(e)
    }
}

/// The innermost error's message: the most specific description of what failed.
fn root_cause(e: &(dyn StdError + 'static)) -> String {
    let mut cur = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}
