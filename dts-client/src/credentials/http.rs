//! What the network sources share: the environment, the clock, the HTTP client and the
//! endpoint overrides, plus the one function that sends their requests.

use std::fmt;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;
use reqwest::{Method, Url};

use super::Environment;
use crate::sources::{Clock, SystemClock};
use crate::Error;

/// The variable overriding the STS endpoint (a host, or a URL used as given).
pub(crate) const STS_ENDPOINT_VAR: &str = "ALIBABA_CLOUD_STS_ENDPOINT";
/// The variable choosing the regional STS endpoint.
pub(crate) const STS_REGION_VAR: &str = "ALIBABA_CLOUD_STS_REGION";
/// The variable that, set to `true`, picks the VPC STS endpoint of the region.
pub(crate) const VPC_VAR: &str = "ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED";
/// The variable overriding the base URL of the ECS metadata service.
pub(crate) const METADATA_ENDPOINT_VAR: &str = "ALIBABA_CLOUD_ECS_METADATA_SERVICE_ENDPOINT";
/// The ECS metadata service's address on every instance.
pub const DEFAULT_METADATA_ENDPOINT: &str = "http://100.100.100.200";
/// The largest answer a credential endpoint may send.
const MAX_BODY: usize = 64 * 1024;

/// The settings every credential source shares: the [`Environment`], the clock expiry is
/// judged by, the HTTP client, and the STS and metadata endpoints when overridden in code.
///
/// Cheap to clone (the HTTP client is shared).
#[derive(Clone)]
pub struct SourceSettings {
    pub(crate) env: Environment,
    pub(crate) clock: Arc<dyn Clock>,
    http: Arc<OnceLock<reqwest::Client>>,
    sts_endpoint: Option<String>,
    metadata_endpoint: Option<String>,
}

impl SourceSettings {
    /// Settings over `env`, the system clock and a default HTTP client.
    pub fn new(env: Environment) -> Self {
        SourceSettings {
            env,
            clock: Arc::new(SystemClock),
            http: Arc::new(OnceLock::new()),
            sts_endpoint: None,
            metadata_endpoint: None,
        }
    }

    /// Judges expiry and signs STS requests by `clock`.
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Sends with `client` (its proxy, roots and timeouts) instead of a default one.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        let cell = OnceLock::new();
        let _ = cell.set(client);
        self.http = Arc::new(cell);
        self
    }

    /// Sends STS calls to `endpoint`: a bare host means `https://HOST`, a URL is used as
    /// given. Wins over `ALIBABA_CLOUD_STS_ENDPOINT`, regions and VPC settings.
    pub fn sts_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.sts_endpoint = Some(endpoint.into());
        self
    }

    /// Asks the ECS metadata service at `base` (`http://100.100.100.200` by default); wins
    /// over `ALIBABA_CLOUD_ECS_METADATA_SERVICE_ENDPOINT`.
    pub fn metadata_endpoint(mut self, base: impl Into<String>) -> Self {
        self.metadata_endpoint = Some(base.into());
        self
    }

    /// The environment sources read.
    pub fn environment(&self) -> &Environment {
        &self.env
    }

    pub(crate) fn now(&self) -> SystemTime {
        self.clock.now()
    }

    /// Whether the variable `name` is `true` (any case).
    pub(crate) fn flag(&self, name: &str) -> bool {
        self.env
            .var(name)
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    }

    /// The STS endpoint: code override > a profile's `sts_endpoint` >
    /// `ALIBABA_CLOUD_STS_ENDPOINT` > `sts[-vpc].<region>.aliyuncs.com` > `sts.aliyuncs.com`.
    pub(crate) fn sts_url(
        &self,
        profile_endpoint: Option<&str>,
        region: Option<&str>,
        vpc: Option<bool>,
    ) -> Result<Url, Error> {
        let explicit = self
            .sts_endpoint
            .clone()
            .or_else(|| profile_endpoint.map(str::to_owned))
            .or_else(|| self.env.var(STS_ENDPOINT_VAR));
        let text = match explicit {
            Some(e) if e.contains("://") => e,
            Some(host) => format!("https://{host}"),
            None => {
                let region = region
                    .map(str::to_owned)
                    .or_else(|| self.env.var(STS_REGION_VAR));
                let vpc = vpc.unwrap_or_else(|| self.flag(VPC_VAR));
                match region {
                    Some(r) if vpc => format!("https://sts-vpc.{r}.aliyuncs.com"),
                    Some(r) => format!("https://sts.{r}.aliyuncs.com"),
                    None => "https://sts.aliyuncs.com".to_owned(),
                }
            }
        };
        parse_url(&text, "STS endpoint")
    }

    /// The metadata service's base URL, without a trailing slash.
    pub(crate) fn metadata_base(&self) -> String {
        let base = self
            .metadata_endpoint
            .clone()
            .or_else(|| self.env.var(METADATA_ENDPOINT_VAR))
            .unwrap_or_else(|| DEFAULT_METADATA_ENDPOINT.to_owned());
        base.trim_end_matches('/').to_owned()
    }

    pub(crate) fn client(&self) -> Result<&reqwest::Client, Error> {
        if let Some(client) = self.http.get() {
            return Ok(client);
        }
        let client = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .user_agent(crate::transport::USER_AGENT)
            .build()
            .map_err(|e| {
                Error::config("could not create the HTTP client for credentials")
                    .with_source(e.without_url())
            })?;
        Ok(self.http.get_or_init(|| client))
    }

    /// Sends one request and reads at most 64 KiB of the answer within `timeout`. Errors
    /// name `what` and never the URL (a credentials URI may carry a secret in its query).
    pub(crate) async fn send(
        &self,
        what: &str,
        method: Method,
        url: Url,
        headers: HeaderMap,
        body: Option<String>,
        timeout: Duration,
    ) -> Result<(u16, Vec<u8>), Error> {
        let mut request = self
            .client()?
            .request(method, url)
            .headers(headers)
            .timeout(timeout);
        if let Some(body) = body {
            request = request
                .header(
                    reqwest::header::CONTENT_TYPE,
                    "application/x-www-form-urlencoded",
                )
                .body(body);
        }
        let fail = |e: reqwest::Error| {
            let e = e.without_url();
            let why = if e.is_timeout() {
                format!("no answer within {}", humantime::format_duration(timeout))
            } else if e.is_connect() {
                "could not connect".to_owned()
            } else {
                "the connection failed".to_owned()
            };
            Error::credentials(format!("{what}: {why}")).with_source(e)
        };
        let mut resp = request.send().await.map_err(fail)?;
        let status = resp.status().as_u16();
        let mut out = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(fail)? {
            if out.len() + chunk.len() > MAX_BODY {
                return Err(Error::credentials(format!(
                    "{what}: the answer is larger than {MAX_BODY} bytes"
                )));
            }
            out.extend_from_slice(&chunk);
        }
        Ok((status, out))
    }
}

