//! The official Alibaba Cloud Python SDK (`alibabacloud-dts20200101`) against an in-process
//! emulator: `tests/python_sdk/check.py` calls the five actions with signature
//! `v2` (RPC V1, HMAC-SHA1) and with the SDK's default (V3, ACS3-HMAC-SHA256), an action whose
//! parameter the SDK sends in a form body (`ModifySynchronizationObject`), and a wrong secret
//! with each.
//!
//! The SDK is not a build dependency, so the test is in the opt-in suite: it is ignored unless
//! run with `--ignored`, and then `DTS_PYTHON` must name a Python interpreter that can import
//! `alibabacloud_dts20200101` (`.ci/run` installs the SDK into a virtual environment under
//! `target/` and sets it). A missing interpreter or SDK then fails the test, never passes it.

use std::path::Path;
use std::process::Command;

use dts_emulator::{Emulator, JobStatus, Seed};

const ID: &str = "python-sdk-id";
const SECRET: &str = "python-sdk-secret";

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/python_sdk");

/// The interpreter named by `DTS_PYTHON`, checked to have the SDK.
fn python() -> String {
    let python = std::env::var("DTS_PYTHON").expect(
        "DTS_PYTHON must name a python with alibabacloud-dts20200101 installed \
         (python3 -m venv v && v/bin/pip install alibabacloud-dts20200101)",
    );
    let out = Command::new(&python)
        .args(["-c", "import alibabacloud_dts20200101"])
        .output()
        .unwrap_or_else(|e| panic!("DTS_PYTHON={python} cannot be run: {e}"));
    assert!(
        out.status.success(),
        "DTS_PYTHON={python} cannot import alibabacloud_dts20200101: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    python
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the official Python SDK: set DTS_PYTHON to a python with alibabacloud-dts20200101 and run with --ignored"]
async fn the_official_python_sdk_calls_all_five_actions() {
    let python = python();
    let seed = std::fs::read_to_string(Path::new(DIR).join("seed.json")).unwrap();
    let emulator = Emulator::builder()
        .credentials(ID, SECRET)
        .seed(Seed::from_json(&seed).unwrap())
        .start()
        .await
        .unwrap();
    let url = emulator.url();
    let out = tokio::task::spawn_blocking(move || {
        Command::new(python)
            .arg(Path::new(DIR).join("check.py"))
            .args([url.as_str(), ID, SECRET])
            .output()
    })
    .await
    .unwrap()
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprintln!("{stdout}{stderr}");
    assert!(out.status.success(), "check.py failed:\n{stdout}\n{stderr}");
    assert!(
        stdout.lines().any(|l| l == "20 passed, 0 failed"),
        "{stdout}"
    );
    // What the emulator saw agrees: both signings ran every action (six each), the two wrong-secret
    // calls were refused, the two deleted jobs are gone and the others were reset.
    let stats = emulator.stats();
    assert_eq!((stats.applied, stats.rejected, stats.denied), (12, 2, 0));
    let jobs = emulator.jobs();
    assert_eq!(jobs.len(), 2);
    assert!(jobs.iter().all(|j| j.status == JobStatus::NotConfigured));
    emulator.shutdown().await;
}
