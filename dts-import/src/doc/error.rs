//! What can stop an import.

use std::fmt::Write as _;
use std::path::PathBuf;

use dts_spec::Diagnostic;

/// Why pages could not be imported. Nothing is written when an import fails.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// No page was given.
    #[error("no documentation pages given")]
    NoPages,
    /// A page could not be read.
    #[error("cannot read page `{}`: {source}", page.display())]
    Read {
        /// The page.
        page: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A page names no action: no `Action` row, no `Action=` in its sample request, no title,
    /// and its file name is not an action name.
    #[error("page `{}` names no action (no `Action` row, no `Action=` in the sample request)", page.display())]
    NoActionName {
        /// The page.
        page: PathBuf,
    },
    /// A page yields no request parameter and no response field: most likely a layout the
    /// importer does not read, so nothing is written rather than an empty entry.
    #[error("page `{}` yields no request parameters and no response fields (is it an API reference page?); nothing was written", page.display())]
    Empty {
        /// The page.
        page: PathBuf,
    },
    /// Two pages describe the same action.
    #[error("pages `{}` and `{}` both describe action `{action}`", first.display(), second.display())]
    DuplicateAction {
        /// The action name.
        action: String,
        /// The first page.
        first: PathBuf,
        /// The second page.
        second: PathBuf,
    },
    /// The output directory's `service.json` cannot be used to validate against.
    #[error("cannot validate against `{}`:{}", dir.display(), list(diagnostics))]
    Spec {
        /// The output directory.
        dir: PathBuf,
        /// What is wrong with its spec.
        diagnostics: Vec<Diagnostic>,
    },
    /// An imported entry does not validate.
    #[error("entry `{action}` imported from `{}` does not validate:{}", page.display(), list(diagnostics))]
    Invalid {
        /// The page.
        page: PathBuf,
        /// The action name.
        action: String,
        /// The validation errors.
        diagnostics: Vec<Diagnostic>,
    },
    /// The entry exists and differs, and overwriting was not asked for.
    #[error("`{}` already exists and differs from the import of `{}`; use --force to overwrite it", file.display(), page.display())]
    Exists {
        /// The existing entry.
        file: PathBuf,
        /// The page.
        page: PathBuf,
    },
    /// An entry could not be written.
    #[error("cannot write `{}`: {source}", file.display())]
    Write {
        /// The file.
        file: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

fn list(diagnostics: &[Diagnostic]) -> String {
    let mut s = String::new();
    for d in diagnostics {
        let _ = write!(s, "\n  {d}");
    }
    s
}
