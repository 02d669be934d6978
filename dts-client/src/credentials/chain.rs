//! The default chain of credential sources.

use super::{
    CliProfile, Credentials, EnvVars, Environment, IniProfile, ProvideCredentials, Source,
};
use crate::Error;

/// Tries the environment variables, then the aliyun CLI profile, then the ini file, and uses
/// the first that is configured.
///
/// A source that is configured but broken (a malformed file, an unsupported mode) stops the
/// chain with its error rather than being skipped. When no source is configured, the error
/// names every place the chain looked.
#[derive(Debug, Clone)]
pub struct DefaultChain {
    env: Environment,
    profile: Option<String>,
}

impl DefaultChain {
    /// The chain over `env` (use [`Environment::process`] for the real one).
    pub fn new(env: Environment) -> Self {
        DefaultChain { env, profile: None }
    }

    /// Looks only for the profile `name`, in the CLI profile file and then the ini file,
    /// skipping the environment variables (what the CLI's `--profile` means).
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    fn sources(&self) -> Vec<Box<dyn Source>> {
        let cli = CliProfile::new(self.env.clone());
        let ini = IniProfile::new(self.env.clone());
        match &self.profile {
            Some(name) => vec![Box::new(cli.profile(name)), Box::new(ini.profile(name))],
            None => vec![
                Box::new(EnvVars::new(self.env.clone())),
                Box::new(cli),
                Box::new(ini),
            ],
        }
    }
}

impl ProvideCredentials for DefaultChain {
    fn provide_credentials(&self) -> Result<Credentials, Error> {
        let sources = self.sources();
        for source in &sources {
            if let Some(creds) = source.lookup()? {
                return Ok(creds);
            }
        }
        let looked: Vec<String> = sources.iter().map(|s| s.describe()).collect();
        Err(Error::credentials(format!(
            "no credentials found; looked in: {}",
            looked.join("; ")
        )))
    }
}
