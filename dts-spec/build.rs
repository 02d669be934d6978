//! Embeds the bundled spec files (`specs/`) so that `dts_spec::bundled()` needs no file system.
//!
//! The generated list names each file relative to the crate (`concat!(env!("CARGO_MANIFEST_DIR"),
//! ...)`, expanded when the crate compiles), never by an absolute path: build outputs stay valid
//! when another checkout or a hermetic build reuses them.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new("specs");
    println!("cargo:rerun-if-changed=specs");
    println!("cargo:rerun-if-changed=specs/actions");
    let mut files = vec!["service.json".to_owned()];
    let mut actions: Vec<String> = std::fs::read_dir(root.join("actions"))
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".json"))
                .collect()
        })
        .unwrap_or_default();
    actions.sort();
    files.extend(actions.into_iter().map(|n| format!("actions/{n}")));
    let mut out = String::from("&[\n");
    for f in &files {
        println!("cargo:rerun-if-changed=specs/{f}");
        writeln!(
            out,
            "    ({f:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), {:?}))),",
            format!("/specs/{f}")
        )
        .unwrap();
    }
    out.push(']');
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("bundled.rs");
    std::fs::write(dest, out).unwrap();
}
