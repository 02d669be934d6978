//! Fault injection: `throttle=0.2,unavailable=0.1,latency=50ms,drop=0.05,seed=42`, plus faults
//! that strike after the action is applied: `drop_after=0.1,fail_after=0.1`.

use std::fmt;
use std::str::FromStr;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

/// Which faults to inject and how often; parsed from `key=value` pairs joined by commas.
///
/// Every API call draws once from a generator seeded with `seed`: with probability `drop` the
/// connection is closed without an answer, with probability `throttle` the call is answered
/// HTTP 400 `Throttling.User`, with probability `unavailable` HTTP 503 `ServiceUnavailable`.
/// `latency` delays every answer. The same seed and the same sequence of calls give the same
/// faults. A call faulted by these three never reaches the signature check or the job state.
///
/// The two after-apply faults run the call to its end first (signature, nonce, the action's
/// change to the store), then lose the answer: with probability `drop_after` the connection
/// is closed without an answer, with probability `fail_after` the answer is replaced by HTTP
/// 500 `InternalError`. The client cannot tell whether the action happened.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FaultSpec {
    /// Share of calls answered `Throttling.User` (0 to 1).
    pub throttle: f64,
    /// Share of calls answered `ServiceUnavailable` (0 to 1).
    pub unavailable: f64,
    /// Share of calls whose connection is closed without an answer (0 to 1).
    pub drop: f64,
    /// Share of calls applied, then closed without an answer (0 to 1).
    pub drop_after: f64,
    /// Share of calls applied, then answered HTTP 500 `InternalError` (0 to 1).
    pub fail_after: f64,
    /// Delay before every answer.
    pub latency: Duration,
    /// Seed of the generator that decides the faults.
    pub seed: u64,
}

impl Default for FaultSpec {
    fn default() -> FaultSpec {
        FaultSpec::none()
    }
}

/// Why a fault spec was rejected.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum FaultSpecError {
    /// A pair is not `key=value`.
    #[error("`{0}` is not of the form key=value")]
    NotAPair(String),
    /// The key is not one of the known ones.
    #[error(
        "unknown fault `{0}`, expected one of `throttle`, `unavailable`, `drop`, `drop_after`, `fail_after`, `latency`, `seed`"
    )]
    UnknownKey(String),
    /// A key appears twice.
    #[error("fault `{0}` is given twice")]
    Duplicate(String),
    /// A value does not parse or is out of range.
    #[error("invalid value `{value}` for `{key}`: {reason}")]
    InvalidValue {
        /// The key.
        key: String,
        /// The value as given.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The probabilities add up to more than 1.
    #[error("throttle + unavailable + drop + drop_after + fail_after is {0}, more than 1")]
    TooLikely(f64),
}

impl FaultSpec {
    /// No faults and no latency.
    pub const fn none() -> FaultSpec {
        FaultSpec {
            throttle: 0.0,
            unavailable: 0.0,
            drop: 0.0,
            drop_after: 0.0,
            fail_after: 0.0,
            latency: Duration::ZERO,
            seed: 0,
        }
    }

    fn total(&self) -> f64 {
        self.throttle + self.unavailable + self.drop + self.drop_after + self.fail_after
    }

    /// Checks every probability is within 0 to 1 and their sum is at most 1.
    pub fn validate(&self) -> Result<(), FaultSpecError> {
        for (key, p) in [
            ("throttle", self.throttle),
            ("unavailable", self.unavailable),
            ("drop", self.drop),
            ("drop_after", self.drop_after),
            ("fail_after", self.fail_after),
        ] {
            if !(0.0..=1.0).contains(&p) {
                return Err(FaultSpecError::InvalidValue {
                    key: key.to_owned(),
                    value: p.to_string(),
                    reason: "a probability must be between 0 and 1".to_owned(),
                });
            }
        }
        let sum = self.total();
        if sum > 1.0 + 1e-9 {
            return Err(FaultSpecError::TooLikely(sum));
        }
        Ok(())
    }
}

impl FromStr for FaultSpec {
    type Err = FaultSpecError;

    fn from_str(s: &str) -> Result<FaultSpec, FaultSpecError> {
        let mut spec = FaultSpec::none();
        let mut seen: Vec<&str> = Vec::new();
        for pair in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (key, value) = pair
                .split_once('=')
                .ok_or_else(|| FaultSpecError::NotAPair(pair.to_owned()))?;
            let (key, value) = (key.trim(), value.trim());
            if seen.contains(&key) {
                return Err(FaultSpecError::Duplicate(key.to_owned()));
            }
            seen.push(key);
            match key {
                "throttle" => spec.throttle = probability(key, value)?,
                "unavailable" => spec.unavailable = probability(key, value)?,
                "drop" => spec.drop = probability(key, value)?,
                "drop_after" => spec.drop_after = probability(key, value)?,
                "fail_after" => spec.fail_after = probability(key, value)?,
                "latency" => {
                    spec.latency = humantime::parse_duration(value)
                        .map_err(|e| invalid(key, value, e.to_string()))?
                }
                "seed" => {
                    spec.seed = value
                        .parse()
                        .map_err(|_| invalid(key, value, "expected an unsigned integer".into()))?
                }
                _ => return Err(FaultSpecError::UnknownKey(key.to_owned())),
            }
        }
        spec.validate()?;
        Ok(spec)
    }
}

