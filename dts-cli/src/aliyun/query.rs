//! `--cli-query`: a JMESPath expression applied to the printed document, and the waiter's
//! `expr=` read the same way.

use serde_json::Value;

/// A compiled JMESPath expression.
pub struct Query(jmespath::Expression<'static>);

impl Query {
    /// Compiles `expr`; a syntax error is a usage error naming `flag`.
    pub fn compile(flag: &str, expr: &str) -> Result<Query, String> {
        jmespath::compile(expr)
            .map(Query)
            .map_err(|e| format!("{flag}: `{expr}` is not a JMESPath expression: {e}"))
    }

    /// What the expression selects from `doc` (`null` when nothing matches).
    pub fn apply(&self, doc: &Value) -> Result<Value, String> {
        let found = self
            .0
            .search(doc)
            .map_err(|e| format!("`{}` cannot be evaluated: {e}", self.0.as_str()))?;
        serde_json::to_value(&*found).map_err(|e| e.to_string())
    }

    /// The selected value as text to compare: a string as it is, `null` as `None`, anything
    /// else as JSON (`true`, `3`).
    pub fn text(&self, doc: &Value) -> Result<Option<String>, String> {
        Ok(match self.apply(doc)? {
            Value::Null => None,
            Value::String(s) => Some(s),
            other => Some(other.to_string()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn expressions_filter_and_project() {
        let doc = json!({"DtsJobList": [{"DtsJobId": "a", "Status": "Synchronizing"},
                                        {"DtsJobId": "b", "Status": "Failed"}], "Total": 2});
        let q = Query::compile("--cli-query", "DtsJobList[?Status=='Failed'].DtsJobId").unwrap();
        assert_eq!(q.apply(&doc).unwrap(), json!(["b"]));
        let q = Query::compile("--cli-query", "length(DtsJobList)").unwrap();
        assert_eq!(q.apply(&doc).unwrap(), json!(2));
        assert_eq!(
            Query::compile("x", "Total")
                .unwrap()
                .text(&doc)
                .unwrap()
                .as_deref(),
            Some("2")
        );
        assert_eq!(
            Query::compile("x", "Nope").unwrap().text(&doc).unwrap(),
            None
        );
        let err = Query::compile("--cli-query", "DtsJobList[?").err().unwrap();
        assert!(
            err.starts_with("--cli-query: `DtsJobList[?` is not a JMESPath expression"),
            "{err}"
        );
    }
}
