//! Lenient readers for response bodies.
//!
//! DTS documents some fields with one type and sends another (`Success` as `true` or
//! `"true"`, `HttpStatusCode` as `200` or `"200"`), and adds fields over time. These readers
//! accept every such form, ignore unknown fields, and treat a value they cannot read as absent
//! rather than failing the whole response.
//!
//! Two paths read with the same leniency: [`Decode::read`] straight from the body's bytes
//! through a [`Reader`] (what the client uses), and [`Decode::decode`] from a
//! `serde_json::Value` (for values already parsed, and for types that implement only it).

mod escape;
mod keys;
mod reader;
mod typed;

use std::borrow::Cow;

use serde_json::Value;

pub use keys::KeyTable;
use reader::Scalar;
pub use reader::{Members, Reader};

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

    /// Reads the next value of `r`, consuming exactly that value, or `None` when it has no
    /// sensible reading as `Self` (the value is skipped all the same).
    ///
    /// Generated types and the scalars read straight from the bytes; by default the value is
    /// parsed into a `Value` and read with [`decode`](Self::decode).
    fn read(r: &mut Reader<'_>) -> Option<Self> {
        let value = r.value()?;
        Self::decode(&value)
    }

    /// Keeps the whole response body this value was read from (outputs keep it for their
    /// `raw` method); by default, drops it.
    #[doc(hidden)]
    fn keep_body(&mut self, body: crate::rt::RawBody) {
        let _ = body;
    }
}

/// A string value as a boolean: `true`/`false` in any case.
fn bool_of_str(s: &str) -> Option<bool> {
    if s.eq_ignore_ascii_case("true") {
        Some(true)
    } else if s.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// A number as `i64`: an integer, or a float without fraction (saturating).
fn i64_of_number(n: &serde_json::Number) -> Option<i64> {
    n.as_i64()
        .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64))
}

