//! Reading a spec directory: `service.json` plus `actions/*.json`.
//!
//! Loading never stops at the first problem: every file is parsed, every parsed file is
//! validated, and all diagnostics come back together.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostic, Diagnostics, Pointer};
use crate::model::{Action, Service, Spec};
use crate::validate;

pub use crate::model::{ACTIONS_DIR, SERVICE_FILE};

/// A spec that loaded and validated without errors, with any warnings found on the way.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The spec.
    pub spec: Spec,
    /// Problems that do not stop the spec from being used.
    pub warnings: Vec<Diagnostic>,
}

/// One spec file's relative path and contents, for loading specs that are not on disk (for
/// example files embedded with `include_str!`).
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the spec directory, with `/` separators (`actions/ResetDtsJob.json`).
    pub path: String,
    /// The file's text.
    pub contents: String,
}

/// Lists the files of a spec directory that [`load_dir`] reads, sorted: `service.json` first,
/// then `actions/*.json`. Used by build scripts to declare what they depend on.
pub fn spec_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = vec![dir.join(SERVICE_FILE)];
    let mut actions: Vec<PathBuf> = std::fs::read_dir(dir.join(ACTIONS_DIR))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    actions.sort();
    files.extend(actions);
    Ok(files)
}

/// Loads and validates the spec directory `dir`.
///
/// Every problem in every file is returned together on failure, each with the file's path
/// relative to `dir` and a JSON pointer.
pub fn load_dir(dir: &Path) -> Result<Loaded, Vec<Diagnostic>> {
    let mut diags = Diagnostics::new();
    let mut sources = Vec::new();
    match std::fs::read_to_string(dir.join(SERVICE_FILE)) {
        Ok(contents) => sources.push(SourceFile {
            path: SERVICE_FILE.to_owned(),
            contents,
        }),
        Err(e) => diags.push(Diagnostic::error(
            SERVICE_FILE,
            "",
            format!("cannot read `{}`: {e}", dir.join(SERVICE_FILE).display()),
        )),
    }
    match read_actions_dir(dir, &mut diags) {
        Some(files) => sources.extend(files),
        None => return Err(diags.into_vec()),
    }
    load_sources_into(&sources, diags)
}

