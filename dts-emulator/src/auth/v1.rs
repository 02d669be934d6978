//! RPC signature V1 (HMAC-SHA1): `StringToSign = METHOD&%2F&pct(canonical query)`, key
//! `secret&`, base64 of the MAC.
//!
//! Written from the published algorithm for the emulator alone, so the client's signer is
//! judged by an independent implementation.

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha1::Sha1;

use super::{Authenticator, SignedRequest};
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

/// RFC 3986 percent-encoding over UTF-8: `A-Z a-z 0-9 - _ . ~` kept, everything else `%XX`
/// with upper-case hex (so a space is `%20` and `*` is `%2A`).
pub fn percent_encode(input: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(input.len() + input.len() / 2);
    for &b in input.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xF)]));
        }
    }
    out
}

/// The canonicalized query string: every parameter but `Signature`, sorted by name in byte
/// order, each `pct(name)=pct(value)`, joined by `&`.
pub fn canonicalize<'a, I>(params: I) -> String
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    let mut pairs: Vec<(&str, &str)> = params
        .into_iter()
        .filter(|(name, _)| *name != "Signature")
        .collect();
    pairs.sort_unstable();
    let mut out = String::new();
    for (i, (name, value)) in pairs.into_iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(&percent_encode(name));
        out.push('=');
        out.push_str(&percent_encode(value));
    }
    out
}

/// `METHOD&%2F&pct(canonical)`.
pub fn string_to_sign(method: &str, canonical: &str) -> String {
    format!("{method}&%2F&{}", percent_encode(canonical))
}

/// Base64 of HMAC-SHA1 over `string_to_sign`, keyed with `secret` followed by `&`.
pub fn sign(secret: &str, string_to_sign: &str) -> String {
    let mut key = Vec::with_capacity(secret.len() + 1);
    key.extend_from_slice(secret.as_bytes());
    key.push(b'&');
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = match Hmac::<Sha1>::new_from_slice(&key) {
        Ok(mac) => mac,
        Err(_) => return String::new(),
    };
    mac.update(string_to_sign.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
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
    let secret = auth
        .secret(access_key_id)
        .ok_or_else(Rejection::access_key_not_found)?;
    let canonical = canonicalize(params.iter());
    let sts = string_to_sign(req.method, &canonical);
    if sign(secret, &sts) != signature {
        return Err(Rejection::signature_mismatch(&sts));
    }
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
}
