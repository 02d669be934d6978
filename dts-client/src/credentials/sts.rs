//! Temporary credentials from STS: `AssumeRole` (signed by source credentials) and
//! `AssumeRoleWithOIDC` (unsigned, with the token of an OIDC token file).

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::Url;
use serde_json::Value;

use super::http::parse_expiration;
use super::{
    CachedProvider, Credentials, Environment, ProvideCredentials, ProvideFuture, Redacted,
    SourceSettings,
};
use crate::sources::Clock;
use crate::{ActionError, Error};

/// The variable naming the role to assume (OIDC, and RAM roles without one configured).
pub(crate) const ROLE_ARN_VAR: &str = "ALIBABA_CLOUD_ROLE_ARN";
/// The variable naming the OIDC identity provider.
pub(crate) const OIDC_PROVIDER_VAR: &str = "ALIBABA_CLOUD_OIDC_PROVIDER_ARN";
/// The variable naming the file holding the OIDC token.
pub(crate) const OIDC_TOKEN_FILE_VAR: &str = "ALIBABA_CLOUD_OIDC_TOKEN_FILE";
/// The variable naming the role session.
pub(crate) const SESSION_NAME_VAR: &str = "ALIBABA_CLOUD_ROLE_SESSION_NAME";
/// How long assumed-role credentials last unless configured otherwise.
const DEFAULT_DURATION: u32 = 3600;
/// The shortest session STS grants.
const MIN_DURATION: u32 = 900;
/// How long one STS call may take.
const STS_TIMEOUT: Duration = Duration::from_secs(15);

/// What both assume-role calls carry besides their credentials.
#[derive(Debug, Clone)]
struct Role {
    arn: String,
    session_name: Option<String>,
    duration: u32,
    policy: Option<String>,
    sts_endpoint: Option<String>,
    sts_region: Option<String>,
    vpc: Option<bool>,
}

impl Role {
    fn new(arn: String) -> Self {
        Role {
            arn,
            session_name: None,
            duration: DEFAULT_DURATION,
            policy: None,
            sts_endpoint: None,
            sts_region: None,
            vpc: None,
        }
    }

    /// The `RoleSessionName` and `DurationSeconds` to send.
    fn session(&self, settings: &SourceSettings) -> Result<(String, u32), Error> {
        if self.duration < MIN_DURATION {
            return Err(Error::credentials(format!(
                "role `{}`: the session duration must be at least {MIN_DURATION} seconds, not {}",
                self.arn, self.duration
            )));
        }
        let session = self
            .session_name
            .clone()
            .or_else(|| settings.env.var(SESSION_NAME_VAR))
            .unwrap_or_else(|| {
                let secs = settings
                    .now()
                    .duration_since(UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs());
                format!("dts-client-{secs}")
            });
        Ok((session, self.duration))
    }

    fn url(&self, settings: &SourceSettings) -> Result<Url, Error> {
        settings.sts_url(
            self.sts_endpoint.as_deref(),
            self.sts_region.as_deref(),
            self.vpc,
        )
    }
}

macro_rules! role_setters {
    () => {
        /// The `RoleSessionName` (default: `ALIBABA_CLOUD_ROLE_SESSION_NAME`, else
        /// `dts-client-<unix seconds>`).
        pub fn session_name(mut self, name: impl Into<String>) -> Self {
            self.role.session_name = Some(name.into());
            self
        }

        /// How long the credentials last, in seconds (default 3600, at least 900).
        pub fn duration_seconds(mut self, seconds: u32) -> Self {
            self.role.duration = seconds;
            self
        }

        /// A policy narrowing the role's permissions.
        pub fn policy(mut self, policy: impl Into<String>) -> Self {
            self.role.policy = Some(policy.into());
            self
        }

        /// Calls STS at this endpoint (a host or a URL), unless overridden in the
        /// [`SourceSettings`] or by `ALIBABA_CLOUD_STS_ENDPOINT`.
        pub fn sts_endpoint(mut self, endpoint: impl Into<String>) -> Self {
            self.role.sts_endpoint = Some(endpoint.into());
            self
        }

        /// Calls the STS endpoint of `region` (default: `ALIBABA_CLOUD_STS_REGION`).
        pub fn sts_region(mut self, region: impl Into<String>) -> Self {
            self.role.sts_region = Some(region.into());
            self
        }

        /// Uses the VPC STS endpoint of the region (default:
        /// `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED`).
        pub fn vpc(mut self, vpc: bool) -> Self {
            self.role.vpc = Some(vpc);
            self
        }

        /// This provider behind a [`CachedProvider`] on the settings' clock.
        pub fn cached(self) -> CachedProvider {
            let clock = self.settings.clock.clone();
            CachedProvider::from_parts(Arc::new(self), clock)
        }
    };
}

