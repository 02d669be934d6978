//! The signed query of one RPC request: common parameters, action parameters, signature.

use crate::credentials::Credentials;
use crate::params::Params;
use crate::Error;

use super::{percent_encode_into, v1, v3};

/// Parameters the client sets itself; an action parameter may not use these names.
/// A copy of `dts_spec::names::COMMON_PARAMS` (the runtime does not depend on `dts-spec`); a
/// test holds the two equal.
pub(crate) const COMMON: [&str; 10] = [
    "AccessKeyId",
    "Action",
    "Format",
    "SecurityToken",
    "Signature",
    "SignatureMethod",
    "SignatureNonce",
    "SignatureVersion",
    "Timestamp",
    "Version",
];

/// Everything one attempt's signature depends on.
pub(crate) struct Unsigned<'a> {
    /// The HTTP method (`POST` or `GET`).
    pub method: &'a str,
    /// The action name.
    pub action: &'a str,
    /// The API version.
    pub version: &'a str,
    /// The credentials to sign with.
    pub credentials: &'a Credentials,
    /// `yyyy-MM-ddTHH:mm:ssZ`.
    pub timestamp: &'a str,
    /// A value unique to this attempt.
    pub nonce: &'a str,
    /// The action's own parameters.
    pub params: &'a Params,
}

impl<'a> Unsigned<'a> {
    /// Every parameter to sign, sorted by key; an error for an action parameter that
    /// collides with a common one or with another action parameter.
    pub(crate) fn sorted_pairs(&self) -> Result<Vec<(&'a str, &'a str)>, Error> {
        let mut pairs: Vec<(&str, &str)> = Vec::with_capacity(self.params.pairs().len() + 9);
        pairs.extend([
            ("AccessKeyId", self.credentials.access_key_id()),
            ("Action", self.action),
            ("Format", "JSON"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureNonce", self.nonce),
            ("SignatureVersion", "1.0"),
            ("Timestamp", self.timestamp),
            ("Version", self.version),
        ]);
        if let Some(token) = self.credentials.security_token() {
            pairs.push(("SecurityToken", token));
        }
        for (k, v) in self.params.pairs() {
            if k == "Signature" {
                return Err(collision(k));
            }
            pairs.push((k.as_str(), v.as_str()));
        }
        pairs.sort_unstable_by(|a, b| a.0.cmp(b.0));
        if let Some(w) = pairs.windows(2).find(|w| w[0].0 == w[1].0) {
            return Err(collision(w[0].0));
        }
        Ok(pairs)
    }

    /// Signs with V1: the signature covers every parameter, query and body alike; the
    /// query string carries the common parameters, the action's query parameters and
    /// `Signature`, the form body the action's body parameters.
    pub(crate) fn signed_v1(&self) -> Result<SignedV1Request<'a>, Error> {
        let pairs = self.sorted_pairs()?;
        let (query, signature) = sign_pairs(self.method, &pairs, self.credentials);
        let body_pairs = self.params.body_pairs();
        if body_pairs.is_empty() {
            return Ok(SignedV1Request {
                query,
                headers: Vec::new(),
                body: None,
                query_pairs: pairs,
                signature,
            });
        }
        // Names are unique (`sorted_pairs` checked), so a name says where its pair goes.
        let in_body = |name: &str| body_pairs.iter().any(|(k, _)| k == name);
        let query_pairs: Vec<(&str, &str)> =
            pairs.into_iter().filter(|(k, _)| !in_body(k)).collect();
        let mut query = String::with_capacity(query.len());
        for (k, v) in &query_pairs {
            append_pair(&mut query, k, v);
        }
        append_pair(&mut query, "Signature", signature.as_str());
        Ok(SignedV1Request {
            query,
            headers: vec![("content-type", FORM_CONTENT_TYPE.to_owned())],
            body: Some(form(body_pairs)),
            query_pairs,
            signature,
        })
    }

