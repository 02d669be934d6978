//! What the conventions need to know about an action, read from the client's table of
//! operations (`dts_client::CATALOG`) in one place.

use dts_client::catalog::{ActionInfo, PaginatorInfo, WaiterInfo};

/// The facts about one action that paging, waiting and the region rely on.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// The action's request parameter names (wire names).
    pub params: Vec<String>,
    /// The spec's paging declaration, if it has one.
    pub paginator: Option<PaginatorInfo>,
    /// The spec's waiter declarations.
    pub waiters: Vec<WaiterInfo>,
    /// Dotted paths of the response's arrays, in spec order, used to choose among several
    /// arrays of an action without a paging declaration. The table of operations does not
    /// describe responses, so this is empty for catalog actions (the pager then asks for
    /// `path=` when a response holds more than one array); tests fill it.
    pub arrays: Vec<String>,
}

impl Facts {
    /// Whether the action takes the parameter `name`.
    pub fn has_param(&self, name: &str) -> bool {
        self.params.iter().any(|p| p == name)
    }
}

/// Reads `action`'s facts from the table of operations.
pub fn of(action: &ActionInfo) -> Facts {
    Facts {
        params: action.params.iter().map(|p| p.name.to_owned()).collect(),
        paginator: action.paginator.copied(),
        waiters: action.waiters.iter().map(|w| **w).collect(),
        arrays: Vec::new(),
    }
}

/// Whether the action `token` names (kebab-case or PascalCase) has a parameter spelled `flag`
/// (`--region`, `--Region`); `None` when `token` names no action.
pub fn takes_flag(catalog: &[ActionInfo], token: &str, flag: &str) -> Option<bool> {
    let action = catalog
        .iter()
        .find(|a| a.name() == token || crate::app::subcommand(a) == token)?;
    let flag = flag.strip_prefix("--").unwrap_or(flag);
    Some(
        action
            .params
            .iter()
            .any(|p| p.name == flag || p.flag == flag),
    )
}
