//! Signature V3 (`ACS3-HMAC-SHA256`), the default of today's official SDKs.
//!
//! The call carries `Authorization: ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<h1;h2>,
//! Signature=<hex>`; the action, version, time and nonce travel in the `x-acs-action`,
//! `x-acs-version`, `x-acs-date` and `x-acs-signature-nonce` headers. The signature is
//! `hex(HMAC-SHA256(secret, StringToSign))` (the secret alone is the key, no `&`), where
//!
//! ```text
//! CanonicalRequest = METHOD \n / \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n hex(sha256(body))
//! StringToSign     = ACS3-HMAC-SHA256 \n hex(sha256(CanonicalRequest))
//! ```
//!
//! Written from the published algorithm for the emulator alone, like [`super::v1`].

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use super::{v1, Authenticator, SignedRequest};
use crate::reject::{sentence, Rejection};

/// The one V3 algorithm the emulator verifies.
pub const ALGORITHM: &str = "ACS3-HMAC-SHA256";

/// The headers every V3 call must send, in the order their absence is reported.
pub const REQUIRED_HEADERS: [&str; 2] = ["x-acs-date", "x-acs-signature-nonce"];

/// The parts of an `Authorization` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorization<'a> {
    /// The AccessKey id (`Credential=`).
    pub credential: &'a str,
    /// The signed header names (`SignedHeaders=`), lower-cased, sorted, without duplicates.
    pub signed_headers: Vec<String>,
    /// The hex signature (`Signature=`).
    pub signature: &'a str,
}

/// Why an `Authorization` header is not a well-formed V3 one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AuthorizationError {
    /// The algorithm before the first space is not `ACS3-HMAC-SHA256`.
    #[error("algorithm \"{0}\" is not supported, use ACS3-HMAC-SHA256")]
    Algorithm(String),
    /// One of `Credential`, `SignedHeaders`, `Signature` is absent or empty.
    #[error("the authorization header has no {0}")]
    Missing(&'static str),
    /// A part is not `Name=value` with a known name.
    #[error("unexpected authorization part \"{0}\"")]
    Part(String),
}

/// Splits `ACS3-HMAC-SHA256 Credential=..,SignedHeaders=..,Signature=..` (spaces after the
/// commas are allowed).
pub fn parse_authorization(header: &str) -> Result<Authorization<'_>, AuthorizationError> {
    let header = header.trim();
    let (algorithm, rest) = header.split_once(' ').unwrap_or((header, ""));
    if algorithm != ALGORITHM {
        return Err(AuthorizationError::Algorithm(algorithm.to_owned()));
    }
    let (mut credential, mut signed, mut signature) = (None, None, None);
    for part in rest.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let slot = match part.split_once('=') {
            Some(("Credential", v)) => (&mut credential, v),
            Some(("SignedHeaders", v)) => (&mut signed, v),
            Some(("Signature", v)) => (&mut signature, v),
            _ => return Err(AuthorizationError::Part(part.to_owned())),
        };
        *slot.0 = Some(slot.1.trim());
    }
    fn present<'a>(
        value: Option<&'a str>,
        name: &'static str,
    ) -> Result<&'a str, AuthorizationError> {
        value
            .filter(|v| !v.is_empty())
            .ok_or(AuthorizationError::Missing(name))
    }
    let mut signed_headers: Vec<String> = present(signed, "SignedHeaders")?
        .split(';')
        .map(|h| h.trim().to_ascii_lowercase())
        .filter(|h| !h.is_empty())
        .collect();
    signed_headers.sort_unstable();
    signed_headers.dedup();
    Ok(Authorization {
        credential: present(credential, "Credential")?,
        signed_headers,
        signature: present(signature, "Signature")?,
    })
}

/// The canonical query: every pair sorted by name then value (byte order), each
/// `pct(name)=pct(value)` with RFC 3986 encoding, joined by `&`.
pub fn canonical_query<'a, I>(pairs: I) -> String
where
    I: IntoIterator<Item = (&'a [u8], &'a [u8])>,
{
    let mut pairs: Vec<(&[u8], &[u8])> = pairs.into_iter().collect();
    pairs.sort_unstable();
    let mut out = String::new();
    for (i, (name, value)) in pairs.into_iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(&percent_encode_bytes(name));
        out.push('=');
        out.push_str(&percent_encode_bytes(value));
    }
    out
}

/// [`v1::percent_encode`] over raw bytes, so a value that is not UTF-8 is signed as sent.
fn percent_encode_bytes(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => v1::percent_encode(s),
        Err(_) => bytes
            .iter()
            .map(|&b| {
                if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
                    char::from(b).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect(),
    }
}

/// The canonical headers: for each signed name (lower-case, sorted), `name:value\n`, where
/// `value` is the header's values trimmed, sorted and joined by `,` (empty if it was not
/// sent). `headers` are the request's `(name, value)` pairs; names match case-insensitively.
pub fn canonical_headers<'a, I>(signed_headers: &[String], headers: I) -> String
where
    I: IntoIterator<Item = (&'a str, &'a [u8])>,
{
    let headers: Vec<(&str, &[u8])> = headers.into_iter().collect();
    let mut out = String::new();
    for name in signed_headers {
        let mut values: Vec<String> = headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| String::from_utf8_lossy(v).trim().to_owned())
            .collect();
        values.sort_unstable();
        out.push_str(name);
        out.push(':');
        out.push_str(&values.join(","));
        out.push('\n');
    }
    out
}

