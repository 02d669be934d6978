//! The tools the table of operations becomes: one per action, with a JSON Schema of its
//! parameters and the annotations of its access class.

use dts_client::catalog::{Access, ActionInfo, FieldInfo, ItemInfo, ParamInfo, Type};
use serde_json::{json, Map, Value};

/// The JSON Schema type of a spec type; `None` for `Any` (any JSON value).
pub fn json_type(ty: Type) -> Option<&'static str> {
    Some(match ty {
        Type::String => "string",
        Type::Integer | Type::Long => "integer",
        Type::Boolean => "boolean",
        Type::Float | Type::Double => "number",
        Type::Array => "array",
        Type::Object => "object",
        Type::Any => return None,
    })
}

/// The class an action is treated as: its spec class, or destructive when the spec has none.
pub fn access(action: &ActionInfo) -> Access {
    action.access.unwrap_or(Access::Destructive)
}

/// The `tools/list` entry of `action`.
pub fn tool(action: &ActionInfo) -> Value {
    let access = access(action);
    let mut description = action.summary.unwrap_or(action.name()).to_owned();
    if action.deprecated {
        description.push_str(" (deprecated)");
    }
    json!({
        "name": action.name(),
        "description": description,
        "inputSchema": input_schema(action),
        "annotations": {
            "title": action.name(),
            "readOnlyHint": access == Access::ReadOnly,
            "destructiveHint": access == Access::Destructive,
            "idempotentHint": action.operation.idempotent,
            "openWorldHint": true,
        },
    })
}

/// The JSON Schema of the action's arguments: one property per parameter by wire name,
/// `required` for the parameters the API enforces, nothing else accepted.
pub fn input_schema(action: &ActionInfo) -> Value {
    let properties: Map<String, Value> = action
        .params
        .iter()
        .map(|p| (p.name.to_owned(), param_schema(p)))
        .collect();
    let required: Vec<&str> = action
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| p.name)
        .collect();
    json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

fn param_schema(p: &ParamInfo) -> Value {
    let mut s = shape(p.ty, p.items, p.fields);
    let mut text = p.description.unwrap_or_default().to_owned();
    if p.doc_required {
        push_sentence(
            &mut text,
            "Documented as required; the API accepts calls without it.",
        );
    }
    if p.deprecated {
        push_sentence(&mut text, "Deprecated.");
    }
    if !text.is_empty() {
        s.insert("description".into(), text.into());
    }
    if !p.enum_values.is_empty() {
        let values: Vec<Value> = p.enum_values.iter().map(|v| typed(p.ty, v)).collect();
        s.insert("enum".into(), values.into());
    }
    if let Some(d) = p.default {
        s.insert("default".into(), typed(p.ty, d));
    }
    let c = &p.constraints;
    let limits = [
        ("minimum", c.minimum.map(Value::from)),
        ("maximum", c.maximum.map(Value::from)),
        ("minLength", c.min_length.map(Value::from)),
        ("maxLength", c.max_length.map(Value::from)),
        ("maxItems", c.max_items.map(Value::from)),
        ("pattern", c.pattern.map(Value::from)),
    ];
    for (key, value) in limits {
        if let Some(v) = value {
            s.insert(key.into(), v);
        }
    }
    if let Some(example) = p.example {
        s.insert("examples".into(), json!([typed(p.ty, example)]));
    }
    Value::Object(s)
}

fn push_sentence(text: &mut String, sentence: &str) {
    if !text.is_empty() {
        text.push(' ');
    }
    text.push_str(sentence);
}

/// The schema of a value of type `ty`, with its items or fields.
fn shape(ty: Type, items: Option<&ItemInfo>, fields: &[FieldInfo]) -> Map<String, Value> {
    let mut s = Map::new();
    if let Some(t) = json_type(ty) {
        s.insert("type".into(), t.into());
    }
    match ty {
        Type::Array => {
            let items = items.map_or_else(Map::new, |i| {
                let mut inner = shape(i.ty, i.items, i.fields);
                if !i.enum_values.is_empty() {
                    let values: Vec<Value> = i.enum_values.iter().map(|v| typed(i.ty, v)).collect();
                    inner.insert("enum".into(), values.into());
                }
                inner
            });
            s.insert("items".into(), Value::Object(items));
        }
        Type::Object if !fields.is_empty() => {
            let properties: Map<String, Value> = fields
                .iter()
                .map(|f| {
                    let mut fs = shape(f.ty, f.items, f.fields);
                    if let Some(d) = f.description {
                        fs.insert("description".into(), d.into());
                    }
                    (f.name.to_owned(), Value::Object(fs))
                })
                .collect();
            s.insert("properties".into(), properties.into());
        }
        _ => {}
    }
    s
}

/// A spec value (always text) as the JSON value of its type, text when it does not parse.
pub fn typed(ty: Type, text: &str) -> Value {
    let parsed = match ty {
        Type::Integer | Type::Long => text.parse::<i64>().ok().map(Value::from),
        Type::Float | Type::Double => text.parse::<f64>().ok().map(Value::from),
        Type::Boolean => text.parse::<bool>().ok().map(Value::from),
        _ => None,
    };
    parsed.unwrap_or_else(|| text.into())
}
