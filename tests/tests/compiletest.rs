//! Compile-fail UI tests: each case makes one mistake and its `.stderr` holds the compiler's
//! message. Regenerate the messages with `TRYBUILD=overwrite cargo test -p dts-tests --test
//! compiletest` (the toolchain is pinned, so they stay stable). Passing cases compile and run.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/client/*.rs");
    t.compile_fail("ui/generate/*.rs");
    t.compile_fail("ui/derive/*.rs");
    t.pass("ui/pass/*.rs");
}