fn read_actions_dir(dir: &Path, diags: &mut Diagnostics) -> Option<Vec<SourceFile>> {
    let actions_dir = dir.join(ACTIONS_DIR);
    let entries = match std::fs::read_dir(&actions_dir) {
        Ok(entries) => entries,
        Err(e) => {
            diags.push(Diagnostic::error(
                ACTIONS_DIR,
                "",
                format!("cannot read `{}`: {e}", actions_dir.display()),
            ));
            return None;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    let mut files = Vec::new();
    for path in paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let rel = format!("{ACTIONS_DIR}/{name}");
        if path.extension().is_none_or(|e| e != "json") {
            diags.push(Diagnostic::warning(&rel, "", "not a `.json` file, ignored"));
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(contents) => files.push(SourceFile {
                path: rel,
                contents,
            }),
            Err(e) => diags.push(Diagnostic::error(
                &rel,
                "",
                format!("cannot read file: {e}"),
            )),
        }
    }
    Some(files)
}

/// Loads and validates a spec from in-memory files: one `service.json` and any number of
/// `actions/<Action>.json`.
pub fn load_sources(files: &[SourceFile]) -> Result<Loaded, Vec<Diagnostic>> {
    load_sources_into(files, Diagnostics::new())
}

fn load_sources_into(
    files: &[SourceFile],
    mut diags: Diagnostics,
) -> Result<Loaded, Vec<Diagnostic>> {
    let mut service = None;
    let mut actions = Vec::new();
    for file in files {
        if file.path == SERVICE_FILE {
            service = parse::<Service>(&file.path, &file.contents, &mut diags);
        } else if let Some(action) = parse::<Action>(&file.path, &file.contents, &mut diags) {
            actions.push((file.path.clone(), action));
        }
    }
    if actions.is_empty() && !files.iter().any(|f| f.path.starts_with(ACTIONS_DIR)) {
        diags.push(Diagnostic::error(
            ACTIONS_DIR,
            "",
            "the spec has no actions: add at least one `actions/<Action>.json`",
        ));
    }
    let has_service_file = files.iter().any(|f| f.path == SERVICE_FILE);
    if !has_service_file && !diags.has_errors() {
        diags.push(Diagnostic::error(
            SERVICE_FILE,
            "",
            "missing `service.json`",
        ));
    }
    if let Some(service) = &service {
        validate::service(SERVICE_FILE, service, &mut diags);
    }
    validate::actions(&actions, &mut diags);
    if diags.has_errors() {
        return Err(diags.into_vec());
    }
    let Some(service) = service else {
        return Err(diags.into_vec());
    };
    let mut actions: Vec<Action> = actions.into_iter().map(|(_, a)| a).collect();
    actions.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(Loaded {
        spec: Spec { service, actions },
        warnings: diags.into_vec(),
    })
}

/// Parses one file, turning a syntax or shape error into a located diagnostic.
fn parse<T: DeserializeOwned>(path: &str, contents: &str, diags: &mut Diagnostics) -> Option<T> {
    // serde reads a struct from a JSON array too (positionally); the format is objects only,
    // so an array where an object belongs is reported before serde sees it.
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(contents) {
        let mut shape = Diagnostics::new();
        objects_only(path, &value, &Pointer::root(), true, &mut shape);
        if shape.has_errors() {
            shape.into_vec().into_iter().for_each(|d| diags.push(d));
            return None;
        }
    }
    let mut de = serde_json::Deserializer::from_str(contents);
    let (pointer, err) = match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Ok(v) => match de.end() {
            Ok(()) => return Some(v),
            Err(e) => (String::new(), e),
        },
        Err(err) => (path_to_pointer(err.path()), err.into_inner()),
    };
    let message = match err.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => format!(
            "invalid JSON at line {} column {}: {}",
            err.line(),
            err.column(),
            strip_position(&err.to_string())
        ),
        _ => strip_position(&err.to_string()),
    };
    diags.push(Diagnostic::error(path, pointer, message));
    None
}

/// Keys whose values are objects of the format, or arrays of such objects.
const OBJECT_KEYS: &[&str] = &[
    "request",
    "response",
    "fields",
    "items",
    "errors",
    "common_errors",
    "enum",
    "constraints",
    "examples",
];

/// Reports every array that stands where the format has an object: the whole file, and the
/// members named in [`OBJECT_KEYS`] (for arrays of objects, each element).
fn objects_only(
    file: &str,
    value: &serde_json::Value,
    at: &Pointer,
    is_struct: bool,
    diags: &mut Diagnostics,
) {
    use serde_json::Value;
    match value {
        Value::Array(_) if is_struct => {
            diags.error(file, at, "expected a JSON object, found an array");
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                objects_only(file, item, &at.join(i), true, diags);
            }
        }
        Value::Object(map) if is_struct => {
            for (key, member) in map {
                if OBJECT_KEYS.contains(&key.as_str()) {
                    let nested_struct =
                        matches!(key.as_str(), "items" | "constraints" | "examples");
                    objects_only(file, member, &at.join(key), nested_struct, diags);
                }
            }
        }
        _ => {}
    }
}

/// Converts serde_path_to_error's path (`request[2].defualt`) into a JSON pointer
/// (`/request/2/defualt`).
fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = crate::diagnostic::Pointer::root();
    for segment in path.iter() {
        pointer = match segment {
            Segment::Seq { index } => pointer.join(index),
            Segment::Map { key } => pointer.join(key),
            Segment::Enum { variant } => pointer.join(variant),
            Segment::Unknown => pointer,
        };
    }
    pointer.to_string()
}

/// serde_json appends ` at line L column C` to its messages; the diagnostic already has a
/// location, so the suffix goes.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}
