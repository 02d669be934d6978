//! From an import to the actions to write: overrides, existing entries, the last checks that
//! keep the result valid, and names.

use std::collections::{BTreeMap, BTreeSet};

use dts_spec::diagnostic::Pointer;
use dts_spec::load::{ACTIONS_DIR, SERVICE_FILE};
use dts_spec::validate::scalar_parses;
use dts_spec::{Action, Service, SourceFile};
use serde::Serialize;

use super::error::Warning;
use super::merge::merge_into_existing;
use super::overrides::{find_field, Overrides};
use super::{naming, remove_common, Import};

/// The spec an import produces, before it is validated and written.
#[derive(Debug, Clone, PartialEq)]
pub struct Built {
    /// The service: the existing one when given, else the imported one.
    pub service: Service,
    /// Every imported action, merged into its existing entry where there is one, sorted.
    pub actions: Vec<Action>,
    /// Names of the actions that were merged into existing entries.
    pub merged: BTreeSet<String>,
    /// The import's warnings, then those of this step.
    pub warnings: Vec<Warning>,
}

impl Built {
    /// The spec files this build would write (`service.json` and one `actions/<Action>.json`
    /// per action, as pretty JSON), for validating with [`dts_spec::load_sources`] in memory.
    pub fn sources(&self) -> Vec<SourceFile> {
        let mut files = vec![SourceFile {
            path: SERVICE_FILE.to_owned(),
            contents: to_json(&self.service),
        }];
        files.extend(self.actions.iter().map(|a| SourceFile {
            path: format!("{ACTIONS_DIR}/{}.json", a.name),
            contents: to_json(a),
        }));
        files
    }
}

/// Pretty JSON with two-space indentation and a final newline, as spec files are kept.
pub(crate) fn to_json<T: Serialize>(value: &T) -> String {
    // The spec model has only string map keys and finite numbers, so this cannot fail.
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// Applies `overrides` to the imported actions, merges them into the `existing` entries of
/// the same name (which win, see [`merge_into_existing`]), drops what would not validate
/// (with a warning) and assigns Rust names. `service` is the existing `service.json`, if it
/// is to be kept: error codes it lists as common are not repeated per action.
pub fn build(
    import: &Import,
    overrides: Option<&Overrides>,
    existing: &BTreeMap<String, Action>,
    service: Option<&Service>,
) -> Built {
    let mut warnings = import.warnings.clone();
    let mut actions = import.actions.clone();
    if let Some(o) = overrides {
        o.apply(&mut actions, &mut warnings);
    }
    let service = service.cloned().unwrap_or_else(|| import.service.clone());
    let mut merged = BTreeSet::new();
    for action in &mut actions {
        remove_common(&mut action.errors, &service.common_errors);
        if let Some(entry) = existing.get(&action.name) {
            if let Some(o) = overrides {
                shadowed(o, entry, &mut warnings);
            }
            *action = merge_into_existing(entry, action);
            merged.insert(action.name.clone());
        }
        sanitize(action, &mut warnings);
        naming::assign(action);
    }
    Built {
        service,
        actions,
        merged,
        warnings,
    }
}

/// Warns about overrides that an existing entry makes pointless.
fn shadowed(o: &Overrides, entry: &Action, warnings: &mut Vec<Warning>) {
    let Some(ao) = o.actions.get(&entry.name) else {
        return;
    };
    let at = Pointer::root().join("actions").join(&entry.name);
    let mut warn = |at: Pointer, what: String| {
        warnings.push(Warning {
            source: o.source().to_owned(),
            api: Some(entry.name.clone()),
            pointer: at.to_string(),
            message: format!(
                "{what} is already in the existing entry, which wins: override has no effect"
            ),
        });
    };
    if ao.idempotent.is_some()
        || ao.deprecated.is_some()
        || (ao.access.is_some() && entry.access.is_some())
    {
        warn(at.clone(), "the action".to_owned());
    }
    for name in ao.params.keys().filter(|p| entry.param(p).is_some()) {
        warn(at.join("params").join(name), format!("parameter `{name}`"));
    }
    for (i, param) in ao.add_params.iter().enumerate() {
        if entry.param(&param.name).is_some() {
            let name = &param.name;
            warn(at.join("add_params").join(i), format!("parameter `{name}`"));
        }
    }
    let mut response = entry.response.clone();
    for path in ao.fields.keys() {
        if find_field(&mut response, path).is_some() {
            warn(at.join("fields").join(path), format!("field `{path}`"));
        }
    }
}

/// Drops defaults that spec validation would reject: on required parameters, outside the
/// valid values, or not of the parameter's type.
fn sanitize(action: &mut Action, warnings: &mut Vec<Warning>) {
    let file = format!("actions/{}.json", action.name);
    for (i, p) in action.request.iter_mut().enumerate() {
        let Some(default) = &p.default else {
            continue;
        };
        let problem = if p.required {
            Some("the parameter is required".to_owned())
        } else if !p.enum_values.is_empty() && !p.enum_values.iter().any(|v| v.value == *default) {
            Some("it is not one of the valid values".to_owned())
        } else if !scalar_parses(p.ty, default) {
            Some(format!("it is not a valid {}", p.ty))
        } else {
            None
        };
        if let Some(problem) = problem {
            warnings.push(Warning {
                source: file.clone(),
                api: Some(action.name.clone()),
                pointer: Pointer::root()
                    .join("request")
                    .join(i)
                    .join("default")
                    .to_string(),
                message: format!("default \"{default}\" of `{}` dropped: {problem}", p.name),
            });
            p.default = None;
        }
    }
}
