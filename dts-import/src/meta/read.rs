//! Tolerant reading of the metadata's JSON: typed getters that turn a wrong type into a
//! warning, and key checks that warn about keys the importer does not know.

use dts_spec::diagnostic::Pointer;
use serde_json::{Map, Value};

use super::error::Warning;

/// The warning sink for one metadata file, with the API being read.
pub(crate) struct Cx<'w> {
    pub source: &'w str,
    pub api: Option<String>,
    pub warnings: &'w mut Vec<Warning>,
}

impl Cx<'_> {
    pub fn warn(&mut self, at: &Pointer, message: impl Into<String>) {
        self.warnings.push(Warning {
            source: self.source.to_owned(),
            api: self.api.clone(),
            pointer: at.to_string(),
            message: message.into(),
        });
    }

    /// Warns about every key of `map` that is in neither list. `ignored` keys are understood
    /// but carry nothing the spec keeps (prose, UI hints).
    pub fn check_keys(
        &mut self,
        at: &Pointer,
        map: &Map<String, Value>,
        known: &[&str],
        ignored: &[&str],
    ) {
        for key in map.keys() {
            if !known.contains(&key.as_str()) && !ignored.contains(&key.as_str()) {
                self.warn(&at.join(key), format!("unknown key `{key}`, ignored"));
            }
        }
    }

    /// The object under `key`, warning if it is there but not an object.
    pub fn object<'v>(
        &mut self,
        at: &Pointer,
        map: &'v Map<String, Value>,
        key: &str,
    ) -> Option<&'v Map<String, Value>> {
        match map.get(key)? {
            Value::Object(m) => Some(m),
            Value::Null => None,
            other => {
                self.warn(
                    &at.join(key),
                    format!("expected an object, found {}", kind(other)),
                );
                None
            }
        }
    }

    /// The array under `key`, warning if it is there but not an array.
    pub fn array<'v>(
        &mut self,
        at: &Pointer,
        map: &'v Map<String, Value>,
        key: &str,
    ) -> Option<&'v [Value]> {
        match map.get(key)? {
            Value::Array(a) => Some(a),
            Value::Null => None,
            other => {
                self.warn(
                    &at.join(key),
                    format!("expected an array, found {}", kind(other)),
                );
                None
            }
        }
    }

    /// The string under `key`, warning if it is there but not a string.
    pub fn str<'v>(
        &mut self,
        at: &Pointer,
        map: &'v Map<String, Value>,
        key: &str,
    ) -> Option<&'v str> {
        match map.get(key)? {
            Value::String(s) => Some(s),
            Value::Null => None,
            other => {
                self.warn(
                    &at.join(key),
                    format!("expected a string, found {}", kind(other)),
                );
                None
            }
        }
    }

    /// The boolean under `key` (`"true"`/`"false"` strings accepted), warning otherwise.
    pub fn bool(&mut self, at: &Pointer, map: &Map<String, Value>, key: &str) -> Option<bool> {
        match map.get(key)? {
            Value::Bool(b) => Some(*b),
            Value::Null => None,
            Value::String(s) if s == "true" || s == "false" => Some(s == "true"),
            other => {
                self.warn(
                    &at.join(key),
                    format!("expected a boolean, found {}", kind(other)),
                );
                None
            }
        }
    }

    /// The number under `key`; the metadata writes limits as strings (`"1"`), so numeric
    /// strings are parsed. Anything else is a warning.
    pub fn number(&mut self, at: &Pointer, map: &Map<String, Value>, key: &str) -> Option<f64> {
        let value = map.get(key)?;
        let parsed = match value {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().parse::<f64>().ok().filter(|f| f.is_finite()),
            Value::Null => return None,
            _ => None,
        };
        if parsed.is_none() {
            self.warn(
                &at.join(key),
                format!("expected a number, found {}", describe(value)),
            );
        }
        parsed
    }

    /// A non-negative integer under `key` (numeric strings accepted), warning otherwise.
    pub fn count(&mut self, at: &Pointer, map: &Map<String, Value>, key: &str) -> Option<u64> {
        let value = map.get(key)?;
        let parsed = match value {
            Value::Number(n) => n.as_u64(),
            Value::String(s) => s.trim().parse::<u64>().ok(),
            Value::Null => return None,
            _ => None,
        };
        if parsed.is_none() {
            self.warn(
                &at.join(key),
                format!("expected a count, found {}", describe(value)),
            );
        }
        parsed
    }

    /// A scalar under `key` as text (`"10"`, `10` and `true` all become text), warning if it
    /// is an array or object.
    pub fn scalar(&mut self, at: &Pointer, map: &Map<String, Value>, key: &str) -> Option<String> {
        let value = map.get(key)?;
        let text = scalar_text(value);
        if text.is_none() && !value.is_null() {
            self.warn(
                &at.join(key),
                format!("expected a single value, found {}", kind(value)),
            );
        }
        text
    }
}

/// A JSON scalar as text, or `None` for null, arrays and objects.
pub(crate) fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The JSON kind of a value, for messages.
pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::String(s) => format!("\"{}\"", s.chars().take(40).collect::<String>()),
        other => kind(other).to_owned(),
    }
}
