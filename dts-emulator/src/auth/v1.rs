//! RPC signature V1 (HMAC-SHA1): `StringToSign = METHOD&%2F&pct(canonical query)`, key
//! `secret&`, base64 of the MAC.
//!
//! Written from the published algorithm for the emulator alone, so the client's signer is
//! judged by an independent implementation.
//!
//! A request is checked with [`Canonical::of_parsed`], which builds the canonical query and
//! the string-to-sign together (each byte of a name or value is encoded once for the query and
//! its encoding encoded again for the string-to-sign), and a [`SigningKey`] keyed once per
//! access key.

use std::fmt;

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha1::Sha1;

use super::{Authenticator, SignedRequest};
use crate::params::ParsedParams;
use crate::reject::Rejection;

/// The signature-related parameters every V1 call carries, in the order their absence is
/// reported.
pub const REQUIRED_PARAMS: [&str; 5] = [
    "AccessKeyId",
    "SignatureMethod",
    "SignatureVersion",
    "SignatureNonce",
    "Timestamp",
];

/// The length of a base64 HMAC-SHA1 signature (20 bytes, padded).
const SIGNATURE_LEN: usize = 28;

/// Which bytes RFC 3986 keeps as they are: `A-Z a-z 0-9 - _ . ~`, as a table because the
/// check runs for every byte of every signed call.
const UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b'~');
        b += 1;
    }
    table
};

/// Whether RFC 3986 keeps `b` as it is.
fn is_unreserved(b: u8) -> bool {
    UNRESERVED[usize::from(b)]
}

/// The upper-case hex digits of `b`.
fn hex_digits(b: u8) -> [u8; 2] {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    [HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xF)]]
}

/// Appends the percent-encoding of `bytes` to `out`, copying unreserved runs whole.
fn encode_into(out: &mut Vec<u8>, bytes: &[u8]) {
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if !is_unreserved(b) {
            out.extend_from_slice(&bytes[start..i]);
            let [hi, lo] = hex_digits(b);
            out.extend_from_slice(&[b'%', hi, lo]);
            start = i + 1;
        }
    }
    out.extend_from_slice(&bytes[start..]);
}

/// Appends the percent-encoding of `bytes` to `once` and that encoding encoded again to
/// `twice` (`%XX` becomes `%25XX`; unreserved bytes stay as they are in both).
fn encode_twice_into(once: &mut Vec<u8>, twice: &mut Vec<u8>, bytes: &[u8]) {
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if !is_unreserved(b) {
            let run = &bytes[start..i];
            once.extend_from_slice(run);
            twice.extend_from_slice(run);
            let [hi, lo] = hex_digits(b);
            once.extend_from_slice(&[b'%', hi, lo]);
            twice.extend_from_slice(&[b'%', b'2', b'5', hi, lo]);
            start = i + 1;
        }
    }
    once.extend_from_slice(&bytes[start..]);
    twice.extend_from_slice(&bytes[start..]);
}

/// A buffer of percent-encoded (hence ASCII) bytes as a `String`.
fn ascii(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// RFC 3986 percent-encoding over UTF-8: `A-Z a-z 0-9 - _ . ~` kept, everything else `%XX`
/// with upper-case hex (so a space is `%20` and `*` is `%2A`).
pub fn percent_encode(input: &str) -> String {
    let mut out = Vec::with_capacity(input.len() + input.len() / 2);
    encode_into(&mut out, input.as_bytes());
    ascii(out)
}

/// Sorts `params` by name (then value) in byte order, leaving `Signature` out.
fn sorted_without_signature<'a, I>(params: I) -> Vec<(&'a str, &'a str)>
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    let mut pairs: Vec<(&str, &str)> = params
        .into_iter()
        .filter(|(name, _)| *name != "Signature")
        .collect();
    pairs.sort_unstable();
    pairs
}

/// The canonicalized query string: every parameter but `Signature`, sorted by name in byte
/// order, each `pct(name)=pct(value)`, joined by `&`.
pub fn canonicalize<'a, I>(params: I) -> String
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    let mut out = Vec::new();
    for (i, (name, value)) in sorted_without_signature(params).into_iter().enumerate() {
        if i > 0 {
            out.push(b'&');
        }
        encode_into(&mut out, name.as_bytes());
        out.push(b'=');
        encode_into(&mut out, value.as_bytes());
    }
    ascii(out)
}

