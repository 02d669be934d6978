//! Where each request's timestamp and nonce come from.
//!
//! Every attempt is signed with the current time and a fresh nonce. Both come through these
//! traits so tests can fix them; closures implement them too.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::Error;

/// A source of the current time, for the `Timestamp` parameter.
pub trait Clock: Send + Sync {
    /// The current time.
    fn now(&self) -> SystemTime;
}

/// The system's wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    #[allow(clippy::disallowed_methods)] // the one place the wall clock is read
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

impl<F: Fn() -> SystemTime + Send + Sync> Clock for F {
    fn now(&self) -> SystemTime {
        self()
    }
}

/// A source of unique values for the `SignatureNonce` parameter.
pub trait NonceSource: Send + Sync {
    /// A value never returned before.
    fn nonce(&self) -> String;
}

/// Random UUID-shaped nonces (122 random bits).
#[derive(Debug, Clone, Copy, Default)]
pub struct RandomNonce;

impl NonceSource for RandomNonce {
    fn nonce(&self) -> String {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        // Version 4 and variant 10 bits, as in a random UUID.
        let n = fastrand::u128(..) & !(0xf << 76) & !(0x3 << 62) | (0x4 << 76) | (0x2 << 62);
        let mut out = String::with_capacity(36);
        for nibble in (0..32).rev() {
            if matches!(out.len(), 8 | 13 | 18 | 23) {
                out.push('-');
            }
            out.push(char::from(HEX[((n >> (nibble * 4)) & 0xf) as usize]));
        }
        out
    }
}

impl<F: Fn() -> String + Send + Sync> NonceSource for F {
    fn nonce(&self) -> String {
        self()
    }
}

/// The last second `Timestamp` can express (9999-12-31T23:59:59Z).
const MAX_SECONDS: u64 = 253_402_300_800 - 1;

/// `time` as `yyyy-MM-ddTHH:mm:ssZ` in UTC, or an error for times before 1970 or after 9999.
pub(crate) fn timestamp(time: SystemTime) -> Result<String, Error> {
    let in_range = time
        .duration_since(UNIX_EPOCH)
        .is_ok_and(|d| d.as_secs() <= MAX_SECONDS);
    if !in_range {
        return Err(Error::config(
            "the clock returned a time outside 1970-01-01..9999-12-31",
        ));
    }
    let mut out = String::with_capacity(20);
    fmt::Write::write_fmt(
        &mut out,
        format_args!("{}", humantime::format_rfc3339_seconds(time)),
    )
    .map_err(|_| Error::config("the clock returned a time that cannot be formatted"))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn timestamps_are_utc_seconds() {
        let t = UNIX_EPOCH + Duration::from_millis(1_767_323_045_999);
        assert_eq!(timestamp(t).unwrap(), "2026-01-02T03:04:05Z");
        assert!(timestamp(UNIX_EPOCH - Duration::from_secs(1)).is_err());
        assert!(timestamp(UNIX_EPOCH + Duration::from_secs(MAX_SECONDS + 1)).is_err());
    }

    #[test]
    fn random_nonces_are_uuid_shaped_and_distinct() {
        let a = RandomNonce.nonce();
        let b = RandomNonce.nonce();
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"), "{a}");
        assert_eq!([&a[8..9], &a[13..14], &a[18..19], &a[23..24]], ["-"; 4]);
        assert!(a.chars().all(|c| c == '-' || c.is_ascii_hexdigit()));
    }
}
