//! Enums for documented valid values, in the `types` module.
//!
//! An enum is named by the spec (`enum_name`, shared by every use that declares it) or after
//! its own action and field (`<Action><Field>`); never after which other actions exist.

use std::collections::{BTreeMap, BTreeSet};

use dts_spec::EnumValue;

use super::names;

/// One enum of the `types` module.
#[derive(Debug)]
pub(crate) struct EnumIr {
    pub name: String,
    pub variants: Vec<VariantIr>,
    /// The variant holding values this client does not know.
    pub fallback: String,
    /// Where the enum is used (`StartSynchronizationJob` parameter `SynchronizationDirection`).
    pub used_by: Vec<String>,
}

/// One documented value.
#[derive(Debug)]
pub(crate) struct VariantIr {
    pub ident: String,
    pub wire: String,
    pub description: Option<String>,
}

/// Where an enum's name comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum EnumName {
    /// The spec names it (`enum_name`): every use with that name shares the one enum.
    Declared(String),
    /// The parameter or field it is the type of (`RegionId`): the enum is the action's own,
    /// named `<Action><Field>`.
    Field(String),
}

/// The enums found so far.
#[derive(Debug, Default)]
pub(crate) struct EnumTable {
    enums: Vec<EnumIr>,
    by_name: BTreeMap<String, usize>,
}

impl EnumTable {
    /// The name of the enum for `values` used by `action`, found or created.
    ///
    /// A name never depends on which other actions exist: a declared name is the spec's
    /// choice, shared by every use that declares it (with the same values, else an error); any
    /// other enum is named after its own action and field. A name claimed twice with different
    /// values is an error whichever use comes first, so adding an action can make the spec
    /// invalid but never renames an existing type.
    pub(crate) fn resolve(
        &mut self,
        action: &str,
        name: &EnumName,
        values: &[EnumValue],
        used_by: String,
    ) -> Result<String, String> {
        let variants = variants(values)?;
        let (name, hint) = match name {
            EnumName::Declared(name) => {
                (name.clone(), "use the same values or another `enum_name`")
            }
            EnumName::Field(base) => (format!("{action}{base}"), "set `enum_name`"),
        };
        if names::RESERVED_TYPES.contains(&name.as_str()) {
            return Err(format!("enum name `{name}` is reserved; set `enum_name`"));
        }
        match self.by_name.get(&name) {
            Some(&i) if same_values(&self.enums[i], &variants) => {
                let e = &mut self.enums[i];
                if !e.used_by.contains(&used_by) {
                    e.used_by.push(used_by);
                }
                Ok(e.name.clone())
            }
            Some(&i) => Err(format!(
                "enum `{name}` is also the type of {} with other values; {hint}",
                self.enums[i].used_by.join(", ")
            )),
            None => Ok(self.insert(&name, variants, used_by)),
        }
    }

    fn insert(&mut self, name: &str, variants: Vec<VariantIr>, used_by: String) -> String {
        let mut taken: BTreeSet<String> = variants.iter().map(|v| v.ident.clone()).collect();
        let fallback = if taken.contains("Unknown") {
            names::unique("UnknownValue", &mut taken)
        } else {
            "Unknown".to_owned()
        };
        self.by_name.insert(name.to_owned(), self.enums.len());
        self.enums.push(EnumIr {
            name: name.to_owned(),
            variants,
            fallback,
            used_by: vec![used_by],
        });
        name.to_owned()
    }

    /// The enums, sorted by name.
    pub(crate) fn into_vec(self) -> Vec<EnumIr> {
        let mut enums = self.enums;
        enums.sort_by(|a, b| a.name.cmp(&b.name));
        enums
    }
}

fn same_values(e: &EnumIr, variants: &[VariantIr]) -> bool {
    e.variants.len() == variants.len()
        && e.variants
            .iter()
            .zip(variants)
            .all(|(a, b)| a.wire == b.wire)
}

fn variants(values: &[EnumValue]) -> Result<Vec<VariantIr>, String> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for v in values {
        let Some(ident) = names::variant(&v.value) else {
            return Err(format!("\"{}\" cannot become an enum variant", v.value));
        };
        if !seen.insert(ident.clone()) {
            return Err(format!("two valid values become variant `{ident}`"));
        }
        out.push(VariantIr {
            ident,
            wire: v.value.clone(),
            description: v.description.clone(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(v: &[&str]) -> Vec<EnumValue> {
        v.iter()
            .map(|v| EnumValue {
                value: (*v).to_owned(),
                description: None,
            })
            .collect()
    }

    fn declared(name: &str) -> EnumName {
        EnumName::Declared(name.to_owned())
    }

    #[test]
    fn a_declared_name_with_the_same_values_is_one_enum() {
        let mut t = EnumTable::default();
        let a = t.resolve(
            "A",
            &declared("Dir"),
            &values(&["Forward", "Reverse"]),
            "a".into(),
        );
        let b = t.resolve(
            "B",
            &declared("Dir"),
            &values(&["Forward", "Reverse"]),
            "b".into(),
        );
        assert_eq!((a.as_deref(), b.as_deref()), (Ok("Dir"), Ok("Dir")));
        let enums = t.into_vec();
        assert_eq!(enums.len(), 1);
        assert_eq!(enums[0].used_by, ["a", "b"]);
    }

    #[test]
    fn a_declared_name_with_other_values_is_an_error_in_either_order() {
        for (first, second) in [(["Forward"], ["Up"]), (["Up"], ["Forward"])] {
            let mut t = EnumTable::default();
            t.resolve("A", &declared("Dir"), &values(&first), "a".into())
                .unwrap();
            let err = t
                .resolve("B", &declared("Dir"), &values(&second), "b".into())
                .unwrap_err();
            assert!(err.contains("enum `Dir` is also the type of a"), "{err}");
        }
    }

    #[test]
    fn an_undeclared_enum_is_named_after_its_action_and_field_only() {
        let field = EnumName::Field("RegionId".into());
        let mut alone = EnumTable::default();
        let a = alone.resolve("B", &field, &values(&["x"]), "b".into());
        let mut crowded = EnumTable::default();
        crowded
            .resolve("A", &field, &values(&["y", "z"]), "a".into())
            .unwrap();
        crowded
            .resolve("C", &declared("RegionId"), &values(&["w"]), "c".into())
            .unwrap();
        let b = crowded.resolve("B", &field, &values(&["x"]), "b".into());
        assert_eq!(
            (a.as_deref(), b.as_deref()),
            (Ok("BRegionId"), Ok("BRegionId"))
        );
    }

    #[test]
    fn the_fallback_avoids_a_documented_unknown() {
        let mut t = EnumTable::default();
        t.resolve("A", &declared("S"), &values(&["Unknown", "Ok"]), "a".into())
            .unwrap();
        assert_eq!(t.into_vec()[0].fallback, "UnknownValue");
    }
}
