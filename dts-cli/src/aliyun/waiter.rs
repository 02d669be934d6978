//! `--waiter expr=<JMESPath> to=<value>`: poll the action until the value at `expr` equals
//! `to`, as the aliyun CLI does, and give up early when the value is a state from which `to`
//! cannot be reached.
//!
//! Those states are the `failure` list of the spec's waiter declaration on the same path whose
//! `success` holds `to` (its `retry_errors` are polled through, its delays and maximum wait
//! are the defaults), else DTS's failure states ([`DTS_FAILURES`]). Defaults otherwise: poll
//! every 5 seconds for at most 180, the aliyun CLI's.

use std::time::{Duration, Instant};

use serde_json::Value;

use super::args::WaiterArgs;
use super::facts::Facts;
use super::query::Query;

/// Job states from which no other state is reached without a new start.
pub const DTS_FAILURES: [&str; 4] = [
    "PrecheckFailed",
    "InitializeFailed",
    "Failed",
    "MigrationFailed",
];
/// Seconds between polls unless `interval=` or the spec says otherwise.
pub const DEFAULT_INTERVAL_SECS: f64 = 5.0;
/// Seconds the wait may take unless `timeout=` or the spec says otherwise.
pub const DEFAULT_TIMEOUT_SECS: f64 = 180.0;

/// A resolved wait: what to watch, what ends it, how often and how long.
pub struct Plan {
    expr: Query,
    /// The expression as given.
    pub expr_text: String,
    /// The awaited value.
    pub to: String,
    /// Values that end the wait as a failure.
    pub failure: Vec<String>,
    /// Error codes polled through.
    pub retry_errors: Vec<String>,
    /// Time between polls.
    pub interval: Duration,
    /// Time the whole wait may take.
    pub timeout: Duration,
}

/// Why a wait ended without reaching its value.
#[derive(Debug)]
pub enum WaitError<E> {
    /// A call failed with an error the waiter does not poll through.
    Call(E),
    /// The value is a failure state: `to` cannot be reached (exit 1).
    Unreachable {
        /// The failure state.
        value: String,
    },
    /// The time ran out (exit 3); the last value seen, if any.
    TimedOut {
        /// The last value read.
        last: Option<String>,
    },
    /// `expr` cannot be evaluated on a response (exit 2).
    Usage(String),
}

/// Resolves `args` against the spec's declarations for the action.
pub fn plan(args: &WaiterArgs, facts: &Facts) -> Result<Plan, String> {
    let expr = Query::compile("--waiter expr", &args.expr)?;
    let declared = facts
        .waiters
        .iter()
        .find(|w| w.path == args.expr && w.success.iter().any(|s| *s == args.to));
    let failure: Vec<String> = match declared {
        Some(w) => w.failure.iter().map(|s| s.to_string()).collect(),
        None => DTS_FAILURES.iter().map(|s| s.to_string()).collect(),
    };
    // A declared waiter's delays (its spec's, or the generator's defaults) are the client's
    // `wait_until_` defaults too; an expression no waiter declares gets the aliyun CLI's.
    let secs = |given: Option<f64>, declared: Option<u64>, default: f64| {
        given
            .map(Duration::from_secs_f64)
            .or(declared.map(Duration::from_secs))
            .unwrap_or(Duration::from_secs_f64(default))
    };
    Ok(Plan {
        expr,
        expr_text: args.expr.clone(),
        failure: failure.into_iter().filter(|f| *f != args.to).collect(),
        retry_errors: declared
            .map(|w| w.retry_errors.iter().map(|s| s.to_string()).collect())
            .unwrap_or_default(),
        interval: secs(
            args.interval,
            declared.map(|w| w.min_delay_secs),
            DEFAULT_INTERVAL_SECS,
        ),
        timeout: secs(
            args.timeout,
            declared.map(|w| w.max_wait_secs),
            DEFAULT_TIMEOUT_SECS,
        ),
        to: args.to.clone(),
    })
}

/// The passing of time for a wait: real in the command, stepped in tests.
pub trait Pace {
    /// Time since the wait started.
    fn elapsed(&self) -> Duration;
    /// Lets `d` pass.
    fn sleep(&mut self, d: Duration);
}

/// Wall-clock time.
pub struct RealPace(Instant);

impl RealPace {
    /// Starts counting now.
    pub fn start() -> RealPace {
        RealPace(Instant::now())
    }
}

impl Pace for RealPace {
    fn elapsed(&self) -> Duration {
        self.0.elapsed()
    }

    fn sleep(&mut self, d: Duration) {
        std::thread::sleep(d);
    }
}

/// Polls with `call` until the plan's value is reached (the last response), a failure state
/// shows, or the time runs out; `code` tells a call error's code (for `retry_errors`).
pub fn wait<E>(
    plan: &Plan,
    pace: &mut dyn Pace,
    mut call: impl FnMut() -> Result<Value, E>,
    code: impl Fn(&E) -> Option<String>,
) -> Result<Value, WaitError<E>> {
    let mut last = None;
    loop {
        match call() {
            Ok(doc) => {
                let value = plan.expr.text(&doc).map_err(WaitError::Usage)?;
                if value.as_deref() == Some(plan.to.as_str()) {
                    return Ok(doc);
                }
                if let Some(v) = value.as_ref().filter(|v| plan.failure.contains(v)) {
                    return Err(WaitError::Unreachable { value: v.clone() });
                }
                last = value;
            }
            Err(e) if code(&e).is_some_and(|c| plan.retry_errors.contains(&c)) => {}
            Err(e) => return Err(WaitError::Call(e)),
        }
        let elapsed = pace.elapsed();
        if elapsed >= plan.timeout {
            return Err(WaitError::TimedOut { last });
        }
        pace.sleep(plan.interval.min(plan.timeout - elapsed));
    }
}
