//! Signature V3 (`ACS3-HMAC-SHA256`), the default of today's official SDKs.
//!
//! For an RPC-style call the action's parameters travel in the query string; the action,
//! version, time and nonce travel in the `x-acs-action`, `x-acs-version`, `x-acs-date` and
//! `x-acs-signature-nonce` headers, and the request carries
//! `Authorization: ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<h1;h2>,Signature=<hex>`.
//!
//! 1. `CanonicalQuery`: every pair `pct(name)=pct(value)` ([`percent_encode`](super::percent_encode)),
//!    sorted by name then value in byte order, joined by `&`.
//! 2. `CanonicalHeaders`: for each signed header, lower-case name sorted, `name:value\n` with
//!    the value trimmed; `SignedHeaders` is the names joined by `;`.
//! 3. `CanonicalRequest = METHOD\n/\nCanonicalQuery\nCanonicalHeaders\nSignedHeaders\nhex(sha256(body))`.
//! 4. `StringToSign = ACS3-HMAC-SHA256\n + hex(sha256(CanonicalRequest))`.
//! 5. `Signature = hex(HMAC-SHA256(AccessKeySecret, StringToSign))`: the secret alone is the
//!    key, without the `&` of signature V1.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use super::percent_encode_into;

/// The algorithm name that opens the string-to-sign and the `Authorization` header.
pub const ALGORITHM: &str = "ACS3-HMAC-SHA256";

/// `hex(sha256(""))`: the `x-acs-content-sha256` of a request without a body.
pub const EMPTY_PAYLOAD_SHA256: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// The intermediate and final results of signing one request with signature V3.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SignedV3 {
    /// The encoded, sorted `k=v&...` pairs, exactly as they go in the query string.
    pub canonical_query: String,
    /// One `name:value\n` line per signed header, names lower-case and sorted.
    pub canonical_headers: String,
    /// The signed header names joined by `;`.
    pub signed_headers: String,
    /// `hex(sha256(body))`, also sent as `x-acs-content-sha256`.
    pub hashed_payload: String,
    /// The canonical request whose hash is signed.
    pub canonical_request: String,
    /// `ACS3-HMAC-SHA256\n` followed by the hex SHA-256 of the canonical request.
    pub string_to_sign: String,
    /// The lower-case hex HMAC-SHA256 signature.
    pub signature: String,
}

impl SignedV3 {
    /// The `Authorization` header value for the AccessKey `access_key_id`.
    pub fn authorization(&self, access_key_id: &str) -> String {
        format!(
            "{ALGORITHM} Credential={access_key_id},SignedHeaders={},Signature={}",
            self.signed_headers, self.signature
        )
    }
}

/// Signs a request: its `method`, its query `params` (unencoded), the `headers` to sign (every
/// header given is signed; names in any case) and its `body`, with an AccessKey secret.
///
/// ```
/// use dts_client::signing::v3;
/// let signed = v3::sign(
///     "POST",
///     [("SynchronizationJobId", "dts job")],
///     [("host", "dts.aliyuncs.com"), ("x-acs-action", "StartSynchronizationJob")],
///     b"",
///     "secret",
/// );
/// assert_eq!(signed.canonical_query, "SynchronizationJobId=dts%20job");
/// assert_eq!(signed.signed_headers, "host;x-acs-action");
/// assert!(signed.string_to_sign.starts_with("ACS3-HMAC-SHA256\n"));
/// assert_eq!(signed.signature.len(), 64);
/// ```
pub fn sign<Q, K, V, H, N, W>(
    method: &str,
    params: Q,
    headers: H,
    body: &[u8],
    access_key_secret: &str,
) -> SignedV3
where
    Q: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: AsRef<str>,
    H: IntoIterator<Item = (N, W)>,
    N: AsRef<str>,
    W: AsRef<str>,
{
    let canonical_query = canonical_query(params);
    let (canonical_headers, signed_headers) = canonical_headers(headers);
    let hashed_payload = sha256_hex(body);
    let canonical_request = canonical_request(
        method,
        &canonical_query,
        &canonical_headers,
        &signed_headers,
        &hashed_payload,
    );
    let string_to_sign = string_to_sign(&canonical_request);
    let signature = signature(access_key_secret, &string_to_sign);
    SignedV3 {
        canonical_query,
        canonical_headers,
        signed_headers,
        hashed_payload,
        canonical_request,
        string_to_sign,
        signature,
    }
}