/// A scalar as a boolean, with the leniency of `bool::decode`.
fn bool_of(s: Scalar<'_>) -> Option<bool> {
    match s {
        Scalar::Bool(b) => Some(b),
        Scalar::Int(n) => Some(n != 0),
        Scalar::Num(n) => n.as_i64().map(|n| n != 0),
        s => s.text().and_then(|t| bool_of_str(&t)),
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

    fn read(r: &mut Reader<'_>) -> Option<Self> {
        match r.scalar()? {
            Scalar::Str(raw, false) => Some(raw.to_owned()),
            s @ Scalar::Str(..) => s.text().map(Cow::into_owned),
            Scalar::Int(n) => Some(n.to_string()),
            Scalar::Num(n) => Some(n.to_string()),
            Scalar::Bool(b) => Some(b.to_string()),
            Scalar::Other => None,
        }
    }
}

impl Decode for bool {
    fn decode(value: &Value) -> Option<Self> {
        match value {
            Value::Bool(b) => Some(*b),
            Value::String(s) => bool_of_str(s),
            Value::Number(n) => n.as_i64().map(|n| n != 0),
            _ => None,
        }
    }

    fn read(r: &mut Reader<'_>) -> Option<Self> {
        r.scalar().and_then(bool_of)
    }
}

impl Decode for i64 {
    fn decode(value: &Value) -> Option<Self> {
        match value {
            Value::Number(n) => i64_of_number(n),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    fn read(r: &mut Reader<'_>) -> Option<Self> {
        match r.scalar()? {
            Scalar::Int(n) => Some(n),
            Scalar::Num(n) => i64_of_number(&n),
            s => s.text().and_then(|t| t.trim().parse().ok()),
        }
    }
}

impl Decode for i32 {
    fn decode(value: &Value) -> Option<Self> {
        i64::decode(value).and_then(|n| i32::try_from(n).ok())
    }

    fn read(r: &mut Reader<'_>) -> Option<Self> {
        i64::read(r).and_then(|n| i32::try_from(n).ok())
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

    fn read(r: &mut Reader<'_>) -> Option<Self> {
        match r.scalar()? {
            Scalar::Int(n) => serde_json::Number::from(n).as_f64(),
            Scalar::Num(n) => n.as_f64(),
            s => s.text().and_then(|t| t.trim().parse().ok()),
        }
    }
}

impl Decode for f32 {
    fn decode(value: &Value) -> Option<Self> {
        f64::decode(value).map(|f| f as f32)
    }

    fn read(r: &mut Reader<'_>) -> Option<Self> {
        f64::read(r).map(|f| f as f32)
    }
}

impl Decode for Value {
    fn decode(value: &Value) -> Option<Self> {
        Some(value.clone())
    }

    fn read(r: &mut Reader<'_>) -> Option<Self> {
        r.value()
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
    let mut items = Vec::new();
    value_items(value, &mut |v| {
        if let Some(item) = T::decode(v) {
            items.push(item);
        }
    });
    items
}

/// Calls `item` for each item of `value` read as a list (see [`list`]); not generic, so that
/// each item type adds only a small closure.
fn value_items(value: &Value, item: &mut dyn FnMut(&Value)) {
    match value {
        Value::Null => {}
        Value::Array(items) => {
            for v in items {
                item(v);
            }
        }
        Value::Object(map) if map.len() == 1 => match map.values().next() {
            Some(inner @ Value::Array(_)) => value_items(inner, item),
            _ => item(value),
        },
        v => item(v),
    }
}

/// A response struct's field type: `Option<T>` reads a member with [`field`], `Vec<T>` with
/// [`list`].
pub trait Member: Sized {
    /// Reads the member `key` of `obj`.
    fn member(obj: &Value, key: &str) -> Self;

    /// Reads the member's value, the next value of `r` (`null` is `None` or empty).
    fn read_member(r: &mut Reader<'_>) -> Self;
}

impl<T: Decode> Member for Option<T> {
    fn member(obj: &Value, key: &str) -> Self {
        field(obj, key)
    }

    #[inline]
    fn read_member(r: &mut Reader<'_>) -> Self {
        r.option()
    }
}

impl<T: Decode> Member for Vec<T> {
    fn member(obj: &Value, key: &str) -> Self {
        list(obj, key)
    }

    #[inline]
    fn read_member(r: &mut Reader<'_>) -> Self {
        r.list()
    }
}

/// Reads the member `key` of `obj` as the field type `T` (see [`Member`]).
pub fn member<T: Member>(obj: &Value, key: &str) -> T {
    T::member(obj, key)
}

/// Reads the next value of `r` as the field type `T` (see [`Member`]).
#[inline]
pub fn read_member<T: Member>(r: &mut Reader<'_>) -> T {
    T::read_member(r)
}

/// Reads the next value of `r` into the field `field` (see [`Member`]); generated readers
/// call this rather than assigning, so that dropping the field's previous value is compiled
/// once per field type rather than once per field.
pub fn read_member_into<T: Member>(r: &mut Reader<'_>, field: &mut T) {
    *field = T::read_member(r);
}

impl<T: Decode> Decode for Vec<T> {
    fn decode(value: &Value) -> Option<Self> {
        Some(list_value(value))
    }

    fn read(r: &mut Reader<'_>) -> Option<Self> {
        Some(r.list())
    }
}

/// What [`read_body`] found in a whole body.
#[derive(Debug, PartialEq)]
pub enum Body<T> {
    /// The body is a JSON object; `T` read from it (`None` when it could not be).
    Object(Option<T>),
    /// The body is JSON but not an object.
    NotObject,
}

/// Reads a whole response body as `T` straight from its bytes, or `None` when the bytes are
/// not one JSON document (exactly when `serde_json::from_slice::<Value>` fails). `r` is left
/// holding the top-level `Success` and `RequestId` it passed.
pub fn read_body<T: Decode>(r: &mut Reader<'_>) -> Option<Body<T>> {
    let object = r.peek_object();
    let value = T::read(r);
    if !r.finish() {
        return None;
    }
    Some(if object {
        Body::Object(value)
    } else {
        Body::NotObject
    })
}

/// The old reading of a whole body, through a `Value`: what [`read_body`] must agree with.
/// For tests and benchmarks; not a stable API.
#[doc(hidden)]
pub fn decode_slice_via_value<T: Decode>(body: &[u8]) -> Option<Body<T>> {
    let value: Value = serde_json::from_slice(body).ok()?;
    Some(if value.is_object() {
        Body::Object(T::decode_body(value))
    } else {
        Body::NotObject
    })
}

/// [`read_body`] over `body`, with the body kept by the value read (see
/// [`Decode::keep_body`]). For tests and benchmarks; not a stable API.
#[doc(hidden)]
pub fn decode_slice<T: Decode>(body: Vec<u8>) -> Option<Body<T>> {
    let mut r = Reader::new(&body)?;
    let read = read_body::<T>(&mut r)?;
    Some(match read {
        Body::Object(Some(mut value)) => {
            value.keep_body(crate::rt::RawBody::from_bytes(body));
            Body::Object(Some(value))
        }
        other => other,
    })
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
