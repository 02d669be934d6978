//! Builds and tests `tests/downstream`, a crate outside the workspace that uses `dts-macros`
//! as a user's crate does (its own spec directory, `generate!`, a derived action), against
//! the emulator.
//!
//! It runs offline: the crate gets a copy of the workspace's lock file, so it resolves to the
//! versions the workspace build already fetched. Its target directory is `downstream/` in the
//! workspace's target directory, so later runs only rebuild what changed.

use std::path::{Path, PathBuf};
use std::process::Command;

fn target_dir() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(tmp).join("downstream")
}

#[test]
fn a_downstream_crate_generates_derives_and_calls_the_emulator() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let crate_dir = here.join("downstream");
    std::fs::copy(here.join("../Cargo.lock"), crate_dir.join("Cargo.lock"))
        .expect("copy the workspace's Cargo.lock");
    let out = Command::new(env!("CARGO"))
        .args(["test", "--offline", "--tests", "--manifest-path"])
        .arg(crate_dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target_dir())
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        .env_remove("CARGO_BUILD_TARGET_DIR")
        .output()
        .expect("run cargo");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "the downstream crate failed:\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains("test result: ok. 6 passed"),
        "the downstream tests did not all run:\n{stdout}"
    );
}
