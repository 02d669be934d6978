//! Credentials from the aliyun CLI's profile file, `~/.aliyun/config.json`.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;

use super::resolved::Resolved;
use super::{
    read_optional, Credentials, EcsRamRoleProvider, Environment, ExternalProcess, OidcRoleProvider,
    ProvideCredentials, ProvideFuture, RamRoleProvider, SourceSettings, UriProvider,
};
use crate::Error;

/// The variable naming the profile to use in both profile files.
pub(crate) const PROFILE_VAR: &str = "ALIBABA_CLOUD_PROFILE";
/// The variable overriding the aliyun CLI config file's location.
pub(crate) const CONFIG_FILE_VAR: &str = "ALIBABA_CLOUD_CONFIG_FILE";
/// The variable that, set to `true`, takes the CLI profile out of the default chain.
pub(crate) const DISABLED_VAR: &str = "ALIBABA_CLOUD_CLI_PROFILE_DISABLED";
/// How deep `ChainableRamRoleArn` profiles may nest (a cycle stops here).
const MAX_CHAIN: usize = 8;
const MODES: &str =
    "AK, StsToken, RamRoleArn, ChainableRamRoleArn, EcsRamRole, OIDC, CredentialsURI, External";

/// Credentials from a profile in the aliyun CLI's `~/.aliyun/config.json` (or the file named
/// by `ALIBABA_CLOUD_CONFIG_FILE`).
///
/// The profile is the one given with [`profile`](Self::profile), else the one named by
/// `ALIBABA_CLOUD_PROFILE`, else the file's `current`. Modes `AK`, `StsToken`, `RamRoleArn`,
/// `ChainableRamRoleArn` (its `source_profile` of any mode), `EcsRamRole`, `OIDC`,
/// `CredentialsURI` and `External` are supported, with the CLI's field names. The file is read
/// once, at the first successful fetch; temporary credentials are cached and refreshed.
/// `ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true` turns the source off (unless a profile is named
/// in code).
#[derive(Clone)]
pub struct CliProfile {
    settings: SourceSettings,
    profile: Option<String>,
    resolved: Resolved,
}

impl CliProfile {
    /// Reads the profile file under the home directory of `env`.
    pub fn new(env: Environment) -> Self {
        CliProfile::with_settings(SourceSettings::new(env))
    }

    /// Reads the profile file located through `settings`, and fetches with them.
    pub fn with_settings(settings: SourceSettings) -> Self {
        CliProfile {
            settings,
            profile: None,
            resolved: Resolved::default(),
        }
    }

    /// Uses the profile `name` whatever `ALIBABA_CLOUD_PROFILE` and `current` say.
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// The file this source reads, when it can be located.
    pub fn path(&self) -> Option<PathBuf> {
        if let Some(file) = self.settings.env.var(CONFIG_FILE_VAR) {
            return Some(PathBuf::from(file));
        }
        Some(
            self.settings
                .env
                .home()?
                .join(".aliyun")
                .join("config.json"),
        )
    }

    /// The `region_id` of the profile, if the file and the profile exist and have one.
    pub fn region_id(&self) -> Option<String> {
        let path = self.path()?;
        let root: Value = serde_json::from_str(&read_optional(&path).ok()??).ok()?;
        let name = self.profile_name(&root);
        text_field(find(&root, &name)?, "region_id")
    }

    fn wanted_profile(&self) -> Option<String> {
        self.profile
            .clone()
            .or_else(|| self.settings.env.var(PROFILE_VAR))
    }

    fn profile_name(&self, root: &Value) -> String {
        self.wanted_profile()
            .or_else(|| text_field(root, "current"))
            .unwrap_or_else(|| "default".to_owned())
    }

    fn describe(&self) -> String {
        let name = match self.wanted_profile() {
            Some(name) => format!(" `{name}`"),
            None => String::new(),
        };
        format!("aliyun CLI profile{name}")
    }

