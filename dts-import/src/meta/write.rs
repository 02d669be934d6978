//! `import-meta`: metadata files in, a validated spec directory out.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use dts_spec::load::{ACTIONS_DIR, SERVICE_FILE};
use dts_spec::{load_sources, Action, Service, SourceFile};
use serde::Serialize;

use super::build::{build, to_json};
use super::error::{MetaError, Warning};
use super::merge::merge_catalog;
use super::overrides::Overrides;
use super::{parse_metadata, Import, OVERRIDES_FILE};

/// How [`run_import`] treats what is already in the target directory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// The override file; when `None`, `<SPEC_DIR>/overrides.json` is used if it exists.
    pub overrides: Option<PathBuf>,
    /// Write `service.json` from the metadata even if the directory has one.
    pub replace_service: bool,
    /// Write imported actions over existing entries instead of merging into them.
    pub replace_actions: bool,
}

/// What [`run_import`] did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ImportReport {
    /// Actions written as new files.
    pub created: Vec<String>,
    /// Existing entries that gained parameters, fields or error codes (or were replaced).
    pub updated: Vec<String>,
    /// Existing entries the metadata added nothing to.
    pub unchanged: Vec<String>,
    /// Whether `service.json` was written.
    pub service_written: bool,
    /// `(action, parameter)` pairs made required only by `docRequired`.
    pub doc_only_required: Vec<(String, String)>,
    /// What the import worked around.
    pub warnings: Vec<Warning>,
}

impl ImportReport {
    /// A one-line summary: `123 actions (118 new, 5 updated, 0 unchanged), 5 warnings, 23
    /// parameters required only through docRequired`.
    pub fn summary(&self) -> String {
        let (c, u, n) = (self.created.len(), self.updated.len(), self.unchanged.len());
        format!(
            "{} actions ({c} new, {u} updated, {n} unchanged), {} warnings, {} parameters required only through docRequired",
            c + u + n,
            self.warnings.len(),
            self.doc_only_required.len()
        )
    }
}

/// Imports metadata files into the spec directory `out`, creating it if needed.
///
/// Several files are merged with [`merge_catalog`], oldest first: each later file is the
/// newer snapshot. The result is validated with `dts_spec` before anything is written; on
/// any validation error nothing is written.
pub fn run_import(
    inputs: &[PathBuf],
    out: &Path,
    options: &ImportOptions,
) -> Result<ImportReport, MetaError> {
    let mut import: Option<Import> = None;
    for path in inputs {
        let text = std::fs::read_to_string(path).map_err(|source| MetaError::Read {
            path: path.clone(),
            source,
        })?;
        let label = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let parsed = parse_metadata(&text, &label)?;
        import = Some(match import {
            None => parsed,
            Some(older) => merge_catalog(&parsed, &older),
        });
    }
    let Some(import) = import else {
        return Err(MetaError::Shape {
            source_name: String::new(),
            message: "no metadata file given".to_owned(),
        });
    };
    let overrides = match &options.overrides {
        Some(path) => Some(Overrides::load(path)?),
        None if out.join(OVERRIDES_FILE).is_file() => {
            Some(Overrides::load(&out.join(OVERRIDES_FILE))?)
        }
        None => None,
    };
    let existing = Existing::read(out)?;
    let keep_service = existing
        .service
        .as_ref()
        .filter(|_| !options.replace_service);
    let entries = if options.replace_actions {
        BTreeMap::new()
    } else {
        existing.parsed.clone()
    };
    let built = build(&import, overrides.as_ref(), &entries, keep_service);

    let mut report = ImportReport {
        service_written: keep_service.is_none(),
        doc_only_required: import.doc_only_required.iter().cloned().collect(),
        warnings: built.warnings,
        ..ImportReport::default()
    };
    let mut files: BTreeMap<String, String> = existing.texts.clone();
    let mut writes = Vec::new();
    if report.service_written {
        let text = to_json(&built.service);
        files.insert(SERVICE_FILE.to_owned(), text.clone());
        writes.push((SERVICE_FILE.to_owned(), text));
    }
    for action in &built.actions {
        let rel = format!("{ACTIONS_DIR}/{}.json", action.name);
        let text = to_json(action);
        match existing.texts.get(&rel) {
            None => report.created.push(action.name.clone()),
            Some(old) if *old == text => {
                report.unchanged.push(action.name.clone());
                continue;
            }
            Some(_) => report.updated.push(action.name.clone()),
        }
        files.insert(rel.clone(), text.clone());
        writes.push((rel, text));
    }
    let sources: Vec<SourceFile> = files
        .into_iter()
        .map(|(path, contents)| SourceFile { path, contents })
        .collect();
    match load_sources(&sources) {
        Ok(loaded) => report
            .warnings
            .extend(loaded.warnings.into_iter().map(|d| Warning {
                source: d.file,
                api: None,
                pointer: d.pointer,
                message: d.message,
            })),
        Err(diags) => {
            return Err(MetaError::Invalid {
                errors: diags.into_iter().filter(|d| d.is_error()).collect(),
            });
        }
    }
    write_all(out, &writes)?;
    Ok(report)
}

/// What the target directory already holds.
struct Existing {
    service: Option<Service>,
    /// Relative path to text, for `service.json` and every `actions/*.json`.
    texts: BTreeMap<String, String>,
    parsed: BTreeMap<String, Action>,
}

impl Existing {
    fn read(dir: &Path) -> Result<Existing, MetaError> {
        let mut existing = Existing {
            service: None,
            texts: BTreeMap::new(),
            parsed: BTreeMap::new(),
        };
        let service_path = dir.join(SERVICE_FILE);
        if service_path.is_file() {
            let text = read(&service_path)?;
            let service: Service =
                serde_json::from_str(&text).map_err(|e| MetaError::Existing {
                    path: service_path.clone(),
                    message: e.to_string(),
                })?;
            existing.service = Some(service);
            existing.texts.insert(SERVICE_FILE.to_owned(), text);
        }
        let actions_dir = dir.join(ACTIONS_DIR);
        let Ok(entries) = std::fs::read_dir(&actions_dir) else {
            return Ok(existing);
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
        {
            let text = read(&path)?;
            let action: Action = serde_json::from_str(&text).map_err(|e| MetaError::Existing {
                path: path.clone(),
                message: e.to_string(),
            })?;
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            existing.texts.insert(format!("{ACTIONS_DIR}/{name}"), text);
            existing.parsed.insert(action.name.clone(), action);
        }
        Ok(existing)
    }
}

fn read(path: &Path) -> Result<String, MetaError> {
    std::fs::read_to_string(path).map_err(|source| MetaError::Read {
        path: path.to_owned(),
        source,
    })
}

fn write_all(out: &Path, files: &[(String, String)]) -> Result<(), MetaError> {
    let actions_dir = out.join(ACTIONS_DIR);
    std::fs::create_dir_all(&actions_dir).map_err(|source| MetaError::Write {
        path: actions_dir,
        source,
    })?;
    for (rel, text) in files {
        let path = out.join(rel);
        std::fs::write(&path, text).map_err(|source| MetaError::Write { path, source })?;
    }
    Ok(())
}