/// Assumes a RAM role with `AssumeRole`, signed by the credentials of another provider (an
/// AccessKey, or another role for chained roles).
///
/// `Debug` hides the external id, which the role's trust policy treats as a shared secret.
#[derive(Clone)]
pub struct RamRoleProvider {
    settings: SourceSettings,
    source: Arc<dyn ProvideCredentials>,
    role: Role,
    external_id: Option<String>,
}

impl RamRoleProvider {
    /// Assumes `role_arn` with the credentials `source` provides.
    pub fn new(
        settings: SourceSettings,
        source: Arc<dyn ProvideCredentials>,
        role_arn: impl Into<String>,
    ) -> Self {
        RamRoleProvider {
            settings,
            source,
            role: Role::new(role_arn.into()),
            external_id: None,
        }
    }

    /// The `ExternalId` the role's trust policy asks for.
    pub fn external_id(mut self, id: impl Into<String>) -> Self {
        self.external_id = Some(id.into());
        self
    }

    role_setters!();

    async fn fetch(&self) -> Result<Credentials, Error> {
        let what = format!("AssumeRole of `{}`", self.role.arn);
        let source = self.source.provide_credentials().await.map_err(|e| {
            Error::credentials(format!(
                "{what}: the source credentials failed: {}",
                e.message()
            ))
            .with_source(e)
        })?;
        let (session, duration) = self.role.session(&self.settings)?;
        let url = self.role.url(&self.settings)?;
        let client = sts_client(&self.settings, &url, Some(source))?;
        let mut request = client
            .assume_role(&self.role.arn, session)
            .duration_seconds(duration.into());
        if let Some(policy) = &self.role.policy {
            request = request.policy(policy);
        }
        if let Some(id) = &self.external_id {
            request = request.external_id(id);
        }
        let out = request.send().await.map_err(|e| refused(&what, &e))?;
        let c = out.credentials.map(|c| Answer {
            id: c.access_key_id,
            secret: c.access_key_secret,
            token: c.security_token,
            expiration: c.expiration,
        });
        from_answer(c, &what)
    }
}

impl fmt::Debug for RamRoleProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RamRoleProvider")
            .field("settings", &self.settings)
            .field("source", &self.source)
            .field("role", &self.role)
            .field("external_id", &self.external_id.as_ref().map(|_| Redacted))
            .finish()
    }
}

impl ProvideCredentials for RamRoleProvider {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(self.fetch())
    }
}

/// Assumes a RAM role with `AssumeRoleWithOIDC` (RRSA on ACK): unsigned, carrying the OIDC
/// token read from its file at every refresh.
#[derive(Clone)]
pub struct OidcRoleProvider {
    settings: SourceSettings,
    role: Role,
    provider_arn: String,
    token_file: String,
}

impl OidcRoleProvider {
    /// Assumes `role_arn` through the identity provider `provider_arn` with the token in
    /// `token_file`.
    pub fn new(
        settings: SourceSettings,
        role_arn: impl Into<String>,
        provider_arn: impl Into<String>,
        token_file: impl Into<String>,
    ) -> Self {
        OidcRoleProvider {
            settings,
            role: Role::new(role_arn.into()),
            provider_arn: provider_arn.into(),
            token_file: token_file.into(),
        }
    }

    /// The provider `ALIBABA_CLOUD_ROLE_ARN`, `ALIBABA_CLOUD_OIDC_PROVIDER_ARN` and
    /// `ALIBABA_CLOUD_OIDC_TOKEN_FILE` describe, when all three are set.
    pub fn from_env(settings: SourceSettings) -> Option<Self> {
        let env = &settings.env;
        let (role, provider, file) = (
            env.var(ROLE_ARN_VAR)?,
            env.var(OIDC_PROVIDER_VAR)?,
            env.var(OIDC_TOKEN_FILE_VAR)?,
        );
        Some(OidcRoleProvider::new(settings, role, provider, file))
    }

    role_setters!();

