//! The `import-doc` command as a library function: read pages, import, validate against the
//! output directory's service, and write the entries (all or none).

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use dts_spec::{Action, Diagnostic, SourceFile};

use super::{diff, import_page, render, Change, ChangeKind, ImportError, Imported, Warning};

/// Which `service.json` the entries were validated against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServiceSource {
    /// The output directory's own `service.json` (with its other entries beside them).
    OutDir(PathBuf),
    /// The output directory has no `service.json`; the one bundled with `dts-spec` was used.
    Bundled,
}

impl fmt::Display for ServiceSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServiceSource::OutDir(d) => write!(
                f,
                "validated against `{}`",
                d.join("service.json").display()
            ),
            ServiceSource::Bundled => f.write_str(
                "validated against the bundled service.json (the output directory has none)",
            ),
        }
    }
}

/// What happened to one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The entry did not exist and was written.
    Created,
    /// The entry existed with exactly this content; nothing was written.
    Unchanged,
    /// The entry existed, differed, and was overwritten (only with `force`).
    Overwritten(Vec<Change>),
}

/// One imported page and the entry it became.
#[derive(Debug, Clone)]
pub struct EntryReport {
    /// The page.
    pub page: PathBuf,
    /// The action name.
    pub action: String,
    /// The entry file (`<out>/actions/<Action>.json`).
    pub file: PathBuf,
    /// Created, unchanged or overwritten.
    pub outcome: Outcome,
    /// The page's warnings, and validation warnings about the entry.
    pub warnings: Vec<Warning>,
}

impl fmt::Display for EntryReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (file, page) = (self.file.display(), self.page.display());
        match &self.outcome {
            Outcome::Created => write!(f, "created {file} from {page}"),
            Outcome::Unchanged => write!(f, "unchanged {file} (from {page})"),
            Outcome::Overwritten(changes) => {
                let n = changes.len();
                let plural = if n == 1 { "" } else { "s" };
                write!(f, "overwrote {file} from {page}: {n} change{plural}")?;
                for c in changes {
                    write!(f, "\n  {c}")?;
                }
                Ok(())
            }
        }
    }
}

/// The result of [`run_import`].
#[derive(Debug, Clone)]
pub struct ImportReport {
    /// One report per page, in the order given.
    pub entries: Vec<EntryReport>,
    /// The service the entries were validated against.
    pub service: ServiceSource,
}

impl ImportReport {
    /// Every warning of every page.
    pub fn warnings(&self) -> impl Iterator<Item = &Warning> {
        self.entries.iter().flat_map(|e| e.warnings.iter())
    }
}

/// How [`run_import_with`] treats existing entries and empty pages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DocOptions {
    /// Overwrite existing entries that differ (the report lists what changed).
    pub force: bool,
    /// Write an entry for a page that yields no request parameter and no response field
    /// (with a warning) instead of failing with [`ImportError::Empty`].
    pub allow_empty: bool,
}

/// Imports `pages` into `out_dir/actions/<Action>.json`; [`run_import_with`] with `force`
/// and no empty entries.
pub fn run_import(
    pages: &[PathBuf],
    out_dir: &Path,
    force: bool,
) -> Result<ImportReport, ImportError> {
    let options = DocOptions {
        force,
        ..DocOptions::default()
    };
    run_import_with(pages, out_dir, &options)
}

/// Imports `pages` into `out_dir/actions/<Action>.json`.
///
/// Every page is imported and every entry validated (against `out_dir/service.json` and the
/// entries already there, or against the bundled service when `out_dir` has no
/// `service.json`) before anything is written; on any error nothing is written. A page that
/// yields no request parameter and no response field is an error unless
/// [`DocOptions::allow_empty`]. An existing entry with different content is overwritten only
/// with [`DocOptions::force`], and the report lists what changed.
pub fn run_import_with(
    pages: &[PathBuf],
    out_dir: &Path,
    options: &DocOptions,
) -> Result<ImportReport, ImportError> {
    let force = options.force;
    if pages.is_empty() {
        return Err(ImportError::NoPages);
    }
    let mut imported: Vec<(PathBuf, Imported)> = Vec::new();
    for page in pages {
        let mut imp = read_page(page)?;
        if imp.action.request.is_empty() && imp.action.response.is_empty() {
            if !options.allow_empty {
                return Err(ImportError::Empty { page: page.clone() });
            }
            imp.warnings.push(Warning {
                page: page.clone(),
                line: None,
                message: "the page yields no request parameters and no response fields; the entry is empty".to_owned(),
            });
        }
        if let Some((first, _)) = imported
            .iter()
            .find(|(_, i)| i.action.name == imp.action.name)
        {
            return Err(ImportError::DuplicateAction {
                action: imp.action.name,
                first: first.clone(),
                second: page.clone(),
            });
        }
        imported.push((page.clone(), imp));
    }
    let service = validate(out_dir, &mut imported)?;
    let mut entries = Vec::new();
    let mut writes = Vec::new();
    for (page, imp) in imported {
        let file = out_dir
            .join("actions")
            .join(format!("{}.json", imp.action.name));
        let text = render(&imp.action);
        let outcome = outcome(&file, &text, &imp.action, &page, force)?;
        if outcome != Outcome::Unchanged {
            writes.push((file.clone(), text));
        }
        entries.push(EntryReport {
            page,
            action: imp.action.name,
            file,
            outcome,
            warnings: imp.warnings,
        });
    }
    for (file, text) in writes {
        write(&file, &text)?;
    }
    Ok(ImportReport { entries, service })
}

