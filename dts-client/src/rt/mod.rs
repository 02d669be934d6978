//! Support for generated code: the small, non-generic pieces every generated action uses.
//!
//! Generated request types write their parameters into [`Params`], describe themselves with a
//! static [`Operation`], decode responses with the lenient readers in [`decode`], and are sent
//! as a [`Pending`] call. Keeping this logic here, not in each action, is what keeps the
//! generated code small.

pub mod decode;
mod macros;
mod pending;
mod raw;
mod service;

use std::time::Duration;

pub use pending::Pending;
/// The JSON document type generated response readers take: re-exported so that a crate using
/// generated or derived code needs no `serde_json` dependency of its own.
pub use serde_json::Value;
pub use service::ServiceInfo;

/// What generated paginators and waiters implement and return.
#[doc(no_inline)]
pub use crate::paginate::{Call, CallFuture, PageStyle, Paged, Paginator, Paging};
#[doc(no_inline)]
pub use crate::waiter::{GoneWaiter, Waiter, WaiterSpec};

/// The runtime items generated code names, re-exported so that generated modules reach every
/// runtime item through `rt` (a lowercase name no generated type can shadow).
#[doc(no_inline)]
pub use crate::{ActionError, Client, Error};

/// The impls every action's error enum shares (`From<Error>`, `ActionError`, `Display`,
/// `std::error::Error`), for generated code.
pub use crate::__action_error as action_error;
/// `ActionError`, `Display` and `std::error::Error` for an error enum, for generated code.
pub use crate::__error_impls as error_impls;
/// `FlatObject` for a request struct, for generated code.
pub use crate::__flat_object as flat_object;
/// `Decode`, `PartialEq` and the body accessors of an output, for generated code.
pub use crate::__output as output;
/// The methods every request builder shares (`timeout`, `max_attempts`, `send`), for
/// generated code.
pub use crate::__request_methods as request_methods;
/// `Decode` for a response struct, for generated code.
pub use crate::__response as response;
pub use raw::RawBody;

/// The top-level response members the client reads itself to tell a failure from a success
/// (see [`Error`]), and which generated outputs therefore leave out. A copy of
/// `dts_spec::names::ENVELOPE` (the runtime does not depend on `dts-spec`); a test holds the
/// two equal.
pub const ENVELOPE: [&str; 6] = [
    "DynamicCode",
    "DynamicMessage",
    "ErrCode",
    "ErrMessage",
    "HttpStatusCode",
    "Success",
];

/// Static facts about one action that the runtime needs to send it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    /// The action name sent as `Action=`.
    pub action: &'static str,
    /// The HTTP method to send with (`"POST"` or `"GET"`).
    pub method: &'static str,
    /// Whether the action may be retried after an ambiguous failure (a timeout once the
    /// request may have reached the service).
    pub idempotent: bool,
}

/// Per-call overrides of the client's configuration; `None` keeps the client's setting.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallOptions {
    /// Whole-call timeout for this call, across all attempts.
    pub timeout: Option<Duration>,
    /// Most attempts for this call (1 sends once).
    pub max_attempts: Option<u32>,
    /// Timeout of each attempt of this call.
    pub attempt_timeout: Option<Duration>,
}

impl CallOptions {
    /// No overrides.
    pub fn new() -> Self {
        CallOptions::default()
    }

    /// Limits the whole call, all attempts included, to `timeout`.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Makes at most `n` attempts (1 sends once).
    pub fn with_max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = Some(n);
        self
    }

    /// Limits each attempt to `timeout`.
    pub fn with_attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }
}

/// A generated struct of a request parameter's items, written as `prefix.Field=value` pairs
/// (implemented by the `flat_object` macro).
pub trait FlatObject {
    /// Adds the fields that are set to `p`, each as `prefix.Field`.
    fn write_flat(&self, prefix: &str, p: &mut Params);
}

/// A field of a [`FlatObject`]: an optional scalar, added as one pair when it is set.
pub trait FlatField {
    /// Adds `name=value` to `p` if the field is set.
    fn write_field(&self, name: &str, p: &mut Params);
}

