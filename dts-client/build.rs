//! Generates the typed client from the bundled spec (`dts-spec/specs`) into
//! `$OUT_DIR/generated.rs`, which `src/generated.rs` includes.
//!
//! A new `actions/<Action>.json` gives a new client method on the next build: the directory
//! itself is watched, so added and removed files count as changes.

use std::path::Path;
use std::process::exit;

fn main() {
    let dir = Path::new(dts_spec::BUNDLED_DIR);
    println!("cargo:rerun-if-changed={}", dir.display());
    println!("cargo:rerun-if-changed={}", dir.join("actions").display());
    match dts_spec::spec_files(dir) {
        Ok(files) => {
            for file in files {
                println!("cargo:rerun-if-changed={}", file.display());
            }
        }
        Err(e) => fail(&[format!(
            "cannot list the spec files in `{}`: {e}",
            dir.display()
        )]),
    }
    let source = match dts_codegen::generate_dir(dir, &dts_codegen::Options::in_crate()) {
        Ok(source) => source,
        Err(diags) => fail(&diags.iter().map(ToString::to_string).collect::<Vec<_>>()),
    };
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        fail(&["`OUT_DIR` is not set; run this through cargo".to_owned()]);
    };
    let dest = Path::new(&out_dir).join("generated.rs");
    if let Err(e) = std::fs::write(&dest, source) {
        fail(&[format!("cannot write `{}`: {e}", dest.display())]);
    }
}

/// Prints every problem and stops the build without a panic backtrace.
fn fail(problems: &[String]) -> ! {
    eprintln!(
        "error: the DTS client cannot be generated from `{}`:",
        dts_spec::BUNDLED_DIR
    );
    for p in problems {
        eprintln!("  {p}");
    }
    eprintln!(
        "fix the spec files (`cargo run -p dts-codegen -- check <dir>` lists the same problems)"
    );
    exit(1);
}
