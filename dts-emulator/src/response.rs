//! Response bodies built from an action's spec: every field with the type its page documents.

use dts_spec::{Action, Field, Items, Type};
use serde_json::{Map, Number, Value};

/// Fields that only carry an error; a successful answer leaves them out.
const ERROR_FIELDS: [&str; 4] = ["ErrCode", "ErrMessage", "DynamicMessage", "DynamicCode"];

/// A schema-valid successful response for `action`, with `request_id` as its `RequestId`.
///
/// Every documented field is present with its documented type: the value comes from the
/// page's JSON example when it has the field (converted to the documented type, so an example
/// `"Success": true` becomes `"true"` where the field is a String), else from the field's
/// example, else a neutral value (`""`, `0`, `0.0`, `false`, one element for arrays so nested
/// objects show). `Success` is always true and `HttpStatusCode` 200; the error fields
/// (`ErrCode`, `ErrMessage`, `DynamicMessage`, `DynamicCode`) are left out.
pub fn default_response(action: &Action, request_id: &str) -> Value {
    let mut body = success_template(action);
    body.insert("RequestId".to_owned(), Value::String(request_id.to_owned()));
    Value::Object(body)
}

/// The success body without a request id yet (`RequestId` is `""`, first unless the spec
/// places it elsewhere).
pub(crate) fn success_template(action: &Action) -> Map<String, Value> {
    let example = action
        .examples
        .response_json
        .as_ref()
        .and_then(Value::as_object);
    let mut body = Map::new();
    if action.response.iter().all(|f| f.name != "RequestId") {
        body.insert("RequestId".to_owned(), Value::String(String::new()));
    }
    for field in &action.response {
        let name = field.name.as_str();
        let value = match name {
            _ if ERROR_FIELDS.contains(&name) => continue,
            "RequestId" => Value::String(String::new()),
            "Success" => typed_value(field.ty, "true"),
            "HttpStatusCode" => typed_value(field.ty, "200"),
            _ => {
                let shape = Shape::of_field(field);
                example
                    .and_then(|e| e.get(name))
                    .and_then(|v| shape.coerce(v))
                    .unwrap_or_else(|| shape.default_value(field.example.as_deref()))
            }
        };
        body.insert(field.name.clone(), value);
    }
    body
}

/// The type of a top-level response field, if the action documents it.
pub(crate) fn field_type(action: &Action, name: &str) -> Option<Type> {
    action
        .response
        .iter()
        .find(|f| f.name == name)
        .map(|f| f.ty)
}

/// `text` as a JSON value of type `ty`: `"true"` becomes `true` for a Boolean and stays
/// `"true"` for a String; text that does not fit a numeric or boolean type gives `0` or
/// `false`.
pub(crate) fn typed_value(ty: Type, text: &str) -> Value {
    match ty {
        Type::String => Value::String(text.to_owned()),
        Type::Integer | Type::Long => Value::Number(text.trim().parse::<i64>().unwrap_or(0).into()),
        Type::Float | Type::Double => float(text.trim().parse().unwrap_or(0.0)),
        Type::Boolean => Value::Bool(text.trim().eq_ignore_ascii_case("true")),
        Type::Array => Value::Array(Vec::new()),
        Type::Object => Value::Object(Map::new()),
        Type::Any => serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned())),
    }
}

fn float(f: f64) -> Value {
    Number::from_f64(f).map_or(Value::Number(0.into()), Value::Number)
}

/// The shape of a field or of array items: type, items, fields.
struct Shape<'a> {
    ty: Type,
    items: Option<&'a Items>,
    fields: &'a [Field],
}

