//! The client and the entry points generated code and the CLI call: [`Client::invoke`],
//! [`Client::call`] and [`Client::presign`].

use std::fmt;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, Url};
use serde_json::Value;
use tracing::{field, Instrument as _};

use crate::call::{CallOptions, Operation};
use crate::config::{ClientBuilder, Config};
use crate::credentials::Credentials;
use crate::error::{Error, TimeoutLabel};
use crate::params::Params;
use crate::response::RawResponse;
use crate::rt::decode::Decode;
use crate::signing::request::{Unsigned, SECURITY_TOKEN_HEADER};
use crate::signing::SignatureVersion;
use crate::transport::Transport;
use crate::{response, retry, sources};

/// A DTS client: cheap to clone (clones share configuration and connections), `Send` and
/// `Sync`.
///
/// The generated code adds one method per action (`client.start_synchronization_job(...)`);
/// [`call`](Self::call) reaches any action by name with untyped parameters.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    config: Config,
    transport: Transport,
    /// Seconds to add to the clock, learnt from a refused timestamp.
    skew: AtomicI64,
}

/// The action, HTTP method and idempotency of one call.
#[derive(Clone, Copy)]
struct Op<'a> {
    action: &'a str,
    method: &'a str,
    idempotent: bool,
}

impl Client {
    /// A builder for a DTS client, with the API version and regional endpoints of the spec
    /// ([`SERVICE`](crate::SERVICE)).
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new(&crate::SERVICE)
    }

    pub(crate) fn from_config(config: Config) -> Result<Client, Error> {
        let transport = Transport::new(config.connect_timeout, &config.http)?;
        Ok(Client {
            inner: Arc::new(Inner {
                config,
                transport,
                skew: AtomicI64::new(0),
            }),
        })
    }

    /// The client's settings.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// Sends the action `op` with `params`, retrying as configured, and returns the decoded
    /// JSON body of the successful response. A `Success: false` body is an error.
    pub async fn invoke(
        &self,
        op: &'static Operation,
        params: Params,
        options: CallOptions,
    ) -> Result<Value, Error> {
        self.execute(Op::of(op), &params, &options, &interpret_value)
            .await
    }

    /// [`invoke`](Self::invoke), reading the body as `T` straight from its bytes; a body that
    /// is not a JSON object or cannot be read as `T` is a
    /// [`Decode`](crate::ErrorKind::Decode) error.
    pub async fn invoke_decode<T: Decode>(
        &self,
        op: &'static Operation,
        params: Params,
        options: CallOptions,
    ) -> Result<T, Error> {
        let read = |resp, span: &tracing::Span| response::read_output::<T>(resp, op.action, span);
        self.execute(Op::of(op), &params, &options, &read).await
    }

    /// [`invoke_decode`](Self::invoke_decode) with the output's type erased, for the one
    /// non-generic call future every generated action shares: `read` reads the body.
    pub(crate) async fn invoke_erased(
        self,
        op: &'static Operation,
        params: Params,
        options: CallOptions,
        read: ReadOutput,
    ) -> Result<Box<dyn std::any::Any + Send>, Error> {
        let read = |resp, span: &tracing::Span| read(resp, op.action, span);
        self.execute(Op::of(op), &params, &options, &read).await
    }

    /// Sends the action named `action` (`StartSynchronizationJob`) with untyped parameters, as
    /// a `POST`, retrying ambiguous failures only when safe for any action.
    pub async fn call(
        &self,
        action: &str,
        params: Params,
        options: CallOptions,
    ) -> Result<Value, Error> {
        check_action(action)?;
        let op = Op {
            action,
            method: "POST",
            idempotent: false,
        };
        self.execute(op, &params, &options, &interpret_value).await
    }

    /// The request [`call`](Self::call) would send, signed now, without sending it.
    ///
    /// Needs credentials at hand: static ones, or cached ones still valid. When the provider
    /// would have to fetch (an STS call, the metadata service), this is a
    /// [`Credentials`](crate::ErrorKind::Credentials) error; use
    /// [`presign_async`](Self::presign_async).
    pub fn presign(&self, action: &str, params: Params) -> Result<SignedRequest, Error> {
        check_action(action)?;
        let mut pending = self.inner.config.credentials.provide_credentials();
        let creds = crate::credentials::ready_now(pending.as_mut()).ok_or_else(|| {
            Error::credentials(
                "the credentials provider has to fetch credentials first; use `presign_async`",
            )
        })??;
        self.presign_with(&creds, action, params)
    }

    /// [`presign`](Self::presign), waiting for the credentials provider when it has to fetch.
    pub async fn presign_async(
        &self,
        action: &str,
        params: Params,
    ) -> Result<SignedRequest, Error> {
        check_action(action)?;
        let creds = self.inner.config.credentials.provide_credentials().await?;
        self.presign_with(&creds, action, params)
    }

    fn presign_with(
        &self,
        creds: &Credentials,
        action: &str,
        params: Params,
    ) -> Result<SignedRequest, Error> {
        let (timestamp, nonce) = self.time_and_nonce()?;
        let unsigned = self.unsigned("POST", action, creds, timestamp.as_str(), &nonce, &params);
        if self.inner.config.signature_version == SignatureVersion::V3 {
            let signed = unsigned.signed_v3(&self.host_header())?;
            let mut query: Vec<(String, String)> = params.query_pairs().to_vec();
            query.sort();
            return Ok(SignedRequest {
                method: "POST",
                url: self.url_with(&signed.query).into(),
                params: query,
                headers: owned_headers(signed.headers),
                body: signed.body,
            });
        }
        let signed = unsigned.signed_v1()?;
        let mut query: Vec<(String, String)> = signed
            .query_pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        query.push(("Signature".to_owned(), signed.signature.as_str().to_owned()));
        Ok(SignedRequest {
            method: "POST",
            url: self.url_with(&signed.query).into(),
            params: query,
            headers: owned_headers(signed.headers),
            body: signed.body,
        })
    }

    /// The attempt loop of one call, in a `dts_call` span; `read` makes the result of a
    /// response (and records its request id in the span).
    async fn execute<T>(
        &self,
        op: Op<'_>,
        params: &Params,
        options: &CallOptions,
        read: &Interpret<'_, T>,
    ) -> Result<T, Error> {
        let span = tracing::info_span!(
            "dts_call",
            action = op.action,
            attempts = field::Empty,
            request_id = field::Empty
        );
        self.attempts(op, params, options, &span, read)
            .instrument(span.clone())
            .await
    }

    async fn attempts<T>(
        &self,
        op: Op<'_>,
        params: &Params,
        options: &CallOptions,
        span: &tracing::Span,
        read: &Interpret<'_, T>,
    ) -> Result<T, Error> {
        let cfg = &self.inner.config;
        let method = Method::from_bytes(op.method.as_bytes())
            .map_err(|_| Error::invalid_input(format!("invalid HTTP method `{}`", op.method)))?;
        let retry = options
            .max_attempts
            .map_or(cfg.retry, |n| cfg.retry.with_max_attempts(n));
        let attempt_timeout = options.attempt_timeout.or(cfg.attempt_timeout);
        let timeout = options.timeout.unwrap_or(cfg.timeout);
        let deadline = Instant::now() + timeout;
        let creds = match &cfg.fixed_credentials {
            Some(fixed) => fixed.clone(),
            None => cfg.credentials.provide_credentials().await?,
        };
        let mut attempt = 0;
        let mut skew_corrected = false;
        loop {
            attempt += 1;
            span.record("attempts", attempt);
            let remaining = deadline.saturating_duration_since(Instant::now());
            let (limit, label) = match attempt_timeout {
                Some(t) if t < remaining => (t, TimeoutLabel::Attempt(t)),
                _ => (remaining, TimeoutLabel::Call(timeout)),
            };
            let (url, headers, body) = self.signed_attempt(op, &creds, params)?;
            // The attempt's future (about 600 bytes) and the retry's sleep are boxed apart
            // from the call's: the call future stays under 1 KiB, which glibc serves from its
            // per-thread cache, where a larger block would make it merge freed chunks first.
            let send = Box::pin(self.inner.transport.send(
                method.clone(),
                url,
                headers,
                body,
                limit,
                label,
            ));
            let mut outcome = send
                .instrument(tracing::debug_span!("attempt", n = attempt))
                .await;
            let server_date = outcome.as_mut().ok().and_then(|resp| resp.date.take());
            let outcome = outcome.and_then(|resp| read(resp, span));
            let mut error = match outcome {
                Ok(body) => {
                    tracing::debug!("call succeeded");
                    return Ok(body);
                }
                Err(error) => error,
            };
            if let Some(id) = error.request_id() {
                span.record("request_id", id);
            }
            if !skew_corrected && error.code() == Some("InvalidTimeStamp.Expired") {
                if let Some(date) = server_date.and_then(|d| d.time()) {
                    skew_corrected = true;
                    self.correct_skew(date);
                    tracing::debug!("timestamp refused; retrying with the server's clock");
                    continue;
                }
            }
            error.set_attempts(attempt);
            let retryable = retry::is_retryable(&error, op.idempotent);
            error.set_retryable(retryable);
            let delay = retry.delay(attempt, error.retry_after());
            if !retryable || attempt >= retry.max_attempts() || Instant::now() + delay >= deadline {
                tracing::debug!(error = %error, retryable, "call failed");
                return Err(error);
            }
            tracing::debug!(error = %error, delay = ?delay, "retrying");
            Box::pin(tokio::time::sleep(delay)).await;
        }
    }

    /// The URL, headers and form body (for actions with body parameters) of one attempt,
    /// signed with a fresh timestamp and nonce.
    fn signed_attempt(
        &self,
        op: Op<'_>,
        creds: &Credentials,
        params: &Params,
    ) -> Result<(Url, HeaderMap, Option<String>), Error> {
        let (timestamp, nonce) = self.time_and_nonce()?;
        let unsigned = self.unsigned(
            op.method,
            op.action,
            creds,
            timestamp.as_str(),
            &nonce,
            params,
        );
        let (query, headers, body) = if self.inner.config.anonymous {
            let request = unsigned.anonymous()?;
            (request.query, request.headers, request.body)
        } else if self.inner.config.signature_version == SignatureVersion::V3 {
            let signed = unsigned.signed_v3(&self.host_header())?;
            (signed.query, signed.headers, signed.body)
        } else {
            let signed = unsigned.signed_v1()?;
            (signed.query, signed.headers, signed.body)
        };
        Ok((self.url_with(&query), header_map(&headers)?, body))
    }

    /// The `Host` header the endpoint gets: the host, and the port unless it is the scheme's
    /// default.
    fn host_header(&self) -> String {
        let url = &self.inner.config.endpoint;
        let host = url.host_str().unwrap_or_default();
        match url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        }
    }

    fn time_and_nonce(&self) -> Result<(sources::Timestamp, String), Error> {
        let cfg = &self.inner.config;
        let now = cfg.clock.now();
        let skew = self.inner.skew.load(Ordering::Relaxed);
        let now = if skew >= 0 {
            now.checked_add(Duration::from_secs(skew.unsigned_abs()))
        } else {
            now.checked_sub(Duration::from_secs(skew.unsigned_abs()))
        }
        .unwrap_or(now);
        Ok((sources::timestamp(now)?, cfg.nonce.nonce()))
    }

    /// Remembers how far the server's clock (its `Date`) is from ours, in whole seconds.
    fn correct_skew(&self, server: SystemTime) {
        let now = self.inner.config.clock.now();
        let skew = match server.duration_since(now) {
            Ok(ahead) => i64::try_from(ahead.as_secs()).unwrap_or(i64::MAX),
            Err(behind) => -i64::try_from(behind.duration().as_secs()).unwrap_or(i64::MAX),
        };
        self.inner.skew.store(skew, Ordering::Relaxed);
    }

    /// How many seconds the client adds to its clock to match the service's, after a
    /// timestamp was refused as expired (0 until then).
    pub fn clock_skew_seconds(&self) -> i64 {
        self.inner.skew.load(Ordering::Relaxed)
    }

    fn unsigned<'a>(
        &'a self,
        method: &'a str,
        action: &'a str,
        creds: &'a Credentials,
        timestamp: &'a str,
        nonce: &'a str,
        params: &'a Params,
    ) -> Unsigned<'a> {
        Unsigned {
            method,
            action,
            version: self.inner.config.service.version,
            credentials: creds,
            timestamp,
            nonce,
            params,
        }
    }

    fn url_with(&self, query: &str) -> Url {
        let mut url = self.inner.config.endpoint.clone();
        url.set_query(Some(query));
        url
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("config", &self.inner.config)
            .finish()
    }
}

