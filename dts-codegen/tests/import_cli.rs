//! The `import-doc`, `import-meta` and `diff` subcommands, end to end through the binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The bundled spec directory, `dts-spec/specs`.
const SPEC_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../dts-spec/specs");

/// Test data of `dts-import`: stand-ins for the seed pages and the metadata's facts-only extract.
const IMPORT_TESTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../dts-import/tests");

fn codegen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dts-codegen"))
        .args(args)
        .output()
        .unwrap()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dts-import-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn copy_bundled(to: &Path) {
    std::fs::create_dir_all(to.join("actions")).unwrap();
    let src = Path::new(SPEC_DIR);
    for f in dts_spec::spec_files(src).unwrap() {
        std::fs::copy(&f, to.join(f.strip_prefix(src).unwrap())).unwrap();
    }
}

#[test]
fn import_doc_writes_checkable_entries_and_refuses_to_overwrite() {
    let out = scratch("doc");
    std::fs::copy(
        Path::new(SPEC_DIR).join("service.json"),
        out.join("service.json"),
    )
    .unwrap();
    let page = format!("{IMPORT_TESTS}/seed-pages/StartSynchronizationJob.txt");
    let first = codegen(&["import-doc", &page, "-o", out.to_str().unwrap()]);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    assert!(out.join("actions/StartSynchronizationJob.json").is_file());
    let check = codegen(&["check", out.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
    assert_eq!(text(&check.stdout).trim(), "1 actions, 0 problems");

    let path = out.join("actions/StartSynchronizationJob.json");
    let edited = std::fs::read_to_string(&path)
        .unwrap()
        .replace("\"required\": true", "\"required\": false");
    std::fs::write(&path, edited).unwrap();
    let again = codegen(&["import-doc", &page, "-o", out.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1));
    let forced = codegen(&["import-doc", &page, "-o", out.to_str().unwrap(), "--force"]);
    assert_eq!(forced.status.code(), Some(0), "{}", text(&forced.stderr));
    assert!(
        text(&forced.stdout).contains("SynchronizationJobId"),
        "{}",
        text(&forced.stdout)
    );
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn import_meta_imports_every_api_of_the_2024_snapshot() {
    let out = scratch("meta");
    let meta = format!("{IMPORT_TESTS}/data/dts-2020-01-01.api-docs.2024-08.json");
    let run = codegen(&["import-meta", &meta, "-o", out.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    let check = codegen(&["check", out.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
    assert!(
        text(&check.stdout).starts_with("110 actions, 0 problems"),
        "{}",
        text(&check.stdout)
    );
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn diff_exit_code_says_whether_a_change_breaks_users() {
    let old = scratch("diff-old");
    let new = scratch("diff-new");
    copy_bundled(&old);
    copy_bundled(&new);
    let same = codegen(&["diff", old.to_str().unwrap(), new.to_str().unwrap()]);
    assert_eq!(same.status.code(), Some(0), "{}", text(&same.stderr));

    let path = new.join("actions/ResetDtsJob.json");
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    v["request"][1]["required"] = true.into();
    std::fs::write(&path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    let breaking = codegen(&["diff", old.to_str().unwrap(), new.to_str().unwrap()]);
    assert_eq!(
        breaking.status.code(),
        Some(1),
        "{}",
        text(&breaking.stderr)
    );
    let report = text(&breaking.stdout);
    assert!(
        report.contains("ResetDtsJob") && report.contains("DtsInstanceId"),
        "{report}"
    );
    assert!(report.contains("BREAKING"), "{report}");
    let json = codegen(&[
        "diff",
        "--json",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
    ]);
    assert_eq!(json.status.code(), Some(1));
    serde_json::from_slice::<serde_json::Value>(&json.stdout).unwrap();

    let missing = codegen(&["diff", old.to_str().unwrap(), "/nonexistent/spec"]);
    assert_eq!(missing.status.code(), Some(2));
    std::fs::remove_dir_all(&old).unwrap();
    std::fs::remove_dir_all(&new).unwrap();
}

/// The generated APIs are compared too: a parameter retyped from `String` to `Integer`
/// changes its setter's signature, which the API section names as breaking; an added action
/// only adds.
#[test]
fn diff_compares_the_generated_apis() {
    let old = scratch("api-old");
    let new = scratch("api-new");
    copy_bundled(&old);
    copy_bundled(&new);
    let path = new.join("actions/DescribeDtsJobDetail.json");
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let params = v["request"].as_array_mut().unwrap();
    let at = params
        .iter()
        .position(|p| p["name"] == "DtsInstanceID")
        .expect("DescribeDtsJobDetail has DtsInstanceID");
    params[at]["type"] = "Integer".into();
    params[at].as_object_mut().unwrap().remove("example");
    std::fs::write(&path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    let out = codegen(&["diff", old.to_str().unwrap(), new.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    let api = &report[report
        .find("generated API: breaking")
        .expect("an API section")..];
    assert!(
        api.lines().any(|l| l.contains("breaking    - ")
            && l.contains("DescribeDtsJobDetailRequest::fn dts_instance_id")
            && l.contains("impl Into < String >")),
        "{api}"
    );
    assert!(
        api.lines().any(|l| l.contains("compatible  + ")
            && l.contains("DescribeDtsJobDetailInput.dts_instance_id: Option < i32 >")),
        "{api}"
    );
    std::fs::remove_dir_all(&old).unwrap();
    std::fs::remove_dir_all(&new).unwrap();
}

/// A page with no parameter or field table is an error that names the page, unless
/// `--allow-empty` says an entry without them is wanted.
#[test]
fn import_doc_refuses_an_empty_page_unless_allowed() {
    let out = scratch("empty");
    let page = out.join("DescribeNothing.md");
    std::fs::write(
        &page,
        "# DescribeNothing\n\nReturns nothing this page documents.\n\n## Examples\n\nNone.\n",
    )
    .unwrap();
    let args = [
        "import-doc",
        page.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    let refused = codegen(&args);
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused.stdout));
    assert!(
        text(&refused.stderr).contains("DescribeNothing.md"),
        "{}",
        text(&refused.stderr)
    );
    assert!(!out.join("actions/DescribeNothing.json").exists());
    let allowed = codegen(&[&args[..], &["--allow-empty"]].concat());
    assert_eq!(allowed.status.code(), Some(0), "{}", text(&allowed.stderr));
    assert!(out.join("actions/DescribeNothing.json").is_file());
    std::fs::remove_dir_all(&out).unwrap();
}
