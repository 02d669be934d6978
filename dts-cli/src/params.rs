//! Turns the parsed flags of one action into wire parameters, checking each value against its
//! documented type so a typo fails here (exit 2) instead of at the service.

use clap::ArgMatches;
use dts_client::rt::{ListStyle, Params};
use dts_spec::{validate::scalar_parses, Action, Location, Param, Style, Type};

/// Collects the parameters the user gave, in spec order.
pub fn collect(action: &Action, matches: &ArgMatches) -> Result<Params, String> {
    encode(action, |p| {
        matches
            .get_many::<String>(&p.name)
            .map(|values| values.cloned().collect())
    })
}

/// Encodes the parameters `values` gives (each as the strings a flag would carry: one per
/// array item, JSON text for objects), in spec order: the one encoder the command line and the
/// MCP server share.
pub fn encode(
    action: &Action,
    mut values: impl FnMut(&Param) -> Option<Vec<String>>,
) -> Result<Params, String> {
    let mut params = Params::with_capacity(action.request.len());
    // Query parameters first; then those the spec places in the form body.
    for in_body in [false, true] {
        if in_body {
            params.start_body();
        }
        for p in &action.request {
            if (p.location == Location::Body) != in_body {
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

fn push(params: &mut Params, p: &Param, values: Vec<String>) -> Result<(), String> {
    let flag = dts_spec::names::kebab(&p.name);
    if p.ty.is_scalar() {
        let v = values.into_iter().next().unwrap_or_default();
        if !scalar_parses(p.ty, &v) {
            return Err(format!("--{flag}: `{v}` is not a valid {}", p.ty));
        }
        params.push(p.name.as_str(), v);
        return Ok(());
    }
    let json = |v: &str| {
        serde_json::from_str::<serde_json::Value>(v)
            .map_err(|e| format!("--{flag}: `{v}` is not valid JSON: {e}"))
    };
    let item_ty = p.items.as_ref().map_or(Type::String, |i| i.ty);
    if p.style == Style::Json || p.ty == Type::Any {
        // One JSON document, sent as it is.
        let v = values.into_iter().next().unwrap_or_default();
        json(&v)?;
        params.push(p.name.as_str(), v);
        return Ok(());
    }
    if p.ty == Type::Object || !item_ty.is_scalar() {
        // Objects (and arrays of them) travel flattened, `Tag.1.Key=k`, as the typed client
        // sends them: each flag value is one JSON object (one array item).
        let value = if p.ty == Type::Object {
            json(values.first().map_or("", String::as_str))?
        } else {
            serde_json::Value::Array(values.iter().map(|v| json(v)).collect::<Result<_, _>>()?)
        };
        params.flat(&p.name, Some(&value));
        return Ok(());
    }
    if let Some(bad) = values.iter().find(|v| !scalar_parses(item_ty, v)) {
        return Err(format!("--{flag}: `{bad}` is not a valid {item_ty}"));
    }
    let style = if p.style == Style::Simple {
        ListStyle::Simple
    } else {
        ListStyle::RepeatList
    };
    params.list(&p.name, &values, style);
    Ok(())
}
