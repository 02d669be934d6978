//! Credentials from `ALIBABA_CLOUD_*` environment variables.

use super::{Credentials, Environment, ProvideCredentials, ProvideFuture};
use crate::Error;

/// The variable holding the AccessKey id.
pub(crate) const ACCESS_KEY_ID: &str = "ALIBABA_CLOUD_ACCESS_KEY_ID";
/// The variable holding the AccessKey secret.
pub(crate) const ACCESS_KEY_SECRET: &str = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
/// The variable holding an STS security token.
pub(crate) const SECURITY_TOKEN: &str = "ALIBABA_CLOUD_SECURITY_TOKEN";

/// Credentials from `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET` and, for
/// STS credentials, `ALIBABA_CLOUD_SECURITY_TOKEN`.
#[derive(Debug, Clone)]
pub struct EnvVars {
    env: Environment,
}

impl EnvVars {
    /// Reads the variables of `env`.
    pub fn new(env: Environment) -> Self {
        EnvVars { env }
    }
}

impl EnvVars {
    /// The credentials the variables give now, or an error saying which is missing.
    pub fn lookup(&self) -> Result<Credentials, Error> {
        let id = self.env.var(ACCESS_KEY_ID);
        let secret = self.env.var(ACCESS_KEY_SECRET);
        let (id, secret) = match (id, secret) {
            (Some(id), Some(secret)) => (id, secret),
            (None, None) => {
                return Err(Error::credentials(format!(
                    "environment variables: {ACCESS_KEY_ID} and {ACCESS_KEY_SECRET} are not set"
                )))
            }
            (Some(_), None) => {
                return Err(Error::credentials(format!(
                    "{ACCESS_KEY_ID} is set but {ACCESS_KEY_SECRET} is not"
                )))
            }
            (None, Some(_)) => {
                return Err(Error::credentials(format!(
                    "{ACCESS_KEY_SECRET} is set but {ACCESS_KEY_ID} is not"
                )))
            }
        };
        let creds = Credentials::new(id, secret);
        Ok(match self.env.var(SECURITY_TOKEN) {
            Some(token) => creds.with_security_token(token),
            None => creds,
        })
    }
}

impl ProvideCredentials for EnvVars {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(std::future::ready(self.lookup()))
    }
}