fn read_page(page: &Path) -> Result<Imported, ImportError> {
    let bytes = std::fs::read(page).map_err(|source| ImportError::Read {
        page: page.to_path_buf(),
        source,
    })?;
    let (text, lossy) = match String::from_utf8(bytes) {
        Ok(t) => (t, false),
        Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), true),
    };
    let mut imp = import_page(page, &text)?;
    if lossy {
        imp.warnings.insert(
            0,
            Warning {
                page: page.to_path_buf(),
                line: None,
                message: "the page is not valid UTF-8; invalid bytes were replaced".to_owned(),
            },
        );
    }
    Ok(imp)
}

fn outcome(
    file: &Path,
    text: &str,
    action: &Action,
    page: &Path,
    force: bool,
) -> Result<Outcome, ImportError> {
    let old = match std::fs::read_to_string(file) {
        Ok(old) => old,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Outcome::Created),
        Err(source) => {
            return Err(ImportError::Write {
                file: file.to_path_buf(),
                source,
            })
        }
    };
    if old == text {
        return Ok(Outcome::Unchanged);
    }
    if !force {
        return Err(ImportError::Exists {
            file: file.to_path_buf(),
            page: page.to_path_buf(),
        });
    }
    let changes = match serde_json::from_str::<Action>(&old) {
        Ok(old) => diff(&old, action),
        Err(e) => vec![Change {
            kind: ChangeKind::Changed,
            subject: "entry".to_owned(),
            detail: Some(format!("the old file is not a valid entry ({e})")),
        }],
    };
    Ok(Outcome::Overwritten(changes))
}

fn write(file: &Path, text: &str) -> Result<(), ImportError> {
    let err = |source| ImportError::Write {
        file: file.to_path_buf(),
        source,
    };
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(err)?;
    }
    std::fs::write(file, text).map_err(err)
}

/// Validates the imported entries with the service and entries of `out_dir`, adding
/// validation warnings to each entry's report.
fn validate(
    out_dir: &Path,
    imported: &mut [(PathBuf, Imported)],
) -> Result<ServiceSource, ImportError> {
    let spec_err = |dir: &Path, message: String| ImportError::Spec {
        dir: dir.to_path_buf(),
        diagnostics: vec![Diagnostic::error("service.json", "", message)],
    };
    let service_path = out_dir.join("service.json");
    let (service_text, source) = if service_path.exists() {
        let text = std::fs::read_to_string(&service_path).map_err(|e| {
            spec_err(
                out_dir,
                format!("cannot read `{}`: {e}", service_path.display()),
            )
        })?;
        (text, ServiceSource::OutDir(out_dir.to_path_buf()))
    } else {
        let bundled = dts_spec::bundled().map_err(|d| ImportError::Spec {
            dir: PathBuf::from("<bundled>"),
            diagnostics: d.to_vec(),
        })?;
        let text = serde_json::to_string_pretty(&bundled.service)
            .map_err(|e| spec_err(Path::new("<bundled>"), e.to_string()))?;
        (text, ServiceSource::Bundled)
    };
    let ours: BTreeMap<String, usize> = imported
        .iter()
        .enumerate()
        .map(|(i, (_, imp))| (format!("actions/{}.json", imp.action.name), i))
        .collect();
    let mut files = vec![SourceFile {
        path: "service.json".to_owned(),
        contents: service_text,
    }];
    files.extend(
        existing_entries(out_dir)
            .into_iter()
            .filter(|f| !ours.contains_key(&f.path)),
    );
    files.extend(imported.iter().map(|(_, imp)| SourceFile {
        path: format!("actions/{}.json", imp.action.name),
        contents: render(&imp.action),
    }));
    let diags = match dts_spec::load_sources(&files) {
        Ok(loaded) => loaded.warnings,
        Err(diags) => diags,
    };
    let service_errors: Vec<Diagnostic> = diags
        .iter()
        .filter(|d| d.file == "service.json" && d.is_error())
        .cloned()
        .collect();
    if !service_errors.is_empty() {
        return Err(ImportError::Spec {
            dir: out_dir.to_path_buf(),
            diagnostics: service_errors,
        });
    }
    for (file, &i) in &ours {
        let Some((page, imp)) = imported.get_mut(i) else {
            continue;
        };
        let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) = diags
            .iter()
            .filter(|d| d.file == *file)
            .cloned()
            .partition(Diagnostic::is_error);
        if !errors.is_empty() {
            return Err(ImportError::Invalid {
                page: page.clone(),
                action: imp.action.name.clone(),
                diagnostics: errors,
            });
        }
        imp.warnings.extend(warnings.into_iter().map(|d| Warning {
            page: page.clone(),
            line: None,
            message: format!("entry {}: {}", d.pointer, d.message),
        }));
    }
    Ok(source)
}

/// The `.json` entries already in `out_dir/actions`, as spec sources.
fn existing_entries(out_dir: &Path) -> Vec<SourceFile> {
    let Ok(dir) = std::fs::read_dir(out_dir.join("actions")) else {
        return Vec::new();
    };
    let mut files: Vec<SourceFile> = dir
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .filter_map(|p| {
            let name = p.file_name()?.to_string_lossy().into_owned();
            let contents = std::fs::read_to_string(&p).ok()?;
            Some(SourceFile {
                path: format!("actions/{name}"),
                contents,
            })
        })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}
