//! The shape of the samples: which field names the JSON sample response shows under which
//! object or array, and which parameters the sample request sends.

use serde_json::Value;

/// A scalar JSON type seen in a sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Bool,
    Str,
    /// An integer that fits 32 bits.
    Int,
    /// An integer that needs 64 bits.
    Long,
    Float,
}

/// What a sample shows at one position: member names (for objects, and for arrays the union
/// over their elements) and the scalar types of the values found there.
#[derive(Debug, Clone, Default)]
pub(crate) struct Sample {
    pub keys: Vec<(String, Sample)>,
    pub kinds: Vec<Kind>,
    pub is_array: bool,
}

impl Sample {
    /// The shape of a sample JSON value.
    pub fn from_json(v: &Value) -> Sample {
        let mut s = Sample::default();
        s.merge(v);
        s
    }

    fn merge(&mut self, v: &Value) {
        match v {
            Value::Null => {}
            Value::Bool(_) => self.kind(Kind::Bool),
            Value::String(_) => self.kind(Kind::Str),
            Value::Number(n) => {
                self.kind(if n.as_i64().is_some_and(|i| i32::try_from(i).is_ok()) {
                    Kind::Int
                } else if n.is_i64() || n.is_u64() {
                    Kind::Long
                } else {
                    Kind::Float
                })
            }
            Value::Array(items) => {
                self.is_array = true;
                for item in items {
                    self.merge(item);
                }
            }
            Value::Object(map) => {
                for (k, v) in map {
                    self.entry(k).merge(v);
                }
            }
        }
    }

    fn kind(&mut self, k: Kind) {
        if !self.kinds.contains(&k) {
            self.kinds.push(k);
        }
    }

    fn entry(&mut self, name: &str) -> &mut Sample {
        let at = match self.keys.iter().position(|(k, _)| k == name) {
            Some(i) => i,
            None => {
                self.keys.push((name.to_owned(), Sample::default()));
                self.keys.len() - 1
            }
        };
        &mut self.keys[at].1
    }

    /// The sample under member `name`.
    pub fn child(&self, name: &str) -> Option<&Sample> {
        self.keys.iter().find(|(k, _)| k == name).map(|(_, s)| s)
    }

    /// Whether the sample shows any member here.
    pub fn has_info(&self) -> bool {
        !self.keys.is_empty()
    }

    /// For an array the sample wraps in an object (`{"Item": [...]}`), the wrapper's key and
    /// the array.
    pub fn wrapped_array(&self) -> Option<(&str, &Sample)> {
        match self.keys.as_slice() {
            // XML samples cannot show a one-item list as a list: an object holding one
            // object is a wrapper too.
            [(k, inner)] if !self.is_array && (inner.is_array || inner.has_info()) => {
                Some((k, inner))
            }
            _ => None,
        }
    }
}

/// The shape of an XML sample response as JSON: the root element (`<XResponse>`) is the
/// response, an element with elements inside is an object, a name that repeats is a list,
/// and values are left out (XML does not say their types). `None` when it does not parse.
pub(crate) fn xml_value(xml: &str) -> Option<Value> {
    let mut stack: Vec<Vec<(String, Value)>> = vec![Vec::new()];
    let mut names: Vec<String> = Vec::new();
    let mut rest = xml;
    while let Some(at) = rest.find('<') {
        rest = rest.get(at..)?;
        if let Some(r) = rest.strip_prefix("<!--") {
            rest = r.get(r.find("-->")? + 3..)?;
            continue;
        }
        let end = rest.find('>')?;
        let tag = rest.get(1..end)?;
        rest = rest.get(end + 1..)?;
        if tag.starts_with(['?', '!']) {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            if names.pop()? != name.trim() {
                return None;
            }
            let members = stack.pop()?;
            let value = object(members);
            stack.last_mut()?.push((name.trim().to_owned(), value));
            continue;
        }
        let empty = tag.ends_with('/');
        let name = tag
            .trim_end_matches('/')
            .split_whitespace()
            .next()?
            .to_owned();
        if empty {
            stack.last_mut()?.push((name, Value::Null));
        } else {
            names.push(name);
            stack.push(Vec::new());
        }
    }
    if !names.is_empty() {
        return None;
    }
    let mut top = stack.pop()?;
    match top.pop() {
        Some((_, v)) if top.is_empty() && v.is_object() => Some(v),
        _ => None,
    }
}

