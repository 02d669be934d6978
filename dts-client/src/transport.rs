//! Sending one attempt over HTTP with reqwest (rustls, pooled connections).

use std::error::Error as StdError;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, DATE, RETRY_AFTER};
use reqwest::{Method, Url};

use crate::config::HttpSettings;
use crate::error::{Error, ErrorKind, TimeoutLabel};
use crate::response::{RawResponse, ServerDate};

/// The `User-Agent` every request carries.
pub(crate) const USER_AGENT: &str = concat!("dts-client/", env!("CARGO_PKG_VERSION"), " (rust)");

/// The response headers the client reads, named once (a lookup by `&str` parses the name).
const X_ACS_REQUEST_ID: HeaderName = HeaderName::from_static("x-acs-request-id");
const X_ACS_RETRY_AFTER: HeaderName = HeaderName::from_static("x-acs-retry-after");

/// The `Accept` every request carries, built once rather than parsed and copied per request.
const ACCEPT_JSON: HeaderValue = HeaderValue::from_static("application/json");

/// A pooled HTTP client; clones share connections.
#[derive(Debug, Clone)]
pub(crate) struct Transport {
    http: reqwest::Client,
    connect_timeout: Duration,
    max_body: usize,
}

impl Transport {
    /// The injected HTTP client, or one that gives up connecting after `connect_timeout`,
    /// with the proxy, extra roots and user-agent suffix of `settings`.
    pub(crate) fn new(connect_timeout: Duration, settings: &HttpSettings) -> Result<Self, Error> {
        let max_body = settings.max_response_bytes;
        if let Some(http) = &settings.client {
            return Ok(Transport {
                http: http.clone(),
                connect_timeout,
                max_body,
            });
        }
        let user_agent = match &settings.user_agent_suffix {
            Some(suffix) => format!("{USER_AGENT} {suffix}"),
            None => USER_AGENT.to_owned(),
        };
        let mut builder = reqwest::Client::builder()
            .connect_timeout(connect_timeout)
            .pool_idle_timeout(Duration::from_secs(50))
            .user_agent(user_agent);
        if let Some(proxy) = &settings.proxy {
            let proxy = reqwest::Proxy::all(proxy.as_str()).map_err(|e| {
                Error::config("the proxy setting is not a valid URL").with_source(e.without_url())
            })?;
            builder = builder.proxy(proxy);
        }
        for (i, pem) in settings.root_certificates.iter().enumerate() {
            let bad = || Error::config(format!("root certificate #{} is not valid PEM", i + 1));
            let certs = reqwest::Certificate::from_pem_bundle(pem)
                .map_err(|e| bad().with_source(e.without_url()))?;
            if certs.is_empty() {
                return Err(bad());
            }
            for cert in certs {
                builder = builder.add_root_certificate(cert);
            }
        }
        let http = builder.build().map_err(|e| {
            Error::config("could not create the HTTP client").with_source(e.without_url())
        })?;
        Ok(Transport {
            http,
            connect_timeout,
            max_body,
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
        let mut request = self.http.request(method, url);
        if !headers.is_empty() {
            request = request.headers(headers);
        }
        let mut request = request.header(ACCEPT, ACCEPT_JSON).timeout(timeout);
        if let Some(body) = body {
            request = request.body(body);
        }
        let mut resp = request.send().await.map_err(|e| self.error(e, limit))?;
        let status = resp.status().as_u16();
        // Shared with the response's buffer, not copied.
        let request_id = resp.headers().get(X_ACS_REQUEST_ID).cloned();
        let retry_after = retry_after(resp.headers());
        // Kept as sent: read only when the service refuses the timestamp.
        let date = resp.headers().get(DATE).cloned().map(ServerDate);
        // Sized once from `Content-Length` (within the limit): no copies as the body grows.
        let expected = resp.content_length().unwrap_or(0);
        let mut body =
            Vec::with_capacity(usize::try_from(expected).unwrap_or(0).min(self.max_body));
        while let Some(chunk) = resp.chunk().await.map_err(|e| self.error(e, limit))? {
            if body.len() + chunk.len() > self.max_body {
                return Err(Error::new(
                    ErrorKind::Transport,
                    format!(
                        "the response body is larger than the limit of {} bytes",
                        self.max_body
                    ),
                )
                .with_maybe_sent(true));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(RawResponse {
            status,
            request_id,
            retry_after,
            date,
            body,
        })
    }
}

fn header<'h>(headers: &'h HeaderMap, name: &HeaderName) -> Option<&'h str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
}

/// `x-acs-retry-after` (milliseconds), else a standard `Retry-After` in seconds.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    if let Some(ms) = header(headers, &X_ACS_RETRY_AFTER).and_then(|v| v.parse().ok()) {
        return Some(Duration::from_millis(ms));
    }
    header(headers, &RETRY_AFTER)
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
