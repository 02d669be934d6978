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
///
/// Two views: the spec's changes, and the generated APIs compared item by item (a renamed
/// type, a field or setter whose type changed, a removed field). Either one breaking makes
/// the exit code 1; the text output lists the API's changes after the spec's.
pub fn diff(old: &Path, new: &Path, json: bool) -> ExitCode {
    let (out, spec_breaking) = match dts_import::diff::run_diff(old, new, json) {
        Ok(result) => result,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    print!("{out}");
    let api = match (surface(old), surface(new)) {
        (Some(old), Some(new)) => old.diff(&new),
        _ => {
            eprintln!("error: a spec directory does not generate a client");
            return ExitCode::from(2);
        }
    };
    if !json {
        print!("{}", render_api(&api));
    }
    ExitCode::from(u8::from(spec_breaking || api.is_breaking()))
}

/// The public surface of the client `dir` generates, or `None` when it does not generate.
fn surface(dir: &Path) -> Option<dts_codegen::ApiSurface> {
    let source = dts_codegen::generate_dir(dir, &dts_codegen::Options::in_crate()).ok()?;
    dts_codegen::ApiSurface::of_source(&source)
}

fn render_api(d: &dts_codegen::ApiDiff) -> String {
    let mut out = String::new();
    if d.removed.is_empty() && d.added.is_empty() {
        out.push_str("generated API: unchanged\n");
        return out;
    }
    let verdict = if d.is_breaking() {
        "breaking"
    } else {
        "compatible"
    };
    out.push_str(&format!("generated API: {verdict}\n"));
    for item in &d.removed {
        out.push_str(&format!("  breaking    - {item}\n"));
    }
    for item in &d.added {
        out.push_str(&format!("  compatible  + {item}\n"));
    }
    out
}