impl<'a> Shape<'a> {
    fn of_field(f: &'a Field) -> Shape<'a> {
        Shape {
            ty: f.ty,
            items: f.items.as_deref(),
            fields: &f.fields,
        }
    }

    fn of_items(i: &'a Items) -> Shape<'a> {
        Shape {
            ty: i.ty,
            items: i.items.as_deref(),
            fields: &i.fields,
        }
    }

    /// `value` converted to this shape, or `None` when it cannot be.
    fn coerce(&self, value: &Value) -> Option<Value> {
        match (self.ty, value) {
            (Type::Any, v) => Some(v.clone()),
            (Type::String, Value::String(_)) => Some(value.clone()),
            (Type::String, Value::Number(n)) => Some(Value::String(n.to_string())),
            (Type::String, Value::Bool(b)) => Some(Value::String(b.to_string())),
            (Type::Integer | Type::Long, Value::Number(n)) => n.as_i64().map(Value::from),
            (Type::Integer | Type::Long, Value::String(s)) => {
                s.trim().parse::<i64>().ok().map(Value::from)
            }
            (Type::Float | Type::Double, Value::Number(n)) => n.as_f64().map(float),
            (Type::Float | Type::Double, Value::String(s)) => s.trim().parse().ok().map(float),
            (Type::Boolean, Value::Bool(_)) => Some(value.clone()),
            (Type::Boolean, Value::String(s)) => match s.to_ascii_lowercase().as_str() {
                "true" => Some(Value::Bool(true)),
                "false" => Some(Value::Bool(false)),
                _ => None,
            },
            (Type::Array, Value::Array(items)) => Some(Value::Array(match self.items {
                Some(shape) => {
                    let shape = Shape::of_items(shape);
                    items
                        .iter()
                        .map(|v| shape.coerce(v).unwrap_or_else(|| shape.default_value(None)))
                        .collect()
                }
                None => items.clone(),
            })),
            (Type::Object, Value::Object(obj)) if self.fields.is_empty() => Some(value.clone()),
            (Type::Object, Value::Object(obj)) => Some(Value::Object(
                self.fields
                    .iter()
                    .map(|f| {
                        let shape = Shape::of_field(f);
                        let v = obj
                            .get(&f.name)
                            .and_then(|v| shape.coerce(v))
                            .unwrap_or_else(|| shape.default_value(f.example.as_deref()));
                        (f.name.clone(), v)
                    })
                    .collect(),
            )),
            _ => None,
        }
    }

    /// A value of this shape when no example fits: the field's example, else a neutral value.
    fn default_value(&self, example: Option<&str>) -> Value {
        match self.ty {
            Type::Array => Value::Array(
                self.items
                    .map(|i| vec![Shape::of_items(i).default_value(None)])
                    .unwrap_or_default(),
            ),
            Type::Object => Value::Object(
                self.fields
                    .iter()
                    .map(|f| {
                        let v = Shape::of_field(f).default_value(f.example.as_deref());
                        (f.name.clone(), v)
                    })
                    .collect(),
            ),
            Type::Any => example.map_or(Value::Null, |e| typed_value(Type::Any, e)),
            ty => match example {
                Some(e) => {
                    let v = typed_value(ty, e);
                    // An example that does not fit its own type falls back to a neutral value.
                    self.coerce(&Value::String(e.to_owned())).unwrap_or(v)
                }
                None => typed_value(ty, ""),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn typed_values_follow_the_documented_type() {
        assert_eq!(typed_value(Type::String, "true"), json!("true"));
        assert_eq!(typed_value(Type::Boolean, "true"), json!(true));
        assert_eq!(typed_value(Type::Boolean, "False"), json!(false));
        assert_eq!(typed_value(Type::Integer, "200"), json!(200));
        assert_eq!(typed_value(Type::Long, "x"), json!(0));
        assert_eq!(typed_value(Type::Double, "1.5"), json!(1.5));
        assert_eq!(typed_value(Type::Any, "{\"a\":1}"), json!({"a": 1}));
    }

    #[test]
    fn bundled_actions_answer_with_their_documented_success_type() {
        let spec = dts_spec::bundled().unwrap();
        for action in &spec.actions {
            let body = default_response(action, "RID");
            assert_eq!(body["RequestId"], "RID");
            // A few actions (`DescribeTagKeys`...) document no `Success`: their answer has none.
            let expected = match field_type(action, "Success") {
                Some(Type::String) => Some(json!("true")),
                Some(_) => Some(json!(true)),
                None => None,
            };
            assert_eq!(body.get("Success"), expected.as_ref(), "{}", action.name);
            assert!(body.get("ErrCode").is_none(), "{}", action.name);
            if let Some(ty) = field_type(action, "HttpStatusCode") {
                assert_eq!(body["HttpStatusCode"], typed_value(ty, "200"));
            }
        }
    }
}
