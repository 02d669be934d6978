//! The `<Action>Input` struct: every parameter, documented, and how each goes on the wire.

use dts_spec::Style;
use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, ident, scalar};
use crate::ir::{ActionIr, FieldTy, ParamIr, ParamTy, Scalar, StructIr, ValueTy};
use crate::paths::Paths;

/// The input struct of `a` with its private `write` method.
pub(crate) fn emit(a: &ActionIr, p: &Paths) -> TokenStream {
    let name = ident(&a.input);
    let doc = docs::attrs(&[
        format!("The parameters of `{}`.", a.wire),
        String::new(),
        format!(
            "Built by [`{}`]; required parameters are never `None`.",
            a.request
        ),
    ]);
    let fields = a.params.iter().map(|prm| {
        let doc = if prm.required {
            docs::attrs(&docs::value(&prm.wire, &prm.doc))
        } else {
            docs::line(format!(
                "The {} parameter, set with [`{ident}`]({req}::{ident}).",
                docs::code(&prm.wire),
                req = a.request,
                ident = prm.ident,
            ))
        };
        let (field, ty) = (ident(&prm.ident), ty(prm, p));
        quote!(#doc pub #field: #ty,)
    });
    let params = p.params();
    // Query parameters first; then, after `start_body`, the ones the form body carries.
    let mut writes: Vec<TokenStream> = a
        .params
        .iter()
        .filter(|prm| !prm.in_body)
        .map(write)
        .collect();
    if a.params.iter().any(|prm| prm.in_body) {
        writes.push(quote!(p.start_body();));
        writes.extend(a.params.iter().filter(|prm| prm.in_body).map(write));
    }
    // The styles used, imported by name so that each call fits on one line.
    let mut styles: Vec<&str> = a.params.iter().map(|prm| style(&prm.ty)).collect();
    styles.sort_unstable();
    styles.dedup();
    let style_ty = p.style();
    let import = match styles.as_slice() {
        [one] => {
            let one = ident(one);
            quote!(use #style_ty::#one;)
        }
        many => {
            let many = many.iter().map(|s| ident(s));
            quote!(use #style_ty::{#(#many),*};)
        }
    };
    let body = if writes.is_empty() {
        quote!(let _ = p;)
    } else {
        quote!(#import #(#writes)*)
    };
    let write_doc = docs::line("Adds the parameters that are set to `p`.");
    let structs = a.input_structs.iter().map(|s| input_struct(s, p));
    let required = required_struct(a, p);
    quote! {
        #(#structs)*
        #required
        #doc
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #write_doc
            #[inline]
            pub(crate) fn write(&self, p: &mut #params) {
                #body
            }
        }
    }
}

/// The struct of the required parameters, when the client method takes one: a public field
/// per parameter and no `Default`, so each must be given, by name.
fn required_struct(a: &ActionIr, p: &Paths) -> TokenStream {
    let Some(name) = &a.required_struct else {
        return TokenStream::new();
    };
    let name = ident(name);
    let doc = docs::attrs(&[
        format!(
            "The required parameters of `{}`, the one argument of `Client::{}`.",
            a.wire, a.method
        ),
        String::new(),
        "Every field must be given, by name: leaving one out does not compile, and no two can \
         be swapped."
            .to_owned(),
    ]);
    let fields = a.required().map(|prm| {
        let doc = docs::attrs(&docs::value(&prm.wire, &prm.doc));
        let (field, ty) = (ident(&prm.ident), ty(prm, p));
        quote!(#doc pub #field: #ty,)
    });
    quote! {
        #doc
        #[derive(Debug, Clone)]
        pub struct #name {
            #(#fields)*
        }
    }
}

/// The struct of an array-of-objects parameter's items, built by hand (every field public
/// and optional) and flattened by the runtime.
fn input_struct(s: &StructIr, p: &Paths) -> TokenStream {
    let name = ident(&s.name);
    let doc = docs::attrs(&s.doc);
    let option = p.option();
    let fields = s.fields.iter().map(|f| {
        let doc = docs::attrs(&docs::value(&f.wire, &f.doc));
        let field = ident(&f.ident);
        let ty = match &f.ty {
            FieldTy::One(ValueTy::Scalar(s)) | FieldTy::Many(ValueTy::Scalar(s)) => scalar(s, p),
            _ => p.string(),
        };
        quote!(#doc pub #field: #option<#ty>,)
    });
    let members = s.fields.iter().map(|f| {
        let (field, wire) = (ident(&f.ident), &f.wire);
        quote!(#field(#wire))
    });
    let flat = p.flat_object();
    quote! {
        #doc
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct #name {
            #(#fields)*
        }

        #flat!(#name #(, #members)*);
    }
}

/// The field type of a parameter: `T` when required, `Option<T>` when not, `Vec<T>` for lists.
pub(crate) fn ty(prm: &ParamIr, p: &Paths) -> TokenStream {
    let one = match &prm.ty {
        ParamTy::Scalar(s) => scalar(s, p),
        ParamTy::List(s, _) => {
            let (vec, item) = (p.vec(), scalar(s, p));
            return quote!(#vec<#item>);
        }
        ParamTy::Json | ParamTy::Flat => p.json_value(),
    };
    if prm.required {
        one
    } else {
        let option = p.option();
        quote!(#option<#one>)
    }
}

/// The one statement adding a parameter: the runtime's encoder, given the value and its
/// style.
fn write(prm: &ParamIr) -> TokenStream {
    let (wire, field) = (&prm.wire, ident(&prm.ident));
    let style = ident(style(&prm.ty));
    quote!(p.add(#wire, &self.#field, #style);)
}

/// The name of the runtime's `Style` variant a parameter is sent with.
pub(crate) fn style(ty: &ParamTy) -> &'static str {
    match ty {
        ParamTy::Scalar(_) | ParamTy::Flat => "Flat",
        ParamTy::List(Scalar::Struct(_), _) => "RepeatList",
        ParamTy::List(_, Style::Flat | Style::RepeatList) => "RepeatList",
        ParamTy::List(_, Style::Simple) => "Simple",
        ParamTy::List(_, Style::Json) | ParamTy::Json => "Json",
    }
}
