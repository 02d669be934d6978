//! Where each request's timestamp and nonce come from.
//!
//! Every attempt is signed with the current time and a fresh nonce. Both come through these
//! traits so tests can fix them; closures implement them too.

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
        let mut out = [b'-'; 36];
        let mut at = 0;
        for (i, byte) in n.to_be_bytes().into_iter().enumerate() {
            if matches!(i, 4 | 6 | 8 | 10) {
                at += 1;
            }
            out[at] = HEX[usize::from(byte >> 4)];
            out[at + 1] = HEX[usize::from(byte & 0xf)];
            at += 2;
        }
        // Hex digits and dashes: ASCII.
        crate::signing::ascii_string(out.to_vec())
    }
}

impl<F: Fn() -> String + Send + Sync> NonceSource for F {
    fn nonce(&self) -> String {
        self()
    }
}

/// The last second `Timestamp` can express (9999-12-31T23:59:59Z).
const MAX_SECONDS: u64 = 253_402_300_800 - 1;

/// A `Timestamp` parameter's text, `yyyy-MM-ddTHH:mm:ssZ`, held inline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Timestamp([u8; 20]);

impl Timestamp {
    /// The text.
    pub(crate) fn as_str(&self) -> &str {
        // Digits and separators: ASCII, so the conversion cannot fail.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

/// `time` as `yyyy-MM-ddTHH:mm:ssZ` in UTC, or an error for times before 1970 or after 9999.
///
/// Written digit by digit into one buffer: it runs once per attempt.
pub(crate) fn timestamp(time: SystemTime) -> Result<Timestamp, Error> {
    let secs = time
        .duration_since(UNIX_EPOCH)
        .ok()
        .map(|d| d.as_secs())
        .filter(|s| *s <= MAX_SECONDS)
        .ok_or_else(|| Error::config("the clock returned a time outside 1970-01-01..9999-12-31"))?;
    let (year, month, day) = civil_date(secs / 86_400);
    let of_day = secs % 86_400;
    let mut out = *b"0000-00-00T00:00:00Z";
    let mut put = |at: usize, width: usize, mut n: u64| {
        for i in (at..at + width).rev() {
            out[i] = b'0' + (n % 10) as u8;
            n /= 10;
        }
    };
    put(0, 4, year);
    put(5, 2, month);
    put(8, 2, day);
    put(11, 2, of_day / 3600);
    put(14, 2, of_day / 60 % 60);
    put(17, 2, of_day % 60);
    Ok(Timestamp(out))
}

/// The proleptic Gregorian (year, month, day) of `days` days after 1970-01-01.
///
/// Counts in 400-year eras (146,097 days each) of years starting on 1 March, so that the
/// leap day is the last day of its year.
fn civil_date(days: u64) -> (u64, u64, u64) {
    // Days since 0000-03-01; 1970-01-01 is day 719,468 of that count.
    let days = days + 719_468;
    let era = days / 146_097;
    let day_of_era = days % 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    // Months from March: 0 is March, 11 is February.
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn timestamps_are_utc_seconds() {
        let t = UNIX_EPOCH + Duration::from_millis(1_767_323_045_999);
        assert_eq!(timestamp(t).unwrap().as_str(), "2026-01-02T03:04:05Z");
        assert!(timestamp(UNIX_EPOCH - Duration::from_secs(1)).is_err());
        assert!(timestamp(UNIX_EPOCH + Duration::from_secs(MAX_SECONDS + 1)).is_err());
    }

    #[test]
    fn timestamps_agree_with_humantime_across_the_range() {
        let mut rng = fastrand::Rng::with_seed(7);
        let edges = [
            0,
            86_399,
            86_400,
            951_782_400,   // 2000-02-29
            951_868_800,   // 2000-03-01
            4_107_456_000, // 2100-02-28 (not a leap year)
            4_107_542_400, // 2100-03-01
            MAX_SECONDS,
        ];
        let random = (0..20_000).map(|_| rng.u64(0..=MAX_SECONDS));
        for secs in edges.into_iter().chain(random) {
            let t = UNIX_EPOCH + Duration::from_secs(secs);
            let expected = humantime::format_rfc3339_seconds(t).to_string();
            assert_eq!(timestamp(t).unwrap().as_str(), expected, "{secs}");
        }
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
