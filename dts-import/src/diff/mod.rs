//! The spec diff: what changed between two specs for users of the generated client, each
//! change classified as breaking or compatible.
//!
//! The classification follows what the generator makes of a spec: required parameters are
//! positional method arguments and optional ones builder setters; response fields are
//! `Option<T>`/`Vec<T>`; valid values are `#[non_exhaustive]` enums with an `Unknown(String)`
//! fallback; error codes are variants of a `#[non_exhaustive]` error enum. So:
//!
//! | change | impact |
//! | --- | --- |
//! | action added / removed | compatible / **breaking** |
//! | optional parameter added | compatible |
//! | required parameter added, any parameter removed | **breaking** |
//! | optional <-> required | **breaking** (the method's signature changes) |
//! | type changed (parameter, field, array items) | **breaking** |
//! | response field added / removed | compatible / **breaking** |
//! | valid value added / removed | compatible / **breaking** |
//! | valid values introduced or dropped (String <-> enum) | **breaking** |
//! | Rust name, struct name or enum name changed | **breaking** |
//! | error code added / removed | compatible / **breaking** |
//! | default, location, style, deprecation, idempotency, methods, endpoints | compatible |
//!
//! Fields of objects inside request parameters count as optional parameters. Examples,
//! descriptions and `accepts` lists are not compared: they change no Rust API.

mod compare;
mod render;

use std::fmt;
use std::path::{Path, PathBuf};

use dts_spec::{load_dir, Diagnostic, Spec};
use serde::Serialize;

/// Whether a change breaks code written against the previous client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    /// Code that compiled against the old client may not compile, or may behave differently.
    Breaking,
    /// Code written against the old client keeps working.
    Compatible,
}

/// What part of the spec a change is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    /// A regional endpoint of the service (the path is the region).
    Endpoint,
    /// An error code common to all actions (the path is the code).
    CommonError,
    /// The action itself.
    Action,
    /// A request parameter or a field inside one (`Tag[].Key`).
    Request,
    /// A response field, at any depth (`DtsJobList[].SourceEndpoint.Port`).
    Response,
    /// An error code of the action (the path is the code).
    Error,
}

/// What happened to the subject.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChangeKind {
    /// It was added; for parameters, whether it is required.
    Added {
        /// For request parameters: whether the new parameter is required.
        #[serde(skip_serializing_if = "Option::is_none")]
        required: Option<bool>,
    },
    /// It was removed.
    Removed,
    /// A parameter became required or optional.
    RequiredChanged {
        /// Whether it was required.
        from: bool,
        /// Whether it is required now.
        to: bool,
    },
    /// The type changed.
    TypeChanged {
        /// The old type.
        from: String,
        /// The new type.
        to: String,
    },
    /// A valid value was added.
    ValueAdded {
        /// The value.
        value: String,
    },
    /// A valid value was removed.
    ValueRemoved {
        /// The value.
        value: String,
    },
    /// Valid values were documented where there were none: a string becomes an enum.
    EnumIntroduced {
        /// How many values.
        values: usize,
    },
    /// The valid values were dropped: an enum becomes a plain value.
    EnumDropped,
    /// The Rust identifier (method argument, setter or field name) changed.
    RustNameChanged {
        /// The old identifier.
        from: String,
        /// The new identifier.
        to: String,
    },
    /// The name of a generated struct or enum changed.
    TypeNameChanged {
        /// The old name.
        from: String,
        /// The new name.
        to: String,
    },
    /// The documented default changed.
    DefaultChanged {
        /// The old default.
        from: Option<String>,
        /// The new default.
        to: Option<String>,
    },
    /// Where the parameter travels (query or body) changed.
    LocationChanged {
        /// The old location.
        from: String,
        /// The new location.
        to: String,
    },
    /// How the parameter is flattened changed.
    StyleChanged {
        /// The old style.
        from: String,
        /// The new style.
        to: String,
    },
    /// The deprecation mark changed.
    DeprecatedChanged {
        /// Whether it is deprecated now.
        to: bool,
    },
    /// The action's idempotency (and so its retry behaviour) changed.
    IdempotentChanged {
        /// Whether it is idempotent now.
        to: bool,
    },
    /// The HTTP methods the action accepts changed.
    MethodsChanged {
        /// The old methods.
        from: String,
        /// The new methods.
        to: String,
    },
    /// A region's endpoint host changed.
    EndpointChanged {
        /// The old host.
        from: String,
        /// The new host.
        to: String,
    },
}

/// One change, located and classified.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Change {
    /// The action, or empty for service-wide changes.
    pub action: String,
    /// The part of the spec.
    pub subject: Subject,
    /// Where in it: a parameter or field path, an error code, a region; empty for the action.
    pub path: String,
    /// What happened.
    #[serde(flatten)]
    pub kind: ChangeKind,
    /// What it does to users of the generated client.
    pub impact: Impact,
}

/// Every change between two specs, in a deterministic order: service-wide changes first,
/// then by action name, subject, path and kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diff {
    /// The changes.
    pub changes: Vec<Change>,
}

impl Diff {
    /// Whether any change is breaking.
    pub fn is_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.impact == Impact::Breaking)
    }

    /// The names of the actions the new spec adds, sorted.
    pub fn added_actions(&self) -> Vec<&str> {
        self.action_changes(|k| matches!(k, ChangeKind::Added { .. }))
    }

    /// The names of the actions the new spec removes, sorted.
    pub fn removed_actions(&self) -> Vec<&str> {
        self.action_changes(|k| matches!(k, ChangeKind::Removed))
    }

    fn action_changes(&self, pick: impl Fn(&ChangeKind) -> bool) -> Vec<&str> {
        let hits = self
            .changes
            .iter()
            .filter(|c| c.subject == Subject::Action && pick(&c.kind));
        hits.map(|c| c.action.as_str()).collect()
    }

    /// The changes as text: one line per change, grouped under the action's name, with
    /// `BREAKING` or `compatible` in front, and a closing summary line.
    pub fn to_text(&self) -> String {
        render::text(self)
    }

    /// The changes as pretty JSON: `{"breaking": bool, "summary": {...}, "changes": [...]}`.
    pub fn to_json(&self) -> String {
        render::json(self)
    }
}

/// Compares two specs.
pub fn diff(old: &Spec, new: &Spec) -> Diff {
    compare::specs(old, new)
}

/// Why [`run_diff`] could not compare.
#[derive(Debug)]
pub struct DiffError {
    /// The spec directory that failed to load.
    pub dir: PathBuf,
    /// Its errors.
    pub errors: Vec<Diagnostic>,
}

impl fmt::Display for DiffError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot load spec `{}`: {} errors",
            self.dir.display(),
            self.errors.len()
        )?;
        for e in &self.errors {
            write!(f, "\n  {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for DiffError {}

/// Loads two spec directories and diffs them: the text (or JSON) report and whether any
/// change is breaking. The `dts-codegen diff` command exits 0 without breaking changes, 1
/// with, and 2 when this returns an error.
pub fn run_diff(old_dir: &Path, new_dir: &Path, json: bool) -> Result<(String, bool), DiffError> {
    let load = |dir: &Path| {
        load_dir(dir).map(|l| l.spec).map_err(|errors| DiffError {
            dir: dir.to_owned(),
            errors: errors.into_iter().filter(Diagnostic::is_error).collect(),
        })
    };
    let d = diff(&load(old_dir)?, &load(new_dir)?);
    let out = if json { d.to_json() } else { d.to_text() };
    Ok((out, d.is_breaking()))
}
