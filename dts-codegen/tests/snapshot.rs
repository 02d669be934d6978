//! The generated source, snapshotted. `dts-client` compiles `client.rs` (its build output must
//! equal it) and `rich.rs`/`rich_wrapper.rs` (in its tests), so every snapshot is also known to
//! compile warning-free. Refresh with `UPDATE_EXPECT=1 cargo test -p dts-codegen`.

use std::path::Path;

use dts_codegen::{generate, generate_dir, Options};
use expect_test::expect_file;

fn rich_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/rich"))
}

#[test]
fn bundled_spec_client() {
    let spec = dts_spec::bundled().expect("the bundled spec validates");
    expect_file!["snapshots/client.rs"].assert_eq(&generate(spec, &Options::in_crate()));
}

#[test]
fn rich_spec_in_crate() {
    let source = generate_dir(rich_dir(), &Options::in_crate().with_example_client(None));
    expect_file!["snapshots/rich.rs"].assert_eq(&source.expect("the rich fixture generates"));
}

#[test]
fn rich_spec_wrapper() {
    let options = Options::wrapper().with_runtime("crate");
    let source = generate_dir(rich_dir(), &options).expect("the rich fixture generates");
    expect_file!["snapshots/rich_wrapper.rs"].assert_eq(&source);
}

#[test]
fn generation_is_deterministic() {
    let spec = dts_spec::bundled().expect("the bundled spec validates");
    let first = generate(spec, &Options::in_crate());
    let second = generate(spec, &Options::in_crate());
    assert_eq!(first.as_bytes(), second.as_bytes());
    let rich = || generate_dir(rich_dir(), &Options::wrapper()).expect("generates");
    assert_eq!(rich().as_bytes(), rich().as_bytes());
}
