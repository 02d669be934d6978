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
    let stdout = cargo(&crate_dir, &["test", "--tests"]);
    assert!(
        stdout.contains("test result: ok. 6 passed"),
        "the downstream tests did not all run:\n{stdout}"
    );
    assert!(
        stdout.contains("test a_paginator_lists_twenty_six_jobs_in_pages_of_ten ... ok"),
        "the paginator did not list the 26 jobs from outside the workspace:\n{stdout}"
    );
    // What the macros expand to is lint-free in a user's crate.
    cargo(
        &crate_dir,
        &["clippy", "--all-targets", "--", "-D", "warnings"],
    );
    let deps = newest_dep_info("dts_downstream-");
    for file in [
        "specs/service.json",
        "specs/actions/DescribeDtsServiceLog.json",
    ] {
        let path = crate_dir.join(file).canonicalize().unwrap();
        assert!(
            deps.contains(path.to_str().unwrap()),
            "`generate!` does not make the crate depend on {file}:\n{deps}"
        );
    }
}

/// Runs `cargo <args>` on the crate in `crate_dir`, offline, in the shared target directory;
/// returns its standard output, or fails with everything it printed.
fn cargo(crate_dir: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO"))
        .args(&args[..1])
        .args(["--offline", "--manifest-path"])
        .arg(crate_dir.join("Cargo.toml"))
        .args(&args[1..])
        .env("CARGO_TARGET_DIR", target_dir())
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        .env_remove("CARGO_BUILD_TARGET_DIR")
        .output()
        .expect("run cargo");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "`cargo {}` failed in the downstream crate:\n{stdout}\n{stderr}",
        args.join(" ")
    );
    stdout
}

/// The dep-info (`.d`) file rustc wrote last for the crate whose file names start with
/// `prefix`: the files that, when edited, rebuild it.
fn newest_dep_info(prefix: &str) -> String {
    let dir = target_dir().join("debug/deps");
    let newest = std::fs::read_dir(&dir)
        .expect("the deps directory")
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.starts_with(prefix) && name.ends_with(".d")
        })
        .max_by_key(|e| e.metadata().and_then(|m| m.modified()).ok())
        .expect("a dep-info file");
    std::fs::read_to_string(newest.path()).unwrap()
}
