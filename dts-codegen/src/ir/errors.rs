//! The variants of an action's error enum: its own codes, then the service's common codes it
//! does not list itself.

use std::collections::BTreeMap;

use dts_spec::diagnostic::Pointer;
use dts_spec::{Action, ErrorCode, Service};

use super::{names, Diags, ErrorIr};

/// The variants of `action`'s error enum and the name of its fallback variant.
pub(crate) fn resolve(
    action: &Action,
    service: &Service,
    file: &str,
    diags: &mut Diags,
) -> (Vec<ErrorIr>, String) {
    let own = action
        .errors
        .iter()
        .enumerate()
        .map(|(i, e)| (e, false, file, "errors", i));
    let common = service.common_errors.iter().enumerate();
    let common = common.map(|(i, e)| (e, true, "service.json", "common_errors", i));
    let mut variants: BTreeMap<String, &str> = BTreeMap::new();
    let mut out: Vec<ErrorIr> = Vec::new();
    for (e, is_common, at_file, list, i) in own.chain(common) {
        if out.iter().any(|o| o.code == e.code) {
            continue;
        }
        let at = Pointer::root().join(list).join(i).join("code");
        let Some(variant) = names::variant(&e.code) else {
            diags.error(
                at_file,
                &at,
                format!("error code `{}` cannot become a variant", e.code),
            );
            continue;
        };
        if let Some(other) = variants.insert(variant.clone(), &e.code) {
            let msg = format!(
                "error codes `{}` and `{other}` both become variant `{variant}` of `{}Error`",
                e.code, action.name
            );
            diags.error(at_file, &at, msg);
            continue;
        }
        out.push(error(e, variant, is_common));
    }
    let mut taken = variants.into_keys().collect();
    let unhandled = names::unique("Unhandled", &mut taken);
    (out, unhandled)
}

fn error(e: &ErrorCode, variant: String, common: bool) -> ErrorIr {
    ErrorIr {
        variant,
        code: e.code.clone(),
        http_status: e.http_status,
        message: e.message.clone(),
        description: e.description.clone(),
        retryable: e.retryable,
        common,
    }
}
