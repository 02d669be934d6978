//! RPC signature V1 (HMAC-SHA1), as Alibaba Cloud's official signers compute it.
//!
//! 1. Percent-encode every key and value ([`percent_encode`](super::percent_encode)) and join
//!    the pairs, sorted by key in byte order, as `k=v&k=v`: the canonicalized query string.
//! 2. `StringToSign = METHOD + "&" + pct("/") + "&" + pct(canonicalized query string)`.
//! 3. `Signature = base64(HMAC-SHA1(AccessKeySecret + "&", StringToSign))`.

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha1::Sha1;

use super::{ascii_string, encoded_len_hint, percent_encode_into, percent_encode_twice};

/// The intermediate and final results of signing one parameter map with signature V1.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SignedV1 {
    /// The encoded `k=v&...` pairs sorted by key, exactly as they go in the query string.
    pub canonicalized_query_string: String,
    /// `METHOD&%2F&` followed by the encoded canonicalized query string.
    pub string_to_sign: String,
    /// The base64 HMAC-SHA1 signature (not percent-encoded).
    pub signature: String,
}

impl SignedV1 {
    /// The signature as it appears in a query string (`+`, `/` and `=` percent-encoded).
    pub fn signature_query_encoded(&self) -> String {
        super::percent_encode(&self.signature).into_owned()
    }

    /// The whole signed query string: the canonicalized pairs followed by `&Signature=...`.
    pub fn query_string(&self) -> String {
        let mut q = String::with_capacity(self.canonicalized_query_string.len() + 48);
        q.push_str(&self.canonicalized_query_string);
        q.push_str("&Signature=");
        percent_encode_into(&mut q, &self.signature);
        q
    }
}

/// Signs `params` (every parameter of the request, common ones included, `Signature`
/// excluded) for an HTTP `method` with an AccessKey secret.
///
/// Keys are sorted by byte order; a key given twice is kept twice, in the order given.
///
/// ```
/// use std::collections::BTreeMap;
/// let params = BTreeMap::from([
///     ("Action".to_string(), "DescribeRegions".to_string()),
///     ("Format".to_string(), "XML".to_string()),
/// ]);
/// let signed = dts_client::signing::v1::sign("GET", &params, "testsecret");
/// assert_eq!(signed.canonicalized_query_string, "Action=DescribeRegions&Format=XML");
/// assert_eq!(signed.string_to_sign, "GET&%2F&Action%3DDescribeRegions%26Format%3DXML");
/// ```
pub fn sign<I, K, V>(method: &str, params: I, access_key_secret: &str) -> SignedV1
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: AsRef<str>,
{
    let owned: Vec<(K, V)> = params.into_iter().collect();
    let mut pairs: Vec<(&str, &str)> = owned
        .iter()
        .map(|(k, v)| (k.as_ref(), v.as_ref()))
        .collect();
    pairs.sort_by(|a, b| a.0.cmp(b.0));
    let (canonicalized_query_string, to_sign) = canonicalize(method, &pairs);
    let signature = signature_with(&keyed_hmac(access_key_secret), &to_sign);
    let string_to_sign = ascii_string(to_sign);
    SignedV1 {
        canonicalized_query_string,
        string_to_sign,
        signature,
    }
}

/// The canonicalized query string of `pairs` (already sorted by key) and the string-to-sign
/// `METHOD&%2F&pct(canonical)` as bytes, built in one pass.
pub(crate) fn canonicalize(method: &str, pairs: &[(&str, &str)]) -> (String, Vec<u8>) {
    let hint = pairs
        .iter()
        .map(|(k, v)| encoded_len_hint(k) + encoded_len_hint(v) + 1)
        .sum::<usize>();
    let mut canonical = Vec::with_capacity(hint);
    let mut to_sign = Vec::with_capacity(method.len() + 5 + hint + hint / 2);
    to_sign.extend_from_slice(method.as_bytes());
    to_sign.extend_from_slice(b"&%2F&");
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            canonical.push(b'&');
            to_sign.extend_from_slice(b"%26");
        }
        percent_encode_twice(&mut canonical, &mut to_sign, k.as_bytes());
        canonical.push(b'=');
        to_sign.extend_from_slice(b"%3D");
        percent_encode_twice(&mut canonical, &mut to_sign, v.as_bytes());
    }
    (ascii_string(canonical), to_sign)
}

/// `base64(HMAC-SHA1(key, string_to_sign))` with an HMAC already keyed by `secret + "&"`.
pub(crate) fn signature_with(keyed: &Hmac<Sha1>, string_to_sign: &[u8]) -> String {
    signature_b64(keyed, string_to_sign).as_str().to_owned()
}

/// A V1 signature in base64, held inline: an HMAC-SHA1 is 20 bytes, 28 in padded base64.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Signature([u8; 28]);

impl Signature {
    /// The signature's base64 text.
    pub(crate) fn as_str(&self) -> &str {
        // Base64 is ASCII; the conversion cannot fail.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

/// [`signature_with`] without an allocation.
pub(crate) fn signature_b64(keyed: &Hmac<Sha1>, string_to_sign: &[u8]) -> Signature {
    let mut mac = keyed.clone();
    mac.update(string_to_sign);
    let mut out = [0u8; 28];
    // 20 bytes always encode to exactly 28 padded base64 characters.
    let _ = base64::engine::general_purpose::STANDARD
        .encode_slice(mac.finalize().into_bytes(), &mut out);
    Signature(out)
}

/// An HMAC-SHA1 keyed with `secret + "&"`, building the key on the stack when it fits.
pub(crate) fn keyed_hmac(secret: &str) -> Hmac<Sha1> {
    const STACK: usize = 128;
    let secret = secret.as_bytes();
    let mac = if secret.len() < STACK {
        let mut key = [0u8; STACK];
        key[..secret.len()].copy_from_slice(secret);
        key[secret.len()] = b'&';
        Hmac::<Sha1>::new_from_slice(&key[..=secret.len()])
    } else {
        let mut key = Vec::with_capacity(secret.len() + 1);
        key.extend_from_slice(secret);
        key.push(b'&');
        Hmac::<Sha1>::new_from_slice(&key)
    };
    // HMAC is defined for keys of every length; `new_from_slice` cannot fail for it.
    mac.unwrap_or_else(|_| unreachable!("hmac accepts keys of any length"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_secrets_take_the_heap_path_and_match_the_short_path_semantics() {
        let long = "k".repeat(300);
        let a = signature_with(&keyed_hmac(&long), b"POST&%2F&A%3D1");
        let mut mac = Hmac::<Sha1>::new_from_slice(format!("{long}&").as_bytes()).unwrap();
        mac.update(b"POST&%2F&A%3D1");
        let b = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
        assert_eq!(a, b);
    }

    #[test]
    fn query_string_appends_the_encoded_signature() {
        let signed = sign("POST", [("B", "2"), ("A", "x y")], "s");
        assert_eq!(signed.canonicalized_query_string, "A=x%20y&B=2");
        let q = signed.query_string();
        assert!(q.starts_with("A=x%20y&B=2&Signature="));
        assert!(q.ends_with(&signed.signature_query_encoded()));
    }
}
