//! The type column of a parameter table: `String`, `Array of X`, `array<object>`, `Struct`,
//! `RepeatList`.

use dts_spec::Type;

/// What an array holds, as the type column says.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Elem {
    /// `Array of String`.
    Scalar(Type),
    /// `Array of SynchronizationInstance` (the item type's name) or `Array of Object`.
    Object(Option<String>),
    /// `Array`, with nothing said about the items.
    Unknown,
}

/// A row's type column.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RowType {
    Scalar(Type),
    Array(Elem),
    Object,
    Any,
}

impl RowType {
    /// Whether rows below this one can be its children.
    pub fn is_container(&self) -> bool {
        matches!(
            self,
            RowType::Object | RowType::Array(Elem::Object(_) | Elem::Unknown)
        )
    }
}

/// `RepeatList`, the type column of `ResourceId.N` and `Tag.N.Key`: a list sent as numbered
/// parameters. Under an indexed name the row is one value of the list (a String; the path
/// makes the list); a name without an index is the list itself.
pub(crate) fn repeat_list(words: &[&str], name: &str) -> Option<(RowType, usize)> {
    let [w] = words else { return None };
    if !w.eq_ignore_ascii_case("repeatlist") {
        return None;
    }
    let indexed = name.split('.').skip(1).any(super::sample::is_index);
    let ty = if indexed {
        RowType::Scalar(Type::String)
    } else {
        RowType::Array(Elem::Unknown)
    };
    Some((ty, 1))
}

pub(crate) fn looks_like_type(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_uppercase())
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '<' | '>'))
}

/// Parses the type column from the words after the name, returning the type and how many
/// words it took (`Array of String` takes three).
pub(crate) fn parse_type(words: &[&str]) -> Option<(RowType, usize)> {
    parse_type_in(words, false)
}

/// [`parse_type`], accepting lowercase type names (`string`) when `any_case`: in a cell they
/// cannot be prose.
pub(crate) fn parse_type_in(words: &[&str], any_case: bool) -> Option<(RowType, usize)> {
    let first = *words.first()?;
    let lower = first.to_ascii_lowercase();
    for prefix in ["array<", "list<"] {
        if let Some(inner) = lower.strip_prefix(prefix) {
            let inner = inner.strip_suffix('>')?;
            let original = first.get(prefix.len()..first.len() - 1).unwrap_or(inner);
            return Some((RowType::Array(elem(original)?), 1));
        }
    }
    // Type names are capitalized in this layout; a lowercase word is prose ("Largest number").
    if !any_case && !first.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    if lower == "array" || lower == "list" {
        let of = words.get(1).is_some_and(|w| w.eq_ignore_ascii_case("of"));
        return match (of, words.get(2)) {
            (true, Some(item)) => Some((RowType::Array(elem(item)?), 3)),
            _ => Some((RowType::Array(Elem::Unknown), 1)),
        };
    }
    if let Some(t) = scalar(&lower) {
        return Some((RowType::Scalar(t), 1));
    }
    match lower.as_str() {
        "object" | "struct" => Some((RowType::Object, 1)),
        "map" | "any" => Some((RowType::Any, 1)),
        _ => None,
    }
}

fn elem(word: &str) -> Option<Elem> {
    let lower = word.to_ascii_lowercase();
    if let Some(t) = scalar(&lower) {
        return Some(Elem::Scalar(t));
    }
    if matches!(lower.as_str(), "object" | "struct" | "map") {
        return Some(Elem::Object(None));
    }
    let is_name = word.starts_with(|c: char| c.is_ascii_alphabetic())
        && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    is_name.then(|| Elem::Object(Some(word.to_owned())))
}

fn scalar(lower: &str) -> Option<Type> {
    Some(match lower {
        "string" | "date" | "datetime" | "timestamp" => Type::String,
        "integer" | "int" | "int32" => Type::Integer,
        "long" | "int64" => Type::Long,
        "boolean" | "bool" => Type::Boolean,
        "float" => Type::Float,
        "double" | "number" => Type::Double,
        _ => return None,
    })
}
