//! [`ClientBuilder::build`]: the settings, the region and the default credentials chain put
//! together into a [`Client`]. Apart from the configuration, so that the configuration does
//! not depend on the credential sources (which send requests with the configured transport).

use std::sync::Arc;

use crate::client::Client;
use crate::config::{parse_endpoint, ClientBuilder, Config, REGION_VAR};
use crate::credentials::{
    Credentials, DefaultChain, Environment, ProvideCredentials, SourceSettings,
};
use crate::error::Error;

impl ClientBuilder {
    /// The client, or a [`Config`](crate::ErrorKind::Config) error for an invalid setting.
    pub fn build(self) -> Result<Client, Error> {
        Client::from_config(self.into_config()?)
    }

    /// The settings a client is built with, or a [`Config`](crate::ErrorKind::Config) error
    /// for an invalid setting (see [`build`](Self::build)).
    pub(crate) fn into_config(self) -> Result<Config, Error> {
        let env = self.environment.unwrap_or_else(Environment::process);
        let mut settings = SourceSettings::new(env.clone()).clock(self.clock.clone());
        if let Some(endpoint) = self.sts_endpoint {
            settings = settings.sts_endpoint(endpoint);
        }
        if let Some(base) = self.metadata_endpoint {
            settings = settings.metadata_endpoint(base);
        }
        let chain = || {
            let chain = DefaultChain::with_settings(settings.clone());
            match &self.profile {
                Some(name) => chain.profile(name),
                None => chain,
            }
        };
        let region = self
            .region
            .or_else(|| env.var(REGION_VAR))
            .or_else(|| chain().profile_region());
        let endpoint = match &self.endpoint_url {
            Some(url) => parse_endpoint(url)?,
            None => {
                let host = match &region {
                    Some(region) => self.service.host_for(region, self.vpc),
                    None => self.service.default_endpoint.into(),
                };
                parse_endpoint(&format!("https://{host}/"))?
            }
        };
        for (name, value) in [
            ("connect timeout", self.connect_timeout),
            ("timeout", self.timeout),
        ]
        .into_iter()
        .chain(self.attempt_timeout.map(|t| ("attempt timeout", t)))
        {
            if value.is_zero() {
                return Err(Error::config(format!(
                    "the {name} must be longer than zero"
                )));
            }
        }
        let credentials: Arc<dyn ProvideCredentials> = match self.credentials {
            Some(provider) => provider,
            None if self.anonymous => Arc::new(Credentials::new("", "")),
            None => Arc::new(chain()),
        };
        let config = Config {
            endpoint,
            region,
            service: self.service,
            connect_timeout: self.connect_timeout,
            timeout: self.timeout,
            attempt_timeout: self.attempt_timeout,
            retry: self.retry,
            signature_version: self.signature_version,
            credentials,
            fixed_credentials: self.fixed_credentials,
            clock: self.clock,
            nonce: self.nonce,
            http: self.http,
            anonymous: self.anonymous,
        };
        Ok(config)
    }
}
