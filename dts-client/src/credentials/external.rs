//! Credentials printed by an external program (the aliyun CLI's `External` mode).

use std::fmt;
use std::sync::Arc;

use serde_json::Value;

use super::http::parse_expiration;
use super::{CachedProvider, Credentials, ProvideCredentials, ProvideFuture, SourceSettings};
use crate::Error;

/// Credentials from a program whose standard output is `{"mode": "AK" | "StsToken",
/// "access_key_id", "access_key_secret", "sts_token", "expiration"}`.
///
/// The command line is split on whitespace, with single and double quotes grouping; it runs
/// without a shell. Its output is never shown in errors.
#[derive(Clone)]
pub struct ExternalProcess {
    settings: SourceSettings,
    command: String,
}

impl ExternalProcess {
    /// Runs `command` at every fetch.
    pub fn new(settings: SourceSettings, command: impl Into<String>) -> Self {
        ExternalProcess {
            settings,
            command: command.into(),
        }
    }

    /// This provider behind a [`CachedProvider`] on the settings' clock.
    pub fn cached(self) -> CachedProvider {
        let clock = self.settings.clock.clone();
        CachedProvider::from_parts(Arc::new(self), clock)
    }

    fn program(&self) -> String {
        split(&self.command)
            .and_then(|w| w.into_iter().next())
            .unwrap_or_default()
    }

    async fn fetch(&self) -> Result<Credentials, Error> {
        let what = format!("external process `{}`", self.program());
        let words = split(&self.command)
            .filter(|w| !w.is_empty())
            .ok_or_else(|| {
                Error::credentials(format!(
                    "{what}: the command is empty or its quotes do not close"
                ))
            })?;
        let run = move || {
            std::process::Command::new(&words[0])
                .args(&words[1..])
                .output()
        };
        let output = match tokio::runtime::Handle::try_current() {
            Ok(rt) => rt
                .spawn_blocking(run)
                .await
                .map_err(|_| Error::credentials(format!("{what}: the process was lost")))?,
            Err(_) => run(),
        }
        .map_err(|e| Error::credentials(format!("{what}: could not start: {e}")))?;
        if !output.status.success() {
            return Err(Error::credentials(format!(
                "{what}: exited with {}",
                output.status
            )));
        }
        let value: Value = serde_json::from_slice(&output.stdout)
            .map_err(|_| Error::credentials(format!("{what}: the output is not JSON")))?;
        parse_output(&value, &what)
    }
}

/// The credentials of the program's JSON output.
fn parse_output(value: &Value, what: &str) -> Result<Credentials, Error> {
    let text = |key: &str| {
        value
            .get(key)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    };
    let need = |key: &str| {
        text(key).ok_or_else(|| Error::credentials(format!("{what}: the output has no `{key}`")))
    };
    let creds = Credentials::new(need("access_key_id")?, need("access_key_secret")?);
    let creds = match text("mode").unwrap_or("AK") {
        "AK" => creds,
        "StsToken" => creds.with_security_token(need("sts_token")?),
        other => {
            return Err(Error::credentials(format!(
                "{what}: the output's mode `{other}` is not AK or StsToken"
            )))
        }
    };
    Ok(match text("expiration") {
        Some(at) => creds.with_expiration(parse_expiration(at, what)?),
        None => creds,
    })
}

/// `line` split into words: whitespace separates, quotes group; `None` when a quote is open.
fn split(line: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.get_or_insert_with(String::new).push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                word.get_or_insert_with(String::new);
            }
            (None, c) if c.is_whitespace() => words.extend(word.take()),
            (None, c) => word.get_or_insert_with(String::new).push(c),
        }
    }
    if quote.is_some() {
        return None;
    }
    words.extend(word);
    Some(words)
}

impl ProvideCredentials for ExternalProcess {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(self.fetch())
    }
}

impl fmt::Debug for ExternalProcess {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ExternalProcess")
            .field("program", &self.program())
            .field("settings", &self.settings)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_split_on_whitespace_with_quotes() {
        assert_eq!(
            split(r#"cred-helper --name "a b" 'c d'e"#).unwrap(),
            ["cred-helper", "--name", "a b", "c de"]
        );
        assert_eq!(split("x ''").unwrap(), ["x", ""]);
        assert!(split("x \"open").is_none());
    }

    #[test]
    fn output_modes() {
        let v = serde_json::json!({"mode": "StsToken", "access_key_id": "i",
            "access_key_secret": "s", "sts_token": "t", "expiration": "2030-01-01T00:00:00Z"});
        let c = parse_output(&v, "x").unwrap();
        assert_eq!(c.security_token(), Some("t"));
        assert!(c.expiration().is_some());
        let v =
            serde_json::json!({"mode": "Bearer", "access_key_id": "i", "access_key_secret": "s"});
        assert!(parse_output(&v, "x")
            .unwrap_err()
            .to_string()
            .contains("`Bearer`"));
    }
}
