//! Parameter encoding: a value and its [`Style`] to `name=value` wire pairs, in one place.
//!
//! Generated request types, `#[derive(dts_macros::Action)]` and the `dts` command line all
//! write their parameters with [`Params::add`], so every front end sends a given value the
//! same way.

use std::borrow::Cow;

use serde_json::Value;

/// How a parameter is flattened into `name=value` pairs: the spec's `style`.
///
/// Scalars are sent as their text whatever the style.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Style {
    /// The RPC default: arrays as `Name.1=a&Name.2=b`, objects as `Name.Field=v`, arrays of
    /// objects as `Name.1.Field=v`.
    #[default]
    Flat,
    /// Arrays as `Name.1=a&Name.2=b` (the metadata's `repeatList`); otherwise as [`Flat`](Self::Flat).
    RepeatList,
    /// Arrays of scalars joined with commas: `Name=a,b`.
    Simple,
    /// The value as one JSON document: `Name=["a","b"]`, `Name={"k":1}`.
    Json,
}

/// A value that can be sent as a request parameter: scalars, generated enums and structs,
/// `Option`s and `Vec`s of them, and JSON values.
///
/// Implement [`text`](Self::text) for a scalar (a string form); implement
/// [`encode`](Self::encode) for anything else.
pub trait Encode {
    /// The value's text on the wire, for a scalar; `None` for arrays, objects and an absent
    /// value.
    fn text(&self) -> Option<Cow<'_, str>> {
        None
    }

    /// Adds the value to `p` as the parameter `name`, flattened as `style` says. By default,
    /// one pair `name=text` when there is a [`text`](Self::text).
    fn encode(&self, name: &str, style: Style, p: &mut Params) {
        let _ = style;
        if let Some(text) = self.text() {
            p.push(name, text.into_owned());
        }
    }

    /// The value as JSON, for the items of a [`Style::Json`] array. By default its text as a
    /// JSON string (`null` without one).
    fn to_json(&self) -> Value {
        self.text()
            .map_or(Value::Null, |t| Value::String(t.into_owned()))
    }
}

impl Encode for str {
    fn text(&self) -> Option<Cow<'_, str>> {
        Some(Cow::Borrowed(self))
    }
}

impl Encode for String {
    fn text(&self) -> Option<Cow<'_, str>> {
        Some(Cow::Borrowed(self))
    }
}

impl Encode for bool {
    fn text(&self) -> Option<Cow<'_, str>> {
        Some(Cow::Borrowed(if *self { "true" } else { "false" }))
    }

    fn to_json(&self) -> Value {
        Value::Bool(*self)
    }
}

macro_rules! numbers {
    ($($ty:ty),*) => {$(
        impl Encode for $ty {
            fn text(&self) -> Option<Cow<'_, str>> {
                Some(Cow::Owned(self.to_string()))
            }

            fn to_json(&self) -> Value {
                Value::from(*self)
            }
        }
    )*};
}

// `f32` prints itself: through `f64` it would print as 0.10000000149011612.
numbers!(i8, i16, i32, i64, u8, u16, u32, f32, f64);

impl<T: Encode + ?Sized> Encode for &T {
    fn text(&self) -> Option<Cow<'_, str>> {
        (**self).text()
    }

    fn encode(&self, name: &str, style: Style, p: &mut Params) {
        (**self).encode(name, style, p);
    }

    fn to_json(&self) -> Value {
        (**self).to_json()
    }
}

/// Absent values add nothing.
impl<T: Encode> Encode for Option<T> {
    fn text(&self) -> Option<Cow<'_, str>> {
        self.as_ref().and_then(Encode::text)
    }

    fn encode(&self, name: &str, style: Style, p: &mut Params) {
        if let Some(v) = self {
            v.encode(name, style, p);
        }
    }

    fn to_json(&self) -> Value {
        self.as_ref().map_or(Value::Null, Encode::to_json)
    }
}

/// An empty array adds nothing; otherwise its items as `style` says.
impl<T: Encode> Encode for Vec<T> {
    fn encode(&self, name: &str, style: Style, p: &mut Params) {
        if self.is_empty() {
            return;
        }
        match style {
            Style::Json => p.push(name, self.to_json().to_string()),
            Style::Simple => {
                let texts: Vec<Cow<'_, str>> = self.iter().filter_map(Encode::text).collect();
                p.push(name, texts.join(","));
            }
            Style::Flat | Style::RepeatList => {
                for (i, item) in self.iter().enumerate() {
                    item.encode(&format!("{name}.{}", i + 1), Style::Flat, p);
                }
            }
        }
    }