fn object(members: Vec<(String, Value)>) -> Value {
    if members.is_empty() {
        return Value::Null;
    }
    let mut map = serde_json::Map::new();
    for (name, v) in members {
        match map.get_mut(&name) {
            Some(Value::Array(items)) => items.push(v),
            Some(first) => {
                let first = first.take();
                map.insert(name, Value::Array(vec![first, v]));
            }
            None => {
                map.insert(name, v);
            }
        }
    }
    Value::Object(map)
}

/// What the sample request shows beyond names: the action, and how list parameters are sent.
#[derive(Debug, Default)]
pub(crate) struct QueryHints {
    /// The `Action=` value.
    pub action: Option<String>,
    /// Top-level parameters sent as `Name.1...` (repeat list).
    pub numbered: Vec<String>,
    /// Top-level parameters whose value is JSON text.
    pub json: Vec<String>,
}

/// Reads the sample request (`http(s)://host/?Action=X&Name=value...`, one pair per line or
/// not): the parameters it sends, nested by `Name.1.Key` paths and JSON values.
pub(crate) fn from_query(request: &str) -> (Sample, QueryHints) {
    let mut sample = Sample::default();
    let mut hints = QueryHints::default();
    let joined: String = request.lines().map(str::trim).collect::<Vec<_>>().join("");
    let query = joined.split_once('?').map_or(joined.as_str(), |(_, q)| q);
    for pair in query.split('&') {
        let Some((key, value)) = pair.split_once('=') else {
            continue;
        };
        let (key, value) = (key.trim(), value.trim());
        if !key.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        if key == "Action" {
            hints.action.get_or_insert_with(|| value.to_owned());
            continue;
        }
        let first = key.split('.').next().unwrap_or(key);
        let mut node = &mut sample;
        for (i, seg) in key.split('.').enumerate() {
            if is_index(seg) {
                if i == 1 && !hints.numbered.iter().any(|n| n == first) {
                    hints.numbered.push(first.to_owned());
                }
                node.is_array = true;
                continue;
            }
            node = node.entry(seg);
        }
        if value.starts_with(['[', '{']) {
            if let Ok(v) = serde_json::from_str::<Value>(value) {
                node.merge(&v);
                hints.json.push(key.to_owned());
                continue;
            }
        }
        node.kind(Kind::Str);
    }
    (sample, hints)
}

/// Whether a path segment is a list index (`1`, `N`).
pub(crate) fn is_index(seg: &str) -> bool {
    seg == "N" || seg == "n" || (!seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_shape_merges_array_elements() {
        let v: Value = serde_json::from_str(
            r#"{"A": [{"B": 1}, {"C": {"D": "x"}}], "E": true, "F": 5000000000}"#,
        )
        .unwrap();
        let s = Sample::from_json(&v);
        let a = s.child("A").unwrap();
        assert!(a.is_array);
        assert!(a.child("B").is_some() && a.child("C").unwrap().child("D").is_some());
        assert_eq!(s.child("E").unwrap().kinds, [Kind::Bool]);
        assert_eq!(s.child("F").unwrap().kinds, [Kind::Long]);
    }

    #[test]
    fn xml_shape() {
        let v = xml_value("<?xml version=\"1.0\"?>\n<XResponse><!-- c --><A><B>1</B><B>2</B></A><C/><D><E>x</E></D></XResponse>").unwrap();
        assert_eq!(
            v,
            serde_json::json!({"A": {"B": [null, null]}, "C": null, "D": {"E": null}})
        );
        assert!(xml_value("<A><B></A>").is_none());
        assert!(xml_value("no xml").is_none());
    }

    #[test]
    fn query_paths_and_hints() {
        let (s, h) = from_query(
            "http(s)://dts.aliyuncs.com/?Action=X\n&Tag.1.Key=k\n&Ids=[\"a\"]\n&<Common request parameters>",
        );
        assert_eq!(h.action.as_deref(), Some("X"));
        assert_eq!(h.numbered, ["Tag"]);
        assert_eq!(h.json, ["Ids"]);
        assert!(s.child("Tag").unwrap().child("Key").is_some());
    }
}
