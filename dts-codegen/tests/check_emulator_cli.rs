//! `dts-codegen check` validates the emulator's declarations (`emulator.json`) too.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The bundled spec directory, `dts-spec/specs`.
const SPEC_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../dts-spec/specs");

fn copy_spec(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dts-check-emu-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("actions")).unwrap();
    let src = Path::new(SPEC_DIR);
    for f in dts_spec::spec_files(src).unwrap() {
        std::fs::copy(&f, dir.join(f.strip_prefix(src).unwrap())).unwrap();
    }
    let emulator = dts_spec::emulator::EMULATOR_FILE;
    std::fs::copy(src.join(emulator), dir.join(emulator)).unwrap();
    dir
}

fn check(dir: &Path) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_dts-codegen"))
        .arg("check")
        .arg(dir)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_broken_emulator_file_fails_the_check_with_located_problems() {
    let dir = copy_spec("broken");
    let (code, stderr) = check(&dir);
    assert_eq!(code, 0, "the copy checks clean: {stderr}");
    let path = dir.join("emulator.json");
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    v["actions"]["SuspendSynchronizationJob"]["from"] = serde_json::json!(["Modifying"]);
    v["actions"]["StartDtsJob"]["errors"] = serde_json::json!({"wrong_status": "made_up"});
    v["errors"]["made_up"] = serde_json::json!({"code": "OperationDenied.JobStatusModifyError",
        "http_status": 403, "message": "m"});
    std::fs::write(&path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    let (code, stderr) = check(&dir);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("emulator.json")
            && stderr.contains("/actions/SuspendSynchronizationJob/from/0")
            && stderr.contains("status `Modifying` is unreachable"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error code `OperationDenied.JobStatusModifyError` (wrong_status) is not documented for `StartDtsJob`"),
        "{stderr}"
    );
    std::fs::write(
        &path,
        "{\"kinds\": {}, \"errors\": {}, \"actions\": {}, \"extra\": 1}",
    )
    .unwrap();
    let (code, stderr) = check(&dir);
    assert_eq!(code, 1);
    assert!(stderr.contains("unknown field `extra`"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}
