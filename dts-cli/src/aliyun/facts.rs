//! What the conventions need to know about an action, read from the spec in one place so the
//! source (the spec today, a generated operations table tomorrow) changes here only.

use dts_spec::{names, Action, Field, Paginator, Spec, Type, Waiter};

/// The facts about one action that paging, waiting and the region rely on.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// The action's request parameter names (wire names).
    pub params: Vec<String>,
    /// The spec's paging declaration, if it has one.
    pub paginator: Option<Paginator>,
    /// The spec's waiter declarations.
    pub waiters: Vec<Waiter>,
    /// Dotted paths of the response's arrays, in spec order: top-level arrays and arrays one
    /// object down (`MigrationJobs.MigrationJob`).
    pub arrays: Vec<String>,
}

impl Facts {
    /// Whether the action takes the parameter `name`.
    pub fn has_param(&self, name: &str) -> bool {
        self.params.iter().any(|p| p == name)
    }
}

/// Reads `action`'s facts from its spec entry.
pub fn of(action: &Action) -> Facts {
    Facts {
        params: action.request.iter().map(|p| p.name.clone()).collect(),
        paginator: action.paginator.clone(),
        waiters: action.waiters.clone(),
        arrays: arrays(&action.response),
    }
}

/// Whether the action `token` names (kebab-case or PascalCase) has a parameter spelled `flag`
/// (`--region`, `--Region`); `None` when `token` names no action.
pub fn takes_flag(spec: &Spec, token: &str, flag: &str) -> Option<bool> {
    let action = spec
        .actions
        .iter()
        .find(|a| a.name == token || names::kebab(&a.name) == token)?;
    let flag = flag.strip_prefix("--").unwrap_or(flag);
    Some(
        action
            .request
            .iter()
            .any(|p| p.name == flag || names::kebab(&p.name) == flag),
    )
}

fn arrays(fields: &[Field]) -> Vec<String> {
    let mut out = Vec::new();
    for f in fields {
        match f.ty {
            Type::Array => out.push(f.name.clone()),
            Type::Object => out.extend(
                f.fields
                    .iter()
                    .filter(|inner| inner.ty == Type::Array)
                    .map(|inner| format!("{}.{}", f.name, inner.name)),
            ),
            _ => {}
        }
    }
    out
}