/// `headers` as HTTP headers, the credential-bearing ones marked sensitive; an invalid value
/// (say, a nonce with a newline) is an input error naming the header, never showing the value.
fn header_map(headers: &[(&'static str, String)]) -> Result<HeaderMap, Error> {
    let mut map = HeaderMap::with_capacity(headers.len());
    for (name, value) in headers {
        let mut value = HeaderValue::from_str(value).map_err(|_| {
            Error::invalid_input(format!(
                "the value of the `{name}` header is not valid in HTTP"
            ))
        })?;
        value.set_sensitive(matches!(*name, "authorization" | SECURITY_TOKEN_HEADER));
        map.append(HeaderName::from_static(name), value);
    }
    Ok(map)
}

/// An action name must be a plain identifier (`StartSynchronizationJob`).
fn check_action(action: &str) -> Result<(), Error> {
    if action.is_empty() || !action.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(Error::invalid_input(format!(
            "invalid action name `{}`: expected letters and digits like `StartSynchronizationJob`",
            action.escape_debug()
        )));
    }
    Ok(())
}

/// What a call makes of a response: its result, or the error it describes.
type Interpret<'a, T> = dyn Fn(RawResponse, &tracing::Span) -> Result<T, Error> + Sync + 'a;

/// Reads a successful response as an output whose type is erased (see
/// [`Client::invoke_erased`]): the response, the action's name and the call's span.
pub(crate) type ReadOutput =
    fn(RawResponse, &str, &tracing::Span) -> Result<Box<dyn std::any::Any + Send>, Error>;

/// The JSON body of a successful response, its request id recorded in `span`.
fn interpret_value(resp: RawResponse, span: &tracing::Span) -> Result<Value, Error> {
    let body = response::interpret(&resp)?;
    if let Some(id) = body.get("RequestId").and_then(Value::as_str) {
        span.record("request_id", id);
    }
    Ok(body)
}

impl Op<'static> {
    fn of(op: &'static Operation) -> Self {
        Op {
            action: op.action,
            method: op.method,
            idempotent: op.idempotent,
        }
    }
}