    /// The provider the profile describes.
    fn resolve(&self) -> Result<Arc<dyn ProvideCredentials>, Error> {
        if self.profile.is_none() && self.settings.flag(DISABLED_VAR) {
            return Err(Error::credentials(format!(
                "{}: disabled by {DISABLED_VAR}",
                self.describe()
            )));
        }
        let Some(path) = self.path() else {
            return Err(Error::credentials(format!(
                "{}: no home directory to find `.aliyun/config.json` in",
                self.describe()
            )));
        };
        let Some(text) = read_optional(&path)? else {
            return Err(Error::credentials(format!(
                "{}: `{}` does not exist",
                self.describe(),
                path.display()
            )));
        };
        let root: Value = serde_json::from_str(&text).map_err(|e| json_error(&path, &e))?;
        if !root.is_object() {
            return Err(Error::credentials(format!(
                "`{}`: expected a JSON object at the top level",
                path.display()
            )));
        }
        let name = self.profile_name(&root);
        let file = ProfileFile {
            root: &root,
            path: &path,
            settings: &self.settings,
        };
        file.provider(&name, 0)
    }

    async fn fetch(&self) -> Result<Credentials, Error> {
        self.resolved.fetch(|| self.resolve()).await
    }
}

impl ProvideCredentials for CliProfile {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(self.fetch())
    }
}

impl fmt::Debug for CliProfile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CliProfile")
            .field("path", &self.path())
            .field("profile", &self.profile)
            .finish_non_exhaustive()
    }
}

/// A parsed config file, turning profiles into providers.
struct ProfileFile<'a> {
    root: &'a Value,
    path: &'a Path,
    settings: &'a SourceSettings,
}

impl ProfileFile<'_> {
    fn provider(&self, name: &str, depth: usize) -> Result<Arc<dyn ProvideCredentials>, Error> {
        let where_ = format!("profile `{name}` in `{}`", self.path.display());
        let Some(p) = find(self.root, name) else {
            return Err(Error::credentials(format!(
                "aliyun CLI {where_}: no such profile"
            )));
        };
        let mode = text_field(p, "mode").unwrap_or_else(|| "AK".to_owned());
        let need = |key: &str| {
            text_field(p, key).ok_or_else(|| {
                Error::credentials(format!("{where_} has mode {mode} but no `{key}`"))
            })
        };
        let s = self.settings.clone();
        let provider: Arc<dyn ProvideCredentials> = match mode.as_str() {
            "AK" | "StsToken" | "RamRoleArn" => {
                let creds = Credentials::new(need("access_key_id")?, need("access_key_secret")?);
                let creds = match (mode.as_str(), text_field(p, "sts_token")) {
                    ("StsToken", _) => creds.with_security_token(need("sts_token")?),
                    ("RamRoleArn", Some(token)) => creds.with_security_token(token),
                    _ => creds,
                };
                if mode != "RamRoleArn" {
                    return Ok(Arc::new(creds));
                }
                let role = RamRoleProvider::new(s, Arc::new(creds), need("ram_role_arn")?);
                Arc::new(ram_role(role, p, &where_)?.cached())
            }
            "ChainableRamRoleArn" => {
                let source_name = need("source_profile")?;
                if depth >= MAX_CHAIN {
                    return Err(Error::credentials(format!(
                        "{where_}: `source_profile` chains nest more than {MAX_CHAIN} deep (a cycle?)"
                    )));
                }
                let source = self.provider(&source_name, depth + 1)?;
                let role = RamRoleProvider::new(s, source, need("ram_role_arn")?);
                Arc::new(ram_role(role, p, &where_)?.cached())
            }
            "EcsRamRole" => {
                let mut ecs = EcsRamRoleProvider::new(s);
                if let Some(role) = text_field(p, "ram_role_name") {
                    ecs = ecs.role_name(role);
                }
                Arc::new(ecs.cached())
            }
            "OIDC" => {
                let mut oidc = OidcRoleProvider::new(
                    s,
                    need("ram_role_arn")?,
                    need("oidc_provider_arn")?,
                    need("oidc_token_file")?,
                );
                if let Some(name) =
                    text_field(p, "ram_session_name").or_else(|| text_field(p, "role_session_name"))
                {
                    oidc = oidc.session_name(name);
                }
                if let Some(secs) = seconds(p, &where_)? {
                    oidc = oidc.duration_seconds(secs);
                }
                if let Some(region) = text_field(p, "sts_region") {
                    oidc = oidc.sts_region(region);
                }
                if let Some(vpc) = p.get("enable_vpc").and_then(Value::as_bool) {
                    oidc = oidc.vpc(vpc);
                }
                if let Some(policy) = text_field(p, "policy") {
                    oidc = oidc.policy(policy);
                }
                Arc::new(oidc.cached())
            }
            "CredentialsURI" => {
                let uri = text_field(p, "credentials_uri")
                    .or_else(|| s.env.var(super::uri::URI_VAR))
                    .ok_or_else(|| {
                        Error::credentials(format!(
                            "{where_} has mode CredentialsURI but no `credentials_uri` (nor ALIBABA_CLOUD_CREDENTIALS_URI)"
                        ))
                    })?;
                Arc::new(UriProvider::new(s, uri).cached())
            }
            "External" => Arc::new(ExternalProcess::new(s, need("process_command")?).cached()),
            other => {
                return Err(Error::credentials(format!(
                "{where_} uses mode `{other}`, which is not supported; supported modes are {MODES}"
            )))
            }
        };
        Ok(provider)
    }
}

