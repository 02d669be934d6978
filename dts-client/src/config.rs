//! Client configuration: endpoint, credentials, timeouts, retries, time and nonce sources.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;

use crate::credentials::{Credentials, Environment, ProvideCredentials};
use crate::retry::RetryConfig;
use crate::service::ServiceInfo;
use crate::signing::SignatureVersion;
use crate::sources::{Clock, NonceSource, RandomNonce, SystemClock};
use crate::Error;

/// How long connecting may take unless configured otherwise.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a whole call (all attempts) may take unless configured otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The largest response body read unless configured otherwise (16 MiB).
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 16 << 20;
/// The variable naming the region when the builder does not.
pub const REGION_VAR: &str = "ALIBABA_CLOUD_REGION_ID";

/// The settings of a built [`Client`](crate::Client); read them with [`Client::config`](crate::Client::config).
pub struct Config {
    pub(crate) endpoint: Url,
    pub(crate) region: Option<String>,
    pub(crate) service: &'static ServiceInfo,
    pub(crate) connect_timeout: Duration,
    pub(crate) timeout: Duration,
    pub(crate) attempt_timeout: Option<Duration>,
    pub(crate) retry: RetryConfig,
    pub(crate) signature_version: SignatureVersion,
    pub(crate) credentials: Arc<dyn ProvideCredentials>,
    /// The credentials given to [`ClientBuilder::credentials`], used without asking a
    /// provider (which would box a future per call).
    pub(crate) fixed_credentials: Option<Credentials>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) nonce: Arc<dyn NonceSource>,
    pub(crate) http: HttpSettings,
    pub(crate) anonymous: bool,
}

/// How the HTTP client is made: injected whole, or built from these settings.
#[derive(Clone, Default)]
pub(crate) struct HttpSettings {
    pub(crate) client: Option<reqwest::Client>,
    pub(crate) proxy: Option<String>,
    pub(crate) root_certificates: Vec<Vec<u8>>,
    pub(crate) user_agent_suffix: Option<String>,
    pub(crate) max_response_bytes: usize,
}

impl Config {
    /// The base URL requests go to (`https://dts.aliyuncs.com/` by default).
    pub fn endpoint(&self) -> &str {
        self.endpoint.as_str()
    }

