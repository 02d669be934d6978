//! Credentials from the shared ini file, `~/.alibabacloud/credentials`.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::cli_profile::PROFILE_VAR;
use super::resolved::Resolved;
use super::{
    read_optional, Credentials, EcsRamRoleProvider, Environment, OidcRoleProvider,
    ProvideCredentials, ProvideFuture, RamRoleProvider, SourceSettings,
};
use crate::Error;

/// The variable that overrides the ini file's location.
pub(crate) const FILE_VAR: &str = "ALIBABA_CLOUD_CREDENTIALS_FILE";

/// Credentials from a section of the ini file `~/.alibabacloud/credentials` (or the file named
/// by `ALIBABA_CLOUD_CREDENTIALS_FILE`).
///
/// The section is the one given with [`profile`](Self::profile), else the one named by
/// `ALIBABA_CLOUD_PROFILE`, else `[default]`. Types (`type = ...`): `access_key`
/// (`access_key_id`, `access_key_secret`), `sts` (the same plus `security_token`),
/// `ecs_ram_role` (`role_name`, optional), `ram_role_arn` (`access_key_id`,
/// `access_key_secret`, `role_arn`, `role_session_name`, `policy`) and `oidc_role_arn`
/// (`role_arn`, `oidc_provider_arn`, `oidc_token_file_path`, `role_session_name`, `policy`).
/// The file is read once, at the first successful fetch.
#[derive(Clone)]
pub struct IniProfile {
    settings: SourceSettings,
    profile: Option<String>,
    resolved: Resolved,
}

/// One `[section]`: the line it starts on and its `key = value` pairs.
#[derive(Debug, Default)]
struct Section {
    line: usize,
    entries: BTreeMap<String, String>,
}

impl IniProfile {
    /// Reads the ini file located through `env`.
    pub fn new(env: Environment) -> Self {
        IniProfile::with_settings(SourceSettings::new(env))
    }

    /// Reads the ini file located through `settings`, and fetches with them.
    pub fn with_settings(settings: SourceSettings) -> Self {
        IniProfile {
            settings,
            profile: None,
            resolved: Resolved::default(),
        }
    }

    /// Uses the section `name` whatever `ALIBABA_CLOUD_PROFILE` says.
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// The file this source reads, when it can be located.
    pub fn path(&self) -> Option<PathBuf> {
        if let Some(file) = self.settings.env.var(FILE_VAR) {
            return Some(PathBuf::from(file));
        }
        Some(
            self.settings
                .env
                .home()?
                .join(".alibabacloud")
                .join("credentials"),
        )
    }

    fn section_name(&self) -> String {
        self.profile
            .clone()
            .or_else(|| self.settings.env.var(PROFILE_VAR))
            .unwrap_or_else(|| "default".to_owned())
    }

    fn resolve(&self) -> Result<Arc<dyn ProvideCredentials>, Error> {
        let name = self.section_name();
        let Some(path) = self.path() else {
            return Err(Error::credentials(format!(
                "profile `{name}` of the credentials file: no home directory to find `.alibabacloud/credentials` in"
            )));
        };
        let Some(text) = read_optional(&path)? else {
            return Err(Error::credentials(format!(
                "profile `{name}` in `{}`: the file does not exist",
                path.display()
            )));
        };
        let mut sections = parse(&text, &path)?;
        match sections.remove(&name) {
            Some(section) => provider_of(&section, &name, &path, &self.settings),
            None => Err(Error::credentials(format!(
                "profile `{name}` in `{}`: no such section",
                path.display()
            ))),
        }
    }

    async fn fetch(&self) -> Result<Credentials, Error> {
        self.resolved.fetch(|| self.resolve()).await
    }
}

impl ProvideCredentials for IniProfile {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(self.fetch())
    }
}

impl fmt::Debug for IniProfile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IniProfile")
            .field("path", &self.path())
            .field("profile", &self.profile)
            .finish_non_exhaustive()
    }
}

