//! Rust names resolved once, with the checks that make emitting them infallible.

use std::collections::BTreeSet;

use dts_spec::names;

/// Names generated modules use from the prelude, short (see `paths`): a generated type must not
/// shadow them, so a struct or enum that would take one is prefixed instead.
pub(crate) const RESERVED_TYPES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Into",
    "From",
    "IntoIterator",
    "Default",
    "ToString",
    "AsRef",
    UNKNOWN_VALUE,
];

/// The type of the `types` module that enums' fallback variants hold.
pub(crate) const UNKNOWN_VALUE: &str = "UnknownValue";

/// The snake_case identifier of a parameter or field: its `rust_name`, else the snake_case
/// form of its wire name. Keywords are allowed (the emitter writes them raw).
pub(crate) fn value_ident(wire: &str, rust_name: Option<&str>) -> Result<String, String> {
    let ident = match rust_name {
        Some(rust) => rust.to_owned(),
        None => names::snake(wire),
    };
    if names::is_identifier(&ident) && !names::is_reserved(&ident) {
        Ok(ident)
    } else {
        Err(format!(
            "`{wire}` cannot become a Rust identifier; set `rust_name`"
        ))
    }
}

/// An UpperCamelCase type name, checked.
pub(crate) fn type_ident(name: &str) -> Result<String, String> {
    let ok = names::is_identifier(name)
        && name.starts_with(|c: char| c.is_ascii_uppercase())
        && !names::is_reserved(name);
    if ok {
        Ok(name.to_owned())
    } else {
        Err(format!("`{name}` is not an UpperCamelCase Rust type name"))
    }
}

/// The type name derived from a wire name (`Jobs` -> `Jobs`, `job_list` -> `JobList`).
pub(crate) fn type_from_wire(wire: &str) -> Result<String, String> {
    type_ident(&names::camel(wire))
        .map_err(|_| format!("`{wire}` cannot become a Rust type name; set `struct_name`"))
}

/// The variant name of an enum value or error code, from `dts_spec::names::variant`.
pub(crate) fn variant(value: &str) -> Option<String> {
    dts_spec::names::variant(value).filter(|v| !names::is_reserved(v))
}

/// `base` if it is free, else `base2`, `base3`...; the result is marked taken.
pub(crate) fn unique(base: &str, taken: &mut BTreeSet<String>) -> String {
    let mut name = base.to_owned();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{base}{n}");
        n += 1;
    }
    taken.insert(name.clone());
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_checked() {
        assert_eq!(value_ident("RegionId", None).as_deref(), Ok("region_id"));
        assert_eq!(value_ident("Type", None).as_deref(), Ok("type"));
        assert_eq!(value_ident("x", Some("y")).as_deref(), Ok("y"));
        assert!(value_ident("9Lives", None).is_err());
        assert_eq!(value_ident("Tag.1", None).as_deref(), Ok("tag_1"));
        assert!(value_ident("Self", None).is_err());
        assert!(type_ident("lower").is_err());
        assert_eq!(type_from_wire("job_list").as_deref(), Ok("JobList"));
        assert_eq!(variant("cn-hangzhou").as_deref(), Some("CnHangzhou"));
        assert_eq!(variant("self"), None);
    }

    #[test]
    fn unique_appends_a_number() {
        let mut taken = BTreeSet::new();
        assert_eq!(unique("A", &mut taken), "A");
        assert_eq!(unique("A", &mut taken), "A2");
        assert_eq!(unique("A", &mut taken), "A3");
    }
}