/// `METHOD\n/\nquery\nheaders\nsigned\npayload` (the canonical headers end with their own
/// newline, so a blank line separates them from the signed header list).
pub fn canonical_request(
    method: &str,
    canonical_query: &str,
    canonical_headers: &str,
    signed_headers: &[String],
    hashed_payload: &str,
) -> String {
    format!(
        "{method}\n/\n{canonical_query}\n{canonical_headers}\n{}\n{hashed_payload}",
        signed_headers.join(";")
    )
}

/// Lower-case hex of SHA-256 over `bytes` (the payload hash, and the canonical request's).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// `ACS3-HMAC-SHA256\n` + hex(sha256(canonical request)).
pub fn string_to_sign(canonical_request: &str) -> String {
    format!("{ALGORITHM}\n{}", sha256_hex(canonical_request.as_bytes()))
}

/// Lower-case hex of HMAC-SHA256 over `string_to_sign`, keyed with `secret` as it is.
pub fn sign(secret: &str, string_to_sign: &str) -> String {
    // HMAC accepts keys of any length, so this cannot fail.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return String::new();
    };
    mac.update(string_to_sign.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// The `Authorization` header value for a signature.
pub fn authorization(access_key_id: &str, signed_headers: &[String], signature: &str) -> String {
    format!(
        "{ALGORITHM} Credential={access_key_id},SignedHeaders={},Signature={signature}",
        signed_headers.join(";")
    )
}

/// Judges a V3-signed call the way the gateway does.
pub(super) fn verify(auth: &Authenticator, req: &SignedRequest<'_>) -> Result<(), Rejection> {
    let header = req.authorization.unwrap_or_default();
    let parsed =
        parse_authorization(header).map_err(|e| Rejection::incomplete_signature(&sentence(&e)))?;
    let header_value = |name: &str| {
        req.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .and_then(|(_, v)| std::str::from_utf8(v).ok())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    let mut values = [""; REQUIRED_HEADERS.len()];
    for (slot, name) in values.iter_mut().zip(REQUIRED_HEADERS) {
        *slot = header_value(name).ok_or_else(|| Rejection::missing_parameter(name))?;
    }
    let [date, nonce] = values;
    if let Some((unsigned, _)) = req.headers.iter().find(|(name, _)| {
        let name = name.to_ascii_lowercase();
        (name == "host" || name.starts_with("x-acs-")) && !parsed.signed_headers.contains(&name)
    }) {
        return Err(Rejection::incomplete_signature(&format!(
            "The header \"{}\" must be signed.",
            unsigned.to_ascii_lowercase()
        )));
    }
    auth.check_timestamp(date)?;
    let secret = auth
        .secret(parsed.credential)
        .ok_or_else(Rejection::access_key_not_found)?;
    let query = canonical_query(
        req.params
            .query_pairs()
            .iter()
            .map(|(k, v)| (k.as_slice(), v.as_slice())),
    );
    let headers = canonical_headers(
        &parsed.signed_headers,
        req.headers.iter().map(|(n, v)| (*n, *v)),
    );
    let canonical = canonical_request(
        req.method,
        &query,
        &headers,
        &parsed.signed_headers,
        &sha256_hex(req.body),
    );
    let sts = string_to_sign(&canonical);
    if !sign(secret, &sts).eq_ignore_ascii_case(parsed.signature) {
        return Err(Rejection::signature_mismatch(&sts));
    }
    auth.check_security_token(parsed.credential, header_value("x-acs-security-token"))?;
    auth.check_nonce(parsed.credential, nonce)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_header_and_normalizes_signed_names() {
        let a = parse_authorization(
            "ACS3-HMAC-SHA256 Credential=id, SignedHeaders=X-Acs-Date;host;host,Signature=ab",
        )
        .unwrap();
        assert_eq!(a.credential, "id");
        assert_eq!(a.signed_headers, ["host", "x-acs-date"]);
        assert_eq!(a.signature, "ab");
    }

    #[test]
    fn malformed_headers_say_what_is_wrong() {
        let err = |h| parse_authorization(h).unwrap_err();
        assert_eq!(
            err("ACS3-HMAC-SM3 Credential=a,SignedHeaders=h,Signature=s"),
            AuthorizationError::Algorithm("ACS3-HMAC-SM3".into())
        );
        assert_eq!(
            err("ACS3-HMAC-SHA256 Credential=a,Signature=s"),
            AuthorizationError::Missing("SignedHeaders")
        );
        assert_eq!(
            err("ACS3-HMAC-SHA256 Credential=,SignedHeaders=h,Signature=s"),
            AuthorizationError::Missing("Credential")
        );
        assert_eq!(
            err("ACS3-HMAC-SHA256 Credential=a,SignedHeaders=h,Signature=s,Extra"),
            AuthorizationError::Part("Extra".into())
        );
        assert_eq!(
            err("ACS3-HMAC-SHA256"),
            AuthorizationError::Missing("SignedHeaders")
        );
    }

    #[test]
    fn canonical_query_sorts_and_encodes_bytes() {
        let q = canonical_query([(&b"b"[..], &b"x y*"[..]), (b"a", b"\xFF"), (b"b", b"a")]);
        assert_eq!(q, "a=%FF&b=a&b=x%20y%2A");
    }

    #[test]
    fn canonical_headers_trim_sort_and_join_values() {
        let signed = vec![
            "accept".to_owned(),
            "x-acs-a".to_owned(),
            "x-acs-z".to_owned(),
        ];
        let h = canonical_headers(
            &signed,
            [
                ("X-Acs-A", &b" 2 "[..]),
                ("Accept", b"json"),
                ("x-acs-a", b"1"),
                ("other", b"no"),
            ],
        );
        assert_eq!(h, "accept:json\nx-acs-a:1,2\nx-acs-z:\n");
    }
}
