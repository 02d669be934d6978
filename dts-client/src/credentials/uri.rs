//! Credentials from a URI that answers with them (`ALIBABA_CLOUD_CREDENTIALS_URI`).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::Method;
use serde_json::Value;

use super::http::parse_url;
use super::sts::credentials_from;
use super::{CachedProvider, Credentials, ProvideCredentials, ProvideFuture, SourceSettings};
use crate::Error;

/// The variable holding the credentials URI.
pub(crate) const URI_VAR: &str = "ALIBABA_CLOUD_CREDENTIALS_URI";
/// How long the URI may take to answer.
const TIMEOUT: Duration = Duration::from_secs(15);

/// Credentials from `GET <uri>`, answered with `{"Code": "Success", "AccessKeyId",
/// "AccessKeySecret", "SecurityToken", "Expiration"}`.
///
/// The URI may carry a secret in its query, so it is never shown: `Debug` and errors name only
/// its scheme and host.
#[derive(Clone)]
pub struct UriProvider {
    settings: SourceSettings,
    uri: String,
}

impl UriProvider {
    /// Asks `uri`.
    pub fn new(settings: SourceSettings, uri: impl Into<String>) -> Self {
        UriProvider {
            settings,
            uri: uri.into(),
        }
    }

    /// The provider `ALIBABA_CLOUD_CREDENTIALS_URI` names, when set.
    pub fn from_env(settings: SourceSettings) -> Option<Self> {
        let uri = settings.env.var(URI_VAR)?;
        Some(UriProvider::new(settings, uri))
    }

    /// This provider behind a [`CachedProvider`] on the settings' clock.
    pub fn cached(self) -> CachedProvider {
        let clock = self.settings.clock.clone();
        CachedProvider::from_parts(Arc::new(self), clock)
    }

    fn shown(&self) -> String {
        match reqwest::Url::parse(&self.uri) {
            Ok(url) => format!("{}://{}", url.scheme(), url.host_str().unwrap_or("")),
            Err(_) => "an invalid URI".to_owned(),
        }
    }

    async fn fetch(&self) -> Result<Credentials, Error> {
        let what = format!("credentials URI `{}`", self.shown());
        let url = parse_url(&self.uri, "credentials URI")?;
        let (status, body) = self
            .settings
            .send(&what, Method::GET, url, HeaderMap::new(), None, TIMEOUT)
            .await?;
        if status != 200 {
            return Err(Error::credentials(format!("{what}: HTTP {status}")));
        }
        let value: Value = serde_json::from_slice(&body)
            .map_err(|_| Error::credentials(format!("{what}: the answer is not JSON")))?;
        match value.get("Code").and_then(Value::as_str) {
            None | Some("Success") => credentials_from(&value, &what),
            Some(_) => Err(Error::credentials(format!(
                "{what}: the answer's `Code` is not `Success`"
            ))),
        }
    }
}

impl ProvideCredentials for UriProvider {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(self.fetch())
    }
}

impl fmt::Debug for UriProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UriProvider")
            .field("uri", &self.shown())
            .finish()
    }
}