    async fn fetch(&self) -> Result<Credentials, Error> {
        let what = format!("AssumeRoleWithOIDC of `{}`", self.role.arn);
        let token = std::fs::read_to_string(&self.token_file).map_err(|e| {
            Error::credentials(format!(
                "{what}: could not read the OIDC token file `{}`: {e}",
                self.token_file
            ))
        })?;
        let (session, duration) = self.role.session(&self.settings)?;
        let url = self.role.url(&self.settings)?;
        let client = sts_client(&self.settings, &url, None)?;
        let mut request = client
            .assume_role_with_oidc(
                crate::sts::operation::assume_role_with_oidc::AssumeRoleWithOIDCRequired {
                    oidc_provider_arn: self.provider_arn.clone(),
                    oidc_token: token.trim().to_owned(),
                    role_arn: self.role.arn.clone(),
                    role_session_name: session,
                },
            )
            .duration_seconds(duration.into());
        if let Some(policy) = &self.role.policy {
            request = request.policy(policy);
        }
        let out = request.send().await.map_err(|e| refused(&what, &e))?;
        let c = out.credentials.map(|c| Answer {
            id: c.access_key_id,
            secret: c.access_key_secret,
            token: c.security_token,
            expiration: c.expiration,
        });
        from_answer(c, &what)
    }
}

impl ProvideCredentials for OidcRoleProvider {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(self.fetch())
    }
}

impl fmt::Debug for OidcRoleProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OidcRoleProvider")
            .field("role", &self.role)
            .field("provider_arn", &self.provider_arn)
            .field("token_file", &self.token_file)
            .finish()
    }
}

/// The generated STS client at `url`, signing with `signer` or sending unsigned; it shares
/// the settings' HTTP client and clock.
fn sts_client(
    settings: &SourceSettings,
    url: &Url,
    signer: Option<Credentials>,
) -> Result<crate::sts::Client, Error> {
    let builder = crate::Client::builder()
        .service(&crate::sts::SERVICE)
        .environment(Environment::fixed(std::iter::empty::<(String, String)>()))
        .endpoint_url(url.as_str())
        .clock(SharedClock(settings.clock.clone()))
        .timeout(STS_TIMEOUT)
        .max_attempts(2)
        .http_client(settings.client()?.clone());
    let builder = match signer {
        Some(creds) => builder.credentials(creds),
        None => builder.anonymous(),
    };
    Ok(crate::sts::Client::from(builder.build()?))
}

/// A shared clock handed to the STS client's builder.
struct SharedClock(Arc<dyn Clock>);

impl Clock for SharedClock {
    fn now(&self) -> SystemTime {
        self.0.now()
    }
}

/// The four fields of an answer's `Credentials` object, as the generated output has them.
struct Answer {
    id: Option<String>,
    secret: Option<String>,
    token: Option<String>,
    expiration: Option<String>,
}

/// The temporary credentials of an answer's `Credentials` object.
fn from_answer(answer: Option<Answer>, what: &str) -> Result<Credentials, Error> {
    let a = answer
        .ok_or_else(|| Error::credentials(format!("{what}: the answer has no `Credentials`")))?;
    let need = |value: Option<String>, name: &str| {
        value
            .filter(|v| !v.is_empty())
            .ok_or_else(|| Error::credentials(format!("{what}: the answer has no `{name}`")))
    };
    let expiration = parse_expiration(&need(a.expiration, "Expiration")?, what)?;
    Ok(Credentials::new(
        need(a.id, "AccessKeyId")?,
        need(a.secret, "AccessKeySecret")?,
    )
    .with_security_token(need(a.token, "SecurityToken")?)
    .with_expiration(expiration))
}

/// A failed STS call as a credentials error naming `what`.
fn refused(what: &str, e: &(dyn ActionError + Send + Sync)) -> Error {
    Error::credentials(format!("{what}: {}", e.inner()))
}

/// Credentials from an object with `AccessKeyId`, `AccessKeySecret`, `SecurityToken` and
/// `Expiration` (STS, the metadata service and credentials URIs all answer so).
pub(crate) fn credentials_from(obj: &Value, what: &str) -> Result<Credentials, Error> {
    let field = |name: &str| {
        obj.get(name)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| Error::credentials(format!("{what}: the answer has no `{name}`")))
    };
    let expiration = parse_expiration(field("Expiration")?, what)?;
    Ok(
        Credentials::new(field("AccessKeyId")?, field("AccessKeySecret")?)
            .with_security_token(field("SecurityToken")?)
            .with_expiration(expiration),
    )
}
