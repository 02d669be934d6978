//! The acceptance scenario with the official Alibaba Cloud Python SDK
//! (`alibabacloud-dts20200101`): `tests/python_acceptance/scenario.py` drives an emulator
//! started empty, on a manual clock it steps through the admin endpoint.

use std::path::Path;
use std::process::Command;
use std::time::SystemTime;

use dts_emulator::{Emulator, ManualClock, Timing};

const ID: &str = "python-acceptance-id";
const SECRET: &str = "python-acceptance-secret";

const SCRIPT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/python_acceptance/scenario.py"
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the official Python SDK: set DTS_PYTHON to a python with alibabacloud-dts20200101 and run with --ignored"]
async fn the_official_python_sdk_lives_an_instance_s_documented_life() {
    let python = std::env::var("DTS_PYTHON")
        .expect("DTS_PYTHON must name a python with alibabacloud-dts20200101 installed");
    let emulator = Emulator::builder()
        .credentials(ID, SECRET)
        .clock(ManualClock::new(SystemTime::now()))
        .timing(Timing::realistic())
        .start()
        .await
        .unwrap();
    let url = emulator.url();
    let out = tokio::task::spawn_blocking(move || {
        Command::new(python)
            .arg(Path::new(SCRIPT))
            .args([url.as_str(), ID, SECRET])
            .output()
    })
    .await
    .unwrap()
    .expect("DTS_PYTHON can be run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "scenario.py failed:\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.lines().any(|l| l == "20 passed, 0 failed"),
        "{stdout}\n{stderr}"
    );
    // The emulator agrees: 26 instances were created and one deleted.
    assert_eq!(emulator.jobs().len(), 25);
    emulator.shutdown().await;
}
