//! The one error type of the client, and the trait generated per-action errors implement.
//!
//! [`Error`] is opaque: its parts are read through accessors, so new details can be added
//! without breaking callers. It never holds a credential: messages are built from codes,
//! statuses, file names and line numbers, and transport errors are stripped of their URL
//! (which carries the signed query) before they are kept as a source.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

/// What went wrong, broadly; see [`Error::kind`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The service answered with an error (an HTTP error status or a `Success: false` body).
    Service,
    /// The request could not be sent or its response could not be read.
    Transport,
    /// The call or one attempt took longer than its timeout.
    Timeout,
    /// The service's response was not the JSON document expected.
    Decode,
    /// No credentials could be found, or a credential source is malformed.
    Credentials,
    /// The client's configuration is invalid (for example a malformed endpoint URL).
    Config,
    /// The request's parameters are invalid before anything is sent.
    InvalidInput,
}

/// An error from building a client, finding credentials, or calling the service.
///
/// `Display` shows `<Code>: <message> (request id <id>)` for service errors and one clear line
/// for the others.
#[derive(Debug)]
pub struct Error {
    inner: Box<Inner>,
}

#[derive(Debug)]
struct Inner {
    kind: ErrorKind,
    message: String,
    code: Option<String>,
    request_id: Option<String>,
    host_id: Option<String>,
    recommend: Option<String>,
    http_status: Option<u16>,
    retryable: bool,
    maybe_sent: bool,
    retry_after: Option<Duration>,
    attempts: u32,
    source: Option<Box<dyn StdError + Send + Sync>>,
}