    /// The region the endpoint was chosen for, if one was set.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The API version sent as `Version=`.
    pub fn version(&self) -> &'static str {
        self.service.version
    }

    /// How long connecting may take.
    pub fn connect_timeout(&self) -> Duration {
        self.connect_timeout
    }

    /// How long a whole call, all attempts and waits included, may take.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// How long one attempt may take, if limited separately from the call.
    pub fn attempt_timeout(&self) -> Option<Duration> {
        self.attempt_timeout
    }

    /// The retry budget and backoff.
    pub fn retry(&self) -> &RetryConfig {
        &self.retry
    }

    /// How requests are signed (V1 unless configured otherwise).
    pub fn signature_version(&self) -> SignatureVersion {
        self.signature_version
    }

    /// The largest response body read; a longer one fails the attempt.
    pub fn max_response_bytes(&self) -> usize {
        self.http.max_response_bytes
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("endpoint", &self.endpoint.as_str())
            .field("region", &self.region)
            .field("version", &self.service.version)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("retry", &self.retry)
            .field("signature_version", &self.signature_version)
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Client`](crate::Client); start with [`Client::builder`](crate::Client::builder).
///
/// Without [`credentials`](Self::credentials) or
/// [`credentials_provider`](Self::credentials_provider), the client asks the [`DefaultChain`](crate::credentials::DefaultChain)
/// at every call (it caches and refreshes temporary credentials); a chain that finds nothing
/// fails the call with a [`Credentials`](crate::ErrorKind::Credentials) error.
#[must_use]
pub struct ClientBuilder {
    pub(crate) service: &'static ServiceInfo,
    pub(crate) region: Option<String>,
    pub(crate) endpoint_url: Option<String>,
    pub(crate) credentials: Option<Arc<dyn ProvideCredentials>>,
    pub(crate) fixed_credentials: Option<Credentials>,
    pub(crate) environment: Option<Environment>,
    pub(crate) profile: Option<String>,
    pub(crate) sts_endpoint: Option<String>,
    pub(crate) metadata_endpoint: Option<String>,
    pub(crate) vpc: bool,
    pub(crate) anonymous: bool,
    pub(crate) http: HttpSettings,
    pub(crate) connect_timeout: Duration,
    pub(crate) timeout: Duration,
    pub(crate) attempt_timeout: Option<Duration>,
    pub(crate) retry: RetryConfig,
    pub(crate) signature_version: SignatureVersion,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) nonce: Arc<dyn NonceSource>,
}

impl ClientBuilder {
    /// A builder for `service` with default settings.
    pub fn new(service: &'static ServiceInfo) -> Self {
        ClientBuilder {
            service,
            region: None,
            endpoint_url: None,
            credentials: None,
            fixed_credentials: None,
            environment: None,
            profile: None,
            sts_endpoint: None,
            metadata_endpoint: None,
            vpc: false,
            anonymous: false,
            http: HttpSettings {
                max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
                ..HttpSettings::default()
            },
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            attempt_timeout: None,
            retry: RetryConfig::default(),
            signature_version: SignatureVersion::V1,
            clock: Arc::new(SystemClock),
            nonce: Arc::new(RandomNonce),
        }
    }

    /// Talks to another service description (version and endpoint table).
    pub fn service(mut self, service: &'static ServiceInfo) -> Self {
        self.service = service;
        self
    }

    /// Sends to the endpoint of `region` (`cn-hangzhou`): its entry in the service's endpoint
    /// table, else `<product>.<region>.aliyuncs.com` as Alibaba's endpoint rules give it.
    ///
    /// Without a region here, `ALIBABA_CLOUD_REGION_ID` is used, else the `region_id` of the
    /// aliyun CLI profile, else the service's central endpoint.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Sends to `url` (`http://127.0.0.1:8080`), whatever the region says.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    /// Signs every call with `credentials`.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(Arc::new(credentials.clone()));
        self.fixed_credentials = Some(credentials);
        self
    }

    /// Asks `provider` for credentials at every call.
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials = Some(Arc::new(provider));
        self.fixed_credentials = None;
        self
    }

    /// The environment the default credentials chain and the region lookup read (the
    /// process's by default).
    pub fn environment(mut self, env: Environment) -> Self {
        self.environment = Some(env);
        self
    }

    /// Sends requests unsigned, without credentials: no `AccessKeyId`, nonce or signature
    /// (what STS `AssumeRoleWithOIDC` expects).
    pub fn anonymous(mut self) -> Self {
        self.anonymous = true;
        self
    }

    /// Takes credentials (and the region, unless set) from the profile `name` only: the
    /// aliyun CLI profile of that name, else the ini file's section (the CLI's `--profile`).
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// Uses the VPC endpoint of the region (`<product>-vpc.<region>.aliyuncs.com`), the
    /// aliyun CLI's `network = vpc`.
    pub fn vpc(mut self, vpc: bool) -> Self {
        self.vpc = vpc;
        self
    }

    /// The STS endpoint the default chain's role sources call (a host means `https://HOST`,
    /// a URL is used as given); wins over `ALIBABA_CLOUD_STS_ENDPOINT`.
    pub fn sts_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.sts_endpoint = Some(endpoint.into());
        self
    }

    /// The base URL of the ECS metadata service the default chain asks; wins over
    /// `ALIBABA_CLOUD_ECS_METADATA_SERVICE_ENDPOINT`.
    pub fn metadata_endpoint(mut self, base: impl Into<String>) -> Self {
        self.metadata_endpoint = Some(base.into());
        self
    }

    /// Sends with `client` (its proxy, certificates, timeouts and user agent) instead of one
    /// the builder makes; the proxy, certificate and user-agent settings are then unused.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http.client = Some(client);
        self
    }

    /// Sends every request through the proxy at `url` (`http://proxy:3128`). Without it the
    /// usual `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY` variables apply.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.http.proxy = Some(url.into());
        self
    }

    /// Trusts the PEM certificate(s) in `pem` besides the built-in roots (a proxy's or a
    /// private endpoint's certificate authority).
    pub fn add_root_certificate(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.http.root_certificates.push(pem.into());
        self
    }

    /// Appends `suffix` to the `User-Agent` header (`dts-client/0.1.0 (rust) my-app/2`).
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.http.user_agent_suffix = Some(suffix.into());
        self
    }

    /// Reads at most `bytes` of a response body (default 16 MiB); a longer body fails the
    /// attempt with a transport error.
    pub fn max_response_bytes(mut self, bytes: usize) -> Self {
        self.http.max_response_bytes = bytes;
        self
    }

    /// How long connecting may take (default 5 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long a whole call, all attempts and waits included, may take (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How long one attempt may take; a timed-out attempt of an idempotent action is retried.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// At most `n` attempts per call (default 3; 1 disables retries).
    pub fn max_attempts(mut self, n: u32) -> Self {
        self.retry = self.retry.with_max_attempts(n);
        self
    }

    /// The retry budget and backoff as a whole.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }

    /// Signs requests with `version`: [`V1`](SignatureVersion::V1) (HMAC-SHA1, the default) or
    /// [`V3`](SignatureVersion::V3) (`ACS3-HMAC-SHA256`).
    pub fn signature_version(mut self, version: SignatureVersion) -> Self {
        self.signature_version = version;
        self
    }

    /// Where `Timestamp` comes from (the system clock by default).
    pub fn clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Where `SignatureNonce` comes from (random UUIDs by default).
    pub fn nonce_source(mut self, nonce: impl NonceSource + 'static) -> Self {
        self.nonce = Arc::new(nonce);
        self
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("version", &self.service.version)
            .field("region", &self.region)
            .field("endpoint_url", &self.endpoint_url)
            .field("credentials", &self.credentials)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("retry", &self.retry)
            .field("signature_version", &self.signature_version)
            .finish_non_exhaustive()
    }
}

