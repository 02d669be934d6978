//! The body a generated output keeps, so that what the service sends beyond the spec stays
//! reachable.

use std::fmt;
use std::sync::Arc;

use serde_json::Value;

/// A response body kept by an output: shared, so cloning the output does not copy it.
///
/// `Debug` shows only whether there is a body, not the body itself (outputs print their typed
/// fields).
#[derive(Clone, Default, PartialEq)]
pub struct RawBody(Option<Arc<Value>>);

static NULL: Value = Value::Null;

impl RawBody {
    /// Keeps `body`.
    pub fn new(body: Value) -> Self {
        RawBody(Some(Arc::new(body)))
    }

    /// The body kept, or `null` when there is none.
    pub fn get(&self) -> &Value {
        self.0.as_deref().unwrap_or(&NULL)
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
    fn the_runtime_envelope_is_the_spec_s() {
        assert_eq!(crate::rt::ENVELOPE, dts_spec::names::ENVELOPE);
    }
}