/// Signed headers with owned names, as [`SignedRequest`] keeps them.
fn owned_headers(headers: Vec<(&'static str, String)>) -> Vec<(String, String)> {
    headers
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect()
}

/// A signed request ready to send: what `--dry-run` shows.
///
/// `Display` and `Debug` hide the `SecurityToken` (and its V3 header); the signature is shown
/// (it is useless without the rest of the request and expires with its timestamp). Under
/// signature V3, `Display` lists the headers after the request line, one per line.
#[derive(Clone, PartialEq, Eq)]
pub struct SignedRequest {
    method: &'static str,
    url: String,
    params: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Option<String>,
}

impl SignedRequest {
    /// The HTTP method.
    pub fn method(&self) -> &str {
        self.method
    }

    /// The full URL, signed query included (it holds the `SecurityToken`, if any).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Every parameter sent in the query, sorted by name (unencoded values); under V1,
    /// `Signature` comes last. Body parameters are in [`body`](Self::body) instead.
    pub fn params(&self) -> &[(String, String)] {
        &self.params
    }

    /// The headers to send (lower-case names): under signature V1 none, or `content-type`
    /// when there is a body; under V3 the `host` and `x-acs-*` headers (and `content-type`),
    /// `authorization` last.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The `application/x-www-form-urlencoded` body, when the action has parameters the spec
    /// places in the body.
    pub fn body(&self) -> Option<&str> {
        self.body.as_deref()
    }

    fn shown_headers(&self) -> impl Iterator<Item = (&str, &str)> {
        self.headers.iter().map(|(k, v)| match k.as_str() {
            SECURITY_TOKEN_HEADER => (k.as_str(), REDACTED),
            _ => (k.as_str(), v.as_str()),
        })
    }

    fn shown_params(&self) -> impl Iterator<Item = (&str, &str)> {
        self.params.iter().map(|(k, v)| match k.as_str() {
            "SecurityToken" => (k.as_str(), REDACTED),
            _ => (k.as_str(), v.as_str()),
        })
    }

    fn shown_url(&self) -> String {
        let Some((base, query)) = self.url.split_once('?') else {
            return self.url.clone();
        };
        let pairs: Vec<&str> = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some(("SecurityToken", _)) => "SecurityToken=***",
                _ => pair,
            })
            .collect();
        format!("{base}?{}", pairs.join("&"))
    }
}

const REDACTED: &str = "** redacted **";

impl fmt::Display for SignedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.shown_url())?;
        for (name, value) in self.shown_headers() {
            write!(f, "\n{name}: {value}")?;
        }
        if let Some(body) = &self.body {
            write!(f, "\n\n{body}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for SignedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignedRequest")
            .field("method", &self.method)
            .field("url", &self.shown_url())
            .field("params", &self.shown_params().collect::<Vec<_>>())
            .field("headers", &self.shown_headers().collect::<Vec<_>>())
            .field("body", &self.body)
            .finish()
    }
}
