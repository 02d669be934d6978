//! Enums for documented valid values, shared across actions in the `types` module.
//!
//! Two uses with the same name and the same values share one enum. A use whose name is taken
//! by different values gets the action's name as a prefix, then a number.

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

/// The enums found so far.
#[derive(Debug, Default)]
pub(crate) struct EnumTable {
    enums: Vec<EnumIr>,
    by_name: BTreeMap<String, usize>,
}

impl EnumTable {
    /// The name of the enum for `values`, found under `base` or created.
    pub(crate) fn resolve(
        &mut self,
        action: &str,
        base: &str,
        values: &[EnumValue],
        used_by: String,
    ) -> Result<String, String> {
        let variants = variants(values)?;
        let prefixed = format!("{action}{base}");
        for candidate in [base, prefixed.as_str()] {
            if names::RESERVED_TYPES.contains(&candidate) {
                continue;
            }
            match self.by_name.get(candidate) {
                Some(&i) if same_values(&self.enums[i], &variants) => {
                    let e = &mut self.enums[i];
                    if !e.used_by.contains(&used_by) {
                        e.used_by.push(used_by);
                    }
                    return Ok(e.name.clone());
                }
                Some(_) => continue,
                None => return Ok(self.insert(candidate, variants, used_by)),
            }
        }
        let mut taken: BTreeSet<String> = self.by_name.keys().cloned().collect();
        let name = names::unique(&prefixed, &mut taken);
        Ok(self.insert(&name, variants, used_by))
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

    #[test]
    fn same_name_and_values_share_one_enum() {
        let mut t = EnumTable::default();
        let a = t.resolve("A", "Dir", &values(&["Forward", "Reverse"]), "a".into());
        let b = t.resolve("B", "Dir", &values(&["Forward", "Reverse"]), "b".into());
        assert_eq!((a.as_deref(), b.as_deref()), (Ok("Dir"), Ok("Dir")));
        let enums = t.into_vec();
        assert_eq!(enums.len(), 1);
        assert_eq!(enums[0].used_by, ["a", "b"]);
    }

    #[test]
    fn a_clash_with_other_values_is_prefixed() {
        let mut t = EnumTable::default();
        t.resolve("A", "Dir", &values(&["Forward"]), "a".into())
            .unwrap();
        let b = t.resolve("B", "Dir", &values(&["Up", "Down"]), "b".into());
        assert_eq!(b.as_deref(), Ok("BDir"));
        let c = t.resolve("B", "Dir", &values(&["Left"]), "c".into());
        assert_eq!(c.as_deref(), Ok("BDir2"));
    }

    #[test]
    fn the_fallback_avoids_a_documented_unknown() {
        let mut t = EnumTable::default();
        t.resolve("A", "S", &values(&["Unknown", "Ok"]), "a".into())
            .unwrap();
        assert_eq!(t.into_vec()[0].fallback, "UnknownValue");
    }
}
