//! Counters of what the emulator did, for reliability tests.

use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;

/// A snapshot of the emulator's counters since it started.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// API calls received at `/` (faulted ones included; `/__emulator/` requests excluded).
    pub requests: u64,
    /// Faults injected, by kind.
    pub faults: FaultCounts,
    /// Calls refused by the gateway checks (signature, timestamp, nonce, version, action,
    /// required parameters) or by the limits (body size, body timeout, parameter count):
    /// HTTP 4xx answers other than injected throttling.
    pub rejected: u64,
    /// Calls whose action ran and answered `Success` true (for actions with state rules, the
    /// state changed).
    pub applied: u64,
    /// Calls whose action ran and answered `Success` false (unknown job, wrong state).
    pub denied: u64,
}

/// How many faults of each kind were injected.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct FaultCounts {
    /// Calls answered `Throttling.User`.
    pub throttled: u64,
    /// Calls answered `ServiceUnavailable`.
    pub unavailable: u64,
    /// Connections closed without an answer.
    pub dropped: u64,
}

impl FaultCounts {
    /// All injected faults together.
    pub fn total(&self) -> u64 {
        self.throttled + self.unavailable + self.dropped
    }
}

/// The live counters behind [`Stats`].
#[derive(Debug, Default)]
pub(crate) struct Counters {
    pub(crate) requests: AtomicU64,
    pub(crate) throttled: AtomicU64,
    pub(crate) unavailable: AtomicU64,
    pub(crate) dropped: AtomicU64,
    pub(crate) rejected: AtomicU64,
    pub(crate) applied: AtomicU64,
    pub(crate) denied: AtomicU64,
}

impl Counters {
    pub(crate) fn bump(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn snapshot(&self) -> Stats {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        Stats {
            requests: get(&self.requests),
            faults: FaultCounts {
                throttled: get(&self.throttled),
                unavailable: get(&self.unavailable),
                dropped: get(&self.dropped),
            },
            rejected: get(&self.rejected),
            applied: get(&self.applied),
            denied: get(&self.denied),
        }
    }
}
