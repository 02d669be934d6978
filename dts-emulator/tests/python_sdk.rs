//! The official Alibaba Cloud Python SDK (`alibabacloud-dts20200101`) against an in-process
//! emulator: `tests/python_sdk/check.py` calls the five actions with signature
//! `v2` (RPC V1, HMAC-SHA1) and with the SDK's default (V3, ACS3-HMAC-SHA256), an action whose
//! parameter the SDK sends in a form body (`ModifySynchronizationObject`), and a wrong secret
//! with each.
//!
//! The SDK is not a build dependency: when `python3 -c "import alibabacloud_dts20200101"`
//! fails, the test says on stderr that it did not run and why, and returns (it then checks
//! nothing). Install the SDK with `pip install alibabacloud-dts20200101` to run it.

use std::path::Path;
use std::process::Command;

use dts_emulator::{Emulator, JobStatus, Seed};

const ID: &str = "python-sdk-id";
const SECRET: &str = "python-sdk-secret";

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/python_sdk");

/// Why the SDK cannot be used here, if it cannot.
fn sdk_unavailable() -> Option<String> {
    match Command::new("python3")
        .args(["-c", "import alibabacloud_dts20200101"])
        .output()
    {
        Err(e) => Some(format!("python3 cannot be run: {e}")),
        Ok(out) if !out.status.success() => Some(format!(
            "python3 cannot import alibabacloud_dts20200101: {}",
            String::from_utf8_lossy(&out.stderr)
                .lines()
                .last()
                .unwrap_or("")
        )),
        Ok(_) => None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_official_python_sdk_calls_all_five_actions() {
    if let Some(reason) = sdk_unavailable() {
        eprintln!(
            "python_sdk: NOT RUN, nothing was checked: {reason} \
             (pip install alibabacloud-dts20200101 to run it)"
        );
        return;
    }
    let seed = std::fs::read_to_string(Path::new(DIR).join("seed.json")).unwrap();
    let emulator = Emulator::builder()
        .credentials(ID, SECRET)
        .seed(Seed::from_json(&seed).unwrap())
        .start()
        .await
        .unwrap();
    let url = emulator.url();
    let out = tokio::task::spawn_blocking(move || {
        Command::new("python3")
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