/// The optional fields of a `RamRoleArn` or `ChainableRamRoleArn` profile.
fn ram_role(mut role: RamRoleProvider, p: &Value, where_: &str) -> Result<RamRoleProvider, Error> {
    if let Some(name) = text_field(p, "ram_session_name") {
        role = role.session_name(name);
    }
    if let Some(secs) = seconds(p, where_)? {
        role = role.duration_seconds(secs);
    }
    if let Some(region) = text_field(p, "sts_region") {
        role = role.sts_region(region);
    }
    if let Some(endpoint) = text_field(p, "sts_endpoint") {
        role = role.sts_endpoint(endpoint);
    }
    if let Some(vpc) = p.get("enable_vpc").and_then(Value::as_bool) {
        role = role.vpc(vpc);
    }
    if let Some(id) = text_field(p, "external_id") {
        role = role.external_id(id);
    }
    if let Some(policy) = text_field(p, "policy") {
        role = role.policy(policy);
    }
    Ok(role)
}

/// `expired_seconds`, a number or a numeric string; 0 or absent means the default.
fn seconds(p: &Value, where_: &str) -> Result<Option<u32>, Error> {
    let value = match p.get("expired_seconds") {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) if s.is_empty() => return Ok(None),
        Some(Value::String(s)) => s.parse().ok(),
        Some(_) => None,
    };
    match value.map(u32::try_from) {
        Some(Ok(0)) => Ok(None),
        Some(Ok(n)) => Ok(Some(n)),
        _ => Err(Error::credentials(format!(
            "{where_}: `expired_seconds` is not a number of seconds"
        ))),
    }
}

/// The profile object named `name`.
fn find<'v>(root: &'v Value, name: &str) -> Option<&'v Value> {
    root.get("profiles")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .find(|p| p.get("name").and_then(Value::as_str) == Some(name))
}

/// A non-empty string member of `obj`.
fn text_field(obj: &Value, key: &str) -> Option<String> {
    obj.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// A syntax error in the profile file, with its position but none of the file's content.
fn json_error(path: &Path, e: &serde_json::Error) -> Error {
    // serde_json's syntax messages are fixed phrases ("expected `,` or `}`"), never input text.
    let full = e.to_string();
    let what = full.split(" at line ").next().unwrap_or("invalid JSON");
    Error::credentials(format!(
        "`{}` line {}, column {}: invalid JSON: {what}",
        path.display(),
        e.line(),
        e.column()
    ))
}
