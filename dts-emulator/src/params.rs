//! Request parameters: the query string merged with an `application/x-www-form-urlencoded` body.
//!
//! [`parse_params`] is the one entry point from bytes to parameters. It is a pure function of
//! its two inputs, total over arbitrary bytes (malformed escapes stay as they are, invalid
//! UTF-8 becomes U+FFFD), and bounded: more than [`MAX_PARAMS`] pairs is an error rather than
//! unbounded work.

use std::collections::BTreeMap;
use std::ops::Bound;

/// The parameters of one call, by name; a name given twice keeps its last value (body after
/// query).
pub(crate) type Params = BTreeMap<String, String>;

/// The most `name=value` pairs one request may carry, query and body together.
pub const MAX_PARAMS: usize = 1024;

/// Why a request's parameters were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    /// The query and body together hold more than `limit` pairs.
    #[error("the request has more than {limit} parameters")]
    TooManyParameters {
        /// The limit exceeded ([`MAX_PARAMS`]).
        limit: usize,
    },
}

/// The decoded parameters of one request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedParams {
    pub(crate) params: Params,
    /// The query string as received: only signature V3 needs its pairs apart from the body's,
    /// so they are decoded when asked for.
    query: Vec<u8>,
}

impl ParsedParams {
    /// The value of `name` (the last one given; the body's over the query's).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.params.get(name).map(String::as_str)
    }

    /// Whether `name` was given a value: as `name` itself (non-empty), or, for a list or an
    /// object sent flattened, as `name.1`, `name.1.Key`...
    pub(crate) fn is_given(&self, name: &str) -> bool {
        if self.get(name).is_some_and(|v| !v.is_empty()) {
            return true;
        }
        let prefix = format!("{name}.");
        self.params
            .range::<str, _>((Bound::Included(prefix.as_str()), Bound::Unbounded))
            .next()
            .is_some_and(|(k, _)| k.starts_with(&prefix))
    }

    /// All parameters, merged, sorted by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> + Clone {
        self.params.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// How many distinct names there are.
    pub fn len(&self) -> usize {
        self.params.len()
    }

    /// Whether there are no parameters at all.
    pub fn is_empty(&self) -> bool {
        self.params.is_empty()
    }

    /// The query string's pairs in arrival order, decoded to bytes (duplicates kept), as
    /// signature V3 canonicalizes them.
    pub fn query_pairs(&self) -> Vec<(Vec<u8>, Vec<u8>)> {
        split_pairs(&self.query)
            .map(|(name, value)| (decode(name), decode(value)))
            .collect()
    }

    /// Sets `name` (signature V3 carries `Action` and `Version` in headers).
    pub(crate) fn insert(&mut self, name: &str, value: &str) {
        self.params.insert(name.to_owned(), value.to_owned());
    }
}

/// Decodes a raw query string and a form body (pass `b""` when the body is not a form) into
/// parameters. Never panics, whatever the bytes.
pub fn parse_params(query: &[u8], body: &[u8]) -> Result<ParsedParams, ParseError> {
    let mut params = Params::new();
    // Query first, so a name the body gives again takes the body's value.
    for (n, (name, value)) in split_pairs(query).chain(split_pairs(body)).enumerate() {
        if n == MAX_PARAMS {
            return Err(ParseError::TooManyParameters { limit: MAX_PARAMS });
        }
        params.insert(lossy(decode(name)), lossy(decode(value)));
    }
    Ok(ParsedParams {
        params,
        query: query.to_vec(),
    })
}

/// `a=1&b&c=` into `(name, value)` slices; a pair without `=` has an empty value.
fn split_pairs(input: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    input
        .split(|&b| b == b'&')
        .filter(|p| !p.is_empty())
        .map(|pair| match pair.iter().position(|&b| b == b'=') {
            Some(i) => (&pair[..i], &pair[i + 1..]),
            None => (pair, &[][..]),
        })
}

/// Whether a `Content-Type` header value names a form body.
pub(crate) fn is_form(content_type: &str) -> bool {
    content_type.split(';').next().is_some_and(|m| {
        m.trim()
            .eq_ignore_ascii_case("application/x-www-form-urlencoded")
    })
}

