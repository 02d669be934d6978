//! The bundled catalog against Alibaba's official Python SDK (`alibabacloud-dts20200101`, the
//! version pinned in `scripts/sdk_drift_allow.json`), through `scripts/sdk_drift.py`: no drift
//! beyond the allow-list, and a catalog missing one parameter fails naming it.
//!
//! Run with the interpreter of a virtual environment that has the pinned SDK:
//! `DTS_PYTHON=/path/to/venv/bin/python cargo test -p dts-spec --test sdk_drift -- --ignored`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The bundled spec directory, `dts-spec/specs`.
const SPEC_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/specs");

const SCRIPTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts");

fn python() -> String {
    std::env::var("DTS_PYTHON").expect(
        "DTS_PYTHON is not set: point it to a python with alibabacloud-dts20200101 installed",
    )
}

fn drift(spec: &Path) -> (Output, String) {
    let out = Command::new(python())
        .arg(Path::new(SCRIPTS).join("sdk_drift.py"))
        .arg("--spec")
        .arg(spec)
        .output()
        .expect("run DTS_PYTHON");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out, text)
}

/// A copy of the bundled spec directory, removed when dropped.
struct Copy(PathBuf);

impl Copy {
    fn new(label: &str) -> Copy {
        let dir =
            Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{label}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("actions")).unwrap();
        let from = Path::new(SPEC_DIR);
        std::fs::copy(from.join("service.json"), dir.join("service.json")).unwrap();
        for entry in std::fs::read_dir(from.join("actions")).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, dir.join("actions").join(path.file_name().unwrap())).unwrap();
        }
        Copy(dir)
    }

    /// Removes parameter `param` from the entry of `action`.
    fn remove_param(&self, action: &str, param: &str) {
        let path = self.0.join("actions").join(format!("{action}.json"));
        let mut entry: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let request = entry["request"].as_array_mut().unwrap();
        let before = request.len();
        request.retain(|p| p["name"] != param);
        assert_eq!(request.len(), before - 1, "{action} has no {param}");
        std::fs::write(&path, serde_json::to_string_pretty(&entry).unwrap()).unwrap();
    }
}

impl Drop for Copy {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
#[ignore = "needs the official Python SDK: set DTS_PYTHON to a python with alibabacloud-dts20200101 and run with --ignored"]
fn bundled_catalog_has_no_drift_from_the_pinned_sdk() {
    let (out, text) = drift(Path::new(SPEC_DIR));
    assert_eq!(out.status.code(), Some(0), "{text}");
    let summary = text.lines().last().unwrap_or_default();
    assert!(
        summary.starts_with("alibabacloud-dts20200101 ")
            && summary.ends_with("; 0 drift, 8 allowed"),
        "{text}"
    );
    let actions = dts_spec::bundled().unwrap().actions.len();
    assert!(
        summary.contains(&format!("{actions} spec actions")),
        "{text}"
    );
    assert!(!text.contains("drift: "), "{text}");
}

#[test]
#[ignore = "needs the official Python SDK: set DTS_PYTHON to a python with alibabacloud-dts20200101 and run with --ignored"]
fn a_catalog_missing_a_parameter_fails_naming_action_and_parameter() {
    let copy = Copy::new("sdk-drift");
    copy.remove_param("ModifyDtsJobEndpoint", "EndpointVpcId");
    copy.remove_param("DescribeDtsJobs", "Tags");
    let (out, text) = drift(&copy.0);
    assert_eq!(out.status.code(), Some(1), "{text}");
    let drifts: Vec<&str> = text.lines().filter(|l| l.starts_with("drift: ")).collect();
    assert_eq!(
        drifts,
        [
            "drift: DescribeDtsJobs: Tags: the spec lacks it (SDK: string, query)",
            "drift: ModifyDtsJobEndpoint: EndpointVpcId: the spec lacks it (SDK: string, query)",
        ],
        "{text}"
    );
    assert!(text.ends_with("; 2 drift, 8 allowed\n"), "{text}");
}

#[test]
#[ignore = "needs the official Python SDK: set DTS_PYTHON to a python with alibabacloud-dts20200101 and run with --ignored"]
fn the_drift_scripts_own_tests_pass() {
    let out = Command::new(python())
        .args([
            "-m",
            "unittest",
            "discover",
            "-s",
            SCRIPTS,
            "-p",
            "test_*.py",
        ])
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .expect("run DTS_PYTHON");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("\nOK"), "{stderr}");
}
