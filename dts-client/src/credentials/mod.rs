//! AccessKey credentials and where they come from.
//!
//! [`Credentials`] is an AccessKey pair, optionally with an STS `SecurityToken` and the time it
//! expires. [`ProvideCredentials`] is the asynchronous source the client asks at every call;
//! [`CachedProvider`] keeps temporary credentials and refreshes them ahead of expiry. The
//! [`DefaultChain`] tries, in the order of Alibaba Cloud's official credential libraries:
//!
//! 1. [`EnvVars`]: `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET` and
//!    `ALIBABA_CLOUD_SECURITY_TOKEN`;
//! 2. [`OidcRoleProvider`] (RRSA), when `ALIBABA_CLOUD_ROLE_ARN`,
//!    `ALIBABA_CLOUD_OIDC_PROVIDER_ARN` and `ALIBABA_CLOUD_OIDC_TOKEN_FILE` are all set;
//! 3. [`CliProfile`]: the aliyun CLI's `~/.aliyun/config.json` (modes `AK`, `StsToken`,
//!    `RamRoleArn`, `ChainableRamRoleArn`, `EcsRamRole`, `OIDC`, `CredentialsURI`, `External`);
//! 4. [`IniProfile`]: the `~/.alibabacloud/credentials` ini file;
//! 5. [`EcsRamRoleProvider`]: the instance's RAM role from the ECS metadata service;
//! 6. [`UriProvider`], when `ALIBABA_CLOUD_CREDENTIALS_URI` is set.
//!
//! Every source reads the process through an [`Environment`], which tests replace with a fixed
//! set of variables and a temporary home directory. Secrets never appear in `Debug` output or
//! error messages.

mod cached;
mod chain;
mod cli_profile;
mod ecs;
mod env_vars;
mod environment;
mod external;
mod http;
mod ini_file;
mod resolved;
mod sts;
mod uri;

use std::fmt;
use std::future::Future;
use std::path::Path;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll, Waker};
use std::time::SystemTime;

use hmac::Hmac;
use sha1::Sha1;

pub use cached::{CachedProvider, REFRESH_AHEAD};
pub use chain::DefaultChain;
pub use cli_profile::CliProfile;
pub use ecs::EcsRamRoleProvider;
pub use env_vars::EnvVars;
pub use environment::Environment;
pub use external::ExternalProcess;
pub use http::{SourceSettings, DEFAULT_METADATA_ENDPOINT};
pub use ini_file::IniProfile;
pub use sts::{OidcRoleProvider, RamRoleProvider};
pub use uri::UriProvider;

use crate::Error;

/// An AccessKey pair and, for temporary STS credentials, a security token and expiry.
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
    expiration: Option<SystemTime>,
    /// HMAC-SHA1 keyed with the secret, computed on first use: signing clones it instead of
    /// hashing the key again at every request.
    keyed: OnceLock<Hmac<Sha1>>,
}

impl PartialEq for Inner {
    fn eq(&self, other: &Self) -> bool {
        self.access_key_id == other.access_key_id
            && self.access_key_secret == other.access_key_secret
            && self.security_token == other.security_token
            && self.expiration == other.expiration
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
                expiration: None,
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

    /// The same credentials, valid until `at` ([`CachedProvider`] refreshes them before).
    pub fn with_expiration(self, at: SystemTime) -> Self {
        let mut inner = Arc::unwrap_or_clone(self.inner);
        inner.expiration = Some(at);
        Credentials {
            inner: Arc::new(inner),
        }
    }

    /// Credentials from `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET` and
    /// (optional) `ALIBABA_CLOUD_SECURITY_TOKEN`.
    pub fn from_env() -> Result<Self, Error> {
        EnvVars::new(Environment::process()).lookup()
    }

    /// The credentials the [`DefaultChain`] of the process resolves now.
    ///
    /// A snapshot: temporary credentials from it expire. A long-running program gives the
    /// chain itself to [`ClientBuilder::credentials_provider`](crate::ClientBuilder::credentials_provider)
    /// (or sets no credentials at all), so they are refreshed.
    pub async fn from_default_chain() -> Result<Self, Error> {
        DefaultChain::new(Environment::process())
            .provide_credentials()
            .await
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

    /// When temporary credentials expire; `None` for long-term AccessKeys.
    pub fn expiration(&self) -> Option<SystemTime> {
        self.inner.expiration
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
        let mut s = f.debug_struct("Credentials");
        s.field("access_key_id", &self.inner.access_key_id)
            .field("access_key_secret", &Redacted)
            .field(
                "security_token",
                &self.inner.security_token.as_ref().map(|_| Redacted),
            );
        if let Some(at) = self.inner.expiration {
            s.field("expiration", &humantime::format_rfc3339_seconds(at));
        }
        s.finish()
    }
}

/// Stands in for a secret in `Debug` output.
pub(crate) struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("** redacted **")
    }
}

/// The future [`ProvideCredentials::provide_credentials`] returns: boxed, so the trait stays
/// object-safe (the client keeps an `Arc<dyn ProvideCredentials>`).
pub type ProvideFuture<'a> = Pin<Box<dyn Future<Output = Result<Credentials, Error>> + Send + 'a>>;

/// A source of credentials, asked once per call.
///
/// Implement it to fetch credentials from somewhere the client does not know (a vault, a
/// token service). Build failures with [`Error::credentials`]; give temporary credentials an
/// [`expiration`](Credentials::with_expiration) and wrap the provider in a [`CachedProvider`]
/// so it is asked again only shortly before they expire.
///
/// ```
/// use dts_client::credentials::{CachedProvider, ProvideFuture};
/// use dts_client::{Credentials, Error, ProvideCredentials};
///
/// /// Credentials handed out by a secrets service (here: a fixed answer).
/// #[derive(Debug)]
/// struct Vault;
///
/// impl ProvideCredentials for Vault {
///     fn provide_credentials(&self) -> ProvideFuture<'_> {
///         Box::pin(async move {
///             let answer: Option<(&str, &str)> = Some(("LTAI5tExample", "secret-value"));
///             let (id, secret) = answer.ok_or_else(|| Error::credentials("the vault has no key"))?;
///             Ok(Credentials::new(id, secret))
///         })
///     }
/// }
///
/// # async fn run() -> Result<(), Error> {
/// let client = dts_client::Client::builder()
///     .credentials_provider(CachedProvider::new(Vault))
///     .build()?;
/// # let _ = client; Ok(())
/// # }
/// ```
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// The credentials to sign the next call with.
    fn provide_credentials(&self) -> ProvideFuture<'_>;
}

impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(std::future::ready(Ok(self.clone())))
    }
}

impl<P: ProvideCredentials + ?Sized> ProvideCredentials for Arc<P> {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        (**self).provide_credentials()
    }
}

impl<P: ProvideCredentials + ?Sized> ProvideCredentials for Box<P> {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        (**self).provide_credentials()
    }
}

/// The result of `future` if it is ready at once, without an executor; `None` when it would
/// wait (a provider that needs the network).
pub(crate) fn ready_now<T>(future: Pin<&mut (dyn Future<Output = T> + Send + '_)>) -> Option<T> {
    let mut cx = Context::from_waker(Waker::noop());
    match future.poll(&mut cx) {
        Poll::Ready(value) => Some(value),
        Poll::Pending => None,
    }
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
