//! The importer and diff subcommands: thin glue over `dts-import`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `import-doc`: pages -> `actions/<Action>.json`; exit 1 when nothing could be written (a
/// page that yields nothing is such a failure unless `allow_empty`).
pub fn doc(pages: &[PathBuf], out_dir: &Path, options: &dts_import::doc::DocOptions) -> ExitCode {
    match dts_import::doc::run_import_with(pages, out_dir, options) {
        Ok(report) => {
            report.warnings().for_each(|w| eprintln!("{w}"));
            report.entries.iter().for_each(|e| println!("{e}"));
            println!("{}", report.service);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `import-meta`: metadata snapshots -> spec entries; exit 1 on any error.
pub fn meta(
    metadata: &[PathBuf],
    output: &Path,
    overrides: Option<PathBuf>,
    replace_service: bool,
) -> ExitCode {
    let options = dts_import::meta::ImportOptions {
        overrides,
        replace_service,
        ..Default::default()
    };
    match dts_import::meta::run_import(metadata, output, &options) {
        Ok(report) => {
            for w in &report.warnings {
                eprintln!("{w}");
            }
            println!("{}", report.summary());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            if let dts_import::meta::MetaError::Invalid { errors } = &e {
                for d in errors {
                    eprintln!("  {d}");
                }
            }
            ExitCode::FAILURE
        }
    }
}

/// `diff`: exit 0 without breaking changes, 1 with, 2 when a spec cannot be loaded.
pub fn diff(old: &Path, new: &Path, json: bool) -> ExitCode {
    match dts_import::diff::run_diff(old, new, json) {
        Ok((out, breaking)) => {
            print!("{out}");
            ExitCode::from(u8::from(breaking))
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
