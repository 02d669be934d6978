//! Error variants: the service's common codes once, in `CommonError`, and for each action a
//! variant per code it documents that is not common, a `Common` variant and a fallback.

use std::collections::BTreeSet;

use dts_spec::diagnostic::Pointer;
use dts_spec::{Action, ErrorCode, Service};

use super::{names, Diags, ErrorIr};

/// The error enum of one action.
#[derive(Debug)]
pub(crate) struct ActionErrors {
    /// A variant per documented code that is not one of the service's common codes.
    pub own: Vec<ErrorIr>,
    /// The action's own entries for common codes: they go to the `Common` variant, and their
    /// documentation to the enum's docs.
    pub documented_common: Vec<ErrorIr>,
    /// The variant wrapping a `CommonError`, when the service has common codes.
    pub common: Option<String>,
    /// The variant for every other code and for failures without one.
    pub unhandled: String,
}

/// The variants of `CommonError`, one per common code of `service`.
pub(crate) fn common(service: &Service, diags: &mut Diags) -> Vec<ErrorIr> {
    let mut taken = BTreeSet::new();
    let mut out: Vec<ErrorIr> = Vec::new();
    for (i, e) in service.common_errors.iter().enumerate() {
        let at = Pointer::root().join("common_errors").join(i).join("code");
        if out.iter().any(|o| o.code == e.code) {
            continue;
        }
        if let Some(variant) = variant(e, &mut taken, "CommonError", "service.json", &at, diags) {
            out.push(error(e, variant));
        }
    }
    out
}

/// The variants of `action`'s error enum, given the service's `common` codes.
pub(crate) fn resolve(
    action: &Action,
    common: &[ErrorIr],
    file: &str,
    diags: &mut Diags,
) -> ActionErrors {
    let enum_name = format!("{}Error", action.name);
    let mut taken = BTreeSet::new();
    let mut own: Vec<ErrorIr> = Vec::new();
    let mut documented_common = Vec::new();
    for (i, e) in action.errors.iter().enumerate() {
        if common.iter().any(|c| c.code == e.code) {
            documented_common.push(error(e, String::new()));
            continue;
        }
        if own.iter().any(|o| o.code == e.code) {
            continue;
        }
        let at = Pointer::root().join("errors").join(i).join("code");
        if let Some(variant) = variant(e, &mut taken, &enum_name, file, &at, diags) {
            own.push(error(e, variant));
        }
    }
    let common = (!common.is_empty()).then(|| names::unique("Common", &mut taken));
    ActionErrors {
        own,
        documented_common,
        common,
        unhandled: names::unique("Unhandled", &mut taken),
    }
}

/// The variant name of `e`, or `None` after reporting why it cannot have one.
fn variant(
    e: &ErrorCode,
    taken: &mut BTreeSet<String>,
    enum_name: &str,
    file: &str,
    at: &Pointer,
    diags: &mut Diags,
) -> Option<String> {
    let Some(variant) = names::variant(&e.code) else {
        let msg = format!("error code `{}` cannot become a variant", e.code);
        diags.error(file, at, msg);
        return None;
    };
    if !taken.insert(variant.clone()) {
        let msg = format!(
            "error code `{}` becomes variant `{variant}` of `{enum_name}`, which another code \
             already has",
            e.code
        );
        diags.error(file, at, msg);
        return None;
    }
    Some(variant)
}

fn error(e: &ErrorCode, variant: String) -> ErrorIr {
    ErrorIr {
        variant,
        code: e.code.clone(),
        http_status: e.http_status,
        message: e.message.clone(),
        description: e.description.clone(),
        retryable: e.retryable,
    }
}
