//! The spec format for Alibaba Cloud DTS actions.
//!
//! A spec directory holds `service.json` (product, version, endpoints, common error codes) and
//! one `actions/<Action>.json` per action (parameters, response fields with their nesting, error
//! codes, examples). This crate defines the data model, loads a directory, and validates it,
//! reporting every problem with its file and a JSON pointer. The generator (`dts-codegen`), the
//! emulator and the CLI all read specs through it. The format is documented in the crate's
//! `README.md`.
//!
//! ```
//! // The spec bundled with the crate; `dts_spec::load_dir(path)` loads any other directory.
//! let spec = dts_spec::bundled().unwrap();
//! let start = spec.action("StartSynchronizationJob").unwrap();
//! assert!(start.param("SynchronizationJobId").unwrap().required);
//! ```

#![deny(missing_docs)]

pub mod diagnostic;
pub mod emulator;
pub mod load;
pub mod model;
pub mod names;
pub mod validate;

use std::sync::OnceLock;

pub use diagnostic::{Diagnostic, Severity};
pub use load::{load_dir, load_sources, spec_files, Loaded, SourceFile};
pub use model::{
    Access, Action, Constraints, EnumValue, ErrorCode, Examples, Field, HttpMethod, Items,
    Location, PaginationStyle, Paginator, Param, Service, Spec, Style, Type, Waiter,
};

const BUNDLED_FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/bundled.rs"));

/// The spec bundled with this crate, embedded at compile time, loaded and validated once.
///
/// Returns the diagnostics if the embedded files do not validate (which the test suite rules
/// out for the committed spec).
pub fn bundled() -> Result<&'static Spec, &'static [Diagnostic]> {
    static BUNDLED: OnceLock<Result<Spec, Vec<Diagnostic>>> = OnceLock::new();
    BUNDLED
        .get_or_init(|| {
            let files: Vec<SourceFile> = BUNDLED_FILES
                .iter()
                .map(|(path, contents)| SourceFile {
                    path: (*path).to_owned(),
                    contents: (*contents).to_owned(),
                })
                .collect();
            load_sources(&files).map(|l| l.spec)
        })
        .as_ref()
        .map_err(Vec::as_slice)
}
