//! Checks `emulator.json` against the spec it describes: actions, parameters and response
//! fields that exist, statuses that are documented and reachable, attributes the store has,
//! and error codes documented for the action that raises them.

use std::collections::BTreeSet;

use super::{EmulatorSpec, Machine, Op, ATTRIBUTES, EMULATOR_FILE, ROLES, SITUATIONS};
use crate::diagnostic::{Diagnostic, Diagnostics, Pointer};
use crate::model::{Action, Field, Spec, Type};

/// Every problem of `emulator` measured against `spec` (empty when it is consistent).
pub fn check(emulator: &EmulatorSpec, spec: &Spec) -> Vec<Diagnostic> {
    let mut diags = Diagnostics::new();
    let root = Pointer::root();
    let statuses = machine_statuses(emulator, &root, &mut diags);
    for (name, error) in &emulator.errors {
        if let Some(by) = &error.documented_by {
            let at = root.join("errors").join(name).join("documented_by");
            match spec.action(by) {
                None => diags.error(EMULATOR_FILE, &at, format!("unknown action `{by}`")),
                Some(a) if !documents(a, &error.code) => diags.error(
                    EMULATOR_FILE,
                    &at,
                    format!("`{by}` does not document error code `{}`", error.code),
                ),
                Some(_) => {}
            }
        }
    }
    for (situation, error) in &emulator.default_errors {
        let at = root.join("default_errors").join(situation);
        situation_and_error(emulator, situation, error, &at, &mut diags);
    }
    for (name, behaviour) in &emulator.actions {
        let at = root.join("actions").join(name);
        let Some(action) = spec.action(name) else {
            diags.error(EMULATOR_FILE, &at, format!("unknown action `{name}`"));
            continue;
        };
        for (i, id) in behaviour.find.iter().enumerate() {
            if action.param(&id.param).is_none() {
                let at = at.join("find").join(i).join("param");
                diags.error(EMULATOR_FILE, &at, unknown_param(name, &id.param));
            }
        }
        for (i, p) in behaviour.not_enforced.iter().enumerate() {
            let at = at.join("not_enforced").join(i);
            match action.param(p) {
                None => diags.error(EMULATOR_FILE, &at, unknown_param(name, p)),
                Some(param) if !param.required => diags.error(
                    EMULATOR_FILE,
                    &at,
                    format!("`{p}` is not required in the spec, nothing to relax"),
                ),
                Some(_) => {}
            }
        }
        if let Some(kind) = &behaviour.kind {
            if !emulator.kinds.contains_key(kind) {
                diags.error(
                    EMULATOR_FILE,
                    &at.join("kind"),
                    unknown_kind(emulator, kind),
                );
            }
        }
        for (i, s) in behaviour.from.iter().enumerate() {
            if !statuses.contains(s.as_str()) {
                let at = at.join("from").join(i);
                diags.error(EMULATOR_FILE, &at, format!("unknown status `{s}`"));
            }
        }
        if let Some(to) = &behaviour.to {
            if !statuses.contains(to.as_str()) && !ROLES.contains(&to.as_str()) {
                diags.error(
                    EMULATOR_FILE,
                    &at.join("to"),
                    format!("unknown status `{to}`"),
                );
            }
        }
        if behaviour.op == Op::Transition && behaviour.to.is_none() {
            diags.error(EMULATOR_FILE, &at, "a `transition` needs `to`");
        }
        for (path, attr) in &behaviour.response {
            let at = at.join("response").join(path);
            fields_and_attribute(&action.response, path, attr, &at, &mut diags);
        }
        match &behaviour.list {
            Some(list) => match path_field(&action.response, list) {
                Some(f) if f.ty == Type::Array => {
                    let items = f.items.as_ref().map(|i| i.fields.as_slice()).unwrap_or(&[]);
                    for (path, attr) in &behaviour.item {
                        let at = at.join("item").join(path);
                        fields_and_attribute(items, path, attr, &at, &mut diags);
                    }
                }
                _ => diags.error(
                    EMULATOR_FILE,
                    &at.join("list"),
                    format!("`{list}` is not an array field of the response"),
                ),
            },
            None if !behaviour.item.is_empty() => {
                diags.error(EMULATOR_FILE, &at.join("item"), "`item` needs `list`");
            }
            None => {}
        }
        for (situation, error) in &behaviour.errors {
            let at = at.join("errors").join(situation);
            situation_and_error(emulator, situation, error, &at, &mut diags);
        }
        for situation in SITUATIONS {
            let Some(error) = behaviour.error_for(emulator, situation) else {
                continue;
            };
            let Some(e) = emulator.errors.get(error) else {
                continue;
            };
            let documented = documents(action, &e.code)
                || spec.service.common_errors.iter().any(|c| c.code == e.code)
                || e.documented_by.is_some();
            if !documented && raises(behaviour.op, situation, !behaviour.find.is_empty()) {
                diags.error(
                    EMULATOR_FILE,
                    &at,
                    format!(
                        "error code `{}` ({situation}) is not documented for `{name}`",
                        e.code
                    ),
                );
            }
        }
    }
    reachability(emulator, &root, &mut diags);
    diags.into_vec()
}

/// Whether an action of this op can meet `situation`.
fn raises(op: Op, situation: &str, finds: bool) -> bool {
    match situation {
        "not_found" => finds,
        "wrong_status" | "not_configured" | "direction" => {
            matches!(op, Op::Transition | Op::Delete | Op::Reset)
        }
        _ => false,
    }
}

/// Whether the action's page documents `code`: in its error list or as its `ErrCode` example.
fn documents(action: &Action, code: &str) -> bool {
    action.errors.iter().any(|e| e.code == code)
        || action
            .response
            .iter()
            .any(|f| f.name == "ErrCode" && f.example.as_deref() == Some(code))
}

