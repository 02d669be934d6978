//! `run_import`: writing entries, validating them, and the force / no-force behaviour.

mod doc_common;

use std::path::{Path, PathBuf};

use doc_common::{TempDir, PAGES, SEEDS, SPEC};
use dts_import::doc::{render, run_import, ChangeKind, ImportError, Outcome, ServiceSource};

fn seed(name: &str) -> PathBuf {
    Path::new(SEEDS).join(format!("{name}.txt"))
}

/// A spec directory holding the bundled `service.json` and no actions.
fn spec_dir(tag: &str) -> TempDir {
    let dir = TempDir::new(tag);
    std::fs::copy(
        Path::new(SPEC).join("service.json"),
        dir.path().join("service.json"),
    )
    .unwrap();
    dir
}

#[test]
fn creates_then_leaves_unchanged_entries() {
    let dir = spec_dir("create");
    let pages = [seed("ResetDtsJob"), seed("DeleteDtsJob")];
    let report = run_import(&pages, dir.path(), false).unwrap();
    assert_eq!(
        report.service,
        ServiceSource::OutDir(dir.path().to_path_buf())
    );
    assert_eq!(report.entries.len(), 2);
    for e in &report.entries {
        assert_eq!(e.outcome, Outcome::Created);
        assert!(e.warnings.is_empty(), "{:?}", e.warnings);
        let text = std::fs::read_to_string(&e.file).unwrap();
        assert!(text.ends_with("}\n"));
        assert_eq!(
            e.file,
            dir.path()
                .join("actions")
                .join(format!("{}.json", e.action))
        );
    }
    // The written directory is a valid spec.
    let loaded = dts_spec::load_dir(dir.path()).unwrap();
    assert_eq!(loaded.spec.actions.len(), 2);
    let again = run_import(&pages, dir.path(), false).unwrap();
    assert!(again
        .entries
        .iter()
        .all(|e| e.outcome == Outcome::Unchanged));
    assert_eq!(
        again.entries[0].to_string(),
        format!(
            "unchanged {} (from {})",
            again.entries[0].file.display(),
            pages[0].display()
        )
    );
}

#[test]
fn an_existing_entry_is_overwritten_only_with_force() {
    let dir = spec_dir("force");
    let page = seed("ResetSynchronizationJob");
    run_import(std::slice::from_ref(&page), dir.path(), false).unwrap();
    let file = dir.path().join("actions/ResetSynchronizationJob.json");
    // Someone edits the entry: a parameter dropped, a type changed, an error added.
    let mut edited: dts_spec::Action =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    edited.request.retain(|p| p.name != "AccountId");
    edited.response[0].ty = dts_spec::Type::Integer;
    edited.errors.push(dts_spec::ErrorCode {
        code: "Old.Error".into(),
        http_status: 400,
        message: None,
        description: None,
        retryable: None,
    });
    let edited_text = render(&edited);
    std::fs::write(&file, &edited_text).unwrap();

    let err = run_import(std::slice::from_ref(&page), dir.path(), false).unwrap_err();
    assert!(
        matches!(&err, ImportError::Exists { file: f, .. } if *f == file),
        "{err}"
    );
    assert!(err.to_string().contains("--force"));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        edited_text,
        "untouched without force"
    );

    let report = run_import(std::slice::from_ref(&page), dir.path(), true).unwrap();
    let Outcome::Overwritten(changes) = &report.entries[0].outcome else {
        panic!("expected an overwrite, got {:?}", report.entries[0].outcome)
    };
    let lines: Vec<String> = changes.iter().map(ToString::to_string).collect();
    assert!(
        lines.contains(&"added parameter `AccountId`".to_owned()),
        "{lines:#?}"
    );
    assert!(
        lines.contains(&"removed error `Old.Error`".to_owned()),
        "{lines:#?}"
    );
    assert!(
        lines.contains(&"changed response field `ErrCode`: type Integer -> String".to_owned()),
        "{lines:#?}"
    );
    assert_eq!(
        changes
            .iter()
            .filter(|c| c.kind == ChangeKind::Changed)
            .count(),
        1
    );
    assert!(report.entries[0].to_string().contains("3 changes"));
    assert_ne!(std::fs::read_to_string(&file).unwrap(), edited_text);
}

