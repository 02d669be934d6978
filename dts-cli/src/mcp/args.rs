//! A tool call's JSON arguments to wire parameters: each value is checked against its
//! parameter's JSON type and valid values, then encoded by the command line's encoder.

use dts_client::catalog::{ActionInfo, ParamInfo, Style, Type};
use dts_client::rt::Params;
use serde_json::{Map, Value};

use super::schema::{json_type, typed};

/// Checks `args` against the action's parameters and encodes them, or says which argument is
/// wrong and why.
pub fn encode(action: &ActionInfo, args: &Map<String, Value>) -> Result<Params, String> {
    if let Some(unknown) = args.keys().find(|k| action.param(k).is_none()) {
        return Err(format!("`{}` has no parameter `{unknown}`", action.name()));
    }
    if let Some(missing) = action
        .params
        .iter()
        .find(|p| p.required && args.get(p.name).is_none_or(Value::is_null))
    {
        return Err(format!("missing required parameter `{}`", missing.name));
    }
    let mut texts = Vec::with_capacity(args.len());
    for p in action.params {
        match args.get(p.name) {
            None | Some(Value::Null) => {}
            Some(v) => texts.push((p.name, flag_values(p, v)?)),
        }
    }
    crate::params::encode(action, |p| {
        texts
            .iter()
            .find(|(name, _)| *name == p.name)
            .map(|(_, v)| v.clone())
    })
}

/// The strings the command line would carry for `v`: the scalar's text, one string per item of
/// an array, JSON text for objects and JSON-style parameters.
fn flag_values(p: &ParamInfo, v: &Value) -> Result<Vec<String>, String> {
    let name = p.name;
    if p.ty == Type::Any || p.style == Style::Json {
        check_type(name, p.ty, v)?;
        return Ok(vec![v.to_string()]);
    }
    if p.ty.is_scalar() {
        check_type(name, p.ty, v)?;
        check_enum(name, p.ty, p.enum_values, v)?;
        return Ok(vec![scalar_text(v)]);
    }
    if p.ty == Type::Object {
        check_type(name, p.ty, v)?;
        return Ok(vec![v.to_string()]);
    }
    let Value::Array(items) = v else {
        return Err(wrong_type(name, p.ty, v));
    };
    let item = p.items;
    let item_ty = item.map_or(Type::String, |i| i.ty);
    let values = item.map_or(&[][..], |i| i.enum_values);
    items
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let at = format!("{name}[{i}]");
            check_type(&at, item_ty, v)?;
            if item_ty.is_scalar() {
                check_enum(&at, item_ty, values, v)?;
                Ok(scalar_text(v))
            } else {
                Ok(v.to_string())
            }
        })
        .collect()
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn check_type(name: &str, ty: Type, v: &Value) -> Result<(), String> {
    let ok = match ty {
        Type::String => v.is_string(),
        Type::Integer => v.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
        Type::Long => v.is_i64() || v.is_u64(),
        Type::Boolean => v.is_boolean(),
        Type::Float | Type::Double => v.is_number(),
        Type::Array => v.is_array(),
        Type::Object => v.is_object(),
        Type::Any => true,
    };
    if ok {
        Ok(())
    } else {
        Err(wrong_type(name, ty, v))
    }
}

fn wrong_type(name: &str, ty: Type, v: &Value) -> String {
    let expected = json_type(ty).unwrap_or("any JSON value");
    let found = match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    let range = if ty == Type::Integer { " (32-bit)" } else { "" };
    format!("parameter `{name}` must be {expected}{range} ({ty}), found {found}")
}

fn check_enum(name: &str, ty: Type, values: &[&str], v: &Value) -> Result<(), String> {
    if values.is_empty() || values.iter().any(|e| typed(ty, e) == *v) {
        return Ok(());
    }
    Err(format!(
        "parameter `{name}`: {v} is not one of {}",
        values.join(", ")
    ))
}
