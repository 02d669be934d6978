//! `#[derive(Decode)]`: a lenient reader for a response struct, like the generator's: absent
//! or unreadable members become `None`, an empty `Vec` or the type's default.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{parse_quote, DeriveInput, GenericParam};

use super::ast::{self, FieldDef};
use super::attr::{self, Derive};
use super::{fallback, ty};
use crate::generate::combine;
use crate::paths;

/// Expands the derive, or a `compile_error!` plus a stub impl when the input is invalid.
pub(crate) fn derive(input: &DeriveInput) -> TokenStream {
    let mut errors = Vec::new();
    attr::container(&input.attrs, Derive::Decode, &mut errors);
    let fields = match ast::fields(input, Derive::Decode, &mut errors) {
        Ok(fields) => fields,
        Err(e) => return fallback::decode(input, &e),
    };
    ast::check_wire_names(&fields, "member", &mut errors);
    match combine(errors) {
        Some(error) => fallback::decode(input, &error),
        None => expand(input, &fields),
    }
}

fn expand(input: &DeriveInput, fields: &[FieldDef]) -> TokenStream {
    let ident = &input.ident;
    let decode = paths::decode();
    let mut generics = input.generics.clone();
    let params: Vec<_> = generics
        .params
        .iter()
        .filter_map(|p| match p {
            GenericParam::Type(t) => Some(t.ident.clone()),
            _ => None,
        })
        .collect();
    let where_clause = generics.make_where_clause();
    for param in params {
        where_clause.predicates.push(parse_quote!(#param: #decode));
    }
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let (json, option) = (paths::json_value(), paths::option());
    let members = fields.iter().map(member);
    quote! {
        #[automatically_derived]
        impl #impl_generics #decode for #ident #ty_generics #where_clause {
            fn decode(value: &#json) -> #option<Self> {
                value.as_object()?;
                #option::Some(Self { #(#members,)* })
            }
        }
    }
}

/// `name: <reader>`: `Option` fields read one member, `Vec` fields a list, others one member
/// or their default.
fn member(f: &FieldDef) -> TokenStream {
    let ident = f.ident;
    let wire = &f.wire;
    let default = paths::default();
    let span = f.ty.span();
    if f.attrs.skip.is_some() {
        return quote_spanned!(span=> #ident: #default::default());
    }
    let field = paths::spanned(paths::decode_field(), span);
    let list = paths::spanned(paths::decode_list(), span);
    let reader = if ty::is_option(f.ty) {
        quote_spanned!(span=> #field(value, #wire))
    } else if ty::is_vec(f.ty) {
        quote_spanned!(span=> #list(value, #wire))
    } else {
        quote_spanned!(span=> #field(value, #wire).unwrap_or_default())
    };
    quote!(#ident: #reader)
}
