//! The diff between the two real metadata snapshots, imported as the catalog would be.
//!
//! The 2025 snapshot has no responses, so diffing a plain 2025 import against a 2024 one would
//! report every response field of every action as removed: an artefact of the snapshot, not a
//! change of the API. The new side is therefore the catalog import (2025 requests merged with
//! 2024 responses, `merge_catalog`), which is also what the bundled spec is built from; the
//! last test shows the artefact the merge avoids.

#[path = "meta/common.rs"]
mod common;

use std::collections::BTreeSet;

use common::{api_names, import, Scratch, SNAPSHOT_2024, SNAPSHOT_2025};
use dts_import::diff::{diff, run_diff, ChangeKind, Impact, Subject};

#[test]
fn the_2025_snapshot_adds_13_apis_and_request_changes() {
    let dir = Scratch::new("diff-snapshots");
    let (old, new) = (dir.join("2024"), dir.join("2025"));
    import(&[SNAPSHOT_2024], &old);
    import(&[SNAPSHOT_2024, SNAPSHOT_2025], &new);

    let (before, after) = (common::load(&old), common::load(&new));
    let d = diff(&before, &after);
    let old_names: BTreeSet<String> = api_names(SNAPSHOT_2024).into_iter().collect();
    let expected: Vec<String> = api_names(SNAPSHOT_2025)
        .into_iter()
        .filter(|n| !old_names.contains(n))
        .collect();
    assert_eq!(expected.len(), 13);
    assert_eq!(d.added_actions(), expected);
    assert!(d.removed_actions().is_empty());
    assert!(d.is_breaking());

    let find = |action: &str, path: &str| {
        d.changes
            .iter()
            .filter(|c| c.action == action && c.path == path)
            .map(|c| (&c.kind, c.impact))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        find("DescribeDtsJobs", "SrcProductType"),
        [(
            &ChangeKind::Added {
                required: Some(false)
            },
            Impact::Compatible
        )]
    );
    assert_eq!(
        find("ModifyDtsJobPassword", "DtsJobId"),
        [(
            &ChangeKind::RequiredChanged {
                from: true,
                to: false
            },
            Impact::Breaking
        )]
    );
    assert_eq!(
        find("DescribeSynchronizationJobStatus", "RegionId"),
        [(&ChangeKind::EnumIntroduced { values: 35 }, Impact::Breaking)]
    );
    let region = find("DescribeDtsJobs", "RegionId");
    assert!(region.contains(&(
        &ChangeKind::ValueAdded {
            value: "na-south-1".to_owned()
        },
        Impact::Compatible
    )));
    assert!(region.contains(&(
        &ChangeKind::ValueRemoved {
            value: "ap-south-1".to_owned()
        },
        Impact::Breaking
    )));
    assert!(
        d.changes.iter().all(|c| c.subject != Subject::Response),
        "responses come from the 2024 snapshot on both sides"
    );

    let (text, breaking) = run_diff(&old, &new, false).unwrap();
    assert!(breaking);
    assert_eq!(text, d.to_text());
    expect_test::expect_file!["snapshots/diff_2024_to_2025.txt"].assert_eq(&text);

    let (json, _) = run_diff(&old, &new, true).unwrap();
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(report["breaking"], true);
    assert_eq!(report["summary"]["actions_added"], 13);
    assert_eq!(report["changes"].as_array().unwrap().len(), d.changes.len());
    let first_added = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "added" && c["subject"] == "action");
    assert_eq!(
        first_added.unwrap()["action"],
        "ConvertInstanceResourceGroup"
    );
}

#[test]
fn diffing_the_plain_2025_import_reports_every_response_removed() {
    let dir = Scratch::new("diff-raw");
    let (old, new) = (dir.join("2024"), dir.join("2025"));
    import(&[SNAPSHOT_2024], &old);
    import(&[SNAPSHOT_2025], &new);
    let d = diff(&common::load(&old), &common::load(&new));
    let gutted: BTreeSet<&str> = d
        .changes
        .iter()
        .filter(|c| c.subject == Subject::Response && c.kind == ChangeKind::Removed)
        .map(|c| c.action.as_str())
        .collect();
    assert_eq!(gutted.len(), 110);
}
