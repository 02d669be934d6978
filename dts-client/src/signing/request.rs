//! The signed query of one RPC request: common parameters, action parameters, signature.

use crate::credentials::Credentials;
use crate::rt::Params;
use crate::Error;

use super::{percent_encode_into, v1, v3};

/// Parameters the client sets itself; an action parameter may not use these names.
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

    /// The query string to send: the canonicalized pairs and `&Signature=...`.
    pub(crate) fn signed_query(&self) -> Result<String, Error> {
        let pairs = self.sorted_pairs()?;
        Ok(sign_pairs(self.method, &pairs, self.credentials).0)
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
            .pairs()
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()));
        let mut headers: Vec<(&'static str, String)> = vec![
            ("host", host.to_owned()),
            ("x-acs-action", self.action.to_owned()),
            ("x-acs-version", self.version.to_owned()),
            ("x-acs-date", self.timestamp.to_owned()),
            ("x-acs-signature-nonce", self.nonce.to_owned()),
            ("x-acs-content-sha256", v3::EMPTY_PAYLOAD_SHA256.to_owned()),
        ];
        if let Some(token) = self.credentials.security_token() {
            headers.push((SECURITY_TOKEN_HEADER, token.to_owned()));
        }
        let signed = v3::sign(
            self.method,
            query,
            headers.iter().map(|(k, v)| (*k, v.as_str())),
            b"",
            self.credentials.access_key_secret(),
        );
        headers.push((
            "authorization",
            signed.authorization(self.credentials.access_key_id()),
        ));
        Ok(SignedV3Request {
            query: signed.canonical_query,
            headers,
        })
    }
}

/// The header that carries an STS token under signature V3.
pub(crate) const SECURITY_TOKEN_HEADER: &str = "x-acs-security-token";

/// What one signature V3 attempt sends besides the method and endpoint.
pub(crate) struct SignedV3Request {
    /// The canonical query: the action parameters, encoded and sorted.
    pub query: String,
    /// Every header to send, names lower-case, `authorization` last.
    pub headers: Vec<(&'static str, String)>,
}

/// The signed query string of sorted `pairs`, and the (unencoded) signature.
pub(crate) fn sign_pairs(
    method: &str,
    pairs: &[(&str, &str)],
    creds: &Credentials,
) -> (String, String) {
    let (mut query, to_sign) = v1::canonicalize(method, pairs);
    let signature = v1::signature_with(creds.keyed_hmac(), &to_sign);
    query.reserve(signature.len() + 20);
    query.push_str("&Signature=");
    percent_encode_into(&mut query, &signature);
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
        assert_eq!(u.signed_query().unwrap(), expected.query_string());
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
