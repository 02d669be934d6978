//! The environment credential sources read: variables and the home directory.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};

/// The environment variables and home directory credential sources read.
///
/// [`Environment::process`] is the real one; [`Environment::fixed`] holds only the variables
/// given, so tests never read the caller's home directory or keys. `Debug` shows variable
/// names, never their values.
#[derive(Clone)]
pub struct Environment {
    vars: Vars,
    home: Option<PathBuf>,
}

#[derive(Clone)]
enum Vars {
    Process,
    Fixed(BTreeMap<String, String>),
}

impl Environment {
    /// The process environment, with the home directory from `HOME` (or `USERPROFILE`).
    pub fn process() -> Self {
        let home = std::env::var_os("HOME")
            .filter(|h| !h.is_empty())
            .or_else(|| std::env::var_os("USERPROFILE").filter(|h| !h.is_empty()))
            .map(PathBuf::from);
        Environment {
            vars: Vars::Process,
            home,
        }
    }

    /// Exactly the variables `vars` and no home directory (see [`with_home`](Self::with_home)).
    pub fn fixed<I, K, V>(vars: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        let vars = vars
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        Environment {
            vars: Vars::Fixed(vars),
            home: None,
        }
    }

    /// The same environment with `home` as the home directory.
    pub fn with_home(mut self, home: impl Into<PathBuf>) -> Self {
        self.home = Some(home.into());
        self
    }

    /// The value of the variable `name`; `None` when unset, empty or not UTF-8.
    pub fn var(&self, name: &str) -> Option<String> {
        let value = match &self.vars {
            Vars::Process => std::env::var_os(name).and_then(|v: OsString| v.into_string().ok()),
            Vars::Fixed(map) => map.get(name).cloned(),
        };
        value.filter(|v| !v.is_empty())
    }

    /// The home directory, when known.
    pub fn home(&self) -> Option<&Path> {
        self.home.as_deref()
    }
}

impl fmt::Debug for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Environment");
        match &self.vars {
            Vars::Process => s.field("vars", &"process"),
            Vars::Fixed(map) => s.field("vars", &map.keys().collect::<Vec<_>>()),
        };
        s.field("home", &self.home).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_environment_treats_empty_as_unset_and_hides_values() {
        let env = Environment::fixed([("A", "1"), ("B", "")]).with_home("/h");
        assert_eq!(env.var("A").as_deref(), Some("1"));
        assert_eq!(env.var("B"), None);
        assert_eq!(env.var("C"), None);
        assert_eq!(env.home(), Some(Path::new("/h")));
        let shown = format!("{env:?}");
        assert!(shown.contains("\"A\"") && !shown.contains("\"1\""));
    }
}
