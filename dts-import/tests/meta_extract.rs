//! The metadata the plain suite reads (`tests/data/*.json`) is a facts-only extract of Alibaba's
//! API metadata: the same documents with every piece of prose (titles, summaries, descriptions,
//! the per-API prose blocks and the table of contents) left out, and nothing else changed.
//!
//! The upstream suite checks that the committed extract is exactly that of the snapshots in
//! `$DTS_UPSTREAM_DIR/metadata`; `DTS_BLESS=1` rewrites it from them.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

/// Keys that hold prose wherever they appear (outside `properties` maps, whose keys are field
/// names).
const PROSE: &[&str] = &[
    "title",
    "summary",
    "description",
    "requestParamsDescription",
    "responseParamsDescription",
    "extraInfo",
];

/// Top-level keys that hold only prose.
const PROSE_ROOT: &[&str] = &["directories"];

const FILES: [&str; 2] = [
    "dts-2020-01-01.api-docs.2024-08.json",
    "dts-2020-01-01.requests-only.2025-12.json",
];

fn extract(v: &Value, in_properties: bool) -> Value {
    match v {
        Value::Object(map) => {
            let mut out = Map::new();
            for (k, child) in map {
                if !in_properties && PROSE.contains(&k.as_str()) {
                    continue;
                }
                out.insert(
                    k.clone(),
                    extract(child, !in_properties && k == "properties"),
                );
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(|i| extract(i, false)).collect()),
        other => other.clone(),
    }
}

fn extract_document(text: &str) -> String {
    let mut doc: Value = serde_json::from_str(text).expect("the metadata is JSON");
    let root = doc.as_object_mut().expect("the metadata is an object");
    for key in PROSE_ROOT {
        root.remove(*key);
    }
    let mut out = serde_json::to_string(&extract(&doc, false)).unwrap();
    out.push('\n');
    out
}

fn committed(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

#[test]
#[ignore = "upstream suite: set DTS_UPSTREAM_DIR to the shared directory and run with --ignored"]
fn the_committed_extract_is_the_upstream_metadata_without_prose() {
    let dir = std::env::var_os("DTS_UPSTREAM_DIR")
        .expect("DTS_UPSTREAM_DIR must name the directory holding `metadata/`");
    for name in FILES {
        let upstream = Path::new(&dir).join("metadata").join(name);
        let text = std::fs::read_to_string(&upstream)
            .unwrap_or_else(|e| panic!("{}: {e}", upstream.display()));
        let want = extract_document(&text);
        if std::env::var_os("DTS_BLESS").is_some() {
            std::fs::write(committed(name), &want).unwrap();
            continue;
        }
        let got = std::fs::read_to_string(committed(name)).unwrap();
        assert!(
            got == want,
            "tests/data/{name} is not the extract of {}; rerun with DTS_BLESS=1",
            upstream.display()
        );
    }
}

#[test]
fn the_committed_extract_holds_no_prose() {
    fn walk(v: &Value, in_properties: bool, at: &str) {
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    assert!(
                        in_properties || !PROSE.contains(&k.as_str()),
                        "prose key `{k}` at {at}"
                    );
                    walk(
                        child,
                        !in_properties && k == "properties",
                        &format!("{at}/{k}"),
                    );
                }
            }
            Value::Array(items) => items.iter().for_each(|i| walk(i, false, at)),
            _ => {}
        }
    }
    for name in FILES {
        let doc: Value =
            serde_json::from_str(&std::fs::read_to_string(committed(name)).unwrap()).unwrap();
        for key in PROSE_ROOT {
            assert!(doc.get(key).is_none(), "{name}: `{key}`");
        }
        walk(&doc, false, name);
        assert!(doc["apis"].as_object().unwrap().len() >= 110, "{name}");
    }
}
