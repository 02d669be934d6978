//! `dts mcp` driven by the official MCP Python SDK (`mcp` on PyPI) against the emulator: the
//! tools of each mode and their schemas against the spec, a read, refusals, a start and a
//! delete that change the emulator's job, a wrong-typed argument, and no secret anywhere.
//!
//! The SDK is installed by the test into a virtual environment under the target directory.

use std::path::{Path, PathBuf};
use std::process::Command;

use dts_emulator::{Emulator, RunningEmulator};
use dts_spec::Access;
use serde_json::{json, Map, Value};

const SEED: &str = r#"{"jobs": [
  {"job_id": "l3m1213ye7l1234", "instance_id": "dtsl3m1213ye7l1234", "kind": "synchronization",
   "status": "NotStarted", "topology": "oneway", "region": "cn-hangzhou"}]}"#;
const SECRET: &str = "mcp-sdk-secret-51c7";
/// The SDK release the client script is written against.
const MCP_SDK: &str = "mcp==2.3.0";

/// A venv with the SDK, made once per target directory.
fn python() -> PathBuf {
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("mcp-sdk-venv");
    let python = venv.join("bin/python");
    let ready = |py: &Path| {
        Command::new(py)
            .args(["-c", "import mcp"])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !ready(&python) {
        let made = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .expect("python3 runs (needed to create the venv)");
        assert!(made.success(), "python3 -m venv failed");
        let installed = Command::new(&python)
            .args(["-m", "pip", "install", "--quiet", MCP_SDK])
            .status()
            .unwrap();
        assert!(installed.success(), "pip install {MCP_SDK} failed");
        assert!(ready(&python), "the venv cannot import mcp");
    }
    python
}

/// What the spec says the server must list and how: tools per mode, schema facts, hints.
fn expectations() -> Value {
    let spec = dts_spec::bundled().unwrap();
    let mode = |classes: &[Access]| {
        let mut names: Vec<&str> = spec
            .actions
            .iter()
            .filter(|a| classes.contains(&a.access.unwrap()))
            .map(|a| a.name.as_str())
            .collect();
        names.sort_unstable();
        names
    };
    let mut schemas = Map::new();
    let mut hints = Map::new();
    for a in &spec.actions {
        let ty = |p: &dts_spec::Param| match p.ty {
            dts_spec::Type::String => json!("string"),
            dts_spec::Type::Integer | dts_spec::Type::Long => json!("integer"),
            dts_spec::Type::Boolean => json!("boolean"),
            dts_spec::Type::Float | dts_spec::Type::Double => json!("number"),
            dts_spec::Type::Array => json!("array"),
            dts_spec::Type::Object => json!("object"),
            dts_spec::Type::Any => Value::Null,
        };
        let enums: Map<String, Value> = a
            .request
            .iter()
            .filter(|p| !p.enum_values.is_empty())
            .map(|p| {
                let values: Vec<&str> = p.enum_values.iter().map(|v| v.value.as_str()).collect();
                (p.name.clone(), json!(values))
            })
            .collect();
        schemas.insert(
            a.name.clone(),
            json!({
                "properties": a.request.iter().map(|p| &p.name).collect::<Vec<_>>(),
                "required": a.request.iter().filter(|p| p.required).map(|p| &p.name).collect::<Vec<_>>(),
                "types": a.request.iter().map(|p| (p.name.clone(), ty(p))).collect::<Map<_, _>>(),
                "enums": enums,
            }),
        );
        let access = a.access.unwrap();
        hints.insert(
            a.name.clone(),
            json!([
                access == Access::ReadOnly,
                access == Access::Destructive,
                a.idempotent
            ]),
        );
    }
    json!({
        "modes": {
            "": mode(&[Access::ReadOnly]),
            "--allow-write": mode(&[Access::ReadOnly, Access::Write]),
            "--allow-destructive": mode(&Access::ALL),
        },
        "schemas": schemas,
        "hints": hints,
    })
}

#[test]
#[ignore = "needs the MCP Python SDK: run with --ignored (installs it into a venv)"]
fn the_official_python_sdk_drives_the_server() {
    let python = python();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let emulator: RunningEmulator = runtime
        .block_on(
            Emulator::builder()
                .credentials("testid", SECRET)
                .seed_json(SEED)
                .start(),
        )
        .unwrap();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "mcp-sdk-{}-{}",
        std::process::id(),
        emulator.addr().port()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let expect = dir.join("expect.json");
    std::fs::write(&expect, expectations().to_string()).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mcp_sdk/client.py");
    let out = Command::new(&python)
        .arg(&script)
        .arg(env!("CARGO_BIN_EXE_dts"))
        .arg(emulator.url())
        .arg(&expect)
        .env_clear()
        .env("HOME", &dir)
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("ALIBABA_CLOUD_ACCESS_KEY_ID", "testid")
        .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET)
        .output()
        .unwrap();
    let jobs = emulator.jobs();
    runtime.block_on(emulator.shutdown());
    let _ = std::fs::remove_dir_all(&dir);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    let summary: Value = serde_json::from_str(stdout.trim()).unwrap();
    let counts = expectations()["modes"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_array().unwrap().len())
        .collect::<Vec<_>>();
    let mut listed: Vec<usize> = summary["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_u64().unwrap() as usize)
        .collect();
    listed.sort_unstable();
    let mut counts = counts;
    counts.sort_unstable();
    assert_eq!(listed, counts);
    assert!(jobs.is_empty(), "the delete removed the job: {jobs:?}");
    for text in [&stdout, &stderr] {
        assert!(!text.contains(SECRET), "the secret leaked: {text}");
    }
}
