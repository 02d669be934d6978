//! Retries: which failures are worth another attempt, and how long to wait before it.
//!
//! Classification: throttling (`Throttling*` codes, HTTP 429), `ServiceUnavailable` (503) and
//! failures to connect retry always; failures whose outcome is unknown because the request
//! may have been applied (a timeout, a dropped connection, `InternalError`, HTTP 500 or 504:
//! [`Error::is_outcome_unknown`]) retry only for idempotent actions; client errors never. Budget: at most
//! [`max_attempts`](RetryConfig::max_attempts) attempts within the call's timeout, waiting an
//! exponentially growing, fully jittered delay between them, or what `x-acs-retry-after` asks.

use std::time::Duration;

use crate::error::{Error, ErrorKind};

/// How many attempts a call may make and how long to wait between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryConfig {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(10),
        }
    }
}

impl RetryConfig {
    /// Three attempts, backing off from 200 ms up to 10 s.
    pub fn new() -> Self {
        RetryConfig::default()
    }

    /// At most `n` attempts in all (1 sends once; 0 is treated as 1).
    pub fn with_max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = n.max(1);
        self
    }

    /// Waits up to `initial` before the second attempt, doubling the bound each time up to
    /// `max`.
    pub fn with_backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// The most attempts a call makes.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The bound of the first wait.
    pub fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }

    /// The largest bound any wait has.
    pub fn max_backoff(&self) -> Duration {
        self.max_backoff
    }

    /// How long to wait after the failed attempt number `attempt` (1-based): a uniformly
    /// random delay up to `min(max, initial * 2^(attempt - 1))`, or `retry_after` when the
    /// service asked for one.
    pub(crate) fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(after) = retry_after {
            return after;
        }
        let factor = 1u32
            .checked_shl(attempt.saturating_sub(1))
            .unwrap_or(u32::MAX);
        let bound = self
            .initial_backoff
            .checked_mul(factor)
            .map_or(self.max_backoff, |d| d.min(self.max_backoff));
        let nanos = u64::try_from(bound.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(fastrand::u64(..=nanos))
    }
}

/// Whether another attempt of the call that failed with `error` may succeed.
pub(crate) fn is_retryable(error: &Error, idempotent: bool) -> bool {
    (idempotent || !error.is_outcome_unknown()) && worth_retrying(error)
}

fn worth_retrying(error: &Error) -> bool {
    match error.kind() {
        ErrorKind::Service => {
            error.code().is_some_and(retryable_code)
                || error.http_status().is_some_and(retryable_status)
        }
        ErrorKind::Decode => error.http_status().is_some_and(retryable_status),
        ErrorKind::Transport | ErrorKind::Timeout => true,
        _ => false,
    }
}

/// Codes that mean "not now" rather than "not like this".
fn retryable_code(code: &str) -> bool {
    code.starts_with("Throttling")
        || code.starts_with("ServiceUnavailable")
        || code == "InternalError"
        || code == "SystemBusy"
}

/// Statuses worth another attempt: throttling and server-side failures.
fn retryable_status(status: u16) -> bool {
    status == 429 || (500..600).contains(&status) && !matches!(status, 501 | 505)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(code: &str, status: u16) -> Error {
        Error::new(ErrorKind::Service, "m")
            .with_code(Some(code.to_owned()))
            .with_http_status(Some(status))
    }

    #[test]
    fn classifies_service_errors_by_code_and_status() {
        assert!(is_retryable(&service("Throttling.User", 400), false));
        assert!(is_retryable(&service("Throttling", 400), false));
        assert!(is_retryable(&service("ServiceUnavailable", 503), false));
        assert!(is_retryable(&service("InternalError", 500), true));
        assert!(is_retryable(&service("Whatever", 502), false));
        // The call may have been applied: a non-idempotent action is not tried again.
        assert!(!is_retryable(&service("InternalError", 500), false));
        assert!(!is_retryable(&service("Whatever", 504), false));
        assert!(is_retryable(&service("Whatever", 504), true));
        assert!(is_retryable(&service("ServiceUnavailable", 503), false));
        assert!(is_retryable(&service("TooMany", 429), false));
        assert!(!is_retryable(&service("InvalidParameter", 400), true));
        assert!(!is_retryable(&service("Forbidden.RAM", 403), true));
        assert!(!is_retryable(&service("Unsupported", 501), true));
    }

    #[test]
    fn ambiguous_failures_retry_only_when_idempotent() {
        let refused = Error::new(ErrorKind::Transport, "refused");
        assert!(is_retryable(&refused, false));
        let dropped = Error::new(ErrorKind::Transport, "dropped").with_maybe_sent(true);
        assert!(!is_retryable(&dropped, false));
        assert!(is_retryable(&dropped, true));
        let timeout = Error::new(ErrorKind::Timeout, "slow").with_maybe_sent(true);
        assert!(!is_retryable(&timeout, false));
        assert!(is_retryable(&timeout, true));
        assert!(!is_retryable(&Error::config("x"), true));
    }

    #[test]
    fn delays_are_jittered_within_an_exponential_bound() {
        let c =
            RetryConfig::new().with_backoff(Duration::from_millis(10), Duration::from_millis(35));
        for _ in 0..200 {
            assert!(c.delay(1, None) <= Duration::from_millis(10));
            assert!(c.delay(2, None) <= Duration::from_millis(20));
            assert!(c.delay(3, None) <= Duration::from_millis(35));
            assert!(c.delay(40, None) <= Duration::from_millis(35));
        }
        let distinct: std::collections::BTreeSet<_> = (0..50).map(|_| c.delay(3, None)).collect();
        assert!(distinct.len() > 1);
        assert_eq!(
            c.delay(1, Some(Duration::from_secs(2))),
            Duration::from_secs(2)
        );
    }

    #[test]
    fn max_attempts_is_at_least_one() {
        assert_eq!(RetryConfig::new().with_max_attempts(0).max_attempts(), 1);
        assert_eq!(RetryConfig::new().max_attempts(), 3);
    }
}
