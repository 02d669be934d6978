//! The `<Action>Request` fluent builder: a setter per optional parameter, per-call options,
//! and `send`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, ident, scalar};
use crate::ir::{ActionIr, ParamIr, ParamTy, Scalar};
use crate::paths::Paths;

/// The request builder of `a`; `timeout`, `max_attempts` and `send` come from the runtime's
/// `request_methods` macro.
pub(crate) fn emit(a: &ActionIr, p: &Paths) -> TokenStream {
    let (name, input, output, error) = (
        ident(&a.request),
        ident(&a.input),
        ident(&a.output),
        ident(&a.error),
    );
    let (client, options, methods) = (p.client(), p.call_options(), p.request_methods());
    let setters: Vec<TokenStream> = a.optional().map(|prm| setter(prm, p)).collect();
    let setters = if setters.is_empty() {
        TokenStream::new()
    } else {
        quote!(impl #name { #(#setters)* })
    };
    let capacity = proc_macro2::Literal::usize_unsuffixed(a.params.len());
    let doc = docs::attrs(&[
        format!(
            "A `{}` call being built: set optional parameters, then `send` it.",
            a.wire
        ),
        String::new(),
        format!("Created by `Client::{}`.", a.method),
    ]);
    quote! {
        #doc
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until `send` is awaited"]
        pub struct #name {
            pub(crate) client: #client,
            pub(crate) input: #input,
            pub(crate) options: #options,
        }

        #setters
        #methods!(#name => #output, #error, #capacity);
    }
}

fn setter(prm: &ParamIr, p: &Paths) -> TokenStream {
    let (name, ty) = (ident(&prm.ident), arg_ty(prm, p));
    let doc = docs::attrs(&docs::value(&prm.wire, &prm.doc));
    let deprecated = deprecated(prm);
    let value = convert(prm, &quote!(#name), p);
    let value = match prm.ty {
        ParamTy::List(..) => value,
        _ => {
            let some = p.some();
            quote!(#some(#value))
        }
    };
    quote! {
        #doc
        #deprecated
        #[inline]
        pub fn #name(mut self, #name: #ty) -> Self {
            self.input.#name = #value;
            self
        }
    }
}

fn deprecated(prm: &ParamIr) -> TokenStream {
    if prm.deprecated {
        quote!(#[deprecated(note = "the service marks this parameter as deprecated")])
    } else {
        TokenStream::new()
    }
}

/// The type a setter or client method takes for a parameter.
pub(crate) fn arg_ty(prm: &ParamIr, p: &Paths) -> TokenStream {
    let (into, into_iter) = (p.trait_into(), p.trait_into_iterator());
    match &prm.ty {
        ParamTy::Scalar(s @ (Scalar::Str | Scalar::Enum(_))) => {
            let s = scalar(s, p);
            quote!(impl #into<#s>)
        }
        ParamTy::Scalar(s) => scalar(s, p),
        ParamTy::List(s @ (Scalar::Str | Scalar::Enum(_)), _) => {
            let s = scalar(s, p);
            quote!(impl #into_iter<Item = impl #into<#s>>)
        }
        ParamTy::List(s, _) => {
            let s = scalar(s, p);
            quote!(impl #into_iter<Item = #s>)
        }
        ParamTy::Json | ParamTy::Flat => p.json_value(),
    }
}

/// Whether [`convert`] changes an argument, rather than passing it through.
pub(crate) fn converts(prm: &ParamIr) -> bool {
    matches!(
        prm.ty,
        ParamTy::Scalar(Scalar::Str | Scalar::Enum(_)) | ParamTy::List(..)
    )
}

/// Converts an argument of type [`arg_ty`] into the input field's type (without `Option`).
pub(crate) fn convert(prm: &ParamIr, arg: &TokenStream, p: &Paths) -> TokenStream {
    let into = p.trait_into();
    match &prm.ty {
        ParamTy::Scalar(Scalar::Str | Scalar::Enum(_)) => quote!(#arg.into()),
        ParamTy::List(Scalar::Str | Scalar::Enum(_), _) => {
            quote!(#arg.into_iter().map(#into::into).collect())
        }
        ParamTy::List(..) => quote!(#arg.into_iter().collect()),
        ParamTy::Scalar(_) | ParamTy::Json | ParamTy::Flat => arg.clone(),
    }
}