impl FlatField for Option<String> {
    fn write_field(&self, name: &str, p: &mut Params) {
        p.str(name, self.as_deref());
    }
}

impl FlatField for Option<i32> {
    fn write_field(&self, name: &str, p: &mut Params) {
        p.int(name, self.map(i64::from));
    }
}

impl FlatField for Option<i64> {
    fn write_field(&self, name: &str, p: &mut Params) {
        p.int(name, *self);
    }
}

impl FlatField for Option<bool> {
    fn write_field(&self, name: &str, p: &mut Params) {
        p.bool(name, *self);
    }
}

impl FlatField for Option<f64> {
    fn write_field(&self, name: &str, p: &mut Params) {
        p.float(name, *self);
    }
}

impl FlatField for Option<f32> {
    fn write_field(&self, name: &str, p: &mut Params) {
        // Through `f64` an `f32` would print as 0.10000000149011612.
        p.str(name, self.map(|v| v.to_string()).as_deref());
    }
}

/// How an array parameter is flattened into `name=value` pairs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListStyle {
    /// `Name.1=a&Name.2=b`.
    RepeatList,
    /// `Name=a,b`.
    Simple,
}

/// The action-specific parameters of one request, in the order they were added.
///
/// Values are stored as they go on the wire: strings as is, booleans as `true`/`false`,
/// numbers in their shortest form, arrays flattened, JSON-string parameters serialized.
///
/// Parameters travel in the query string, except those added after
/// [`start_body`](Self::start_body) (the spec's `"in": "body"`), which travel in an
/// `application/x-www-form-urlencoded` body; the signature covers both.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params {
    pairs: Vec<(String, String)>,
    /// The index of the first body parameter, once [`start_body`](Self::start_body) ran.
    body_from: Option<usize>,
}

impl Params {
    /// An empty parameter list with room for `n` pairs.
    pub fn with_capacity(n: usize) -> Self {
        Params {
            pairs: Vec::with_capacity(n),
            body_from: None,
        }
    }

    /// Sends every parameter added from now on in the form body rather than the query string
    /// (a second call changes nothing).
    pub fn start_body(&mut self) {
        self.body_from.get_or_insert(self.pairs.len());
    }

    /// The parameters that travel in the query string.
    pub fn query_pairs(&self) -> &[(String, String)] {
        &self.pairs[..self.body_from.unwrap_or(self.pairs.len())]
    }

    /// The parameters that travel in the form body (none unless
    /// [`start_body`](Self::start_body) ran).
    pub fn body_pairs(&self) -> &[(String, String)] {
        &self.pairs[self.body_from.unwrap_or(self.pairs.len())..]
    }

    /// Adds `name=value`.
    pub fn push(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.pairs.push((name.into(), value.into()));
    }

    /// Adds a string parameter if it is set.
    pub fn str(&mut self, name: &str, value: Option<&str>) {
        if let Some(v) = value {
            self.push(name, v);
        }
    }

    /// Adds a parameter whose value is text (a string or a generated enum) if it is set.
    pub fn text<T: AsRef<str> + ?Sized>(&mut self, name: &str, value: Option<&T>) {
        if let Some(v) = value {
            self.push(name, v.as_ref());
        }
    }

    /// Adds an integer parameter if it is set.
    pub fn int(&mut self, name: &str, value: Option<i64>) {
        if let Some(v) = value {
            self.push(name, v.to_string());
        }
    }

    /// Adds a floating-point parameter if it is set.
    pub fn float(&mut self, name: &str, value: Option<f64>) {
        if let Some(v) = value {
            self.push(name, v.to_string());
        }
    }

    /// Adds a boolean parameter (`true`/`false`) if it is set.
    pub fn bool(&mut self, name: &str, value: Option<bool>) {
        if let Some(v) = value {
            self.push(name, if v { "true" } else { "false" });
        }
    }

