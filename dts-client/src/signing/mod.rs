//! Request signing: the RFC 3986 percent-encoding Alibaba Cloud's signers use, and signature V1.
//!
//! [`v1::sign`] is public so that a signature the service rejects can be recomputed and compared
//! step by step (canonical query, string-to-sign, signature).

pub(crate) mod request;
pub mod v1;

use std::borrow::Cow;

/// Upper-case hexadecimal digits, indexed by nibble.
const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Whether `b` is kept as is: the RFC 3986 unreserved set `A-Z a-z 0-9 - _ . ~`.
#[inline]
const fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~')
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
        out.push('%');
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0x0f)]));
        start = i + 1;
    }
    if start < bytes.len() {
        out.push_str(&s[start..]);
    }
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
    }
}