#[test]
fn nested_changes_are_named_by_path() {
    let dir = spec_dir("nested");
    let page = Path::new(PAGES).join("ListTagResources.txt");
    run_import(std::slice::from_ref(&page), dir.path(), false).unwrap();
    let file = dir.path().join("actions/ListTagResources.json");
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replace("\"TagKey\"", "\"Key\"");
    std::fs::write(&file, text).unwrap();
    let report = run_import(&[page], dir.path(), true).unwrap();
    let Outcome::Overwritten(changes) = &report.entries[0].outcome else {
        panic!()
    };
    let lines: Vec<String> = changes.iter().map(ToString::to_string).collect();
    assert!(
        lines.contains(&"added response field `TagResources.TagResource.TagKey`".to_owned()),
        "{lines:#?}"
    );
    assert!(
        lines.contains(&"removed response field `TagResources.TagResource.Key`".to_owned()),
        "{lines:#?}"
    );
}

#[test]
fn without_service_json_the_bundled_service_is_used() {
    let dir = TempDir::new("bundled");
    let report = run_import(
        &[Path::new(PAGES).join("DescribeSynchronizationJobs.txt")],
        dir.path(),
        false,
    )
    .unwrap();
    assert_eq!(report.service, ServiceSource::Bundled);
    assert!(report.service.to_string().contains("bundled"));
    assert!(dir
        .path()
        .join("actions/DescribeSynchronizationJobs.json")
        .is_file());
    assert!(!dir.path().join("service.json").exists());
}

#[test]
fn nothing_is_written_when_any_page_fails() {
    let dir = TempDir::new("atomic");
    let pages = [seed("ResetDtsJob"), seed("ResetDtsJob")];
    let err = run_import(&pages, dir.path(), false).unwrap_err();
    assert!(
        matches!(err, ImportError::DuplicateAction { ref action, .. } if action == "ResetDtsJob"),
        "{err}"
    );
    let missing = [seed("ResetDtsJob"), PathBuf::from("/nonexistent/Page.txt")];
    let err = run_import(&missing, dir.path(), false).unwrap_err();
    assert!(matches!(err, ImportError::Read { .. }), "{err}");
    assert!(err.to_string().contains("/nonexistent/Page.txt"));
    assert!(!dir.path().join("actions").exists());
    assert!(matches!(
        run_import(&[], dir.path(), false),
        Err(ImportError::NoPages)
    ));
}

#[test]
fn an_entry_clashing_with_the_existing_spec_is_rejected() {
    let dir = spec_dir("clash");
    std::fs::create_dir_all(dir.path().join("actions")).unwrap();
    // `DescribeDtsip` and `DescribeDTSIP` would both become `describe_dtsip`.
    std::fs::write(
        dir.path().join("actions/DescribeDtsip.json"),
        "{\"name\": \"DescribeDtsip\", \"request\": [], \"response\": []}\n",
    )
    .unwrap();
    let err = run_import(
        &[Path::new(PAGES).join("DescribeDTSIP.zh.txt")],
        dir.path(),
        false,
    )
    .unwrap_err();
    let ImportError::Invalid {
        action,
        diagnostics,
        ..
    } = &err
    else {
        panic!("{err}")
    };
    assert_eq!(action, "DescribeDTSIP");
    assert!(
        diagnostics[0].message.contains("describe_dtsip"),
        "{diagnostics:?}"
    );
    assert!(!dir.path().join("actions/DescribeDTSIP.json").exists());
}

#[test]
fn a_page_without_an_action_name_is_an_error() {
    let dir = TempDir::new("noname");
    let page = dir.path().join("page.txt");
    std::fs::write(
        &page,
        "Does something.\n\nResponse parameters\n\nRequestId String abc\n",
    )
    .unwrap();
    let err = run_import(std::slice::from_ref(&page), &dir.path().join("out"), false).unwrap_err();
    assert!(matches!(err, ImportError::NoActionName { .. }), "{err}");
    // The file name is the last resort.
    let named = dir.path().join("DoSomething.txt");
    std::fs::copy(&page, &named).unwrap();
    let report = run_import(&[named], &dir.path().join("out"), false).unwrap();
    assert_eq!(report.entries[0].action, "DoSomething");
    assert!(report
        .warnings()
        .any(|w| w.message.contains("no request parameters section")));
}

#[test]
fn invalid_utf8_is_replaced_with_a_warning() {
    let dir = TempDir::new("utf8");
    let page = dir.path().join("ResetDtsJob.txt");
    let mut bytes = std::fs::read(seed("ResetDtsJob")).unwrap();
    bytes.splice(0..0, [0xff, 0xfe, b'\n']);
    std::fs::write(&page, bytes).unwrap();
    let report = run_import(&[page], &dir.path().join("out"), false).unwrap();
    let first = report.warnings().next().unwrap();
    assert!(first.message.contains("not valid UTF-8"), "{first}");
}
