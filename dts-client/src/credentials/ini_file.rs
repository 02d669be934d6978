//! Credentials from the shared ini file, `~/.alibabacloud/credentials`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::cli_profile::PROFILE_VAR;
use super::{read_optional, require, Credentials, Environment, Lookup, ProvideCredentials, Source};
use crate::Error;

/// The variable that overrides the ini file's location.
pub(crate) const FILE_VAR: &str = "ALIBABA_CLOUD_CREDENTIALS_FILE";

/// Credentials from a section of the ini file `~/.alibabacloud/credentials` (or the file named
/// by `ALIBABA_CLOUD_CREDENTIALS_FILE`).
///
/// The section is the one given with [`profile`](Self::profile), else the one named by
/// `ALIBABA_CLOUD_PROFILE`, else `[default]`. Types `access_key` (`access_key_id`,
/// `access_key_secret`) and `sts` (the same plus `security_token`) are supported.
#[derive(Debug, Clone)]
pub struct IniProfile {
    env: Environment,
    profile: Option<String>,
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
        IniProfile { env, profile: None }
    }

    /// Uses the section `name` whatever `ALIBABA_CLOUD_PROFILE` says.
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// The file this source reads, when it can be located.
    pub fn path(&self) -> Option<PathBuf> {
        if let Some(file) = self.env.var(FILE_VAR) {
            return Some(PathBuf::from(file));
        }
        Some(self.env.home()?.join(".alibabacloud").join("credentials"))
    }

    fn section_name(&self) -> String {
        self.profile
            .clone()
            .or_else(|| self.env.var(PROFILE_VAR))
            .unwrap_or_else(|| "default".to_owned())
    }
}

impl Source for IniProfile {
    fn lookup(&self) -> Lookup {
        let Some(path) = self.path() else {
            return Ok(None);
        };
        let Some(text) = read_optional(&path)? else {
            return Ok(None);
        };
        let mut sections = parse(&text, &path)?;
        let name = self.section_name();
        match sections.remove(&name) {
            Some(section) => credentials_of(&section, &name, &path),
            None => Ok(None),
        }
    }

    fn describe(&self) -> String {
        let name = self.section_name();
        match self.path() {
            Some(path) => format!("profile `{name}` in `{}`", path.display()),
            None => format!("profile `{name}` of the credentials file (no home directory)"),
        }
    }
}

impl ProvideCredentials for IniProfile {
    fn provide_credentials(&self) -> Result<Credentials, Error> {
        require(self)
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

/// The credentials of one section, by its `type`.
fn credentials_of(section: &Section, name: &str, path: &Path) -> Lookup {
    let get = |key: &str| section.entries.get(key).filter(|v| !v.is_empty());
    let where_ = || {
        format!(
            "profile `{name}` in `{}` (line {})",
            path.display(),
            section.line
        )
    };
    if get("enable").is_some_and(|v| v.eq_ignore_ascii_case("false")) {
        return Ok(None);
    }
    let kind = get("type").map_or("access_key", String::as_str);
    let with_token = match kind {
        "access_key" => false,
        "sts" => true,
        other => {
            return Err(Error::credentials(format!(
            "{} has type `{other}`, which is not supported; supported types are access_key and sts",
            where_()
        )))
        }
    };
    let need = |key: &str| {
        get(key)
            .cloned()
            .ok_or_else(|| Error::credentials(format!("{} has no `{key}`", where_())))
    };
    let creds = Credentials::new(need("access_key_id")?, need("access_key_secret")?);
    Ok(Some(if with_token {
        creds.with_security_token(need("security_token")?)
    } else {
        creds
    }))
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
