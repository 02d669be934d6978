//! Helpers shared by the metadata and diff tests: the snapshot paths and scratch directories.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The 2024-08 metadata snapshot, as the facts-only extract in `tests/data` (see
/// `tests/meta_extract.rs`).
pub const SNAPSHOT_2024: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/dts-2020-01-01.api-docs.2024-08.json"
);
/// The 2025-12 metadata snapshot (requests only), as its facts-only extract.
pub const SNAPSHOT_2025: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/dts-2020-01-01.requests-only.2025-12.json"
);

/// A scratch directory under Cargo's per-target temp dir, removed when dropped.
pub struct Scratch(PathBuf);

impl Scratch {
    pub fn new(label: &str) -> Scratch {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("{label}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create scratch dir");
        Scratch(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn join(&self, rel: &str) -> PathBuf {
        self.0.join(rel)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The API names in a metadata file, read directly from its JSON.
pub fn api_names(path: &str) -> Vec<String> {
    let text = std::fs::read_to_string(path).expect("read metadata");
    let value: serde_json::Value = serde_json::from_str(&text).expect("metadata is JSON");
    let mut names: Vec<String> = value["apis"]
        .as_object()
        .expect("apis object")
        .keys()
        .cloned()
        .collect();
    names.sort();
    names
}

/// Imports `inputs` (oldest first) into `dir` with default options.
pub fn import(inputs: &[&str], dir: &Path) -> dts_import::meta::ImportReport {
    let inputs: Vec<PathBuf> = inputs.iter().map(PathBuf::from).collect();
    dts_import::meta::run_import(&inputs, dir, &Default::default()).expect("import succeeds")
}

/// Loads and validates a spec directory.
pub fn load(dir: &Path) -> dts_spec::Spec {
    match dts_spec::load_dir(dir) {
        Ok(loaded) => loaded.spec,
        Err(diags) => panic!("spec does not load: {diags:#?}"),
    }
}
