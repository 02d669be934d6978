//! Dotted paths into a JSON document (`TagResources.TagResource`): the spec's way of naming a
//! response field, read and written.

use serde_json::{Map, Value};

/// The value at `path`, if every step is an object holding the next key.
pub fn get<'v>(doc: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(doc, |v, key| v.get(key))
}

/// Puts `value` at `path`, making the objects on the way when they are absent (a step that is
/// not an object is replaced by one).
pub fn set(doc: &mut Value, path: &str, value: Value) {
    let mut at = doc;
    for key in path.split('.') {
        if !at.is_object() {
            *at = Value::Object(Map::new());
        }
        let Value::Object(map) = at else {
            return;
        };
        at = map.entry(key.to_owned()).or_insert(Value::Null);
    }
    *at = value;
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn get_and_set_follow_dotted_paths() {
        let mut doc = json!({"A": {"B": [1]}, "C": 2});
        assert_eq!(get(&doc, "A.B"), Some(&json!([1])));
        assert_eq!(get(&doc, "C.D"), None);
        set(&mut doc, "A.B", json!([1, 2]));
        set(&mut doc, "X.Y", json!(true));
        assert_eq!(doc, json!({"A": {"B": [1, 2]}, "C": 2, "X": {"Y": true}}));
    }
}
