//! The body a generated output keeps, so that what the service sends beyond the spec stays
//! reachable.

use std::fmt;
use std::sync::{Arc, OnceLock};

use serde_json::Value;

/// A response body kept by an output: shared, so cloning the output does not copy it.
///
/// A body read off the wire is kept as its bytes and parsed into a `Value` the first time it
/// is asked for: a call whose `raw` body nobody reads never builds the tree.
///
/// `Debug` shows only whether there is a body, not the body itself (outputs print their typed
/// fields). Two bodies are equal when their values are.
#[derive(Clone, Default)]
pub struct RawBody(Option<Arc<Kept>>);

struct Kept {
    bytes: Vec<u8>,
    value: OnceLock<Value>,
}

static NULL: Value = Value::Null;

impl RawBody {
    /// Keeps `body`.
    pub fn new(body: Value) -> Self {
        RawBody(Some(Arc::new(Kept {
            bytes: Vec::new(),
            value: OnceLock::from(body),
        })))
    }

    /// Keeps the bytes of a body, parsed when first asked for (`null` if they are not JSON;
    /// the client keeps only bodies it read as JSON).
    pub fn from_bytes(bytes: Vec<u8>) -> Self {
        RawBody(Some(Arc::new(Kept {
            bytes,
            value: OnceLock::new(),
        })))
    }

    /// The body kept, or `null` when there is none.
    pub fn get(&self) -> &Value {
        match &self.0 {
            Some(kept) => kept
                .value
                .get_or_init(|| serde_json::from_slice(&kept.bytes).unwrap_or(Value::Null)),
            None => &NULL,
        }
    }
}

impl PartialEq for RawBody {
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

impl fmt::Debug for RawBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Some(_) => f.write_str("RawBody(..)"),
            None => f.write_str("RawBody(None)"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_body_is_shared_and_an_absent_one_reads_null() {
        let body = RawBody::new(serde_json::json!({"Extra": 1}));
        let copy = body.clone();
        assert_eq!(copy.get()["Extra"], 1);
        assert_eq!(copy, body);
        assert_eq!(RawBody::default().get(), &Value::Null);
        assert_eq!(format!("{body:?}"), "RawBody(..)");
    }

    #[test]
    fn kept_bytes_are_parsed_when_first_read() {
        let body = RawBody::from_bytes(br#"{"Extra": [1, 2]}"#.to_vec());
        let copy = body.clone();
        assert_eq!(body.get()["Extra"][1], 2);
        assert!(std::ptr::eq(body.get(), copy.get()), "parsed once, shared");
        assert_eq!(body, RawBody::new(serde_json::json!({"Extra": [1, 2]})));
        assert_eq!(
            RawBody::from_bytes(b"not json".to_vec()).get(),
            &Value::Null
        );
    }

    #[test]
    fn the_runtime_envelope_is_the_spec_s() {
        assert_eq!(crate::rt::ENVELOPE, dts_spec::names::ENVELOPE);
    }
}
