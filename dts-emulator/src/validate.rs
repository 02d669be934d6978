//! Parameter validation from the spec, as Alibaba Cloud's gateway does it before an action
//! runs: types, valid values, ranges, lengths and item counts. A bad value is HTTP 400
//! `InvalidParameter`, `The specified parameter "<Name>" is not valid.`

use dts_spec::{Action, Param, Type};

use crate::params::Params;
use crate::reject::Rejection;

/// The parameters every call may carry besides the action's own.
const COMMON: [&str; 11] = [
    "Action",
    "Version",
    "Format",
    "AccessKeyId",
    "SignatureMethod",
    "SignatureVersion",
    "SignatureNonce",
    "SignatureType",
    "Timestamp",
    "Signature",
    "SecurityToken",
];

/// Whether `name` is a common (protocol) parameter rather than an action's.
pub(crate) fn is_common(name: &str) -> bool {
    COMMON.contains(&name)
}

/// One parameter's checkable rules, computed once at start.
#[derive(Debug, Clone)]
pub(crate) struct Rule {
    name: String,
    ty: Type,
    values: Vec<String>,
    minimum: Option<f64>,
    maximum: Option<f64>,
    min_length: Option<u64>,
    max_length: Option<u64>,
    max_items: Option<u64>,
}

impl Rule {
    fn of(p: &Param) -> Option<Rule> {
        let c = &p.constraints;
        let rule = Rule {
            name: p.name.clone(),
            ty: p.ty,
            values: p.enum_values.iter().map(|e| e.value.clone()).collect(),
            minimum: c.minimum,
            maximum: c.maximum,
            min_length: c.min_length,
            max_length: c.max_length,
            max_items: c.max_items,
        };
        let typed = matches!(
            p.ty,
            Type::Integer | Type::Long | Type::Boolean | Type::Float | Type::Double
        );
        (typed || !rule.values.is_empty() || !c.is_empty()).then_some(rule)
    }

    fn accepts(&self, value: &str) -> bool {
        let number = || value.trim().parse::<f64>().ok();
        let in_range =
            |n: f64| self.minimum.is_none_or(|m| n >= m) && self.maximum.is_none_or(|m| n <= m);
        let typed = match self.ty {
            Type::Integer => value.parse::<i32>().is_ok_and(|n| in_range(f64::from(n))),
            Type::Long => value.parse::<i64>().is_ok_and(|n| in_range(n as f64)),
            Type::Float | Type::Double => number().is_some_and(|n| n.is_finite() && in_range(n)),
            Type::Boolean => matches!(value, "true" | "false" | "True" | "False"),
            _ => true,
        };
        let chars = value.chars().count() as u64;
        typed
            && (self.values.is_empty() || self.values.iter().any(|v| v == value))
            && self.min_length.is_none_or(|m| chars >= m)
            && self.max_length.is_none_or(|m| chars <= m)
    }
}

/// The rules of an action's parameters.
pub(crate) fn rules(action: &Action) -> Vec<Rule> {
    action.request.iter().filter_map(Rule::of).collect()
}

/// Checks every given parameter an action's rule covers.
pub(crate) fn check(rules: &[Rule], params: &Params) -> Result<(), Rejection> {
    for rule in rules {
        if rule.ty == Type::Array {
            let prefix = format!("{}.", rule.name);
            let items = params
                .range(prefix.clone()..)
                .take_while(|(k, _)| k.starts_with(&prefix))
                .filter(|(k, _)| !k[prefix.len()..].contains('.'))
                .count() as u64;
            if rule.max_items.is_some_and(|m| items > m) {
                return Err(Rejection::invalid_parameter(&rule.name));
            }
            continue;
        }
        if let Some(value) = params.get(&rule.name).filter(|v| !v.is_empty()) {
            if !rule.accepts(value) {
                return Err(Rejection::invalid_parameter(&rule.name));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> Params {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn types_ranges_and_valid_values_from_the_bundled_spec() {
        let spec = dts_spec::bundled().unwrap();
        let jobs = rules(spec.action("DescribeDtsJobs").unwrap());
        assert!(check(&jobs, &params(&[("PageSize", "50"), ("PageNumber", "2")])).is_ok());
        for bad in ["abc", "0", "1001", "2.5"] {
            let e = check(&jobs, &params(&[("PageSize", bad)])).unwrap_err();
            assert_eq!((e.status, e.code), (400, "InvalidParameter"), "{bad}");
            assert_eq!(
                e.message,
                "The specified parameter \"PageSize\" is not valid."
            );
        }
        let start = rules(spec.action("StartDtsJob").unwrap());
        assert!(check(&start, &params(&[("SynchronizationDirection", "Reverse")])).is_ok());
        assert!(check(&start, &params(&[("SynchronizationDirection", "Sideways")])).is_err());
        assert!(check(&start, &params(&[("ZeroEtlJob", "yes")])).is_err());
        let tag = rules(spec.action("TagResources").unwrap());
        let many: Vec<(String, String)> = (1..=52)
            .map(|i| (format!("ResourceId.{i}"), format!("dts{i}")))
            .collect();
        assert!(check(&tag, &many.into_iter().collect()).is_err());
        assert!(is_common("SignatureNonce") && !is_common("DtsJobId"));
    }
}