/// The sections of an ini file. Errors name the file and line, never the line's content.
fn parse(text: &str, path: &Path) -> Result<BTreeMap<String, Section>, Error> {
    let mut sections: BTreeMap<String, Section> = BTreeMap::new();
    let mut current: Option<String> = None;
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.trim();
        let err =
            |what: &str| Error::credentials(format!("`{}` line {line_no}: {what}", path.display()));
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(rest) = line.strip_prefix('[') {
            let name = rest
                .strip_suffix(']')
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .ok_or_else(|| err("expected a section header like `[default]`"))?;
            let section = sections.entry(name.to_owned()).or_default();
            section.line = line_no;
            current = Some(name.to_owned());
            continue;
        }
        let at = line
            .find(['=', ':'])
            .ok_or_else(|| err("expected `key = value` or `[section]`"))?;
        let key = line[..at].trim();
        if key.is_empty() {
            return Err(err("expected a key before `=`"));
        }
        let section = current
            .as_ref()
            .and_then(|name| sections.get_mut(name))
            .ok_or_else(|| err("`key = value` before any `[section]`"))?;
        let value = line[at + 1..].trim();
        section
            .entries
            .insert(key.to_ascii_lowercase(), value.to_owned());
    }
    Ok(sections)
}

/// The provider of one section, by its `type`.
fn provider_of(
    section: &Section,
    name: &str,
    path: &Path,
    settings: &SourceSettings,
) -> Result<Arc<dyn ProvideCredentials>, Error> {
    let get = |key: &str| section.entries.get(key).filter(|v| !v.is_empty()).cloned();
    let where_ = format!(
        "profile `{name}` in `{}` (line {})",
        path.display(),
        section.line
    );
    if get("enable").is_some_and(|v| v.eq_ignore_ascii_case("false")) {
        return Err(Error::credentials(format!(
            "{where_} is disabled (`enable = false`)"
        )));
    }
    let need =
        |key: &str| get(key).ok_or_else(|| Error::credentials(format!("{where_} has no `{key}`")));
    let kind = get("type").unwrap_or_else(|| "access_key".to_owned());
    let s = settings.clone();
    let provider: Arc<dyn ProvideCredentials> = match kind.as_str() {
        "access_key" => Arc::new(Credentials::new(
            need("access_key_id")?,
            need("access_key_secret")?,
        )),
        "sts" => Arc::new(
            Credentials::new(need("access_key_id")?, need("access_key_secret")?)
                .with_security_token(need("security_token")?),
        ),
        "ecs_ram_role" => {
            let mut ecs = EcsRamRoleProvider::new(s);
            if let Some(role) = get("role_name") {
                ecs = ecs.role_name(role);
            }
            Arc::new(ecs.cached())
        }
        "ram_role_arn" => {
            let source = Credentials::new(need("access_key_id")?, need("access_key_secret")?);
            let mut role = RamRoleProvider::new(s, Arc::new(source), need("role_arn")?);
            if let Some(n) = get("role_session_name") {
                role = role.session_name(n);
            }
            if let Some(p) = get("policy") {
                role = role.policy(p);
            }
            Arc::new(role.cached())
        }
        "oidc_role_arn" => {
            let mut role = OidcRoleProvider::new(
                s,
                need("role_arn")?,
                need("oidc_provider_arn")?,
                need("oidc_token_file_path")?,
            );
            if let Some(n) = get("role_session_name") {
                role = role.session_name(n);
            }
            if let Some(p) = get("policy") {
                role = role.policy(p);
            }
            Arc::new(role.cached())
        }
        other => {
            return Err(Error::credentials(format!(
                "{where_} has type `{other}`, which is not supported; supported types are \
                 access_key, sts, ecs_ram_role, ram_role_arn and oidc_role_arn"
            )))
        }
    };
    Ok(provider)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sections_comments_and_both_delimiters() {
        let text = "# c\n; c\n[default]\ntype = access_key\nAccess_Key_Id=id\naccess_key_secret: s=x\n\n[other]\n";
        let s = parse(text, Path::new("f")).unwrap();
        let d = &s["default"];
        assert_eq!(d.line, 3);
        assert_eq!(d.entries["access_key_id"], "id");
        assert_eq!(d.entries["access_key_secret"], "s=x");
        assert!(s["other"].entries.is_empty());
    }

    #[test]
    fn syntax_errors_name_file_and_line_without_content() {
        for (text, line, what) in [
            ("[default]\nSECRETVALUE\n", 2, "expected `key = value`"),
            ("[default\n", 1, "section header"),
            ("key = SECRETVALUE\n", 1, "before any `[section]`"),
            ("[a]\n = SECRETVALUE\n", 2, "expected a key"),
        ] {
            let e = parse(text, Path::new("/x/credentials")).unwrap_err();
            let msg = e.to_string();
            assert!(
                msg.contains(&format!("`/x/credentials` line {line}: ")),
                "{msg}"
            );
            assert!(msg.contains(what), "{msg}");
            assert!(!msg.contains("SECRETVALUE"), "{msg}");
        }
    }
}
