//! The `<Action>Output` struct and the structs nested in it, each with a lenient `Decode`
//! (from the runtime's `output` and `response` macros, which read them straight from the
//! body's bytes as well as from a `Value`). All of them derive `Default`, so a
//! test can build one and set its public fields; outputs also keep the body they were read
//! from, which their `PartialEq` leaves out.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, ident, scalar};
use crate::ir::{ActionIr, FieldTy, StructIr, ValueTy, RAW_FIELD};
use crate::paths::Paths;

/// The output struct of `a` and every struct nested in it.
pub(crate) fn emit(a: &ActionIr, p: &Paths) -> TokenStream {
    let structs = a.structs.iter().map(|s| structure(s, p));
    quote!(#(#structs)*)
}

fn structure(s: &StructIr, p: &Paths) -> TokenStream {
    let name = ident(&s.name);
    let doc = docs::attrs(&s.doc);
    let fields = s.fields.iter().map(|f| {
        let doc = docs::attrs(&docs::value(&f.wire, &f.doc));
        let (field, ty) = (ident(&f.ident), field_ty(&f.ty, p));
        quote!(#doc pub #field: #ty,)
    });
    // Listed in the byte order of the member names, with their positions: the runtime's
    // reader finds a member by binary search and hands its position to the generated match.
    let mut sorted: Vec<_> = s.fields.iter().collect();
    sorted.sort_by(|a, b| a.wire.as_bytes().cmp(b.wire.as_bytes()));
    let reads = sorted.iter().enumerate().map(|(i, f)| {
        let (field, wire) = (ident(&f.ident), &f.wire);
        let i = proc_macro2::Literal::usize_unsuffixed(i);
        quote!(#i #field(#wire))
    });
    if !s.member.is_empty() {
        let response = p.response();
        return quote! {
            #doc
            #[derive(Debug, Clone, Default, PartialEq)]
            #[non_exhaustive]
            pub struct #name {
                #(#fields)*
            }

            #response!(#name #(, #reads)*);
        };
    }
    let (output, raw_ty) = (p.output(), p.raw_body());
    let raw = ident(RAW_FIELD);
    quote! {
        #doc
        #[derive(Debug, Clone, Default)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #raw: #raw_ty,
        }

        #output!(#name #(, #reads)*);
    }
}

fn field_ty(ty: &FieldTy, p: &Paths) -> TokenStream {
    match ty {
        FieldTy::One(v) => {
            let (option, v) = (p.option(), value_ty(v, p));
            quote!(#option<#v>)
        }
        FieldTy::Many(v) => {
            let (vec, v) = (p.vec(), value_ty(v, p));
            quote!(#vec<#v>)
        }
    }
}

fn value_ty(ty: &ValueTy, p: &Paths) -> TokenStream {
    match ty {
        ValueTy::Scalar(s) => scalar(s, p),
        ValueTy::Json => p.json_value(),
        ValueTy::Struct(name) => {
            let name = ident(name);
            quote!(#name)
        }
        ValueTy::Many(inner) => {
            let (vec, inner) = (p.vec(), value_ty(inner, p));
            quote!(#vec<#inner>)
        }
    }
}
