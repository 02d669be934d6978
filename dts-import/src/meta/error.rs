//! What can go wrong while importing metadata: fatal errors and the warnings collected on the way.

use std::fmt;
use std::path::PathBuf;

use dts_spec::Diagnostic;
use serde::Serialize;

/// A problem in the metadata that the importer worked around (an unknown key, a value of the
/// wrong type, a name it had to change), located by API and JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Warning {
    /// The file or input the warning is about (a metadata file, `overrides.json`).
    pub source: String,
    /// The API (action) concerned, when there is one.
    pub api: Option<String>,
    /// A JSON pointer into `source` (`/apis/ResetDtsJob/parameters/2/schema/enum`).
    pub pointer: String,
    /// What was wrong and what the importer did about it, lowercase.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "warning: {}", self.source)?;
        if let Some(api) = &self.api {
            write!(f, ": {api}")?;
        }
        if !self.pointer.is_empty() {
            write!(f, ": {}", self.pointer)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Why an import could not produce a spec directory.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MetaError {
    /// A file could not be read.
    #[error("cannot read `{}`: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A file could not be written.
    #[error("cannot write `{}`: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The metadata is not JSON.
    #[error("`{source_name}` is not valid JSON: {error}")]
    Json {
        /// The metadata's file name or label.
        source_name: String,
        /// The parser's message.
        error: serde_json::Error,
    },
    /// The metadata is JSON but not API metadata (no `apis` object, for example).
    #[error("`{source_name}` is not API metadata: {message}")]
    Shape {
        /// The metadata's file name or label.
        source_name: String,
        /// What is missing or wrong.
        message: String,
    },
    /// The overrides file is not valid.
    #[error("invalid overrides in `{}`: {pointer}: {message}", path.display())]
    Overrides {
        /// The overrides file.
        path: PathBuf,
        /// A JSON pointer to the offending key.
        pointer: String,
        /// What is wrong.
        message: String,
    },
    /// An action file already in the target directory does not parse.
    #[error("cannot merge into `{}`: {message}", path.display())]
    Existing {
        /// The existing file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// The spec the import would write does not validate; nothing was written.
    #[error("the imported spec does not validate ({} errors), first: {}", errors.len(), first(errors))]
    Invalid {
        /// The validation errors.
        errors: Vec<Diagnostic>,
    },
}

fn first(errors: &[Diagnostic]) -> String {
    errors.first().map(ToString::to_string).unwrap_or_default()
}
