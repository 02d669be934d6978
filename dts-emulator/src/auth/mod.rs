//! Authentication of calls: the signature verifiers and the checks they share (access keys,
//! timestamp window, nonce replay).
//!
//! A key registered with a security token (temporary STS credentials) accepts only calls that
//! carry that token (`SecurityToken` under V1, `x-acs-security-token` under V3), and only
//! until the token expires: the gateway's `MissingSecurityToken`,
//! `InvalidSecurityToken.Mismatch` and `InvalidSecurityToken.Expired` answers otherwise,
//! checked once the signature is verified. Keys registered without a token accept any.
//!
//! Each signature version is a module (`v1`: RPC signature V1, HMAC-SHA1; `v3`:
//! `ACS3-HMAC-SHA256`); the authenticator picks the verifier from the request's shape: an
//! `Authorization` header starting with `ACS3-` means V3, anything else V1.

pub mod v1;
pub mod v3;

mod nonce;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use crate::clock::Clock;
use crate::params::ParsedParams;
use crate::reject::Rejection;

pub(crate) use nonce::NonceCache;

/// How far a request's `Timestamp` may be from the emulator's clock, either way.
pub const TIMESTAMP_TOLERANCE: Duration = Duration::from_secs(15 * 60);

/// How long a `SignatureNonce` is remembered: twice the timestamp tolerance, so a replay is
/// caught for as long as its timestamp would still be accepted.
pub const NONCE_TTL: Duration = Duration::from_secs(30 * 60);

/// The parts of a request the verifiers look at.
pub(crate) struct SignedRequest<'a> {
    /// `GET` or `POST`.
    pub(crate) method: &'a str,
    /// Query and form parameters, merged (and the query's pairs as sent).
    pub(crate) params: &'a ParsedParams,
    /// The `Authorization` header, if any.
    pub(crate) authorization: Option<&'a str>,
    /// Every header as received, names lower-case.
    pub(crate) headers: &'a [(&'a str, &'a [u8])],
    /// The body as received.
    pub(crate) body: &'a [u8],
}

/// Whether an `Authorization` header asks for signature V3.
pub(crate) fn is_v3(authorization: Option<&str>) -> bool {
    authorization.is_some_and(|a| a.trim_start().starts_with("ACS3-"))
}

/// One access key's secret, and its V1 HMAC key derived once.
struct Credential {
    secret: String,
    v1: v1::SigningKey,
}

/// The token a temporary key must carry, and when it stops being accepted.
struct TokenRule {
    token: String,
    expires: Option<SystemTime>,
}

/// Holds the access keys and the nonce memory, and runs the right verifier.
pub(crate) struct Authenticator {
    keys: HashMap<String, Credential>,
    tokens: HashMap<String, TokenRule>,
    nonces: NonceCache,
    clock: Arc<dyn Clock>,
}

impl Authenticator {
    pub(crate) fn new(
        keys: HashMap<String, String>,
        clock: Arc<dyn Clock>,
        nonce_capacity: usize,
    ) -> Authenticator {
        let keys = keys
            .into_iter()
            .map(|(id, secret)| {
                let v1 = v1::SigningKey::new(&secret);
                (id, Credential { secret, v1 })
            })
            .collect();
        Authenticator {
            keys,
            tokens: HashMap::new(),
            nonces: NonceCache::new(NONCE_TTL, nonce_capacity),
            clock,
        }
    }

    /// The same authenticator, where each `(access key id, secret, token, expiry)` is a key
    /// that accepts only calls carrying that token, until the expiry if one is given.
    pub(crate) fn with_security_tokens(
        mut self,
        tokens: impl IntoIterator<Item = (String, String, String, Option<SystemTime>)>,
    ) -> Authenticator {
        for (id, secret, token, expires) in tokens {
            let v1 = v1::SigningKey::new(&secret);
            self.keys.insert(id.clone(), Credential { secret, v1 });
            self.tokens.insert(id, TokenRule { token, expires });
        }
        self
    }