    /// Adds an array of already-encoded scalars, flattened with `style`. An empty array adds
    /// nothing.
    pub fn list(&mut self, name: &str, values: &[String], style: ListStyle) {
        if values.is_empty() {
            return;
        }
        match style {
            ListStyle::RepeatList => {
                for (i, v) in values.iter().enumerate() {
                    self.push(format!("{name}.{}", i + 1), v.as_str());
                }
            }
            ListStyle::Simple => self.push(name, values.join(",")),
        }
    }

    /// Adds a parameter whose value is a JSON document, serialized compactly, if it is set.
    pub fn json(&mut self, name: &str, value: Option<&serde_json::Value>) {
        if let Some(v) = value {
            self.push(name, v.to_string());
        }
    }

    /// Adds a JSON value as `name=value` pairs if it is set: arrays as `name.1`, `name.2`...,
    /// objects as `name.Key`, at any depth; strings as they are, other scalars in their JSON
    /// form, nulls left out.
    pub fn flat(&mut self, name: &str, value: Option<&serde_json::Value>) {
        use serde_json::Value;
        match value {
            None | Some(Value::Null) => {}
            Some(Value::Array(items)) => {
                for (i, v) in items.iter().enumerate() {
                    self.flat(&format!("{name}.{}", i + 1), Some(v));
                }
            }
            Some(Value::Object(map)) => {
                for (k, v) in map {
                    self.flat(&format!("{name}.{k}"), Some(v));
                }
            }
            Some(Value::String(s)) => self.push(name, s.as_str()),
            Some(other) => self.push(name, other.to_string()),
        }
    }

    /// Adds each of `items` as `name.1.Field=value`, `name.2.Field=value`, ... (fields that
    /// are not set are left out; an empty list adds nothing).
    pub fn objects<T: FlatObject>(&mut self, name: &str, items: &[T]) {
        for (i, item) in items.iter().enumerate() {
            item.write_flat(&format!("{name}.{}", i + 1), self);
        }
    }

    /// Every pair, query and body, in insertion order.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    /// Consumes the list, returning its pairs (query and body).
    pub fn into_pairs(self) -> Vec<(String, String)> {
        self.pairs
    }

    /// Whether no parameter was added.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }
}

impl FromIterator<(String, String)> for Params {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(iter: I) -> Self {
        Params {
            pairs: iter.into_iter().collect(),
            body_from: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_body_splits_query_and_body_pairs() {
        let mut p = Params::with_capacity(3);
        p.push("Q", "1");
        assert_eq!((p.query_pairs().len(), p.body_pairs().len()), (1, 0));
        p.start_body();
        p.push("B1", "2");
        p.start_body();
        p.push("B2", "3");
        let names = |pairs: &[(String, String)]| -> Vec<String> {
            pairs.iter().map(|(k, _)| k.clone()).collect()
        };
        assert_eq!(names(p.query_pairs()), ["Q"]);
        assert_eq!(
            names(p.body_pairs()),
            ["B1", "B2"],
            "a second call changes nothing"
        );
        assert_eq!(p.pairs().len(), 3);
    }

    #[test]
    fn params_encode_scalars_and_lists() {
        let mut p = Params::with_capacity(4);
        p.str("A", Some("x"));
        p.str("Skipped", None);
        p.text("T", Some(&String::from("t")));
        p.text::<str>("Skipped", None);
        p.bool("B", Some(false));
        p.int("C", Some(-3));
        p.list("D", &["a".into(), "b".into()], ListStyle::RepeatList);
        p.list("E", &["a".into(), "b".into()], ListStyle::Simple);
        p.json("F", Some(&serde_json::json!({"k": [1, 2]})));
        let tags = serde_json::json!([{"Key": "k", "Value": 1}, {"Key": null}]);
        p.flat("G", Some(&tags));
        let got: Vec<(&str, &str)> = p
            .pairs()
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("A", "x"),
                ("T", "t"),
                ("B", "false"),
                ("C", "-3"),
                ("D.1", "a"),
                ("D.2", "b"),
                ("E", "a,b"),
                ("F", r#"{"k":[1,2]}"#),
                ("G.1.Key", "k"),
                ("G.1.Value", "1"),
            ]
        );
    }
}