/// `METHOD&%2F&pct(canonical)`.
pub fn string_to_sign(method: &str, canonical: &str) -> String {
    let mut out = Vec::with_capacity(method.len() + 5 + canonical.len() + canonical.len() / 2);
    out.extend_from_slice(method.as_bytes());
    out.extend_from_slice(b"&%2F&");
    encode_into(&mut out, canonical.as_bytes());
    ascii(out)
}

/// The canonicalized query and the string-to-sign of one call, built in one pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Canonical {
    /// What [`canonicalize`] returns.
    pub query: String,
    /// What [`string_to_sign`] returns for that query.
    pub string_to_sign: String,
}

impl Canonical {
    /// Both forms of `params` (any order, `Signature` left out) for an HTTP `method`.
    pub fn new<'a, I>(method: &str, params: I) -> Canonical
    where
        I: IntoIterator<Item = (&'a str, &'a str)>,
    {
        Canonical::of_sorted(method, sorted_without_signature(params))
    }

    /// Both forms of a parsed request's parameters, which are already sorted by name and
    /// unique (`Signature` is left out): the emulator's own check.
    pub fn of_parsed(method: &str, params: &ParsedParams) -> Canonical {
        Canonical::of_sorted(
            method,
            params.iter().filter(|(name, _)| *name != "Signature"),
        )
    }

    /// Both forms of `pairs`, which must come sorted and without `Signature`.
    fn of_sorted<'a, I>(method: &str, pairs: I) -> Canonical
    where
        I: IntoIterator<Item = (&'a str, &'a str)>,
        I::IntoIter: Clone,
    {
        let pairs = pairs.into_iter();
        // Room for the usual case: a few bytes escaped in the query, each escape two bytes
        // longer again in the string-to-sign, and `&`/`=` written as `%26`/`%3D` there.
        let raw: usize = pairs.clone().map(|(n, v)| n.len() + v.len() + 1).sum();
        let mut query = Vec::with_capacity(raw + raw / 4);
        let mut to_sign = Vec::with_capacity(method.len() + 5 + 2 * raw);
        to_sign.extend_from_slice(method.as_bytes());
        to_sign.extend_from_slice(b"&%2F&");
        for (i, (name, value)) in pairs.enumerate() {
            if i > 0 {
                query.push(b'&');
                to_sign.extend_from_slice(b"%26");
            }
            encode_twice_into(&mut query, &mut to_sign, name.as_bytes());
            query.push(b'=');
            to_sign.extend_from_slice(b"%3D");
            encode_twice_into(&mut query, &mut to_sign, value.as_bytes());
        }
        Canonical {
            query: ascii(query),
            string_to_sign: ascii(to_sign),
        }
    }
}

/// An HMAC-SHA1 keyed with an AccessKey secret followed by `&`, built once and cloned for
/// each signature.
#[derive(Clone)]
pub struct SigningKey(Hmac<Sha1>);

impl SigningKey {
    /// The key for `secret`.
    pub fn new(secret: &str) -> SigningKey {
        let mut key = Vec::with_capacity(secret.len() + 1);
        key.extend_from_slice(secret.as_bytes());
        key.push(b'&');
        // HMAC accepts keys of any length (a long one is hashed first), so this cannot fail;
        // the fallback only keeps the function total.
        let mac = Hmac::<Sha1>::new_from_slice(&key)
            .unwrap_or_else(|_| <Hmac<Sha1> as Mac>::new(&Default::default()));
        SigningKey(mac)
    }

    /// The raw HMAC-SHA1 of `string_to_sign`.
    fn mac(&self, string_to_sign: &[u8]) -> [u8; 20] {
        let mut mac = self.0.clone();
        mac.update(string_to_sign);
        mac.finalize().into_bytes().into()
    }

    /// Base64 of HMAC-SHA1 over `string_to_sign`.
    pub fn sign(&self, string_to_sign: &[u8]) -> String {
        base64::engine::general_purpose::STANDARD.encode(self.mac(string_to_sign))
    }

    /// Whether `signature` is the base64 signature of `string_to_sign` (no allocation).
    pub fn verifies(&self, string_to_sign: &[u8], signature: &str) -> bool {
        let mut encoded = [0u8; SIGNATURE_LEN];
        let engine = base64::engine::general_purpose::STANDARD;
        engine
            .encode_slice(self.mac(string_to_sign), &mut encoded)
            .is_ok_and(|n| encoded[..n] == *signature.as_bytes())
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKey(..)")
    }
}

