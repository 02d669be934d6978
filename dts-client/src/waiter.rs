//! Waiters: call an action until a response field reaches a state, as declared in the spec.
//!
//! `client.wait_until_<name>(...)` returns a [`Waiter`] (or, for a waiter that also succeeds
//! when the resource is gone, a [`GoneWaiter`]). It polls the action, reads the declared field
//! of each response and ends when the field holds a success state (the last output), a
//! failure state ([`WaitError::FailureState`], naming it), or when the maximum wait has passed
//! ([`WaitError::Timeout`]). Between polls it sleeps an exponentially growing, jittered delay
//! between the minimum and maximum delay. An error the declaration lists as "gone" ends a
//! [`GoneWaiter`] successfully; one it lists as "retry" is polled through; any other ends the
//! wait with [`WaitError::Service`].
//!
//! ```no_run
//! # async fn run(client: dts_client::Client) -> Result<(), Box<dyn std::error::Error>> {
//! use std::time::Duration;
//!
//! let job = client
//!     .wait_until_dts_job_synchronizing("l3m1213ye7l1234")
//!     .max_wait(Duration::from_secs(600))
//!     .send()
//!     .await?;
//! println!("{:?} is {:?}", job.dts_job_id, job.status);
//! # Ok(())
//! # }
//! ```
//!
//! Sleeping and the time the wait has taken come from a [`WaitClock`]: tokio's timer by
//! default, or any other (a test's manual clock) through [`Waiter::clock`].

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::catalog::WaiterInfo;
use crate::paginate::{lookup, text, Call};
use crate::ActionError;

/// Where a waiter's time comes from: the current instant, and sleeping.
pub trait WaitClock: Send + Sync + 'static {
    /// The current instant.
    fn now(&self) -> Instant;

    /// A future that completes after `duration`.
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send>>;
}

/// The real clock: `Instant::now` and tokio's timer.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioClock;

impl WaitClock for TokioClock {
    fn now(&self) -> Instant {
        Instant::now()
    }

    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// Why a wait ended without success.
#[derive(Debug)]
#[non_exhaustive]
pub enum WaitError<E> {
    /// The field reached a state from which the awaited one cannot follow.
    FailureState {
        /// The waiter.
        waiter: &'static str,
        /// The field compared.
        path: &'static str,
        /// The state it holds: `PrecheckFailed`.
        state: String,
        /// The response body that showed it.
        body: Value,
    },
    /// The maximum wait passed before a success or failure state showed.
    Timeout {
        /// The waiter.
        waiter: &'static str,
        /// How long it waited.
        waited: Duration,
        /// How many calls it made.
        attempts: u32,
        /// The state the last response showed, if it showed one.
        last_state: Option<String>,
    },
    /// A call failed with an error the declaration does not expect.
    Service(E),
}

impl<E> WaitError<E> {
    /// The failure state reached, for [`WaitError::FailureState`].
    pub fn failure_state(&self) -> Option<&str> {
        match self {
            WaitError::FailureState { state, .. } => Some(state),
            _ => None,
        }
    }

    /// Whether the maximum wait passed.
    pub fn is_timeout(&self) -> bool {
        matches!(self, WaitError::Timeout { .. })
    }

    /// The action's error, for [`WaitError::Service`].
    pub fn service_error(&self) -> Option<&E> {
        match self {
            WaitError::Service(e) => Some(e),
            _ => None,
        }
    }
}

impl<E: fmt::Display> fmt::Display for WaitError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaitError::FailureState {
                waiter,
                path,
                state,
                ..
            } => write!(
                f,
                "waiter `{waiter}` failed: {path} is {state}, from which the awaited state cannot follow"
            ),
            WaitError::Timeout {
                waiter,
                waited,
                attempts,
                last_state,
            } => {
                write!(
                    f,
                    "waiter `{waiter}` timed out after {} and {attempts} calls",
                    humantime::format_duration(*waited)
                )?;
                match last_state {
                    Some(state) => write!(f, " (last state {state})"),
                    None => Ok(()),
                }
            }
            WaitError::Service(e) => e.fmt(f),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for WaitError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WaitError::Service(e) => Some(e),
            _ => None,
        }
    }
}

