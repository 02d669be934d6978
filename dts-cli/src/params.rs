//! Turns the parsed flags of one action into wire parameters, checking each value against its
//! documented type so a typo fails here (exit 2) instead of at the service. The pairs are
//! written by the client's own encoder (`Params::add`), with the style the table of operations
//! gives, so the command line sends what the typed client sends.

use clap::ArgMatches;
use dts_client::catalog::{ActionInfo, ParamInfo, Style, Type};
use dts_client::rt::Params;
use serde_json::Value;

/// Collects the parameters the user gave, in spec order.
pub fn collect(action: &ActionInfo, matches: &ArgMatches) -> Result<Params, String> {
    encode(action, |p| {
        matches
            .get_many::<String>(p.name)
            .map(|values| values.cloned().collect())
    })
}

/// Encodes the parameters `values` gives (each as the strings a flag would carry: one per
/// array item, JSON text for objects), in spec order: the one encoder the command line and the
/// MCP server share.
pub fn encode(
    action: &ActionInfo,
    mut values: impl FnMut(&ParamInfo) -> Option<Vec<String>>,
) -> Result<Params, String> {
    let mut params = Params::with_capacity(action.params.len());
    // Query parameters first; then those the spec places in the form body.
    for in_body in [false, true] {
        if in_body {
            params.start_body();
        }
        for p in action.params {
            if p.in_body != in_body {
                continue;
            }
            let Some(values) = values(p) else {
                continue;
            };
            push(&mut params, p, values)?;
        }
    }
    Ok(params)
}

fn push(params: &mut Params, p: &ParamInfo, values: Vec<String>) -> Result<(), String> {
    let flag = p.flag;
    if p.ty.is_scalar() {
        let v = values.into_iter().next().unwrap_or_default();
        if !p.ty.parses(&v) {
            return Err(format!("--{flag}: `{v}` is not a valid {}", p.ty));
        }
        params.add(p.name, &v, Style::Flat);
        return Ok(());
    }
    let json = |v: &str| {
        serde_json::from_str::<Value>(v)
            .map_err(|e| format!("--{flag}: `{v}` is not valid JSON: {e}"))
    };
    let item_ty = p.items.map_or(Type::String, |i| i.ty);
    if p.style == Style::Json || p.ty == Type::Any {
        // One JSON document, sent as the user wrote it (a text is sent as it is).
        let v = values.into_iter().next().unwrap_or_default();
        json(&v)?;
        params.add(p.name, &v, Style::Json);
        return Ok(());
    }
    if p.ty == Type::Object || !item_ty.is_scalar() {
        // Objects (and arrays of them) travel flattened, `Tag.1.Key=k`, as the typed client
        // sends them: each flag value is one JSON object (one array item).
        let value = if p.ty == Type::Object {
            json(values.first().map_or("", String::as_str))?
        } else {
            Value::Array(values.iter().map(|v| json(v)).collect::<Result<_, _>>()?)
        };
        params.add(p.name, &value, Style::Flat);
        return Ok(());
    }
    if let Some(bad) = values.iter().find(|v| !item_ty.parses(v)) {
        return Err(format!("--{flag}: `{bad}` is not a valid {item_ty}"));
    }
    params.add(p.name, &values, p.style);
    Ok(())
}
