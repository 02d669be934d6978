//! The public surface of a generated API, and what changed between two of them: the names
//! users write (types, public fields, public methods with their signatures), read off the
//! generated source itself rather than guessed from the spec, so that a renamed type, a setter
//! or field whose type changed, and a removed field or method all show.

use std::collections::BTreeSet;

use quote::ToTokens;

/// The public items of one generated API, each as one line of text:
/// `operation::foo::FooOutput` for a type, `operation::foo::FooOutput.bar: Option<String>`
/// for a public field, `operation::foo::FooRequest::bar(mut self, bar: impl Into<String>) -> Self`
/// for a public method.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiSurface {
    items: BTreeSet<String>,
}

/// What changed between two surfaces: anything the old one had and the new one lacks breaks
/// code written against the old one (a retyped field or setter is an old signature gone and a
/// new one added).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiDiff {
    /// Items only the old surface has: breaking.
    pub removed: Vec<String>,
    /// Items only the new surface has: compatible.
    pub added: Vec<String>,
}

impl ApiSurface {
    /// The surface of generated `source`, or `None` when it does not parse as Rust.
    pub fn of_source(source: &str) -> Option<Self> {
        let file = syn::parse_file(source).ok()?;
        let mut items = BTreeSet::new();
        collect(&file.items, "", &mut items);
        Some(ApiSurface { items })
    }

    /// Every item, sorted.
    pub fn items(&self) -> impl Iterator<Item = &str> {
        self.items.iter().map(String::as_str)
    }

    /// What changed from `self` (old) to `new`.
    pub fn diff(&self, new: &ApiSurface) -> ApiDiff {
        ApiDiff {
            removed: self.items.difference(&new.items).cloned().collect(),
            added: new.items.difference(&self.items).cloned().collect(),
        }
    }
}

impl ApiDiff {
    /// Whether code written against the old API may not compile against the new one.
    pub fn is_breaking(&self) -> bool {
        !self.removed.is_empty()
    }
}

fn text(tokens: &impl ToTokens) -> String {
    tokens.to_token_stream().to_string()
}

fn is_public(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

fn collect(items: &[syn::Item], path: &str, out: &mut BTreeSet<String>) {
    for item in items {
        match item {
            syn::Item::Mod(m) if is_public(&m.vis) => {
                let path = format!("{path}{}::", m.ident);
                out.insert(format!("mod {}", path.trim_end_matches("::")));
                if let Some((_, items)) = &m.content {
                    collect(items, &path, out);
                }
            }
            syn::Item::Struct(s) if is_public(&s.vis) => {
                out.insert(format!("struct {path}{}", s.ident));
                for (i, f) in s.fields.iter().enumerate() {
                    if is_public(&f.vis) {
                        let name = f.ident.as_ref().map_or(i.to_string(), ToString::to_string);
                        out.insert(format!("{path}{}.{name}: {}", s.ident, text(&f.ty)));
                    }
                }
            }
            syn::Item::Enum(e) if is_public(&e.vis) => {
                out.insert(format!("enum {path}{}", e.ident));
                for v in &e.variants {
                    out.insert(format!("{path}{}::{}{}", e.ident, v.ident, text(&v.fields)));
                }
            }
            syn::Item::Static(s) if is_public(&s.vis) => {
                out.insert(format!("static {path}{}: {}", s.ident, text(&s.ty)));
            }
            syn::Item::Impl(i) if i.trait_.is_none() => {
                let self_ty = text(&i.self_ty);
                for f in &i.items {
                    if let syn::ImplItem::Fn(f) = f {
                        if is_public(&f.vis) {
                            out.insert(format!("{path}{self_ty}::{}", text(&f.sig)));
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn surface(src: &str) -> ApiSurface {
        ApiSurface::of_source(src).expect("the source parses")
    }

    #[test]
    fn a_retyped_field_a_renamed_type_and_a_removed_field_are_breaking() {
        let old = surface(
            "pub mod operation { pub mod a { pub struct AOutput { pub n: Option<i32>, pub gone: Option<String> } \
             pub enum Dir { Up } impl AOutput { pub fn n(&self) -> i32 { 0 } } } }",
        );
        let new = surface(
            "pub mod operation { pub mod a { pub struct AOutput { pub n: Option<i64> } \
             pub enum ADir { Up } impl AOutput { pub fn n(&self) -> i32 { 0 } } } }",
        );
        let d = old.diff(&new);
        assert!(d.is_breaking());
        assert_eq!(
            d.removed,
            [
                "enum operation::a::Dir",
                "operation::a::AOutput.gone: Option < String >",
                "operation::a::AOutput.n: Option < i32 >",
                "operation::a::Dir::Up",
            ]
        );
        assert!(d
            .added
            .contains(&"operation::a::AOutput.n: Option < i64 >".to_owned()));
        assert!(!old.diff(&old).is_breaking());
    }

    #[test]
    fn private_items_are_not_the_surface() {
        let s = surface("pub struct A { raw: u8 } struct B; impl A { fn f(&self) {} }");
        assert_eq!(s.items().collect::<Vec<_>>(), ["struct A"]);
    }
}
