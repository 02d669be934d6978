//! Where the emulator reads the time it judges request timestamps against.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

/// A source of the current time, so tests can pin the time timestamps are checked against.
pub trait Clock: Send + Sync + 'static {
    /// The current time.
    fn now(&self) -> SystemTime;
}

/// The system's wall clock (the default).
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A clock that stands still until it is set or advanced; clones share the same time.
#[derive(Debug, Clone)]
pub struct ManualClock {
    now: Arc<Mutex<SystemTime>>,
}

impl ManualClock {
    /// A clock showing `at`.
    pub fn new(at: SystemTime) -> ManualClock {
        ManualClock {
            now: Arc::new(Mutex::new(at)),
        }
    }

    /// A clock showing the RFC 3339 time `at` (`2026-01-02T03:04:05Z`), or `None` if it does
    /// not parse.
    pub fn at_rfc3339(at: &str) -> Option<ManualClock> {
        humantime::parse_rfc3339(at).ok().map(ManualClock::new)
    }

    /// Moves the clock to `at`.
    pub fn set(&self, at: SystemTime) {
        *self.now.lock().unwrap_or_else(PoisonError::into_inner) = at;
    }

    /// Moves the clock forward by `by`.
    pub fn advance(&self, by: Duration) {
        let mut now = self.now.lock().unwrap_or_else(PoisonError::into_inner);
        *now += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> SystemTime {
        *self.now.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_clock_is_shared_between_clones() {
        let clock = ManualClock::at_rfc3339("2026-01-02T03:04:05Z").unwrap();
        let other = clock.clone();
        clock.advance(Duration::from_secs(60));
        assert_eq!(
            humantime::format_rfc3339_seconds(other.now()).to_string(),
            "2026-01-02T03:05:05Z"
        );
        assert!(ManualClock::at_rfc3339("yesterday").is_none());
    }
}
