//! Lenient readers for response bodies.
//!
//! DTS documents some fields with one type and sends another (`Success` as `true` or
//! `"true"`, `HttpStatusCode` as `200` or `"200"`), and adds fields over time. These readers
//! accept every such form, ignore unknown fields, and treat a value they cannot read as absent
//! rather than failing the whole response.

use serde_json::Value;

/// A type that can be read leniently from a JSON value.
///
/// Generated outputs and nested structs implement it; for a hand-written type, derive it with
/// `#[derive(dts_macros::Decode)]`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be read from a DTS response",
    label = "does not implement `Decode`",
    note = "a struct with named `Option<T>` and `Vec<T>` fields can derive it with `#[derive(dts_macros::Decode)]`; other types implement `Decode::decode` by hand"
)]
pub trait Decode: Sized {
    /// Reads `value`, or `None` when it has no sensible reading as `Self`.
    fn decode(value: &Value) -> Option<Self>;

    /// Reads a whole response body, which it may keep: generated outputs keep it (see their
    /// `raw` method) without copying it. By default, [`decode`](Self::decode).
    fn decode_body(body: Value) -> Option<Self> {
        Self::decode(&body)
    }
}

impl Decode for String {
    fn decode(value: &Value) -> Option<Self> {
        match value {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
}

impl Decode for bool {
    fn decode(value: &Value) -> Option<Self> {
        match value {
            Value::Bool(b) => Some(*b),
            Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
            Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
            Value::Number(n) => n.as_i64().map(|n| n != 0),
            _ => None,
        }
    }
}

impl Decode for i64 {
    fn decode(value: &Value) -> Option<Self> {
        match value {
            Value::Number(n) => n
                .as_i64()
                .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64)),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }
}

impl Decode for i32 {
    fn decode(value: &Value) -> Option<Self> {
        i64::decode(value).and_then(|n| i32::try_from(n).ok())
    }
}

impl Decode for f64 {
    fn decode(value: &Value) -> Option<Self> {
        match value {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }
}

impl Decode for f32 {
    fn decode(value: &Value) -> Option<Self> {
        f64::decode(value).map(|f| f as f32)
    }
}

impl Decode for Value {
    fn decode(value: &Value) -> Option<Self> {
        Some(value.clone())
    }
}

/// Reads the member `key` of the object `obj` as `T`; `None` when `obj` is not an object, the
/// member is absent or null, or it cannot be read as `T`.
pub fn field<T: Decode>(obj: &Value, key: &str) -> Option<T> {
    match obj.get(key)? {
        Value::Null => None,
        v => T::decode(v),
    }
}

/// Reads the member `key` of `obj` as a list of `T`, empty when absent.
///
/// Accepts a JSON array, a single value (a list of one, as XML-derived bodies sometimes send),
/// and an object wrapping the array under one key (`{"Item": [...]}`). Elements that cannot be
/// read are skipped.
pub fn list<T: Decode>(obj: &Value, key: &str) -> Vec<T> {
    obj.get(key).map(list_value).unwrap_or_default()
}

/// Reads `value` itself as a list of `T`, with the same leniency as [`list`].
pub fn list_value<T: Decode>(value: &Value) -> Vec<T> {
    match value {
        Value::Null => Vec::new(),
        Value::Array(items) => items.iter().filter_map(T::decode).collect(),
        Value::Object(map) if map.len() == 1 => match map.values().next() {
            Some(inner @ Value::Array(_)) => list_value(inner),
            _ => T::decode(value).into_iter().collect(),
        },
        v => T::decode(v).into_iter().collect(),
    }
}

/// A response struct's field type: `Option<T>` reads a member with [`field`], `Vec<T>` with
/// [`list`].
pub trait Member: Sized {
    /// Reads the member `key` of `obj`.
    fn member(obj: &Value, key: &str) -> Self;
}

impl<T: Decode> Member for Option<T> {
    fn member(obj: &Value, key: &str) -> Self {
        field(obj, key)
    }
}

impl<T: Decode> Member for Vec<T> {
    fn member(obj: &Value, key: &str) -> Self {
        list(obj, key)
    }
}

/// Reads the member `key` of `obj` as the field type `T` (see [`Member`]).
pub fn member<T: Member>(obj: &Value, key: &str) -> T {
    T::member(obj, key)
}

impl<T: Decode> Decode for Vec<T> {
    fn decode(value: &Value) -> Option<Self> {
        Some(list_value(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scalars_accept_documented_drift() {
        let body = json!({"Success": "true", "Ok": true, "Code": "200", "N": 200, "F": "1.5", "Null": null});
        assert_eq!(field::<bool>(&body, "Success"), Some(true));
        assert_eq!(field::<String>(&body, "Ok").as_deref(), Some("true"));
        assert_eq!(field::<i32>(&body, "Code"), Some(200));
        assert_eq!(field::<String>(&body, "N").as_deref(), Some("200"));
        assert_eq!(field::<f64>(&body, "F"), Some(1.5));
        assert_eq!(field::<String>(&body, "Null"), None);
        assert_eq!(field::<String>(&body, "Missing"), None);
        assert_eq!(field::<i32>(&json!({"Big": 1u64 << 40}), "Big"), None);
    }

    #[test]
    fn lists_accept_arrays_single_values_and_wrappers() {
        let body = json!({"A": ["x", "y"], "B": "x", "C": {"Item": ["x"]}, "D": null});
        assert_eq!(list::<String>(&body, "A"), ["x", "y"]);
        assert_eq!(list::<String>(&body, "B"), ["x"]);
        assert_eq!(list::<String>(&body, "C"), ["x"]);
        assert!(list::<String>(&body, "D").is_empty());
        assert!(list::<String>(&body, "Missing").is_empty());
    }
}
