//! Authentication of calls: the signature verifiers and the checks they share (access keys,
//! timestamp window, nonce replay).
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

/// Holds the access keys and the nonce memory, and runs the right verifier.
pub(crate) struct Authenticator {
    keys: HashMap<String, Credential>,
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
            nonces: NonceCache::new(NONCE_TTL, nonce_capacity),
            clock,
        }
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
