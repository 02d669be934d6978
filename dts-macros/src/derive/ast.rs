//! The derive input as both derives see it: a struct with named fields, each with its wire
//! name and `#[dts(...)]` attributes.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, Ident, Type};

use super::attr::{self, Derive, FieldAttrs};

/// One field with its attributes read.
pub(crate) struct FieldDef<'a> {
    pub ident: &'a Ident,
    pub ty: &'a Type,
    /// The wire name: `rename`, else the UpperCamelCase form of the field's name.
    pub wire: String,
    /// Where to point at when the wire name is wrong: the `rename` value, else the field.
    pub wire_span: Span,
    pub attrs: FieldAttrs,
}

/// The struct's named fields (none for a unit struct), or an error for tuple structs, enums
/// and unions.
pub(crate) fn fields<'a>(
    input: &'a DeriveInput,
    derive: Derive,
    errors: &mut Vec<syn::Error>,
) -> syn::Result<Vec<FieldDef<'a>>> {
    let name = derive.name();
    let named = match &input.data {
        Data::Struct(s) => match &s.fields {
            Fields::Named(named) => named.named.iter().collect(),
            Fields::Unit => Vec::new(),
            Fields::Unnamed(unnamed) => {
                let msg = format!(
                    "`#[derive({name})]` needs named fields: each field's name gives its wire name"
                );
                return Err(syn::Error::new(unnamed.span(), msg));
            }
        },
        Data::Enum(e) => {
            let msg = format!("`#[derive({name})]` works on structs with named fields, not enums");
            return Err(syn::Error::new(e.enum_token.span, msg));
        }
        Data::Union(u) => {
            let msg = format!("`#[derive({name})]` works on structs with named fields, not unions");
            return Err(syn::Error::new(u.union_token.span, msg));
        }
    };
    Ok(named
        .into_iter()
        .filter_map(|f| {
            let ident = f.ident.as_ref()?;
            let attrs = attr::field(&f.attrs, derive, errors);
            let (wire, wire_span) = match &attrs.rename {
                Some(lit) => (lit.value(), lit.span()),
                None => (wire_name(ident), ident.span()),
            };
            Some(FieldDef {
                ident,
                ty: &f.ty,
                wire,
                wire_span,
                attrs,
            })
        })
        .collect())
}

/// `dts_job_id` -> `DtsJobId`, `r#type` -> `Type`.
fn wire_name(ident: &Ident) -> String {
    let name = ident.to_string();
    dts_spec::names::camel(name.trim_start_matches("r#"))
}

/// Checks that wire names are non-empty and distinct among the fields that are not skipped.
pub(crate) fn check_wire_names(fields: &[FieldDef], what: &str, errors: &mut Vec<syn::Error>) {
    let live: Vec<&FieldDef> = fields.iter().filter(|f| f.attrs.skip.is_none()).collect();
    for (i, f) in live.iter().enumerate() {
        if f.wire.is_empty() {
            errors.push(syn::Error::new(f.wire_span, format!("empty {what} name")));
        } else if let Some(first) = live[..i].iter().find(|g| g.wire == f.wire) {
            let msg = format!(
                "{what} `{}` is already used by field `{}`",
                f.wire, first.ident
            );
            errors.push(syn::Error::new(f.wire_span, msg));
        }
    }
}
