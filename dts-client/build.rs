//! Generates the typed client from the bundled spec (`dts-spec/specs`) into
//! `$OUT_DIR/generated.rs`, which `src/generated.rs` includes.
//!
//! A new `actions/<Action>.json` gives a new client method on the next build: the directory
//! itself is watched, so added and removed files count as changes.
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
    let dir = match std::env::var_os(SPEC_DIR_VAR) {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => PathBuf::from(dts_spec::BUNDLED_DIR),
    };
    println!("cargo:rerun-if-changed={}", dir.display());
    println!("cargo:rerun-if-changed={}", dir.join("actions").display());
    match dts_spec::spec_files(&dir) {
        Ok(files) => {
            for file in files {
                println!("cargo:rerun-if-changed={}", file.display());
            }
        }
        Err(e) => fail(
            &dir,
            &[format!(
                "cannot list the spec files in `{}`: {e}",
                dir.display()
            )],
        ),
    }
    let source = match dts_codegen::generate_dir(&dir, &dts_codegen::Options::in_crate()) {
        Ok(source) => source,
        Err(diags) => fail(
            &dir,
            &diags.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ),
    };
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        fail(
            &dir,
            &["`OUT_DIR` is not set; run this through cargo".to_owned()],
        );
    };
    let dest = Path::new(&out_dir).join("generated.rs");
    if let Err(e) = std::fs::write(&dest, source) {
        fail(&dir, &[format!("cannot write `{}`: {e}", dest.display())]);
    }
    generate_sts(Path::new(&out_dir));
}

/// The STS client the credential providers use, from `sts/` by the same generator: a
/// wrapping `Client` over this crate's runtime, so its methods stay off the DTS client.
fn generate_sts(out_dir: &Path) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sts");
    println!("cargo:rerun-if-changed={}", dir.display());
    println!("cargo:rerun-if-changed={}", dir.join("actions").display());
    if let Ok(files) = dts_spec::spec_files(&dir) {
        for file in files {
            println!("cargo:rerun-if-changed={}", file.display());
        }
    }
    let options = dts_codegen::Options::wrapper().with_runtime("crate");
    let source = match dts_codegen::generate_dir(&dir, &options) {
        Ok(source) => source,
        Err(diags) => fail(
            &dir,
            &diags.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ),
    };
    let dest = out_dir.join("sts.rs");
    if let Err(e) = std::fs::write(&dest, source) {
        fail(&dir, &[format!("cannot write `{}`: {e}", dest.display())]);
    }
}

/// Prints every problem and stops the build without a panic backtrace.
fn fail(dir: &Path, problems: &[String]) -> ! {
    eprintln!(
        "error: the DTS client cannot be generated from `{}`:",
        dir.display()
    );
    for p in problems {
        eprintln!("  {p}");
    }
    eprintln!(
        "fix the spec files (`cargo run -p dts-codegen -- check <dir>` lists the same problems)"
    );
    exit(1);
}