/// The canonical query of `params`: `pct(k)=pct(v)` pairs sorted by name, then value, joined
/// by `&`.
///
/// ```
/// let q = dts_client::signing::v3::canonical_query([("b", "x y*"), ("a", "~")]);
/// assert_eq!(q, "a=~&b=x%20y%2A");
/// ```
pub fn canonical_query<Q, K, V>(params: Q) -> String
where
    Q: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: AsRef<str>,
{
    let owned: Vec<(K, V)> = params.into_iter().collect();
    let mut pairs: Vec<(&str, &str)> = owned
        .iter()
        .map(|(k, v)| (k.as_ref(), v.as_ref()))
        .collect();
    pairs.sort_unstable();
    let mut out = String::new();
    for (i, (k, v)) in pairs.into_iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        percent_encode_into(&mut out, k);
        out.push('=');
        percent_encode_into(&mut out, v);
    }
    out
}

/// The canonical headers and the signed header list of `headers`: names lower-cased and
/// sorted, values trimmed; a name given twice has its values sorted and joined by `,`.
///
/// ```
/// let (lines, names) = dts_client::signing::v3::canonical_headers([("X-Acs-Date", " t "), ("host", "h")]);
/// assert_eq!(lines, "host:h\nx-acs-date:t\n");
/// assert_eq!(names, "host;x-acs-date");
/// ```
pub fn canonical_headers<H, N, W>(headers: H) -> (String, String)
where
    H: IntoIterator<Item = (N, W)>,
    N: AsRef<str>,
    W: AsRef<str>,
{
    let mut lines: Vec<(String, String)> = headers
        .into_iter()
        .map(|(n, v)| {
            (
                n.as_ref().to_ascii_lowercase(),
                v.as_ref().trim().to_owned(),
            )
        })
        .collect();
    lines.sort_unstable();
    let (mut canonical, mut signed) = (String::new(), String::new());
    let mut i = 0;
    while i < lines.len() {
        let name = &lines[i].0;
        let same = lines[i..].iter().take_while(|(n, _)| n == name).count();
        let values: Vec<&str> = lines[i..i + same].iter().map(|(_, v)| v.as_str()).collect();
        if !signed.is_empty() {
            signed.push(';');
        }
        signed.push_str(name);
        canonical.push_str(name);
        canonical.push(':');
        canonical.push_str(&values.join(","));
        canonical.push('\n');
        i += same;
    }
    (canonical, signed)
}

/// `METHOD\n/\nquery\nheaders\nsigned\npayload`; the canonical headers end with their own
/// newline, so a blank line precedes the signed header list.
pub fn canonical_request(
    method: &str,
    canonical_query: &str,
    canonical_headers: &str,
    signed_headers: &str,
    hashed_payload: &str,
) -> String {
    format!(
        "{method}\n/\n{canonical_query}\n{canonical_headers}\n{signed_headers}\n{hashed_payload}"
    )
}

/// `ACS3-HMAC-SHA256\n` followed by the hex SHA-256 of `canonical_request`.
pub fn string_to_sign(canonical_request: &str) -> String {
    format!("{ALGORITHM}\n{}", sha256_hex(canonical_request.as_bytes()))
}

/// Lower-case hex HMAC-SHA256 of `string_to_sign`, keyed with the secret as it is.
pub fn signature(access_key_secret: &str, string_to_sign: &str) -> String {
    let mut mac = keyed_hmac(access_key_secret);
    mac.update(string_to_sign.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn keyed_hmac(secret: &str) -> Hmac<Sha256> {
    // HMAC is defined for keys of every length; `new_from_slice` cannot fail for it.
    Hmac::<Sha256>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("hmac accepts keys of any length"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_payload_hash_is_the_sha256_of_nothing() {
        assert_eq!(sha256_hex(b""), EMPTY_PAYLOAD_SHA256);
    }

    #[test]
    fn repeated_header_names_are_joined_in_value_order() {
        let (lines, names) = canonical_headers([("x-acs-a", "2"), ("X-ACS-A", "1"), ("b", "")]);
        assert_eq!(lines, "b:\nx-acs-a:1,2\n");
        assert_eq!(names, "b;x-acs-a");
    }

    #[test]
    fn authorization_names_credential_headers_and_signature() {
        let s = sign("POST", [("A", "1")], [("host", "h")], b"", "k");
        assert_eq!(
            s.authorization("id"),
            format!(
                "ACS3-HMAC-SHA256 Credential=id,SignedHeaders=host,Signature={}",
                s.signature
            )
        );
    }
}
