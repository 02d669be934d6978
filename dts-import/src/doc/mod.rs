//! The documentation page importer: a DTS API reference page, in the markdown Alibaba keeps
//! its references in or flattened to text, becomes a spec entry (`actions/<Action>.json`).
//!
//! A page is read in phases, one file each: `markdown` turns a markdown page into lines
//! (headings, table rows whose cells run over several lines, escapes, code blocks) keeping
//! each line's number, `lines` classifies lines (English and Chinese vocabularies),
//! `sections` splits the page by its headings, `table` reads the parameter rows, `describe`
//! reads each row's description (valid values, defaults, deprecation), `examples` reads the
//! samples, `tree` rebuilds the nesting of flattened response fields from the JSON (or XML)
//! sample, which wins over the table where they disagree, `fields` turns rows into spec
//! parameters and fields, `error_codes` reads the error table, and `run` writes and validates
//! the entries.
//!
//! Importing never panics and never drops a line silently: whatever cannot be placed becomes a
//! [`Warning`] with the page's path and the line number. A page that yields no request
//! parameter and no response field is an error for [`run_import`] ([`ImportError::Empty`]),
//! not an empty entry.
//!
//! ```
//! let page = "Starts a task.\n\nRequest parameters\n\n\
//!     Parameter Type Required Example Description\n\
//!     Action String Yes StartTask\n\nThe operation.\n\n\
//!     TaskId String Yes t-1\n\nThe ID of the task.\n\n\
//!     Response parameters\n\nParameter Type Example Description\n\
//!     RequestId String r-1\n\nThe ID of the request.\n";
//! let imported = dts_import::doc::import_page("StartTask.txt".as_ref(), page).unwrap();
//! assert_eq!(imported.action.name, "StartTask");
//! assert!(imported.action.param("TaskId").unwrap().required);
//! assert!(imported.warnings.is_empty());
//! ```

mod assemble;
mod describe;
mod diff;
mod error;
mod error_codes;
mod examples;
mod fields;
mod inline;
mod lines;
mod markdown;
mod run;
mod sample;
mod sections;
mod table;
mod tree;
mod types;

use std::fmt;
use std::path::{Path, PathBuf};

use dts_spec::Action;

pub use diff::{diff, Change, ChangeKind};
pub use error::ImportError;
pub use run::{
    run_import, run_import_with, DocOptions, EntryReport, ImportReport, Outcome, ServiceSource,
};

/// Something on a page the importer could not use as it is, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The page the warning is about.
    pub page: PathBuf,
    /// The 1-based line number, or `None` when the warning is about the whole page.
    pub line: Option<usize>,
    /// What the importer found and what it did about it.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "warning: {}", self.page.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// A page turned into an action.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The spec entry.
    pub action: Action,
    /// Lines that could not be placed, and guesses worth checking.
    pub warnings: Vec<Warning>,
}

/// Imports one page's text; `page` is used for warnings and as a last resort for the action
/// name (its file stem).
///
/// Fails only when no action name can be found. The entry is not validated here; see
/// [`run_import`] for the command that validates and writes.
pub fn import_page(page: &Path, text: &str) -> Result<Imported, ImportError> {
    let mut w = Warnings::default();
    let action = assemble::page(page, text, &mut w)?;
    Ok(Imported {
        action,
        warnings: w.into_warnings(page),
    })
}

/// Serializes an entry the way spec files are written: pretty JSON with two-space
/// indentation and a trailing newline.
pub fn render(action: &Action) -> String {
    let mut s = serde_json::to_string_pretty(action).unwrap_or_default();
    s.push('\n');
    s
}

/// Warnings collected while reading one page, by line (0 for the whole page).
#[derive(Debug, Default)]
pub(crate) struct Warnings {
    pub items: Vec<(usize, String)>,
}

impl Warnings {
    pub fn push(&mut self, line: usize, message: impl Into<String>) {
        self.items.push((line, message.into()));
    }

    fn into_warnings(self, page: &Path) -> Vec<Warning> {
        let mut items = self.items;
        items.sort_by_key(|(line, _)| *line);
        items
            .into_iter()
            .map(|(line, message)| Warning {
                page: page.to_path_buf(),
                line: (line > 0).then_some(line),
                message,
            })
            .collect()
    }
}