impl fmt::Display for FaultSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "throttle={},unavailable={},drop={},drop_after={},fail_after={},latency={},seed={}",
            self.throttle,
            self.unavailable,
            self.drop,
            self.drop_after,
            self.fail_after,
            humantime::format_duration(self.latency),
            self.seed
        )
    }
}

fn probability(key: &str, value: &str) -> Result<f64, FaultSpecError> {
    let p: f64 = value
        .parse()
        .map_err(|_| invalid(key, value, "expected a number between 0 and 1".into()))?;
    if !(0.0..=1.0).contains(&p) {
        return Err(invalid(
            key,
            value,
            "a probability must be between 0 and 1".into(),
        ));
    }
    Ok(p)
}

fn invalid(key: &str, value: &str, reason: String) -> FaultSpecError {
    FaultSpecError::InvalidValue {
        key: key.to_owned(),
        value: value.to_owned(),
        reason,
    }
}

/// A fault chosen for one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
    Throttle,
    Unavailable,
    Drop,
    DropAfter,
    FailAfter,
}

/// Draws faults from a seeded generator.
#[derive(Debug)]
pub(crate) struct FaultInjector {
    spec: FaultSpec,
    rng: Mutex<fastrand::Rng>,
}

impl FaultInjector {
    pub(crate) fn new(spec: FaultSpec) -> FaultInjector {
        FaultInjector {
            spec,
            rng: Mutex::new(fastrand::Rng::with_seed(spec.seed)),
        }
    }

    pub(crate) fn latency(&self) -> Duration {
        self.spec.latency
    }

    /// The fault for the next call, if any.
    pub(crate) fn decide(&self) -> Option<Fault> {
        let s = &self.spec;
        if s.total() <= 0.0 {
            return None;
        }
        let r = self
            .rng
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .f64();
        if r < s.drop {
            Some(Fault::Drop)
        } else if r < s.drop + s.throttle {
            Some(Fault::Throttle)
        } else if r < s.drop + s.throttle + s.unavailable {
            Some(Fault::Unavailable)
        } else if r < s.drop + s.throttle + s.unavailable + s.drop_after {
            Some(Fault::DropAfter)
        } else if r < s.total() {
            Some(Fault::FailAfter)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_example() {
        let spec: FaultSpec = "throttle=0.2,unavailable=0.1,latency=50ms,drop=0.05,seed=42"
            .parse()
            .unwrap();
        assert_eq!(
            spec,
            FaultSpec {
                throttle: 0.2,
                unavailable: 0.1,
                drop: 0.05,
                latency: Duration::from_millis(50),
                seed: 42,
                ..FaultSpec::none()
            }
        );
        assert_eq!(spec.to_string().parse::<FaultSpec>().unwrap(), spec);
        assert_eq!("".parse::<FaultSpec>().unwrap(), FaultSpec::none());
        let after: FaultSpec = "drop_after=0.25,fail_after=0.5".parse().unwrap();
        assert_eq!((after.drop_after, after.fail_after), (0.25, 0.5));
        assert_eq!(after.to_string().parse::<FaultSpec>().unwrap(), after);
    }

    #[test]
    fn rejects_bad_specs_naming_the_problem() {
        let err = |s: &str| s.parse::<FaultSpec>().unwrap_err().to_string();
        assert!(err("throtle=0.1").contains("unknown fault `throtle`"));
        assert!(err("throttle").contains("`throttle` is not of the form"));
        assert!(err("throttle=2").contains("invalid value `2` for `throttle`"));
        assert!(err("latency=fast").contains("for `latency`"));
        assert!(err("seed=-1").contains("for `seed`"));
        assert!(err("drop=0.1,drop=0.2").contains("given twice"));
        assert!(err("drop=0.6,throttle=0.6").contains("more than 1"));
    }

    #[test]
    fn same_seed_same_faults() {
        let spec: FaultSpec =
            "throttle=0.2,unavailable=0.2,drop=0.2,drop_after=0.15,fail_after=0.15,seed=7"
                .parse()
                .unwrap();
        let draw = |spec| {
            let f = FaultInjector::new(spec);
            (0..200).map(|_| f.decide()).collect::<Vec<_>>()
        };
        let a = draw(spec);
        assert_eq!(a, draw(spec));
        for fault in [
            Fault::Throttle,
            Fault::Unavailable,
            Fault::Drop,
            Fault::DropAfter,
            Fault::FailAfter,
        ] {
            assert!(a.contains(&Some(fault)));
        }
        assert!(a.contains(&None));
        assert_ne!(a, draw(FaultSpec { seed: 8, ..spec }));
    }

    #[test]
    fn certain_fault_always_fires() {
        let f = FaultInjector::new("throttle=1".parse().unwrap());
        assert!((0..50).all(|_| f.decide() == Some(Fault::Throttle)));
        let none = FaultInjector::new(FaultSpec::none());
        assert!((0..50).all(|_| none.decide().is_none()));
    }
}
