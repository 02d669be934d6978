//! The generated source, snapshotted. `dts-client` compiles `client.rs` (its build output must
//! equal it) and `rich.rs`/`rich_wrapper.rs` (in its tests), so every snapshot is also known to
//! compile warning-free. Refresh with `UPDATE_EXPECT=1 cargo test -p dts-codegen`.

use std::path::Path;

use dts_codegen::{generate, generate_dir, generate_tokens, Options};
use expect_test::expect_file;

fn rich_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/rich"))
}

/// The bundled client's snapshot is large, so a stale one is reported by its first differing
/// line (a full diff would take minutes).
#[test]
fn bundled_spec_client() {
    let spec = dts_spec::bundled().expect("the bundled spec validates");
    let source = generate(spec, &Options::in_crate());
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/client.rs");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&path, &source).expect("the snapshot is writable");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert_same(&committed, &source, "tests/snapshots/client.rs");
}

/// Panics, naming the first differing line, unless `expected` and `actual` are equal.
fn assert_same(expected: &str, actual: &str, what: &str) {
    if expected == actual {
        return;
    }
    let (line, want, got) = expected
        .lines()
        .chain(std::iter::repeat(""))
        .zip(actual.lines().chain(std::iter::repeat("")))
        .enumerate()
        .find(|(_, (a, b))| a != b)
        .map(|(i, (a, b))| (i + 1, a, b))
        .unwrap_or((0, "", ""));
    panic!(
        "{what} differs from the generated source at line {line}:\n  expected: {want}\n  \
         actual:   {got}\nrefresh the snapshots with `UPDATE_EXPECT=1 cargo test -p dts-codegen`"
    );
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

/// `generate` formats the source in pieces, on several threads; the result is what formatting
/// the tokens proc-macros get (`generate_tokens`) as one file gives.
#[test]
fn formatted_source_is_the_formatted_tokens() {
    let whole = |spec: &dts_spec::Spec, options: &Options| {
        let tokens = generate_tokens(spec, options).expect("the spec generates");
        let file = syn::parse2::<syn::File>(tokens).expect("the tokens parse");
        format!("{}{}", dts_codegen::HEADER, prettyplease::unparse(&file))
    };
    let bundled = dts_spec::bundled().expect("the bundled spec validates");
    let rich = dts_spec::load_dir(rich_dir())
        .expect("the rich fixture loads")
        .spec;
    for (spec, options) in [
        (bundled, Options::in_crate()),
        (&rich, Options::in_crate()),
        (&rich, Options::wrapper().with_module("demo_api")),
        (&rich, Options::in_crate().with_module("demo_api")),
        (&rich, Options::wrapper().with_actions(Vec::<String>::new())),
    ] {
        assert_same(
            &whole(spec, &options),
            &generate(spec, &options),
            "whole-file formatting",
        );
    }
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