    /// Accepts the call or says why not, in the gateway's terms.
    pub(crate) fn authenticate(&self, req: &SignedRequest<'_>) -> Result<(), Rejection> {
        if is_v3(req.authorization) {
            v3::verify(self, req)
        } else {
            v1::verify(self, req)
        }
    }

    fn secret(&self, access_key_id: &str) -> Option<&str> {
        self.keys.get(access_key_id).map(|c| c.secret.as_str())
    }

    fn v1_key(&self, access_key_id: &str) -> Option<&v1::SigningKey> {
        self.keys.get(access_key_id).map(|c| &c.v1)
    }

    fn check_timestamp(&self, timestamp: &str) -> Result<(), Rejection> {
        let at = humantime::parse_rfc3339(timestamp).map_err(|_| Rejection::timestamp_format())?;
        let now = self.clock.now();
        let skew = match now.duration_since(at) {
            Ok(d) => d,
            Err(e) => e.duration(),
        };
        if skew > TIMESTAMP_TOLERANCE {
            return Err(Rejection::timestamp_expired());
        }
        Ok(())
    }

    /// Whether `given` is the token `access_key_id` was registered with, still valid.
    fn check_security_token(
        &self,
        access_key_id: &str,
        given: Option<&str>,
    ) -> Result<(), Rejection> {
        let Some(rule) = self.tokens.get(access_key_id) else {
            return Ok(());
        };
        let rejection = |code: &'static str, message: &str| Rejection {
            status: 400,
            code,
            message: message.to_owned(),
        };
        match given.filter(|t| !t.is_empty()) {
            None => Err(rejection(
                "MissingSecurityToken",
                "SecurityToken is mandatory for this access key.",
            )),
            Some(token) if token != rule.token => Err(rejection(
                "InvalidSecurityToken.Mismatch",
                "Specified SecurityToken mismatch with the AccessKey.",
            )),
            Some(_) if rule.expires.is_some_and(|at| self.now() >= at) => Err(rejection(
                "InvalidSecurityToken.Expired",
                "Specified SecurityToken is expired.",
            )),
            Some(_) => Ok(()),
        }
    }

    fn check_nonce(&self, access_key_id: &str, nonce: &str) -> Result<(), Rejection> {
        if self.nonces.insert(access_key_id, nonce, self.now()) {
            Ok(())
        } else {
            Err(Rejection::nonce_used())
        }
    }

    fn now(&self) -> SystemTime {
        self.clock.now()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ManualClock;

    fn authenticator(clock: ManualClock) -> Authenticator {
        let expires = clock.now() + Duration::from_secs(60);
        Authenticator::new(HashMap::new(), Arc::new(clock), 16).with_security_tokens([(
            "STS.id".to_owned(),
            "secret".to_owned(),
            "the-token".to_owned(),
            Some(expires),
        )])
    }

    #[test]
    fn temporary_keys_accept_only_their_token_until_it_expires() {
        let clock = ManualClock::new(SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000));
        let auth = authenticator(clock.clone());
        assert!(auth.secret("STS.id").is_some());
        let code = |token| {
            auth.check_security_token("STS.id", token)
                .err()
                .map(|r| r.code)
        };
        assert_eq!(code(Some("the-token")), None);
        assert_eq!(code(Some("other")), Some("InvalidSecurityToken.Mismatch"));
        assert_eq!(code(None), Some("MissingSecurityToken"));
        assert_eq!(code(Some("")), Some("MissingSecurityToken"));
        clock.advance(Duration::from_secs(60));
        assert_eq!(
            code(Some("the-token")),
            Some("InvalidSecurityToken.Expired")
        );
        assert_eq!(
            auth.check_security_token("long-term", Some("anything"))
                .err(),
            None,
            "keys without a token accept any"
        );
    }
}