    /// The query string and headers of a signature V3 request to `host` (the `Host` header
    /// as sent, port included when not the scheme's default).
    ///
    /// Action parameters obey the same rules as with V1 (no common names, no duplicates), so
    /// a call valid under one version is valid under the other.
    pub(crate) fn signed_v3(&self, host: &str) -> Result<SignedV3Request, Error> {
        self.sorted_pairs()?;
        let query = self
            .params
            .query_pairs()
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()));
        let body = match self.params.body_pairs() {
            [] => None,
            pairs => Some(form(pairs)),
        };
        let payload = body.as_deref().unwrap_or_default().as_bytes();
        let payload_hash = match body {
            None => v3::EMPTY_PAYLOAD_SHA256.to_owned(),
            Some(_) => v3::sha256_hex(payload),
        };
        let mut headers: Vec<(&'static str, String)> = vec![
            ("host", host.to_owned()),
            ("x-acs-action", self.action.to_owned()),
            ("x-acs-version", self.version.to_owned()),
            ("x-acs-date", self.timestamp.to_owned()),
            ("x-acs-signature-nonce", self.nonce.to_owned()),
            ("x-acs-content-sha256", payload_hash),
        ];
        if body.is_some() {
            headers.push(("content-type", FORM_CONTENT_TYPE.to_owned()));
        }
        if let Some(token) = self.credentials.security_token() {
            headers.push((SECURITY_TOKEN_HEADER, token.to_owned()));
        }
        let signed = v3::sign(
            self.method,
            query,
            headers.iter().map(|(k, v)| (*k, v.as_str())),
            payload,
            self.credentials.access_key_secret(),
        );
        headers.push((
            "authorization",
            signed.authorization(self.credentials.access_key_id()),
        ));
        Ok(SignedV3Request {
            query: signed.canonical_query,
            headers,
            body,
        })
    }
}

/// The content type of a request whose action has body parameters.
pub(crate) const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// `pairs` as a form body: `k=v&k=v`, percent-encoded as the signature encodes them (which
/// every form decoder reads), in the order given.
fn form(pairs: &[(String, String)]) -> String {
    let mut body = String::with_capacity(pairs.iter().map(|(k, v)| k.len() + v.len() + 2).sum());
    for (k, v) in pairs {
        append_pair(&mut body, k, v);
    }
    body
}

/// Appends `&pct(name)=pct(value)` (without the `&` when `out` is empty).
fn append_pair(out: &mut String, name: &str, value: &str) {
    if !out.is_empty() {
        out.push('&');
    }
    percent_encode_into(out, name);
    out.push('=');
    percent_encode_into(out, value);
}

impl Unsigned<'_> {
    /// The query, headers and body of an anonymous request (STS `AssumeRoleWithOIDC`): the
    /// common parameters `Action`, `Format`, `Timestamp` and `Version` and the action's,
    /// without any key, nonce or signature.
    pub(crate) fn anonymous(&self) -> Result<SignedV3Request, Error> {
        let mut pairs: Vec<(&str, &str)> = vec![
            ("Action", self.action),
            ("Format", "JSON"),
            ("Timestamp", self.timestamp),
            ("Version", self.version),
        ];
        for (k, v) in self.params.query_pairs() {
            if COMMON.contains(&k.as_str()) {
                return Err(collision(k));
            }
            pairs.push((k.as_str(), v.as_str()));
        }
        pairs.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut query = String::new();
        for (k, v) in &pairs {
            append_pair(&mut query, k, v);
        }
        let body_pairs = self.params.body_pairs();
        let (headers, body) = if body_pairs.is_empty() {
            (Vec::new(), None)
        } else {
            (
                vec![("content-type", FORM_CONTENT_TYPE.to_owned())],
                Some(form(body_pairs)),
            )
        };
        Ok(SignedV3Request {
            query,
            headers,
            body,
        })
    }
}

