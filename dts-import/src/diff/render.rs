//! The diff as text for people and as JSON for tools.

use std::fmt::Write as _;

use serde::Serialize;

use super::{Change, ChangeKind, Diff, Impact, Subject};

pub(super) fn text(diff: &Diff) -> String {
    let mut out = String::new();
    let mut group: Option<&str> = None;
    for c in &diff.changes {
        if group != Some(c.action.as_str()) {
            let title = if c.action.is_empty() {
                "(service)"
            } else {
                c.action.as_str()
            };
            let _ = writeln!(out, "{title}");
            group = Some(c.action.as_str());
        }
        let mark = match c.impact {
            Impact::Breaking => "BREAKING  ",
            Impact::Compatible => "compatible",
        };
        let _ = writeln!(out, "  {mark}  {}", describe(c));
    }
    if !diff.changes.is_empty() {
        out.push('\n');
    }
    out.push_str(&summary(diff));
    out.push('\n');
    out
}

fn summary(diff: &Diff) -> String {
    if diff.changes.is_empty() {
        return "no changes".to_owned();
    }
    let breaking = diff
        .changes
        .iter()
        .filter(|c| c.impact == Impact::Breaking)
        .count();
    let (added, removed) = (diff.added_actions().len(), diff.removed_actions().len());
    format!(
        "{} changes: {breaking} breaking, {} compatible; {added} actions added, {removed} removed",
        diff.changes.len(),
        diff.changes.len() - breaking
    )
}

/// One change as a phrase: `request parameter `RegionId`: valid value "me-central-1" added`.
fn describe(c: &Change) -> String {
    let noun = match c.subject {
        Subject::Endpoint => format!("endpoint for region `{}`", c.path),
        Subject::CommonError => format!("common error code `{}`", c.path),
        Subject::Action => "action".to_owned(),
        Subject::Request => format!("request parameter `{}`", c.path),
        Subject::Response => format!("response field `{}`", c.path),
        Subject::Error => format!("error code `{}`", c.path),
    };
    let opt = |v: &Option<String>| v.as_ref().map_or("none".to_owned(), |v| format!("\"{v}\""));
    match &c.kind {
        ChangeKind::Added {
            required: Some(true),
        } => format!("{noun} added (required)"),
        ChangeKind::Added {
            required: Some(false),
        } => format!("{noun} added (optional)"),
        ChangeKind::Added { required: None } => format!("{noun} added"),
        ChangeKind::Removed => format!("{noun} removed"),
        ChangeKind::RequiredChanged { to: true, .. } => format!("{noun} is now required"),
        ChangeKind::RequiredChanged { to: false, .. } => format!("{noun} is no longer required"),
        ChangeKind::TypeChanged { from, to } => format!("{noun} changed type from {from} to {to}"),
        ChangeKind::ValueAdded { value } => format!("{noun}: valid value \"{value}\" added"),
        ChangeKind::ValueRemoved { value } => format!("{noun}: valid value \"{value}\" removed"),
        ChangeKind::EnumIntroduced { values } => {
            format!("{noun}: {values} valid values documented, now an enum")
        }
        ChangeKind::EnumDropped => format!("{noun}: valid values dropped, no longer an enum"),
        ChangeKind::RustNameChanged { from, to } => {
            format!("{noun}: Rust name `{from}` is now `{to}`")
        }
        ChangeKind::TypeNameChanged { from, to } => format!("{noun}: type `{from}` is now `{to}`"),
        ChangeKind::DefaultChanged { from, to } => {
            format!("{noun}: default {} is now {}", opt(from), opt(to))
        }
        ChangeKind::LocationChanged { from, to } => {
            format!("{noun}: sent in the {to} instead of the {from}")
        }
        ChangeKind::StyleChanged { from, to } => format!("{noun}: style {from} is now {to}"),
        ChangeKind::DeprecatedChanged { to: true } => format!("{noun} deprecated"),
        ChangeKind::DeprecatedChanged { to: false } => format!("{noun} no longer deprecated"),
        ChangeKind::IdempotentChanged { to: true } => format!("{noun} is now idempotent"),
        ChangeKind::IdempotentChanged { to: false } => format!("{noun} is no longer idempotent"),
        ChangeKind::MethodsChanged { from, to } => format!("{noun} methods {from} are now {to}"),
        ChangeKind::EndpointChanged { from, to } => format!("{noun}: `{from}` is now `{to}`"),
    }
}

#[derive(Serialize)]
struct Report<'a> {
    breaking: bool,
    summary: Summary,
    changes: &'a [Change],
}

#[derive(Serialize)]
struct Summary {
    changes: usize,
    breaking: usize,
    compatible: usize,
    actions_added: usize,
    actions_removed: usize,
}

pub(super) fn json(diff: &Diff) -> String {
    let breaking = diff
        .changes
        .iter()
        .filter(|c| c.impact == Impact::Breaking)
        .count();
    let report = Report {
        breaking: breaking > 0,
        summary: Summary {
            changes: diff.changes.len(),
            breaking,
            compatible: diff.changes.len() - breaking,
            actions_added: diff.added_actions().len(),
            actions_removed: diff.removed_actions().len(),
        },
        changes: &diff.changes,
    };
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}
