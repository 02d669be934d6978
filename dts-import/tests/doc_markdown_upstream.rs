//! The markdown pages against Alibaba's API metadata (upstream suite): each page's import
//! recalls at least 95 % of the action's request parameters and response fields (by path, so
//! nesting counts), agrees with the metadata on type and required flag for at least 95 % of
//! them, and invents none.

mod markdown_common;

use std::path::PathBuf;

use markdown_common::{facts, import, metadata_facts, pages, wire_type, Fact};
use serde_json::Value;

fn upstream() -> PathBuf {
    let dir = std::env::var_os("DTS_UPSTREAM_DIR").expect(
        "DTS_UPSTREAM_DIR must name the shared directory (the one holding metadata/) for the upstream suite",
    );
    PathBuf::from(dir)
}

fn metadata() -> Value {
    let path = upstream()
        .join("metadata")
        .join("dts-2020-01-01.api-docs.2024-08.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn ours(f: &Fact) -> (String, String, String, bool) {
    (f.side.to_owned(), f.path.clone(), wire_type(f), f.required)
}

#[test]
#[ignore = "upstream suite: set DTS_UPSTREAM_DIR to the shared directory and run with --ignored"]
fn markdown_pages_agree_with_the_metadata() {
    let meta = metadata();
    let mut report = Vec::new();
    let mut failures = Vec::new();
    for page in pages() {
        let imp = import(&page);
        let name = imp.action.name.clone();
        let api = &meta["apis"][&name];
        assert!(api.is_object(), "{name} is not in the metadata");
        let want = metadata_facts(api);
        let got: Vec<_> = facts(&imp.action)
            .iter()
            .filter(|f| f.side != "error")
            .map(ours)
            .collect();
        let key = |f: &(String, String, String, bool)| (f.0.clone(), f.1.clone());
        let found: Vec<_> = want
            .iter()
            .filter_map(|w| got.iter().find(|g| key(g) == key(w)).map(|g| (w, g)))
            .collect();
        let agree = found
            .iter()
            .filter(|(w, g)| w.2 == g.2 && w.3 == g.3)
            .count();
        let invented: Vec<String> = got
            .iter()
            .filter(|g| !want.iter().any(|w| key(w) == key(g)))
            .map(|g| format!("{} {}", g.0, g.1))
            .collect();
        let recall = found.len() as f64 / want.len().max(1) as f64;
        let agreement = agree as f64 / found.len().max(1) as f64;
        report.push(format!(
            "{name}: recall {:.1} % ({}/{}), agreement {:.1} % ({agree}/{}), invented {}",
            recall * 100.0,
            found.len(),
            want.len(),
            agreement * 100.0,
            found.len(),
            invented.len()
        ));
        let disagreeing: Vec<String> = found
            .iter()
            .filter(|(w, g)| !(w.2 == g.2 && w.3 == g.3))
            .map(|(w, g)| format!("{}: metadata {} {}, page {} {}", w.1, w.2, w.3, g.2, g.3))
            .collect();
        if recall < 0.95 || agreement < 0.95 || !invented.is_empty() {
            let missing: Vec<&String> = want
                .iter()
                .filter(|w| !got.iter().any(|g| key(g) == key(w)))
                .map(|w| &w.1)
                .collect();
            failures.push(format!(
                "{name}: missing {missing:?}, invented {invented:?}, disagreeing {disagreeing:?}"
            ));
        }
    }
    println!("{}", report.join("\n"));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The committed expectations hold facts only: every name in them is a name the metadata has.
#[test]
#[ignore = "upstream suite: set DTS_UPSTREAM_DIR to the shared directory and run with --ignored"]
fn committed_expectations_name_only_metadata_facts() {
    let meta = metadata();
    for page in pages() {
        let imp = import(&page);
        let api = &meta["apis"][&imp.action.name];
        let codes: Vec<&str> = api["errorCodes"]
            .as_object()
            .into_iter()
            .flatten()
            .flat_map(|(_, v)| v.as_array().into_iter().flatten())
            .filter_map(|e| e["errorCode"].as_str())
            .collect();
        for e in &imp.action.errors {
            assert!(
                codes.contains(&e.code.as_str()),
                "{}: error code {} is not in the metadata",
                imp.action.name,
                e.code
            );
        }
    }
}
