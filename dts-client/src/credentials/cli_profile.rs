//! Credentials from the aliyun CLI's profile file, `~/.aliyun/config.json`.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{require, Credentials, Environment, Lookup, ProvideCredentials, Source};
use crate::Error;

/// The variable naming the profile to use in both profile files.
pub(crate) const PROFILE_VAR: &str = "ALIBABA_CLOUD_PROFILE";

/// Credentials from a profile in the aliyun CLI's `~/.aliyun/config.json`.
///
/// The profile is the one given with [`profile`](Self::profile), else the one named by
/// `ALIBABA_CLOUD_PROFILE`, else the file's `current`. Modes `AK` and `StsToken` are supported;
/// a profile with another mode is an error.
#[derive(Debug, Clone)]
pub struct CliProfile {
    env: Environment,
    profile: Option<String>,
}

impl CliProfile {
    /// Reads the profile file under the home directory of `env`.
    pub fn new(env: Environment) -> Self {
        CliProfile { env, profile: None }
    }

    /// Uses the profile `name` whatever `ALIBABA_CLOUD_PROFILE` and `current` say.
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// The file this source reads, when the home directory is known.
    pub fn path(&self) -> Option<PathBuf> {
        Some(self.env.home()?.join(".aliyun").join("config.json"))
    }

    fn wanted_profile(&self) -> Option<String> {
        self.profile.clone().or_else(|| self.env.var(PROFILE_VAR))
    }
}

impl Source for CliProfile {
    fn lookup(&self) -> Lookup {
        let Some(path) = self.path() else {
            return Ok(None);
        };
        let Some(text) = super::read_optional(&path)? else {
            return Ok(None);
        };
        let root: Value = serde_json::from_str(&text).map_err(|e| json_error(&path, &e))?;
        if !root.is_object() {
            return Err(Error::credentials(format!(
                "`{}`: expected a JSON object at the top level",
                path.display()
            )));
        }
        let name = self
            .wanted_profile()
            .or_else(|| text_field(&root, "current"))
            .unwrap_or_else(|| "default".to_owned());
        let profiles = root.get("profiles").and_then(Value::as_array);
        let Some(profile) = profiles
            .into_iter()
            .flatten()
            .find(|p| p.get("name").and_then(Value::as_str) == Some(name.as_str()))
        else {
            return Ok(None);
        };
        credentials_of(profile, &name, &path)
    }

    fn describe(&self) -> String {
        let name = match self.wanted_profile() {
            Some(name) => format!(" `{name}`"),
            None => String::new(),
        };
        match self.path() {
            Some(path) => format!("aliyun CLI profile{name} in `{}`", path.display()),
            None => format!("aliyun CLI profile{name} (no home directory)"),
        }
    }
}

impl ProvideCredentials for CliProfile {
    fn provide_credentials(&self) -> Result<Credentials, Error> {
        require(self)
    }
}

/// The credentials of one profile object, by its `mode`.
fn credentials_of(profile: &Value, name: &str, path: &Path) -> Lookup {
    let mode = text_field(profile, "mode").unwrap_or_else(|| "AK".to_owned());
    let id = text_field(profile, "access_key_id");
    let secret = text_field(profile, "access_key_secret");
    let where_ = || format!("profile `{name}` in `{}`", path.display());
    let token = match mode.as_str() {
        "AK" if id.is_none() && secret.is_none() => return Ok(None),
        "AK" => None,
        "StsToken" => Some(text_field(profile, "sts_token").ok_or_else(|| {
            Error::credentials(format!("{} has mode StsToken but no `sts_token`", where_()))
        })?),
        other => {
            return Err(Error::credentials(format!(
            "{} uses mode `{other}`, which is not supported; supported modes are AK and StsToken",
            where_()
        )))
        }
    };
    let missing = |key: &str| Error::credentials(format!("{} has no `{key}`", where_()));
    let creds = Credentials::new(
        id.ok_or_else(|| missing("access_key_id"))?,
        secret.ok_or_else(|| missing("access_key_secret"))?,
    );
    Ok(Some(match token {
        Some(token) => creds.with_security_token(token),
        None => creds,
    }))
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