fn situation_and_error(
    emulator: &EmulatorSpec,
    situation: &str,
    error: &str,
    at: &Pointer,
    diags: &mut Diagnostics,
) {
    if !SITUATIONS.contains(&situation) {
        diags.error(
            EMULATOR_FILE,
            at,
            format!(
                "unknown situation `{situation}`, expected one of {}",
                list(SITUATIONS)
            ),
        );
    }
    if !emulator.errors.contains_key(error) {
        diags.error(EMULATOR_FILE, at, format!("unknown error `{error}`"));
    }
}

fn fields_and_attribute(
    fields: &[Field],
    path: &str,
    attr: &str,
    at: &Pointer,
    diags: &mut Diagnostics,
) {
    if path_field(fields, path).is_none() {
        diags.error(EMULATOR_FILE, at, format!("no response field `{path}`"));
    }
    if !ATTRIBUTES.contains(&attr) {
        diags.error(
            EMULATOR_FILE,
            at,
            format!("unknown store attribute `{attr}`"),
        );
    }
}

/// The field at a dotted path (`SourceEndpoint.EngineName`).
fn path_field<'a>(fields: &'a [Field], path: &str) -> Option<&'a Field> {
    let mut current = fields;
    let mut found = None;
    for part in path.split('.') {
        let f = current.iter().find(|f| f.name == part)?;
        current = &f.fields;
        found = Some(f);
    }
    found
}

/// Every status of every machine, checking each is documented for its kind.
fn machine_statuses<'a>(
    emulator: &'a EmulatorSpec,
    root: &Pointer,
    diags: &mut Diagnostics,
) -> BTreeSet<&'a str> {
    let mut all = BTreeSet::new();
    for (kind, m) in &emulator.kinds {
        let at = root.join("kinds").join(kind);
        let named = [("initial", &m.initial), ("configured", &m.configured)]
            .into_iter()
            .chain([("suspended", &m.suspended), ("stopped", &m.stopped)])
            .map(|(k, s)| (at.join(k), s))
            .chain(
                m.run
                    .iter()
                    .enumerate()
                    .map(|(i, s)| (at.join("run").join(i), s)),
            )
            .chain(m.failures.iter().flat_map(|(phase, s)| {
                let p = at.join("failures").join(phase);
                [(p.clone(), phase), (p, s)]
            }));
        for (pointer, status) in named {
            if !m.documented.contains(status) {
                diags.error(
                    EMULATOR_FILE,
                    &pointer,
                    format!("status `{status}` is not documented for `{kind}` jobs"),
                );
            }
        }
        if m.run.is_empty() {
            diags.error(EMULATOR_FILE, &at.join("run"), "`run` has no phase");
        }
        for phase in m.failures.keys() {
            if !m.run.contains(phase) {
                let p = at.join("failures").join(phase);
                diags.error(
                    EMULATOR_FILE,
                    &p,
                    format!("`{phase}` is not a phase of `run`"),
                );
            }
        }
        all.extend(m.documented.iter().map(String::as_str));
    }
    all
}

/// Each status an action starts from must be reachable from a created job through the
/// declared actions; otherwise the rule can never apply.
fn reachability(emulator: &EmulatorSpec, root: &Pointer, diags: &mut Diagnostics) {
    let reached: Vec<(&str, BTreeSet<&str>)> = emulator
        .kinds
        .iter()
        .map(|(kind, m)| (kind.as_str(), reached_statuses(emulator, kind, m)))
        .collect();
    for (name, b) in &emulator.actions {
        for (i, s) in b.from.iter().enumerate() {
            let reachable = reached.iter().any(|(kind, set)| {
                b.kind.as_deref().is_none_or(|k| k == *kind) && set.contains(s.as_str())
            });
            if !reachable {
                let at = root.join("actions").join(name).join("from").join(i);
                diags.error(EMULATOR_FILE, &at, format!("status `{s}` is unreachable"));
            }
        }
    }
}

fn reached_statuses<'a>(
    emulator: &'a EmulatorSpec,
    kind: &str,
    m: &'a Machine,
) -> BTreeSet<&'a str> {
    let mut reached: BTreeSet<&str> = BTreeSet::from([m.initial.as_str()]);
    loop {
        let before = reached.len();
        for b in emulator.actions.values() {
            if b.kind.as_ref().is_some_and(|k| k != kind) {
                continue;
            }
            if !b.from.is_empty() && !b.from.iter().any(|s| reached.contains(s.as_str())) {
                continue;
            }
            let targets: Vec<&str> = match (b.op, b.to.as_deref()) {
                (Op::Configure, _) => vec![m.configured.as_str()],
                (Op::Reset, _) => vec![m.initial.as_str()],
                (_, Some("run")) => m
                    .run
                    .iter()
                    .chain(m.failures.values())
                    .map(String::as_str)
                    .collect(),
                (_, Some("suspended")) => vec![m.suspended.as_str()],
                (_, Some("stopped")) => vec![m.stopped.as_str()],
                (_, Some("initial")) => vec![m.initial.as_str()],
                (_, Some("configured")) => vec![m.configured.as_str()],
                (_, Some(s)) => vec![s],
                (_, None) => vec![],
            };
            reached.extend(targets);
        }
        if reached.len() == before {
            return reached;
        }
    }
}

fn unknown_param(action: &str, param: &str) -> String {
    format!("`{action}` has no request parameter `{param}`")
}

fn unknown_kind(emulator: &EmulatorSpec, kind: &str) -> String {
    let kinds: Vec<&str> = emulator.kinds.keys().map(String::as_str).collect();
    format!("unknown kind `{kind}`, expected one of {}", list(&kinds))
}

fn list(items: &[&str]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
