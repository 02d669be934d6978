//! Metadata schemas (`type`, `format`, `items`, `properties`, `enum`) to spec shapes: a type,
//! array items, object fields and valid values, to any depth.

use std::collections::BTreeSet;

use dts_spec::diagnostic::Pointer;
use dts_spec::validate::scalar_parses;
use dts_spec::{names, EnumValue, Field, Items, Type};
use serde_json::{Map, Value};

use super::read::{kind, scalar_text, Cx};

/// Deeper schemas are kept as raw JSON (`Any`); the metadata's deepest is 9 levels.
const MAX_DEPTH: usize = 32;

/// Schema keys the importer reads somewhere (not every key applies in every place).
pub(crate) const SCHEMA_KEYS: &[&str] = &[
    "type",
    "format",
    "properties",
    "items",
    "enum",
    "example",
    "default",
    "required",
    "docRequired",
    "minimum",
    "maximum",
    "minLength",
    "maxLength",
    "maxItems",
    "pattern",
    "deprecated",
];

/// Schema keys that carry only prose.
pub(crate) const SCHEMA_IGNORED: &[&str] = &["description", "title"];

/// The spec shape of one schema.
pub(crate) struct Shape {
    pub ty: Type,
    pub items: Option<Box<Items>>,
    pub fields: Vec<Field>,
    pub values: Vec<EnumValue>,
}

/// Reads a schema. `fallback` is the type used when the schema names none the importer
/// understands (String for request parameters, Any for response fields).
pub(crate) fn shape(
    cx: &mut Cx<'_>,
    at: &Pointer,
    schema: &Map<String, Value>,
    depth: usize,
    fallback: Type,
) -> Shape {
    let mut out = Shape {
        ty: fallback,
        items: None,
        fields: Vec::new(),
        values: Vec::new(),
    };
    if depth > MAX_DEPTH {
        cx.warn(
            at,
            format!("schema nested deeper than {MAX_DEPTH} levels, kept as raw JSON"),
        );
        out.ty = Type::Any;
        return out;
    }
    if schema.contains_key("$ref") {
        cx.warn(
            &at.join("$ref"),
            "`$ref` schemas are not supported, kept as raw JSON",
        );
        out.ty = Type::Any;
        return out;
    }
    out.ty = base_type(cx, at, schema, fallback);
    match out.ty {
        Type::Array => {
            let items = items(
                cx,
                &at.join("items"),
                schema.get("items"),
                depth + 1,
                fallback,
            );
            out.items = Some(Box::new(items));
        }
        Type::Object => {
            out.fields = properties(cx, at, schema, depth);
            if out.fields.is_empty() {
                // Without properties the generator can only keep raw JSON; `Any` says so.
                out.ty = Type::Any;
            }
        }
        _ => {}
    }
    out.values = enum_values(cx, at, schema, out.ty);
    out
}

fn base_type(cx: &mut Cx<'_>, at: &Pointer, schema: &Map<String, Value>, fallback: Type) -> Type {
    let format = cx.str(at, schema, "format");
    let Some(ty) = cx.str(at, schema, "type") else {
        if schema.contains_key("properties") {
            return Type::Object;
        }
        if schema.contains_key("items") {
            return Type::Array;
        }
        cx.warn(at, format!("schema has no `type`, imported as {fallback}"));
        return fallback;
    };
    let unknown_format = |cx: &mut Cx<'_>, f: &str, ty: Type| {
        cx.warn(
            &at.join("format"),
            format!("unknown format `{f}`, imported as {ty}"),
        );
        ty
    };
    match ty {
        "string" => Type::String,
        "boolean" => Type::Boolean,
        "array" => Type::Array,
        "object" => Type::Object,
        "any" => Type::Any,
        "integer" => match format {
            None | Some("int32") => Type::Integer,
            Some("int64") => Type::Long,
            Some(f) => unknown_format(cx, f, Type::Long),
        },
        "number" => match format {
            None | Some("double") => Type::Double,
            Some("float") => Type::Float,
            Some(f) => unknown_format(cx, f, Type::Double),
        },
        other => {
            cx.warn(
                &at.join("type"),
                format!("unknown type `{other}`, imported as {fallback}"),
            );
            fallback
        }
    }
}

