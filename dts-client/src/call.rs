//! What the runtime needs to send one action, and per-call overrides of the configuration.

use std::time::Duration;

/// Static facts about one action that the runtime needs to send it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    /// The action name sent as `Action=`.
    pub action: &'static str,
    /// The HTTP method to send with (`"POST"` or `"GET"`).
    pub method: &'static str,
    /// Whether the action may be retried after an ambiguous failure (a timeout once the
    /// request may have reached the service).
    pub idempotent: bool,
}

/// Per-call overrides of the client's configuration; `None` keeps the client's setting.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallOptions {
    /// Whole-call timeout for this call, across all attempts.
    pub timeout: Option<Duration>,
    /// Most attempts for this call (1 sends once).
    pub max_attempts: Option<u32>,
    /// Timeout of each attempt of this call.
    pub attempt_timeout: Option<Duration>,
}

impl CallOptions {
    /// No overrides.
    pub fn new() -> Self {
        CallOptions::default()
    }

    /// Limits the whole call, all attempts included, to `timeout`.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Makes at most `n` attempts (1 sends once).
    pub fn with_max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = Some(n);
        self
    }

    /// Limits each attempt to `timeout`.
    pub fn with_attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }
}
