//! Helpers shared by the page importer tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use dts_import::doc::{import_page, render, Imported};
use dts_spec::{Action, Field, Type};

/// The pages written for these tests.
pub const PAGES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/pages");
/// Stand-ins for the five seed pages the project started from: their layout and facts, in this
/// project's own words (Alibaba's own pages are read only by the upstream suite).
pub const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/seed-pages");
/// The bundled spec directory.
pub const SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../dts-spec/specs");

/// Imports `dir/name`.
pub fn import(dir: &str, name: &str) -> Imported {
    let path = Path::new(dir).join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    import_page(&path, &text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Validates an entry against the bundled service and returns the validation warnings.
pub fn validate(action: &Action) -> Vec<dts_spec::Diagnostic> {
    let service = std::fs::read_to_string(Path::new(SPEC).join("service.json")).unwrap();
    let files = [
        dts_spec::SourceFile {
            path: "service.json".into(),
            contents: service,
        },
        dts_spec::SourceFile {
            path: format!("actions/{}.json", action.name),
            contents: render(action),
        },
    ];
    match dts_spec::load_sources(&files) {
        Ok(loaded) => loaded.warnings,
        Err(d) => panic!("{} does not validate: {d:#?}", action.name),
    }
}

/// The response field at a dotted path, going through arrays' items.
pub fn field<'a>(action: &'a Action, path: &str) -> &'a Field {
    let mut fields = &action.response;
    let mut found = None;
    for seg in path.split('.') {
        let f = fields
            .iter()
            .find(|f| f.name == seg)
            .unwrap_or_else(|| panic!("no field `{seg}` on the way to `{path}`"));
        fields = match &f.items {
            Some(items) => &items.fields,
            None => &f.fields,
        };
        found = Some(f);
    }
    found.unwrap()
}

/// The names of a field list.
pub fn names(fields: &[Field]) -> Vec<&str> {
    fields.iter().map(|f| f.name.as_str()).collect()
}

/// The items type of an array field.
pub fn items_type(f: &Field) -> Type {
    f.items
        .as_ref()
        .unwrap_or_else(|| panic!("`{}` has no items", f.name))
        .ty
}

/// A directory under the system temp dir, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> Self {
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("dts-import-{tag}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