/// What one signature V1 attempt sends besides the method and endpoint.
pub(crate) struct SignedV1Request<'a> {
    /// The query string: common and query parameters, then `Signature`.
    pub query: String,
    /// The headers to send: `content-type` when there is a body, else none.
    pub headers: Vec<(&'static str, String)>,
    /// The form body, when the action has body parameters.
    pub body: Option<String>,
    /// The pairs of the query string (before encoding), sorted, `Signature` left out.
    pub query_pairs: Vec<(&'a str, &'a str)>,
    /// The signature, not percent-encoded.
    pub signature: v1::Signature,
}

/// The header that carries an STS token under signature V3.
pub(crate) const SECURITY_TOKEN_HEADER: &str = "x-acs-security-token";

/// What one signature V3 attempt sends besides the method and endpoint.
pub(crate) struct SignedV3Request {
    /// The canonical query: the action parameters, encoded and sorted.
    pub query: String,
    /// Every header to send, names lower-case, `authorization` last.
    pub headers: Vec<(&'static str, String)>,
    /// The form body, when the action has body parameters.
    pub body: Option<String>,
}

/// The signed query string of sorted `pairs`, and the (unencoded) signature.
pub(crate) fn sign_pairs(
    method: &str,
    pairs: &[(&str, &str)],
    creds: &Credentials,
) -> (String, v1::Signature) {
    let (mut query, to_sign) = v1::canonicalize(method, pairs);
    let signature = v1::signature_b64(creds.keyed_hmac(), &to_sign);
    query.reserve(48);
    query.push_str("&Signature=");
    percent_encode_into(&mut query, signature.as_str());
    (query, signature)
}

fn collision(name: &str) -> Error {
    if COMMON.contains(&name) {
        Error::invalid_input(format!(
            "parameter `{name}` is set by the client and cannot be passed as an action parameter"
        ))
    } else {
        Error::invalid_input(format!("parameter `{name}` is given twice"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The runtime's copy of the common parameters is the spec's list, so that no spec can
    /// declare a parameter the runtime would refuse.
    #[test]
    fn common_parameters_are_the_specs() {
        assert_eq!(COMMON, dts_spec::names::COMMON_PARAMS);
    }

    fn unsigned<'a>(creds: &'a Credentials, params: &'a Params) -> Unsigned<'a> {
        Unsigned {
            method: "POST",
            action: "StartSynchronizationJob",
            version: "2020-01-01",
            credentials: creds,
            timestamp: "2026-01-02T03:04:05Z",
            nonce: "n-1",
            params,
        }
    }

    #[test]
    fn signed_query_matches_the_public_signer() {
        let creds = Credentials::new("id", "secret").with_security_token("t+k/n=");
        let mut params = Params::default();
        params.push("SynchronizationJobId", "dts abc");
        let u = unsigned(&creds, &params);
        let pairs = u.sorted_pairs().unwrap();
        let expected = v1::sign("POST", pairs.iter().copied(), "secret");
        assert_eq!(u.signed_v1().unwrap().query, expected.query_string());
        assert!(expected
            .canonicalized_query_string
            .contains("SecurityToken=t%2Bk%2Fn%3D"));
        assert!(expected
            .canonicalized_query_string
            .contains("SynchronizationJobId=dts%20abc"));
    }

    #[test]
    fn collisions_are_invalid_input() {
        let creds = Credentials::new("id", "secret");
        for (name, what) in [
            ("Action", "set by the client"),
            ("Signature", "set by the client"),
            ("Timestamp", "set by the client"),
            ("RegionId", "given twice"),
        ] {
            let mut params = Params::default();
            params.push(name, "x");
            if name == "RegionId" {
                params.push(name, "y");
            }
            let e = unsigned(&creds, &params).sorted_pairs().unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::InvalidInput);
            assert!(e.message().contains(what), "{e}");
            assert!(e.message().contains(name), "{e}");
        }
        let mut params = Params::default();
        params.push("SecurityToken", "x");
        assert!(
            unsigned(&creds, &params).sorted_pairs().is_ok(),
            "no token, no collision"
        );
    }
}
