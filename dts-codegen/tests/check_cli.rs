//! The `dts-codegen check` command line: exit codes and output.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The bundled spec directory, `dts-spec/specs`.
const SPEC_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../dts-spec/specs");

fn copy_spec(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dts-check-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("actions")).unwrap();
    let src = Path::new(SPEC_DIR);
    for f in dts_spec::spec_files(src).unwrap() {
        std::fs::copy(&f, dir.join(f.strip_prefix(src).unwrap())).unwrap();
    }
    dir
}

fn check(dir: &Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_dts-codegen"))
        .arg("check")
        .arg(dir)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn bundled_spec_checks_clean() {
    let (code, stdout, stderr) = check(Path::new(SPEC_DIR));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout.trim(),
        format!(
            "{} actions, 0 problems",
            dts_spec::bundled().unwrap().actions.len()
        )
    );
}

#[test]
fn two_broken_files_give_both_problems_and_exit_1() {
    let dir = copy_spec("broken");
    let edit = |rel: &str, f: &dyn Fn(&mut serde_json::Value)| {
        let p = dir.join(rel);
        let mut v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        f(&mut v);
        std::fs::write(&p, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    };
    edit("actions/ResetDtsJob.json", &|v| {
        v["request"][2]["default"] = "Sideways".into()
    });
    edit("actions/DeleteDtsJob.json", &|v| {
        let dup = v["request"][1].clone();
        v["request"].as_array_mut().unwrap().push(dup);
    });
    let spec = dts_spec::bundled().unwrap();
    let dup_at = spec.action("DeleteDtsJob").unwrap().request.len();
    let (code, stdout, stderr) = check(&dir);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(code, 1);
    assert_eq!(stdout, "");
    assert_eq!(
        stderr,
        format!(
            "actions/DeleteDtsJob.json: /request/{dup_at}/name: duplicate parameter \
             `DtsInstanceId`\n\
             actions/ResetDtsJob.json: /request/2/default: \"Sideways\" is not one of Forward, \
             Reverse\n\
             2 problems\n"
        )
    );
}

#[test]
fn missing_directory_exits_1() {
    let (code, _, stderr) = check(Path::new("/nonexistent/spec-dir"));
    assert_eq!(code, 1);
    assert!(stderr.contains("cannot read"), "{stderr}");
}