impl Error {
    /// A new error of `kind` with a lowercase `message` that names the offending thing.
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            inner: Box::new(Inner {
                kind,
                message: message.into(),
                code: None,
                request_id: None,
                host_id: None,
                recommend: None,
                http_status: None,
                retryable: false,
                maybe_sent: false,
                retry_after: None,
                attempts: 0,
                source: None,
            }),
        }
    }

    /// A service error with `code` and `message`, as the client builds from an error response
    /// (its kind is [`ErrorKind::Service`]; it has no request id, HTTP status or attempts, and
    /// is not retryable).
    ///
    /// For tests of code that handles errors: an action's error enum classifies it by code as
    /// a response would be, so `DescribeDtsJobDetailError::from(Error::service("Throttling.User",
    /// "slow down"))` is its `Common(CommonError::ThrottlingUser(_))` variant.
    pub fn service(code: impl Into<String>, message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Service, message).with_code(Some(code.into()))
    }

    pub(crate) fn config(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Config, message)
    }

    /// A [`Credentials`](ErrorKind::Credentials) error: what a custom
    /// [`ProvideCredentials`](crate::ProvideCredentials) returns when it has none to give.
    ///
    /// The message should name the source and what is wrong, never a secret.
    pub fn credentials(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Credentials, message)
    }

    pub(crate) fn invalid_input(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::InvalidInput, message)
    }

    pub(crate) fn with_code(mut self, code: Option<String>) -> Self {
        self.inner.code = code;
        self
    }

    pub(crate) fn with_request_id(mut self, id: Option<String>) -> Self {
        self.inner.request_id = id;
        self
    }

    pub(crate) fn with_host_id(mut self, id: Option<String>) -> Self {
        self.inner.host_id = id;
        self
    }

    pub(crate) fn with_recommend(mut self, recommend: Option<String>) -> Self {
        self.inner.recommend = recommend;
        self
    }

    pub(crate) fn with_http_status(mut self, status: Option<u16>) -> Self {
        self.inner.http_status = status;
        self
    }

    pub(crate) fn with_retry_after(mut self, after: Option<Duration>) -> Self {
        self.inner.retry_after = after;
        self
    }

    pub(crate) fn with_maybe_sent(mut self, maybe_sent: bool) -> Self {
        self.inner.maybe_sent = maybe_sent;
        self
    }

    /// The same error caused by `source` (shown by [`std::error::Error::source`]; keep
    /// secrets out of it).
    pub fn with_source(mut self, source: impl StdError + Send + Sync + 'static) -> Self {
        self.inner.source = Some(Box::new(source));
        self
    }

    pub(crate) fn set_retryable(&mut self, retryable: bool) {
        self.inner.retryable = retryable;
    }

    pub(crate) fn set_attempts(&mut self, attempts: u32) {
        self.inner.attempts = attempts;
    }

    /// How long the service asked the caller to wait before trying again.
    pub(crate) fn retry_after(&self) -> Option<Duration> {
        self.inner.retry_after
    }

    /// The broad category of the failure.
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// The service's error code (`Throttling.User`, `InvalidParameter`...), for service errors.
    pub fn code(&self) -> Option<&str> {
        self.inner.code.as_deref()
    }

    /// The human-readable message, without code or request id.
    ///
    /// For `Success: false` bodies this is `ErrMessage` with `%s` replaced by
    /// `DynamicMessage`.
    pub fn message(&self) -> &str {
        &self.inner.message
    }

    /// The id the service gave the failed request, for support tickets.
    pub fn request_id(&self) -> Option<&str> {
        self.inner.request_id.as_deref()
    }

    /// The host that answered, as the service reports it.
    pub fn host_id(&self) -> Option<&str> {
        self.inner.host_id.as_deref()
    }

    /// The diagnosis link the service recommends, when it sends one.
    pub fn recommend(&self) -> Option<&str> {
        self.inner.recommend.as_deref()
    }

    /// The HTTP status of the failure: the body's `HttpStatusCode` when it has one, else the
    /// status of the response; `None` when no response arrived.
    pub fn http_status(&self) -> Option<u16> {
        self.inner.http_status
    }

    /// Whether trying the same call again may succeed (throttling, server-side and connection
    /// failures; ambiguous failures only for idempotent actions).
    pub fn is_retryable(&self) -> bool {
        self.inner.retryable
    }

    /// Whether the call may have been applied although it failed: the request reached (or
    /// may have reached) the service and no definitive answer came back (a dropped
    /// connection, a timeout, HTTP 500 or 504, `InternalError`). The client does not retry
    /// such a failure of a non-idempotent action, which could apply it twice: read the
    /// resource's state to learn what happened.
    pub fn is_outcome_unknown(&self) -> bool {
        let i = &self.inner;
        match i.kind {
            ErrorKind::Transport | ErrorKind::Timeout => i.maybe_sent,
            ErrorKind::Service | ErrorKind::Decode => {
                i.code.as_deref() == Some("InternalError")
                    || i.http_status.is_some_and(|s| matches!(s, 500 | 504))
            }
            _ => false,
        }
    }

    /// Whether the call or one of its attempts timed out.
    pub fn is_timeout(&self) -> bool {
        self.inner.kind == ErrorKind::Timeout
    }

    /// How many attempts were made before giving up (0 when nothing was sent).
    pub fn attempts(&self) -> u32 {
        self.inner.attempts
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        match i.kind {
            ErrorKind::Service => {
                match (&i.code, i.http_status) {
                    (Some(code), _) => f.write_str(code)?,
                    (None, Some(status)) => write!(f, "HTTP {status}")?,
                    (None, None) => f.write_str("service error")?,
                }
                write!(f, ": {}", i.message)?;
                if let Some(id) = &i.request_id {
                    write!(f, " (request id {id})")?;
                }
                return self.unknown_outcome_note(f);
            }
            ErrorKind::Transport => write!(f, "transport error: {}", i.message)?,
            ErrorKind::Timeout => write!(f, "timed out: {}", i.message)?,
            ErrorKind::Decode => write!(f, "could not decode the response: {}", i.message)?,
            ErrorKind::Credentials => write!(f, "credentials: {}", i.message)?,
            ErrorKind::Config => write!(f, "invalid configuration: {}", i.message)?,
            ErrorKind::InvalidInput => write!(f, "invalid input: {}", i.message)?,
        }
        if i.attempts > 1 {
            write!(f, " (after {} attempts)", i.attempts)?;
        }
        self.unknown_outcome_note(f)
    }
}