/// The delay before poll number `attempt + 1` (`attempt` from 1): uniformly random between
/// `min` and `min(max, min * 2^(attempt - 1))`, with `unit` in `[0, 1)` the random draw.
pub fn backoff(attempt: u32, min: Duration, max: Duration, unit: f64) -> Duration {
    let max = max.max(min);
    let factor = 1u32
        .checked_shl(attempt.saturating_sub(1))
        .unwrap_or(u32::MAX);
    let ceiling = min.checked_mul(factor).map_or(max, |d| d.min(max));
    let span = ceiling.saturating_sub(min);
    min + span.mul_f64(unit.clamp(0.0, 1.0))
}

/// How a wait ended well: the output showing a success state, or the error saying the
/// resource is gone.
enum Done<O, E> {
    Output(O),
    Gone(E),
}

/// A wait being configured: set limits, then [`send`](Self::send) it.
#[must_use = "a waiter does nothing until `send` is awaited"]
pub struct Waiter<R> {
    request: R,
    spec: &'static WaiterInfo,
    min_delay: Duration,
    max_delay: Duration,
    max_wait: Duration,
    clock: Arc<dyn WaitClock>,
}

impl<R: Call> Waiter<R> {
    /// Waits by sending `request` with the acceptors and default delays of `spec`.
    pub fn new(request: R, spec: &'static WaiterInfo) -> Self {
        Waiter {
            request,
            spec,
            min_delay: Duration::from_secs(spec.min_delay_secs),
            max_delay: Duration::from_secs(spec.max_delay_secs),
            max_wait: Duration::from_secs(spec.max_wait_secs),
            clock: Arc::new(TokioClock),
        }
    }

    /// Gives up after `max_wait`.
    pub fn max_wait(mut self, max_wait: Duration) -> Self {
        self.max_wait = max_wait;
        self
    }

    /// Waits at least `delay` between polls (the first delay).
    pub fn min_delay(mut self, delay: Duration) -> Self {
        self.min_delay = delay;
        self
    }

    /// Waits at most `delay` between polls.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// Takes time from `clock` instead of tokio's timer (for tests that step a clock).
    pub fn clock(mut self, clock: impl WaitClock) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Changes the request polled (to set optional parameters: `|r| r.region_id("...")`).
    pub fn map_request(mut self, f: impl FnOnce(R) -> R) -> Self {
        self.request = f(self.request);
        self
    }

    /// Polls until a success state (the last output), a failure state, the maximum wait or
    /// an unexpected error.
    pub async fn send(self) -> Result<R::Output, WaitError<R::Error>> {
        match self.run().await? {
            Done::Output(output) => Ok(output),
            // Only a `GoneWaiter` declares gone codes; treat one here as the error it is.
            Done::Gone(e) => Err(WaitError::Service(e)),
        }
    }

    async fn run(self) -> Result<Done<R::Output, R::Error>, WaitError<R::Error>> {
        let spec = self.spec;
        let start = self.clock.now();
        let mut attempts = 0u32;
        let mut last_state = None;
        loop {
            attempts += 1;
            match self.request.clone().send_boxed().await {
                Ok(output) => {
                    let state = lookup(R::body(&output), spec.path).and_then(text);
                    if let Some(state) = &state {
                        if spec.success.contains(&state.as_str()) {
                            return Ok(Done::Output(output));
                        }
                        if spec.failure.contains(&state.as_str()) {
                            return Err(WaitError::FailureState {
                                waiter: spec.name,
                                path: spec.path,
                                state: state.clone(),
                                body: R::body(&output).clone(),
                            });
                        }
                    }
                    last_state = state;
                }
                Err(e) => {
                    let code = e.code().unwrap_or_default();
                    if spec.success_errors.contains(&code) {
                        return Ok(Done::Gone(e));
                    }
                    if !spec.retry_errors.contains(&code) {
                        return Err(WaitError::Service(e));
                    }
                }
            }
            let waited = self.clock.now().saturating_duration_since(start);
            let remaining = self.max_wait.saturating_sub(waited);
            if remaining.is_zero() {
                return Err(WaitError::Timeout {
                    waiter: spec.name,
                    waited,
                    attempts,
                    last_state,
                });
            }
            let delay = backoff(attempts, self.min_delay, self.max_delay, fastrand::f64());
            tracing::debug!(waiter = spec.name, attempts, ?delay, state = ?last_state, "waiting");
            self.clock.sleep(delay.min(remaining)).await;
        }
    }
}

