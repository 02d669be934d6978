//! Credentials of the ECS instance's RAM role, from the instance metadata service.

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::Method;
use serde_json::Value;

use super::http::parse_url;
use super::sts::credentials_from;
use super::{CachedProvider, Credentials, ProvideCredentials, ProvideFuture, SourceSettings};
use crate::Error;

/// The variable naming the instance's RAM role (skips role discovery).
pub(crate) const ROLE_VAR: &str = "ALIBABA_CLOUD_ECS_METADATA";
/// The variable that, set to `true`, takes the metadata service out of the default chain.
pub(crate) const DISABLED_VAR: &str = "ALIBABA_CLOUD_ECS_METADATA_DISABLED";
/// The variable that, set to `true`, forbids requests without a metadata token (IMDSv1).
pub(crate) const IMDSV1_DISABLED_VAR: &str = "ALIBABA_CLOUD_IMDSV1_DISABLED";
/// How long each request to the metadata service may take (as in the official libraries).
const TIMEOUT: Duration = Duration::from_secs(1);
/// The lifetime asked for metadata tokens, in seconds.
const TOKEN_TTL: &str = "21600";
const CREDENTIALS_PATH: &str = "/latest/meta-data/ram/security-credentials/";

/// Credentials of the RAM role attached to the ECS instance, from its metadata service.
///
/// Each fetch asks for a metadata token (`PUT /latest/api/token`, hardened mode), finds the
/// role name unless configured (argument or `ALIBABA_CLOUD_ECS_METADATA`), then reads the
/// role's credentials with the token. When no token can be had the requests go out without
/// one (IMDSv1), unless `ALIBABA_CLOUD_IMDSV1_DISABLED=true` or
/// [`disable_imdsv1`](Self::disable_imdsv1) forbids it. The service's address is
/// `http://100.100.100.200` unless overridden (see [`SourceSettings::metadata_endpoint`]).
#[derive(Debug, Clone)]
pub struct EcsRamRoleProvider {
    settings: SourceSettings,
    role: Option<String>,
    imdsv1_disabled: Option<bool>,
}

impl EcsRamRoleProvider {
    /// A provider that reads the role name from `ALIBABA_CLOUD_ECS_METADATA` or discovers it.
    pub fn new(settings: SourceSettings) -> Self {
        EcsRamRoleProvider {
            settings,
            role: None,
            imdsv1_disabled: None,
        }
    }

    /// Reads the credentials of `role` without discovering it.
    pub fn role_name(mut self, role: impl Into<String>) -> Self {
        self.role = Some(role.into());
        self
    }

    /// Refuses token-less requests (default: `ALIBABA_CLOUD_IMDSV1_DISABLED`).
    pub fn disable_imdsv1(mut self, disabled: bool) -> Self {
        self.imdsv1_disabled = Some(disabled);
        self
    }

    /// This provider behind a [`CachedProvider`] on the settings' clock.
    pub fn cached(self) -> CachedProvider {
        let clock = self.settings.clock.clone();
        CachedProvider::from_parts(Arc::new(self), clock)
    }

    async fn fetch(&self) -> Result<Credentials, Error> {
        let base = self.settings.metadata_base();
        let token = self.token(&base).await?;
        let role = match self
            .role
            .clone()
            .or_else(|| self.settings.env.var(ROLE_VAR))
        {
            Some(role) => role,
            None => {
                let body = self
                    .get(&base, CREDENTIALS_PATH, token.as_deref(), "role discovery")
                    .await?;
                let name = String::from_utf8_lossy(&body).trim().to_owned();
                if name.is_empty() || name.contains(['/', '\n']) {
                    return Err(Error::credentials(
                        "ECS RAM role: the metadata service names no RAM role for this instance",
                    ));
                }
                name
            }
        };
        let what = format!("ECS RAM role `{role}`");
        let body = self
            .get(
                &base,
                &format!("{CREDENTIALS_PATH}{role}"),
                token.as_deref(),
                "credentials",
            )
            .await?;
        let value: Value = serde_json::from_slice(&body).map_err(|_| {
            Error::credentials(format!("{what}: the metadata service's answer is not JSON"))
        })?;
        match value.get("Code").and_then(Value::as_str) {
            Some("Success") => credentials_from(&value, &what),
            _ => Err(Error::credentials(format!(
                "{what}: the metadata service's answer has no `Code` of `Success`"
            ))),
        }
    }

    /// A metadata token, or `None` to go on without one (IMDSv1 allowed).
    async fn token(&self, base: &str) -> Result<Option<String>, Error> {
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-aliyun-ecs-metadata-token-ttl-seconds",
            HeaderValue::from_static(TOKEN_TTL),
        );
        let url = parse_url(&format!("{base}/latest/api/token"), "metadata service URL")?;
        let what = "ECS RAM role: getting a metadata token";
        let outcome = match self
            .settings
            .send(what, Method::PUT, url, headers, None, TIMEOUT)
            .await
        {
            Ok((200, body)) => match String::from_utf8(body) {
                Ok(token) if !token.trim().is_empty() => return Ok(Some(token.trim().to_owned())),
                _ => Error::credentials(format!("{what}: the token is empty or not text")),
            },
            Ok((status, _)) => Error::credentials(format!("{what}: HTTP {status}")),
            Err(e) => e,
        };
        let disabled = self
            .imdsv1_disabled
            .unwrap_or_else(|| self.settings.flag(IMDSV1_DISABLED_VAR));
        if disabled {
            return Err(Error::credentials(format!(
                "{} (requests without a token are disabled by {IMDSV1_DISABLED_VAR})",
                outcome.message()
            )));
        }
        tracing::debug!(error = %outcome, "no metadata token; asking without one (IMDSv1)");
        Ok(None)
    }

    async fn get(
        &self,
        base: &str,
        path: &str,
        token: Option<&str>,
        step: &str,
    ) -> Result<Vec<u8>, Error> {
        let what = format!("ECS RAM role: {step}");
        let url = parse_url(&format!("{base}{path}"), "metadata service URL")?;
        let mut headers = HeaderMap::new();
        if let Some(token) = token {
            let mut value = HeaderValue::from_str(token).map_err(|_| {
                Error::credentials(format!("{what}: the metadata token is not a header value"))
            })?;
            value.set_sensitive(true);
            headers.insert("x-aliyun-ecs-metadata-token", value);
        }
        match self
            .settings
            .send(&what, Method::GET, url, headers, None, TIMEOUT)
            .await?
        {
            (200, body) => Ok(body),
            (status, _) => Err(Error::credentials(format!(
                "{what}: the metadata service answered HTTP {status}"
            ))),
        }
    }
}

impl ProvideCredentials for EcsRamRoleProvider {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(self.fetch())
    }
}
