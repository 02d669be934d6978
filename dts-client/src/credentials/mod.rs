//! AccessKey credentials and where they come from.
//!
//! [`Credentials`] is a static AccessKey pair, optionally with an STS `SecurityToken`. The
//! sources are, in the order the [`DefaultChain`] tries them:
//!
//! 1. [`EnvVars`]: `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET` and
//!    `ALIBABA_CLOUD_SECURITY_TOKEN`;
//! 2. [`CliProfile`]: the aliyun CLI's `~/.aliyun/config.json` (modes `AK` and `StsToken`);
//! 3. [`IniProfile`]: the `~/.alibabacloud/credentials` ini file (types `access_key`, `sts`).
//!
//! Each reads the process environment through an [`Environment`], which tests replace with a
//! fixed set of variables and a temporary home directory. Implement [`ProvideCredentials`] to
//! plug in a source of your own. Secrets never appear in `Debug` output or error messages.

mod chain;
mod cli_profile;
mod env_vars;
mod environment;
mod ini_file;

use std::fmt;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use hmac::Hmac;
use sha1::Sha1;

pub use chain::DefaultChain;
pub use cli_profile::CliProfile;
pub use env_vars::EnvVars;
pub use environment::Environment;
pub use ini_file::IniProfile;

use crate::Error;

/// An AccessKey pair and, for temporary STS credentials, a security token.
///
/// Cheap to clone. `Debug` shows the AccessKey id and hides the secret and the token.
///
/// ```
/// use dts_client::Credentials;
/// let creds = Credentials::new("LTAI5tExample", "secret-value").with_security_token("token-value");
/// let shown = format!("{creds:?}");
/// assert!(shown.contains("LTAI5tExample"));
/// assert!(!shown.contains("secret-value") && !shown.contains("token-value"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    inner: Arc<Inner>,
}

#[derive(Clone)]
struct Inner {
    access_key_id: String,
    access_key_secret: String,
    security_token: Option<String>,
    /// HMAC-SHA1 keyed with the secret, computed on first use: signing clones it instead of
    /// hashing the key again at every request.
    keyed: OnceLock<Hmac<Sha1>>,
}

impl PartialEq for Inner {
    fn eq(&self, other: &Self) -> bool {
        self.access_key_id == other.access_key_id
            && self.access_key_secret == other.access_key_secret
            && self.security_token == other.security_token
    }
}

impl Eq for Inner {}

impl Credentials {
    /// Static credentials from an AccessKey id and secret.
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<String>) -> Self {
        Credentials {
            inner: Arc::new(Inner {
                access_key_id: access_key_id.into(),
                access_key_secret: access_key_secret.into(),
                security_token: None,
                keyed: OnceLock::new(),
            }),
        }
    }

    /// The same credentials with an STS security token, sent as `SecurityToken`.
    pub fn with_security_token(self, token: impl Into<String>) -> Self {
        let mut inner = Arc::unwrap_or_clone(self.inner);
        inner.security_token = Some(token.into());
        Credentials {
            inner: Arc::new(inner),
        }
    }

    /// Credentials from `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET` and
    /// (optional) `ALIBABA_CLOUD_SECURITY_TOKEN`.
    pub fn from_env() -> Result<Self, Error> {
        EnvVars::new(Environment::process()).provide_credentials()
    }

    /// Credentials from the profile `name`: the aliyun CLI profile of that name if the CLI's
    /// config file has one, else the section of that name in `~/.alibabacloud/credentials`.
    pub fn from_profile(name: &str) -> Result<Self, Error> {
        DefaultChain::new(Environment::process())
            .profile(name)
            .provide_credentials()
    }

    /// Credentials from the [`DefaultChain`]: environment, aliyun CLI profile, ini file.
    pub fn from_default_chain() -> Result<Self, Error> {
        DefaultChain::new(Environment::process()).provide_credentials()
    }

    /// The AccessKey id.
    pub fn access_key_id(&self) -> &str {
        &self.inner.access_key_id
    }

    /// The AccessKey secret (keep it out of logs).
    pub fn access_key_secret(&self) -> &str {
        &self.inner.access_key_secret
    }

    /// The STS security token, for temporary credentials.
    pub fn security_token(&self) -> Option<&str> {
        self.inner.security_token.as_deref()
    }

    /// The signing HMAC, keyed with this secret.
    pub(crate) fn keyed_hmac(&self) -> &Hmac<Sha1> {
        self.inner
            .keyed
            .get_or_init(|| crate::signing::v1::keyed_hmac(&self.inner.access_key_secret))
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.inner.access_key_id)
            .field("access_key_secret", &Redacted)
            .field(
                "security_token",
                &self.inner.security_token.as_ref().map(|_| Redacted),
            )
            .finish()
    }
}

/// Stands in for a secret in `Debug` output.
pub(crate) struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("** redacted **")
    }
}

/// A source of credentials, asked once per call.
///
/// Implement it to fetch credentials from somewhere the client does not know (a vault, a
/// token service); cache inside the implementation if fetching is expensive.
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// The credentials to sign the next call with.
    fn provide_credentials(&self) -> Result<Credentials, Error>;
}

impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> Result<Credentials, Error> {
        Ok(self.clone())
    }
}

impl<P: ProvideCredentials + ?Sized> ProvideCredentials for Arc<P> {
    fn provide_credentials(&self) -> Result<Credentials, Error> {
        (**self).provide_credentials()
    }
}

/// The result of one built-in source: found, not configured (try the next), or broken.
pub(crate) type Lookup = Result<Option<Credentials>, Error>;

/// Why a built-in source found nothing, for the chain's "looked in" message.
pub(crate) trait Source {
    /// Credentials from this source, `Ok(None)` when it is not configured.
    fn lookup(&self) -> Lookup;
    /// Where this source looked, for error messages (`environment variables ...`).
    fn describe(&self) -> String;
}

/// `Ok(credentials)` from a lookup, or a "not found" error naming where the source looked.
pub(crate) fn require(source: &dyn Source) -> Result<Credentials, Error> {
    source
        .lookup()?
        .ok_or_else(|| Error::credentials(format!("no credentials found in {}", source.describe())))
}

/// The content of the file at `path`, `None` when it does not exist.
pub(crate) fn read_optional(path: &Path) -> Result<Option<String>, Error> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::credentials(format!(
            "could not read `{}`: {e}",
            path.display()
        ))),
    }
}