/// Base64 of HMAC-SHA1 over `string_to_sign`, keyed with `secret` followed by `&`.
pub fn sign(secret: &str, string_to_sign: &str) -> String {
    SigningKey::new(secret).sign(string_to_sign.as_bytes())
}

/// Judges a V1-signed call the way the gateway does.
pub(super) fn verify(auth: &Authenticator, req: &SignedRequest<'_>) -> Result<(), Rejection> {
    let params = req.params;
    let Some(signature) = params.get("Signature").filter(|s| !s.is_empty()) else {
        return Err(Rejection::incomplete_signature(
            "The \"Signature\" parameter is missing.",
        ));
    };
    let get = |name: &str| params.get(name).filter(|v| !v.is_empty());
    let mut values = [""; REQUIRED_PARAMS.len()];
    for (slot, name) in values.iter_mut().zip(REQUIRED_PARAMS) {
        *slot = get(name).ok_or_else(|| Rejection::missing_parameter(name))?;
    }
    let [access_key_id, method, version, nonce, timestamp] = values;
    if method != "HMAC-SHA1" {
        return Err(Rejection::incomplete_signature(&format!(
            "SignatureMethod \"{method}\" is not supported, use HMAC-SHA1."
        )));
    }
    if version != "1.0" {
        return Err(Rejection::incomplete_signature(&format!(
            "SignatureVersion \"{version}\" is not supported, use 1.0."
        )));
    }
    auth.check_timestamp(timestamp)?;
    let key = auth
        .v1_key(access_key_id)
        .ok_or_else(Rejection::access_key_not_found)?;
    let canonical = Canonical::of_parsed(req.method, params);
    if !key.verifies(canonical.string_to_sign.as_bytes(), signature) {
        return Err(Rejection::signature_mismatch(&canonical.string_to_sign));
    }
    auth.check_security_token(access_key_id, params.get("SecurityToken"))?;
    auth.check_nonce(access_key_id, nonce)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_like_rfc3986() {
        assert_eq!(percent_encode("AZaz09-_.~"), "AZaz09-_.~");
        assert_eq!(percent_encode("a b*c+d/e"), "a%20b%2Ac%2Bd%2Fe");
        assert_eq!(percent_encode("数"), "%E6%95%B0");
    }

    #[test]
    fn canonical_form_sorts_by_bytes_and_skips_signature() {
        let c = canonicalize([("b", "2"), ("Signature", "x"), ("a ", "1"), ("B", "3")]);
        assert_eq!(c, "B=3&a%20=1&b=2");
    }

    #[test]
    fn one_pass_forms_match_the_two_step_ones() {
        let params = [("b", "x y*"), ("Signature", "s"), ("a~", "数%"), ("a", "")];
        let both = Canonical::new("GET", params);
        assert_eq!(both.query, canonicalize(params));
        assert_eq!(both.query, "a=&a~=%E6%95%B0%25&b=x%20y%2A");
        assert_eq!(both.string_to_sign, string_to_sign("GET", &both.query));
        assert_eq!(
            both.string_to_sign,
            "GET&%2F&a%3D%26a~%3D%25E6%2595%25B0%2525%26b%3Dx%2520y%252A"
        );
    }

    #[test]
    fn a_parsed_request_gives_the_same_forms() {
        let parsed = crate::params::parse_params(b"b=2&Signature=s&a=%2A&a=1", b"").unwrap();
        let forms = Canonical::of_parsed("POST", &parsed);
        assert_eq!(forms, Canonical::new("POST", [("a", "1"), ("b", "2")]));
    }

    #[test]
    fn a_cached_key_signs_like_the_secret() {
        let key = SigningKey::new("secret");
        let long = "k".repeat(100);
        assert_eq!(key.sign(b"GET&%2F&a%3D1"), sign("secret", "GET&%2F&a%3D1"));
        assert_eq!(SigningKey::new(&long).sign(b"x"), sign(&long, "x"));
        let signature = key.sign(b"GET&%2F&a%3D1");
        assert!(key.verifies(b"GET&%2F&a%3D1", &signature));
        assert!(!key.verifies(b"GET&%2F&a%3D2", &signature));
        assert!(!key.verifies(b"GET&%2F&a%3D1", &signature[..27]));
        assert!(!key.verifies(b"GET&%2F&a%3D1", ""));
    }
}
