//! Generates the typed client from the spec bundled in `dts-spec` (`dts_spec::bundled()`, embedded
//! when that crate compiles) into `$OUT_DIR/generated.rs`, which `src/generated.rs` includes.
//!
//! A new `actions/<Action>.json` in `dts-spec/specs` rebuilds `dts-spec`, and with it this
//! script, so the next build has the new client method. Nothing here names a file of another
//! crate, so the build output stays valid when another checkout shares the target directory.
//!
//! The STS client (`dts_client::sts`) is generated the same way from `sts/`, a spec directory
//! of this crate.
//!
//! `DTS_SPEC_DIR` points the build at another spec directory instead (used by
//! `scripts/compile-cost.sh` to compare build times; the snapshot test then fails, as the
//! output is no longer the bundled client's).

use std::path::{Path, PathBuf};
use std::process::exit;

/// The environment variable naming a spec directory to build from instead of the bundled one.
const SPEC_DIR_VAR: &str = "DTS_SPEC_DIR";

fn main() {
    println!("cargo:rerun-if-env-changed={SPEC_DIR_VAR}");
    let options = dts_codegen::Options::in_crate();
    let (what, generated) = match std::env::var_os(SPEC_DIR_VAR) {
        Some(dir) if !dir.is_empty() => {
            let dir = PathBuf::from(dir);
            watch(&dir);
            let source = dts_codegen::generate_dir(&dir, &options);
            (dir.display().to_string(), source)
        }
        _ => {
            let source = match dts_spec::bundled() {
                Ok(spec) => dts_codegen::try_generate(spec, &options),
                Err(diags) => Err(diags.to_vec()),
            };
            ("the bundled spec".to_owned(), source)
        }
    };
    let source = match generated {
        Ok(source) => source,
        Err(diags) => fail(
            &what,
            &diags.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ),
    };
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        fail(
            &what,
            &["`OUT_DIR` is not set; run this through cargo".to_owned()],
        );
    };
    let dest = Path::new(&out_dir).join("generated.rs");
    if let Err(e) = std::fs::write(&dest, source) {
        fail(&what, &[format!("cannot write `{}`: {e}", dest.display())]);
    }
    generate_sts(Path::new(&out_dir));
}

/// The STS client the credential providers use, from `sts/` by the same generator: a
/// wrapping `Client` over this crate's runtime, so its methods stay off the DTS client. The
/// directory is named relative to the package root, where cargo runs build scripts.
fn generate_sts(out_dir: &Path) {
    let dir = Path::new("sts");
    watch(dir);
    let options = dts_codegen::Options::wrapper().with_runtime("crate");
    let source = match dts_codegen::generate_dir(dir, &options) {
        Ok(source) => source,
        Err(diags) => fail(
            "the STS spec `sts/`",
            &diags.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ),
    };
    let dest = out_dir.join("sts.rs");
    if let Err(e) = std::fs::write(&dest, source) {
        fail(
            "the STS spec `sts/`",
            &[format!("cannot write `{}`: {e}", dest.display())],
        );
    }
}

/// Reruns the script when a file of the spec directory `dir` (given by the user) changes.
fn watch(dir: &Path) {
    println!("cargo:rerun-if-changed={}", dir.display());
    println!("cargo:rerun-if-changed={}", dir.join("actions").display());
    match dts_spec::spec_files(dir) {
        Ok(files) => {
            for file in files {
                println!("cargo:rerun-if-changed={}", file.display());
            }
        }
        Err(e) => fail(
            &dir.display().to_string(),
            &[format!(
                "cannot list the spec files in `{}`: {e}",
                dir.display()
            )],
        ),
    }
}

/// Prints every problem and stops the build without a panic backtrace.
fn fail(what: &str, problems: &[String]) -> ! {
    eprintln!("error: the DTS client cannot be generated from {what}:");
    for p in problems {
        eprintln!("  {p}");
    }
    eprintln!(
        "fix the spec files (`cargo run -p dts-codegen -- check <dir>` lists the same problems)"
    );
    exit(1);
}
