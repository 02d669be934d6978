//! The signed query of one RPC request: common parameters, action parameters, signature.

use crate::credentials::Credentials;
use crate::rt::Params;
use crate::Error;

use super::{percent_encode_into, v1};

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