fn items(
    cx: &mut Cx<'_>,
    at: &Pointer,
    schema: Option<&Value>,
    depth: usize,
    fallback: Type,
) -> Items {
    let scalar = if fallback == Type::Any {
        Type::Any
    } else {
        Type::String
    };
    let mut out = Items {
        ty: scalar,
        items: None,
        fields: Vec::new(),
        struct_name: None,
        enum_values: Vec::new(),
    };
    let schema = match schema {
        Some(Value::Object(m)) => m,
        Some(other) => {
            cx.warn(
                at,
                format!(
                    "expected an items schema, found {}, items imported as {scalar}",
                    kind(other)
                ),
            );
            return out;
        }
        None => {
            cx.warn(
                at,
                format!("array without `items`, items imported as {scalar}"),
            );
            return out;
        }
    };
    cx.check_keys(at, schema, SCHEMA_KEYS, SCHEMA_IGNORED);
    let shape = shape(cx, at, schema, depth, fallback);
    out.ty = shape.ty;
    out.items = shape.items;
    out.fields = shape.fields;
    out.enum_values = shape.values;
    out
}

/// The fields of an object schema's `properties`, in the metadata's order.
fn properties(
    cx: &mut Cx<'_>,
    at: &Pointer,
    schema: &Map<String, Value>,
    depth: usize,
) -> Vec<Field> {
    let Some(props) = cx.object(at, schema, "properties") else {
        return Vec::new();
    };
    let at = at.join("properties");
    let mut fields = Vec::new();
    for (name, value) in props {
        let here = at.join(name);
        let Value::Object(schema) = value else {
            cx.warn(
                &here,
                format!("expected a schema, found {}, property skipped", kind(value)),
            );
            continue;
        };
        if name.trim().is_empty() {
            cx.warn(&here, "property with an empty name skipped");
            continue;
        }
        fields.push(field(cx, &here, name, schema, depth + 1));
    }
    fields
}

/// One response field (or a field of a nested object).
pub(crate) fn field(
    cx: &mut Cx<'_>,
    at: &Pointer,
    name: &str,
    schema: &Map<String, Value>,
    depth: usize,
) -> Field {
    cx.check_keys(at, schema, SCHEMA_KEYS, SCHEMA_IGNORED);
    let shape = shape(cx, at, schema, depth, Type::Any);
    let example = if shape.ty.is_scalar() {
        cx.scalar(at, schema, "example")
    } else {
        None
    };
    Field {
        name: name.to_owned(),
        rust_name: None,
        ty: shape.ty,
        accepts: Vec::new(),
        items: shape.items,
        fields: shape.fields,
        struct_name: None,
        example,
        description: None,
        enum_values: shape.values,
    }
}

fn enum_values(
    cx: &mut Cx<'_>,
    at: &Pointer,
    schema: &Map<String, Value>,
    ty: Type,
) -> Vec<EnumValue> {
    let Some(list) = cx.array(at, schema, "enum") else {
        return Vec::new();
    };
    let at = at.join("enum");
    let mut texts = Vec::new();
    for (i, v) in list.iter().enumerate() {
        match scalar_text(v) {
            Some(t) => texts.push(t),
            None => {
                cx.warn(
                    &at.join(i),
                    format!("valid value is {}, valid values ignored", kind(v)),
                );
                return Vec::new();
            }
        }
    }
    match valid_values(ty, &texts) {
        Ok(values) => values,
        Err(message) => {
            cx.warn(&at, format!("{message}, valid values ignored"));
            Vec::new()
        }
    }
}

/// Checks a list of valid values against the type they belong to, as spec validation will:
/// non-empty, parseable, unique, and each a distinct Rust variant for strings. Exact
/// duplicates are dropped.
pub(crate) fn valid_values(ty: Type, values: &[String]) -> Result<Vec<EnumValue>, String> {
    if values.is_empty() {
        return Err("empty `enum`".to_owned());
    }
    if !ty.is_scalar() {
        return Err(format!("valid values given for type {ty}"));
    }
    let mut seen = BTreeSet::new();
    let mut variants = BTreeSet::new();
    let mut out = Vec::new();
    for value in values {
        if !seen.insert(value.as_str()) {
            continue;
        }
        if !scalar_parses(ty, value) {
            return Err(format!("\"{value}\" is not a valid {ty}"));
        }
        if ty == Type::String {
            match names::variant(value) {
                Some(v) if variants.insert(v.clone()) => {}
                Some(v) => return Err(format!("two valid values become variant `{v}`")),
                None => return Err(format!("\"{value}\" cannot become an enum variant")),
            }
        }
        out.push(EnumValue {
            value: value.clone(),
            description: None,
        });
    }
    Ok(out)
}
