//! Request signing: the RFC 3986 percent-encoding Alibaba Cloud's signers use, signature V1
//! (HMAC-SHA1, the default) and signature V3 (`ACS3-HMAC-SHA256`).
//!
//! [`v1::sign`] and [`v3::sign`] are public so that a signature the service rejects can be
//! recomputed and compared step by step (canonical query, string-to-sign, signature). A client
//! picks its version with [`ClientBuilder::signature_version`](crate::ClientBuilder::signature_version).

pub(crate) mod request;
pub mod v1;
pub mod v3;

use std::borrow::Cow;
use std::fmt;

/// How a client signs its requests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignatureVersion {
    /// RPC signature V1: HMAC-SHA1 over the query, signature and common parameters in the
    /// query string ([`v1`]).
    #[default]
    V1,
    /// Signature V3, `ACS3-HMAC-SHA256`: action parameters in the query string, the rest in
    /// `x-acs-*` headers and an `Authorization` header ([`v3`]).
    V3,
}

impl fmt::Display for SignatureVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SignatureVersion::V1 => "v1",
            SignatureVersion::V3 => "v3",
        })
    }
}

/// Upper-case hexadecimal digits, indexed by nibble.
const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Whether each byte is kept as is: the RFC 3986 unreserved set `A-Z a-z 0-9 - _ . ~`.
static UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        table[i] = b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~');
        i += 1;
    }
    table
};

#[inline]
fn is_unreserved(b: u8) -> bool {
    UNRESERVED[usize::from(b)]
}

#[inline]
fn escape(b: u8) -> [u8; 3] {
    [b'%', HEX[usize::from(b >> 4)], HEX[usize::from(b & 0x0f)]]
}

/// Appends the percent-encoding of `s` to `out`.
///
/// Unreserved characters (`A-Z a-z 0-9 - _ . ~`) are kept; every other byte of the UTF-8
/// encoding becomes `%XX` with upper-case hex, so a space is `%20` and `*` is `%2A`.
pub fn percent_encode_into(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if is_unreserved(b) {
            continue;
        }
        // A non-empty run `start..i` holds only unreserved ASCII bytes, so both ends are
        // char boundaries; an empty run may start inside a multi-byte char and is skipped.
        if start < i {
            out.push_str(&s[start..i]);
        }
        for c in escape(b) {
            out.push(char::from(c));
        }
        start = i + 1;
    }
    if start < bytes.len() {
        out.push_str(&s[start..]);
    }
}

/// Appends the percent-encoding of `s` to `once`, and its encoding applied twice to `twice`:
/// the canonical query and the string-to-sign of signature V1 in one pass.
pub(crate) fn percent_encode_twice(once: &mut Vec<u8>, twice: &mut Vec<u8>, s: &[u8]) {
    let mut start = 0;
    for (i, &b) in s.iter().enumerate() {
        if is_unreserved(b) {
            continue;
        }
        let run = &s[start..i];
        once.extend_from_slice(run);
        twice.extend_from_slice(run);
        let [_, hi, lo] = escape(b);
        once.extend_from_slice(&[b'%', hi, lo]);
        twice.extend_from_slice(&[b'%', b'2', b'5', hi, lo]);
        start = i + 1;
    }
    once.extend_from_slice(&s[start..]);
    twice.extend_from_slice(&s[start..]);
}

/// A buffer of percent-encoded bytes as a `String`.
pub(crate) fn ascii_string(bytes: Vec<u8>) -> String {
    // Percent-encoded output is ASCII, so the conversion cannot fail; stay total anyway.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The percent-encoding of `s`, borrowed when nothing needs encoding.
///
/// ```
/// use dts_client::signing::percent_encode;
/// assert_eq!(percent_encode("a b*c~"), "a%20b%2Ac~");
/// assert_eq!(percent_encode("√"), "%E2%88%9A");
/// ```
pub fn percent_encode(s: &str) -> Cow<'_, str> {
    if s.bytes().all(is_unreserved) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(encoded_len_hint(s));
    percent_encode_into(&mut out, s);
    Cow::Owned(out)
}

/// A cheap upper bound guess of the encoded length of `s`, for pre-sizing buffers.
#[inline]
pub(crate) fn encoded_len_hint(s: &str) -> usize {
    s.len() + s.len() / 2 + 8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_unreserved_and_encodes_the_rest() {
        assert_eq!(percent_encode("AZaz09-_.~"), "AZaz09-_.~");
        assert!(matches!(percent_encode("plain"), Cow::Borrowed(_)));
        assert_eq!(percent_encode(" "), "%20");
        assert_eq!(percent_encode("*"), "%2A");
        assert_eq!(percent_encode("+/="), "%2B%2F%3D");
        assert_eq!(percent_encode("%20"), "%2520");
        assert_eq!(percent_encode("日"), "%E6%97%A5");
        assert_eq!(percent_encode("a\nb"), "a%0Ab");
        assert_eq!(percent_encode(""), "");
    }

    #[test]
    fn every_byte_round_trips_through_the_encoding() {
        let all: String = (0u32..0x250).filter_map(char::from_u32).collect();
        let enc = percent_encode(&all);
        assert!(enc.bytes().all(|b| is_unreserved(b) || b == b'%'));
        let mut decoded = Vec::new();
        let mut it = enc.bytes();
        while let Some(b) = it.next() {
            if b == b'%' {
                let hi = it.next().unwrap();
                let lo = it.next().unwrap();
                let hex = [hi, lo];
                decoded.push(u8::from_str_radix(std::str::from_utf8(&hex).unwrap(), 16).unwrap());
            } else {
                decoded.push(b);
            }
        }
        assert_eq!(decoded, all.as_bytes());
        let (mut once, mut twice) = (Vec::new(), Vec::new());
        percent_encode_twice(&mut once, &mut twice, all.as_bytes());
        assert_eq!(ascii_string(once), enc);
        assert_eq!(ascii_string(twice), percent_encode(&enc));
    }
}
