//! Two checkouts of the workspace share one target directory (as `CARGO_TARGET_DIR` makes
//! them); once the first is deleted, the second still builds `dts-client` and `dts-emulator`.
//!
//! This is what breaks when a build output names a file of the checkout that produced it by its
//! absolute path: cargo reuses the output for the other checkout, whose files have the same
//! content and times, and the compiler then reads the deleted checkout.
//!
//! It builds the client and the emulator from scratch in a target directory of its own (a few
//! minutes), so it belongs to the opt-in suite that `.ci/run` runs.

use std::path::{Path, PathBuf};
use std::process::Command;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

/// Copies the workspace's sources (not its build outputs, git data or the fuzz project) from
/// `from` to `to`, keeping each file's modification time, as two clones of one commit have.
fn copy_sources(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if [".git", "target", "fuzz"].iter().any(|n| name == *n) {
            continue;
        }
        let (src, dest) = (entry.path(), to.join(&name));
        if entry.file_type().unwrap().is_dir() {
            copy_sources(&src, &dest);
        } else {
            std::fs::copy(&src, &dest).unwrap();
            let modified = entry.metadata().unwrap().modified().unwrap();
            let file = std::fs::File::options().write(true).open(&dest).unwrap();
            file.set_modified(modified).unwrap();
        }
    }
}

fn build(checkout: &Path, target: &Path) -> std::process::Output {
    Command::new(env!("CARGO"))
        .args([
            "build",
            "-v",
            "--locked",
            "-p",
            "dts-client",
            "-p",
            "dts-emulator",
        ])
        .current_dir(checkout)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("DTS_SPEC_DIR")
        .output()
        .unwrap()
}

#[test]
#[ignore = "slow: builds the client twice in a target directory of its own; run with --ignored"]
fn a_second_checkout_builds_after_the_first_is_deleted() {
    let base = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("two-checkouts");
    let (first, second, target) = (base.join("a"), base.join("b"), base.join("target"));
    for dir in [&first, &second] {
        let _ = std::fs::remove_dir_all(dir);
        copy_sources(Path::new(ROOT), dir);
    }
    let out = build(&first, &target);
    assert!(
        out.status.success(),
        "the first checkout does not build:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_dir_all(&first).unwrap();
    let out = build(&second, &target);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "the second checkout does not build once the first is gone:\n{stderr}"
    );
    // The scenario happened: the second checkout reused what the first one built.
    assert!(
        stderr.contains("Fresh dts-spec"),
        "the second build did not reuse the first one's outputs:\n{stderr}"
    );
    assert!(
        !stderr.contains(first.to_str().unwrap()),
        "the second build names the first checkout:\n{stderr}"
    );
    std::fs::remove_dir_all(&second).unwrap();
}