    fn to_json(&self) -> Value {
        Value::Array(self.iter().map(Encode::to_json).collect())
    }
}

/// [`Style::Json`] sends the document serialized compactly; the other styles flatten it:
/// arrays as `name.1`, `name.2`..., objects as `name.Key`, at any depth; strings as they are,
/// other scalars in their JSON form, nulls left out.
impl Encode for Value {
    fn encode(&self, name: &str, style: Style, p: &mut Params) {
        match (style, self) {
            (Style::Json, v) => p.push(name, v.to_string()),
            (_, Value::Null) => {}
            (_, Value::Array(items)) => {
                for (i, v) in items.iter().enumerate() {
                    v.encode(&format!("{name}.{}", i + 1), Style::Flat, p);
                }
            }
            (_, Value::Object(map)) => {
                for (k, v) in map {
                    v.encode(&format!("{name}.{k}"), Style::Flat, p);
                }
            }
            (_, Value::String(s)) => p.push(name, s.as_str()),
            (_, other) => p.push(name, other.to_string()),
        }
    }

    fn to_json(&self) -> Value {
        self.clone()
    }
}

/// A generated struct of a request parameter's items, written as `prefix.Field=value` pairs
/// (implemented, with [`Encode`], by the `flat_object` macro).
pub trait FlatObject {
    /// Adds the fields that are set to `p`, each as `prefix.Field`.
    fn write_flat(&self, prefix: &str, p: &mut Params);
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

    /// Adds `name=value` as it is.
    pub fn push(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.pairs.push((name.into(), value.into()));
    }

    /// Adds the parameter `name` with `value`, flattened as `style` says: the one encoder
    /// of every front end. An absent value (`None`) or an empty array adds nothing.
    pub fn add(&mut self, name: &str, value: &dyn Encode, style: Style) {
        value.encode(name, style, self);
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
    use serde_json::json;

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

    struct Tag {
        key: Option<String>,
        value: Option<i32>,
    }

    impl FlatObject for Tag {
        fn write_flat(&self, prefix: &str, p: &mut Params) {
            p.add(&format!("{prefix}.Key"), &self.key, Style::Flat);
            p.add(&format!("{prefix}.Value"), &self.value, Style::Flat);
        }
    }

    impl Encode for Tag {
        fn encode(&self, name: &str, _: Style, p: &mut Params) {
            self.write_flat(name, p);
        }
    }

    #[test]
    fn every_shape_and_style_encodes_as_the_wire_expects() {
        let mut p = Params::with_capacity(4);
        let ab = vec!["a".to_owned(), "b".to_owned()];
        p.add("A", &Some("x"), Style::Flat);
        p.add("Skipped", &None::<String>, Style::Flat);
        p.add("B", &false, Style::Flat);
        p.add("C", &Some(-3_i32), Style::Flat);
        p.add("F32", &0.1_f32, Style::Flat);
        p.add("D", &ab, Style::RepeatList);
        p.add("E", &ab, Style::Simple);
        p.add("EJ", &vec![1_i64, 2], Style::Json);
        p.add("Empty", &Vec::<String>::new(), Style::Json);
        p.add("F", &json!({"k": [1, 2]}), Style::Json);
        let tags = json!([{"Key": "k", "Value": 1}, {"Key": null}]);
        p.add("G", &tags, Style::Flat);
        let typed = vec![
            Tag {
                key: Some("k".into()),
                value: Some(1),
            },
            Tag {
                key: None,
                value: Some(2),
            },
        ];
        p.add("H", &typed, Style::RepeatList);
        let got: Vec<(&str, &str)> = p
            .pairs()
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("A", "x"),
                ("B", "false"),
                ("C", "-3"),
                ("F32", "0.1"),
                ("D.1", "a"),
                ("D.2", "b"),
                ("E", "a,b"),
                ("EJ", "[1,2]"),
                ("F", r#"{"k":[1,2]}"#),
                ("G.1.Key", "k"),
                ("G.1.Value", "1"),
                ("H.1.Key", "k"),
                ("H.1.Value", "1"),
                ("H.2.Value", "2"),
            ]
        );
    }
}
