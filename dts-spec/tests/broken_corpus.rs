//! The broken-spec corpus: every directory under `tests/broken/` is one case, with the exact
//! diagnostics it must produce in its `expected.txt`, one per line.
//!
//! A case is a spec directory (it has a `service.json` or an `actions/` folder, and is loaded
//! with `load_dir`), a `sources/` folder (its files are loaded with `load_sources` under their
//! paths relative to it, as embedded specs are), or a single action file `<Action>.json`,
//! loaded with `load_sources` as `actions/<Action>.json` beside the valid
//! `base-service.json`. A spec that
//! loads prints `ok` and then its warnings. `$CASE` stands for the case's directory in
//! messages that name a path. Run with `DTS_BLESS=1` to rewrite the expected files after an
//! intended change, then review the diff.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use dts_spec::{load_dir, load_sources, Diagnostic, Loaded, SourceFile};

const BROKEN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/broken");

fn cases() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(BROKEN)
        .expect("tests/broken exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// The diagnostics of a case, as `expected.txt` holds them.
fn run(case: &Path) -> String {
    let result = if case.join("service.json").exists() || case.join("actions").exists() {
        load_dir(case)
    } else if case.join("sources").is_dir() {
        load_sources(&sources(&case.join("sources")))
    } else {
        load_sources(&single_action(case))
    };
    let mut out = String::new();
    let lines: Vec<&Diagnostic> = match &result {
        Ok(Loaded { warnings, .. }) => {
            out.push_str("ok\n");
            warnings.iter().collect()
        }
        Err(diags) => diags.iter().collect(),
    };
    for d in lines {
        let _ = writeln!(out, "{d}");
    }
    out.replace(&case.display().to_string(), "$CASE")
}

/// Every file under `root`, with its path relative to `root`.
fn sources(root: &Path) -> Vec<SourceFile> {
    let mut files = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("sources dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let rel = path.strip_prefix(root).unwrap().to_string_lossy();
            files.push(SourceFile {
                path: rel.replace('\\', "/"),
                contents: std::fs::read_to_string(&path).expect("source file"),
            });
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// `base-service.json` and the case's one `.json` file as `actions/<file>`.
fn single_action(case: &Path) -> Vec<SourceFile> {
    let base = std::fs::read_to_string(Path::new(BROKEN).join("base-service.json"))
        .expect("base-service.json");
    let mut files = vec![SourceFile {
        path: "service.json".to_owned(),
        contents: base,
    }];
    let mut jsons: Vec<PathBuf> = std::fs::read_dir(case)
        .expect("case dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    assert_eq!(
        jsons.len(),
        1,
        "{}: one action file expected",
        case.display()
    );
    let path = jsons.remove(0);
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    files.push(SourceFile {
        path: format!("actions/{name}"),
        contents: std::fs::read_to_string(&path).expect("action file"),
    });
    files
}

#[test]
fn every_case_gives_exactly_its_expected_diagnostics() {
    let bless = std::env::var_os("DTS_BLESS").is_some();
    let cases = cases();
    assert!(cases.len() >= 30, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let got = run(case);
        let expected_path = case.join("expected.txt");
        if bless {
            std::fs::write(&expected_path, &got).expect("write expected.txt");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if got != expected {
            failures.push(format!(
                "{}\n--- expected\n{expected}--- got\n{got}",
                case.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The message of every check in `load.rs` and `validate.rs` (and serde's shape errors): each
/// must appear in some case's `expected.txt`, so a new check without a case fails here.
const MESSAGES: &[&str] = &[
    "invalid JSON at line",
    "trailing characters",
    "unknown field `",
    "missing field `",
    "unknown variant `",
    "invalid type: ",
    "invalid value: ",
    "cannot read `$CASE/service.json`",
    "cannot read `$CASE/actions`",
    "not a `.json` file, ignored",
    "the spec has no actions",
    "missing `service.json`",
    "`product` is empty",
    "`version` is empty",
    "is not supported, expected `RPC`",
    "is not a host name",
    "error code is empty",
    "cannot become a variant",
    "duplicate error code",
    "is not an HTTP status code",
    "must be in `actions/",
    "is also generated by",
    "is not PascalCase ASCII",
    "`methods` is empty",
    "duplicate parameter",
    "is a common parameter the client sends itself",
    "(documented only): keep one",
    "cannot become a Rust identifier; set `rust_name`",
    "is not a snake_case Rust identifier",
    "both become `",
    "is not an UpperCamelCase Rust type name",
    "cannot have a default",
    "is not one of",
    "is not a valid Integer",
    "is above maximum",
    "is above max_length",
    "does not apply to a parameter of type",
    "duplicate field",
    "`accepts` only relates scalar types",
    "an `Array` needs `items`",
    "`items` given for type",
    "an `Object` without `fields` is kept as raw JSON",
    "`fields` given for type",
    "valid values given for type",
    "duplicate valid value",
    "cannot become an enum variant",
    "both become variant",
];

#[test]
fn the_corpus_covers_every_check() {
    let mut all = String::new();
    for case in cases() {
        all.push_str(&std::fs::read_to_string(case.join("expected.txt")).unwrap_or_default());
    }
    let missing: Vec<&&str> = MESSAGES.iter().filter(|m| !all.contains(**m)).collect();
    assert!(missing.is_empty(), "no case produces {missing:?}");
}

#[test]
fn independent_mistakes_are_all_reported() {
    // The `many-mistakes` case holds several unrelated errors in two files: all are reported,
    // none hides another.
    let got = run(&Path::new(BROKEN).join("many-mistakes"));
    assert!(got.lines().count() >= 5, "{got}");
    assert!(
        got.contains("service.json: ") && got.contains("actions/"),
        "{got}"
    );
}
