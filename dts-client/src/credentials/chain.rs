//! The default chain of credential sources.

use std::fmt;
use std::sync::{Arc, Mutex, OnceLock};

use super::{
    CliProfile, Credentials, EcsRamRoleProvider, EnvVars, Environment, IniProfile,
    OidcRoleProvider, ProvideCredentials, ProvideFuture, SourceSettings, UriProvider,
};
use crate::sources::Clock;
use crate::Error;

/// The official default chain: environment AccessKey, OIDC (RRSA), aliyun CLI profile, ini
/// file, ECS RAM role, credentials URI.
///
/// Every source that fails (not configured, an unsupported mode, a half-set key pair, an
/// unreachable service) passes to the next; only when all fail is there an error, listing each
/// source's reason. Once a source has given credentials the chain keeps asking that source
/// alone, and its temporary credentials are cached and refreshed before they expire.
///
/// The OIDC source takes part only when `ALIBABA_CLOUD_ROLE_ARN`,
/// `ALIBABA_CLOUD_OIDC_PROVIDER_ARN` and `ALIBABA_CLOUD_OIDC_TOKEN_FILE` are all set; the
/// ECS source unless `ALIBABA_CLOUD_ECS_METADATA_DISABLED=true`; the URI source only when
/// `ALIBABA_CLOUD_CREDENTIALS_URI` is set.
pub struct DefaultChain {
    settings: SourceSettings,
    profile: Option<String>,
    sources: OnceLock<Vec<Arc<dyn ProvideCredentials>>>,
    last: Mutex<Option<usize>>,
}

impl DefaultChain {
    /// The chain over `env` (use [`Environment::process`] for the real one).
    pub fn new(env: Environment) -> Self {
        DefaultChain::with_settings(SourceSettings::new(env))
    }

    /// The chain with `settings` (environment, clock, HTTP client, endpoints).
    pub fn with_settings(settings: SourceSettings) -> Self {
        DefaultChain {
            settings,
            profile: None,
            sources: OnceLock::new(),
            last: Mutex::new(None),
        }
    }

    /// Looks only for the profile `name`, in the CLI profile file and then the ini file,
    /// skipping the other sources (what the CLI's `--profile` means).
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// Judges expiry and signs STS calls by `clock`.
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.settings = self.settings.clock(clock);
        self
    }

    /// Sends STS calls to `endpoint` (see [`SourceSettings::sts_endpoint`]).
    pub fn sts_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.settings = self.settings.sts_endpoint(endpoint);
        self
    }

    /// Asks the ECS metadata service at `base` (see [`SourceSettings::metadata_endpoint`]).
    pub fn metadata_endpoint(mut self, base: impl Into<String>) -> Self {
        self.settings = self.settings.metadata_endpoint(base);
        self
    }

    /// Sends with `client` instead of a default HTTP client.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.settings = self.settings.http_client(client);
        self
    }

    /// The region the chosen aliyun CLI profile names (`region_id`), if any.
    pub fn profile_region(&self) -> Option<String> {
        let cli = CliProfile::with_settings(self.settings.clone());
        match &self.profile {
            Some(name) => cli.profile(name).region_id(),
            None => cli.region_id(),
        }
    }

    fn sources(&self) -> &[Arc<dyn ProvideCredentials>] {
        self.sources.get_or_init(|| {
            let s = &self.settings;
            let cli = CliProfile::with_settings(s.clone());
            let ini = IniProfile::with_settings(s.clone());
            if let Some(name) = &self.profile {
                return vec![Arc::new(cli.profile(name)), Arc::new(ini.profile(name))];
            }
            let mut list: Vec<Arc<dyn ProvideCredentials>> =
                vec![Arc::new(EnvVars::new(s.env.clone()))];
            if let Some(oidc) = OidcRoleProvider::from_env(s.clone()) {
                list.push(Arc::new(oidc.cached()));
            }
            list.push(Arc::new(cli));
            list.push(Arc::new(ini));
            if !s.flag(super::ecs::DISABLED_VAR) {
                list.push(Arc::new(EcsRamRoleProvider::new(s.clone()).cached()));
            }
            if let Some(uri) = UriProvider::from_env(s.clone()) {
                list.push(Arc::new(uri.cached()));
            }
            list
        })
    }

    async fn provide(&self) -> Result<Credentials, Error> {
        let sources = self.sources();
        let last = *self
            .last
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(i) = last {
            return sources[i].provide_credentials().await;
        }
        let mut reasons = Vec::with_capacity(sources.len());
        for (i, source) in sources.iter().enumerate() {
            match source.provide_credentials().await {
                Ok(creds) => {
                    *self
                        .last
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(i);
                    return Ok(creds);
                }
                Err(e) => {
                    tracing::debug!(error = %e, "credential source failed; trying the next");
                    reasons.push(e.message().to_owned());
                }
            }
        }
        Err(Error::credentials(format!(
            "no source in the chain gave credentials: {}",
            reasons.join("; ")
        )))
    }
}

impl ProvideCredentials for DefaultChain {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(self.provide())
    }
}

impl fmt::Debug for DefaultChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DefaultChain")
            .field("settings", &self.settings)
            .field("profile", &self.profile)
            .field("sources", &self.sources.get())
            .finish()
    }
}