impl fmt::Debug for SourceSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SourceSettings")
            .field("env", &self.env)
            .field("sts_endpoint", &self.sts_endpoint)
            .field("metadata_endpoint", &self.metadata_endpoint)
            .finish_non_exhaustive()
    }
}

/// `text` as an http(s) URL, or a credentials error naming `what` (not the text, which may
/// hold a secret).
pub(crate) fn parse_url(text: &str, what: &str) -> Result<Url, Error> {
    let url = Url::parse(text)
        .map_err(|e| Error::credentials(format!("the {what} is not a valid URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(Error::credentials(format!(
            "the {what} must be an http or https URL with a host"
        )));
    }
    Ok(url)
}

/// Reads `Expiration` (`2026-01-02T03:04:05Z`); an error names `what`.
pub(crate) fn parse_expiration(text: &str, what: &str) -> Result<SystemTime, Error> {
    humantime::parse_rfc3339(text.trim())
        .map_err(|_| Error::credentials(format!("{what}: `Expiration` is not a UTC time")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(vars: &[(&str, &str)]) -> SourceSettings {
        SourceSettings::new(Environment::fixed(vars.iter().copied()))
    }

    #[test]
    fn sts_endpoint_precedence() {
        let url = |s: &SourceSettings, region, vpc| s.sts_url(None, region, vpc).unwrap();
        assert_eq!(
            url(&settings(&[]), None, None).as_str(),
            "https://sts.aliyuncs.com/"
        );
        let s = settings(&[(STS_REGION_VAR, "cn-shanghai"), (VPC_VAR, "TRUE")]);
        assert_eq!(
            url(&s, None, None).as_str(),
            "https://sts-vpc.cn-shanghai.aliyuncs.com/"
        );
        assert_eq!(
            url(&s, Some("cn-beijing"), Some(false)).as_str(),
            "https://sts.cn-beijing.aliyuncs.com/"
        );
        let s = settings(&[
            (STS_REGION_VAR, "cn-shanghai"),
            (STS_ENDPOINT_VAR, "sts.x.com"),
        ]);
        assert_eq!(url(&s, None, None).as_str(), "https://sts.x.com/");
        let s = s.sts_endpoint("http://127.0.0.1:9/p");
        assert_eq!(url(&s, None, None).as_str(), "http://127.0.0.1:9/p");
    }

    #[test]
    fn metadata_base_and_expiration() {
        assert_eq!(settings(&[]).metadata_base(), DEFAULT_METADATA_ENDPOINT);
        let s = settings(&[(METADATA_ENDPOINT_VAR, "http://127.0.0.1:1/")]);
        assert_eq!(s.metadata_base(), "http://127.0.0.1:1");
        let t = parse_expiration("2026-01-02T03:04:05Z", "x").unwrap();
        assert_eq!(
            humantime::format_rfc3339_seconds(t).to_string(),
            "2026-01-02T03:04:05Z"
        );
        assert!(parse_expiration("soon", "x").is_err());
    }
}