impl<R> fmt::Debug for Waiter<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Waiter")
            .field("waiter", &self.spec.name)
            .field("min_delay", &self.min_delay)
            .field("max_delay", &self.max_delay)
            .field("max_wait", &self.max_wait)
            .finish_non_exhaustive()
    }
}

/// A wait that also succeeds when the resource is gone: [`send`](Self::send) resolves to the
/// last output when a success state showed, and to `None` when the service said the resource
/// no longer exists.
#[must_use = "a waiter does nothing until `send` is awaited"]
pub struct GoneWaiter<R>(Waiter<R>);

impl<R: Call> GoneWaiter<R> {
    /// Waits by sending `request` with the acceptors and default delays of `spec`.
    pub fn new(request: R, spec: &'static WaiterInfo) -> Self {
        GoneWaiter(Waiter::new(request, spec))
    }

    /// Gives up after `max_wait`.
    pub fn max_wait(self, max_wait: Duration) -> Self {
        GoneWaiter(self.0.max_wait(max_wait))
    }

    /// Waits at least `delay` between polls (the first delay).
    pub fn min_delay(self, delay: Duration) -> Self {
        GoneWaiter(self.0.min_delay(delay))
    }

    /// Waits at most `delay` between polls.
    pub fn max_delay(self, delay: Duration) -> Self {
        GoneWaiter(self.0.max_delay(delay))
    }

    /// Takes time from `clock` instead of tokio's timer (for tests that step a clock).
    pub fn clock(self, clock: impl WaitClock) -> Self {
        GoneWaiter(self.0.clock(clock))
    }

    /// Changes the request polled (to set optional parameters).
    pub fn map_request(self, f: impl FnOnce(R) -> R) -> Self {
        GoneWaiter(self.0.map_request(f))
    }

    /// Polls until a success state (`Some` of the last output), a gone error (`None`), a
    /// failure state, the maximum wait or an unexpected error.
    pub async fn send(self) -> Result<Option<R::Output>, WaitError<R::Error>> {
        match self.0.run().await? {
            Done::Output(output) => Ok(Some(output)),
            Done::Gone(_) => Ok(None),
        }
    }
}

impl<R> fmt::Debug for GoneWaiter<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_within_its_bounds() {
        let (min, max) = (Duration::from_secs(3), Duration::from_secs(10));
        assert_eq!(
            backoff(1, min, max, 0.99),
            min,
            "the first delay is the minimum"
        );
        assert_eq!(backoff(2, min, max, 0.0), min);
        assert_eq!(backoff(2, min, max, 1.0), Duration::from_secs(6));
        assert_eq!(backoff(3, min, max, 1.0), max, "capped at the maximum");
        assert_eq!(backoff(40, min, max, 0.5), Duration::from_millis(6500));
        let mid = backoff(2, min, max, 0.5);
        assert_eq!(
            mid,
            Duration::from_millis(4500),
            "jittered between the bounds"
        );
    }

    #[test]
    fn errors_name_the_failure_state_and_the_timeout() {
        let failed: WaitError<crate::Error> = WaitError::FailureState {
            waiter: "dts_job_synchronizing",
            path: "Status",
            state: "PrecheckFailed".into(),
            body: Value::Null,
        };
        assert_eq!(failed.failure_state(), Some("PrecheckFailed"));
        assert!(
            failed.to_string().contains("Status is PrecheckFailed"),
            "{failed}"
        );
        let timeout: WaitError<crate::Error> = WaitError::Timeout {
            waiter: "w",
            waited: Duration::from_secs(60),
            attempts: 7,
            last_state: Some("Prechecking".into()),
        };
        assert!(timeout.is_timeout());
        assert_eq!(
            timeout.to_string(),
            "waiter `w` timed out after 1m and 7 calls (last state Prechecking)"
        );
    }
}