/// An endpoint URL: `http` or `https`, with a host, without query or fragment.
pub(crate) fn parse_endpoint(url: &str) -> Result<Url, Error> {
    let shown = redact_userinfo(url);
    let bad = |why: &str| Error::config(format!("invalid endpoint url `{shown}`: {why}"));
    let parsed = Url::parse(url).map_err(|e| bad(&e.to_string()))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(bad("the scheme must be http or https"));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(bad("it has no host"));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(bad("it must not have a query or fragment"));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(bad("it must not carry user information"));
    }
    Ok(parsed)
}

/// `url` with anything between `://` and `@` hidden, as it may hold a password.
fn redact_userinfo(url: &str) -> std::borrow::Cow<'_, str> {
    let Some(start) = url.find("://").map(|i| i + 3) else {
        return url.into();
    };
    let authority_end = url[start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| start + i);
    match url[start..authority_end].rfind('@') {
        Some(at) => format!("{}***{}", &url[..start], &url[start + at..]).into(),
        None => url.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_must_be_plain_http_urls() {
        assert_eq!(
            parse_endpoint("http://127.0.0.1:1234").unwrap().as_str(),
            "http://127.0.0.1:1234/"
        );
        for (url, why) in [
            ("not a url", "relative URL"),
            ("ftp://h", "scheme"),
            ("http://h/?a=1", "query"),
        ] {
            let e = parse_endpoint(url).unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::Config);
            assert!(e.to_string().contains(why), "{e}");
            assert!(e.to_string().contains(&format!("`{url}`")), "{e}");
        }
        let e = parse_endpoint("http://user:hunter2@h/").unwrap_err();
        assert!(
            e.to_string()
                .contains("`http://***@h/`: it must not carry user information"),
            "{e}"
        );
    }
}