impl Error {
    /// Says so when the call may have been applied and was not retried for that reason.
    fn unknown_outcome_note(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_outcome_unknown() && !self.inner.retryable && self.inner.attempts > 0 {
            f.write_str("; outcome unknown: the service may have applied the call")?;
        }
        Ok(())
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.inner
            .source
            .as_deref()
            .map(|e| e as &(dyn StdError + 'static))
    }
}

/// What every per-action error type offers: the underlying [`Error`] and its accessors.
///
/// Generated error enums (one variant per documented code plus `Unhandled`) implement only
/// [`inner`](ActionError::inner); the rest is provided.
pub trait ActionError: StdError {
    /// The client error this action error wraps.
    fn inner(&self) -> &Error;

    /// The service's error code, for service errors.
    fn code(&self) -> Option<&str> {
        self.inner().code()
    }

    /// The human-readable message.
    fn message(&self) -> &str {
        self.inner().message()
    }

    /// The id the service gave the failed request.
    fn request_id(&self) -> Option<&str> {
        self.inner().request_id()
    }

    /// The HTTP status of the failure, when a response arrived.
    fn http_status(&self) -> Option<u16> {
        self.inner().http_status()
    }

    /// Whether trying again may succeed.
    fn is_retryable(&self) -> bool {
        self.inner().is_retryable()
    }

    /// Whether the call timed out.
    fn is_timeout(&self) -> bool {
        self.inner().is_timeout()
    }

    /// Whether the call may have been applied although it failed (see
    /// [`Error::is_outcome_unknown`]).
    fn is_outcome_unknown(&self) -> bool {
        self.inner().is_outcome_unknown()
    }
}

impl ActionError for Error {
    fn inner(&self) -> &Error {
        self
    }
}

/// Which timeout limits an attempt, named in the error when it expires (formatted only then).
#[derive(Debug, Clone, Copy)]
pub(crate) enum TimeoutLabel {
    /// The per-attempt timeout.
    Attempt(std::time::Duration),
    /// The whole call's timeout.
    Call(std::time::Duration),
}

impl fmt::Display for TimeoutLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimeoutLabel::Attempt(t) => {
                write!(
                    f,
                    "the attempt's timeout of {}",
                    humantime::format_duration(*t)
                )
            }
            TimeoutLabel::Call(t) => write!(
                f,
                "the call's timeout of {}",
                humantime::format_duration(*t)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_errors_display_code_message_and_request_id() {
        let e = Error::new(ErrorKind::Service, "Request was denied.")
            .with_code(Some("Throttling.User".into()))
            .with_request_id(Some("REQ-1".into()))
            .with_http_status(Some(400));
        assert_eq!(
            e.to_string(),
            "Throttling.User: Request was denied. (request id REQ-1)"
        );
        let e = Error::new(ErrorKind::Service, "not found").with_http_status(Some(404));
        assert_eq!(e.to_string(), "HTTP 404: not found");
    }

    #[test]
    fn other_errors_display_one_line_with_attempts() {
        let mut e = Error::new(ErrorKind::Transport, "connection refused");
        e.set_attempts(3);
        assert_eq!(
            e.to_string(),
            "transport error: connection refused (after 3 attempts)"
        );
        assert_eq!(
            Error::config("bad").to_string(),
            "invalid configuration: bad"
        );
    }

    #[test]
    fn error_is_small_send_and_sync() {
        fn assert_send_sync<T: Send + Sync + 'static>() {}
        assert_send_sync::<Error>();
        assert_eq!(std::mem::size_of::<Error>(), std::mem::size_of::<usize>());
    }
}