/// Form decoding to bytes: `+` is a space, `%XX` a byte; malformed escapes stay as they are.
/// Runs of other bytes are copied whole.
fn decode(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len());
    let mut rest = input;
    while let Some(i) = rest.iter().position(|&b| b == b'+' || b == b'%') {
        out.extend_from_slice(&rest[..i]);
        let (byte, len) = match rest[i] {
            b'+' => (b' ', 1),
            _ => match hex_byte(&rest[i + 1..]) {
                Some(byte) => (byte, 3),
                None => (b'%', 1),
            },
        };
        out.push(byte);
        rest = &rest[i + len..];
    }
    out.extend_from_slice(rest);
    out
}

/// The byte that two hex digits at the start of `input` stand for.
fn hex_byte(input: &[u8]) -> Option<u8> {
    match input {
        [hi, lo, ..] => Some(hex(*hi)? << 4 | hex(*lo)?),
        _ => None,
    }
}

/// UTF-8, with invalid sequences replaced by U+FFFD (valid bytes are taken without a copy).
fn lossy(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> ParsedParams {
        parse_params(s.as_bytes(), b"").unwrap()
    }

    #[test]
    fn decodes_plus_percent_and_bare_names() {
        let p = parse("a=x+y%20z&b=%2A%7e&c&d=&%E6%95%B0=%F0%9F%9A%80");
        assert_eq!(p.get("a"), Some("x y z"));
        assert_eq!(p.get("b"), Some("*~"));
        assert_eq!(p.get("c"), Some(""));
        assert_eq!(p.get("d"), Some(""));
        assert_eq!(p.get("数"), Some("🚀"));
    }

    #[test]
    fn keeps_malformed_escapes_and_replaces_bad_utf8() {
        let p = parse("a=100%&b=%zz&c=%4&d=%FF");
        assert_eq!(p.get("a"), Some("100%"));
        assert_eq!(p.get("b"), Some("%zz"));
        assert_eq!(p.get("c"), Some("%4"));
        assert_eq!(p.get("d"), Some("\u{FFFD}"));
        assert_eq!(p.query_pairs()[3], (b"d".to_vec(), vec![0xFF]));
    }

    #[test]
    fn escapes_next_to_each_other_and_at_the_end() {
        assert_eq!(decode(b"%%41+%4+%"), b"%A %4 %");
        assert_eq!(decode(b"%2b%2B++"), b"++  ");
        assert_eq!(decode(b""), b"");
    }

    #[test]
    fn flattened_lists_and_objects_count_as_given() {
        let p = parse("Id=&ResourceId.1=a&Tag.1.Key=k&TagKey=&Tags=x&Name=n");
        assert!(p.is_given("ResourceId"));
        assert!(p.is_given("Tag"));
        assert!(p.is_given("Name"));
        assert!(p.is_given("Tags"));
        assert!(!p.is_given("Id"), "an empty value is not a value");
        assert!(
            !p.is_given("TagKey"),
            "`TagKey=` is empty, `Tag.1.Key` is another name"
        );
        assert!(
            !p.is_given("Resource"),
            "`ResourceId.1` does not give `Resource`"
        );
        assert!(!p.is_given("Missing"));
    }

    #[test]
    fn body_values_override_query_values() {
        let p = parse_params(b"a=1&b=2&a=0", b"a=3").unwrap();
        assert_eq!((p.get("a"), p.get("b")), (Some("3"), Some("2")));
        assert_eq!(p.len(), 2);
        assert_eq!(p.query_pairs().len(), 3, "the query keeps its duplicates");
    }

    #[test]
    fn too_many_pairs_are_refused() {
        let many = "a=1&".repeat(MAX_PARAMS);
        assert!(parse_params(many.as_bytes(), b"").is_ok());
        assert_eq!(
            parse_params(many.as_bytes(), b"b=2"),
            Err(ParseError::TooManyParameters { limit: MAX_PARAMS })
        );
    }

    #[test]
    fn recognises_form_content_types() {
        assert!(is_form("application/x-www-form-urlencoded"));
        assert!(is_form("Application/X-WWW-Form-Urlencoded; charset=UTF-8"));
        assert!(!is_form("application/json"));
    }
}
