//! How each parameter of a derived action is written into the runtime's `Params`: the same
//! wire forms the generator's request types use.

use proc_macro2::{Ident, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::Type;

use super::ty::{ParamTy, Scalar, Shape};
use crate::paths;

/// When a parameter is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Presence {
    /// Always (lists: whenever they are not empty).
    Always,
    /// When the `Option` is `Some`.
    WhenSome,
    /// When the value differs from its type's `Default` (`#[dts(optional)]` on a plain type).
    UnlessDefault,
}

/// How a list goes on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// `Name.1=a&Name.2=b`.
    RepeatList,
    /// `Name=a,b`.
    Simple,
    /// `Name=["a","b"]`.
    Json,
}

/// One validated parameter.
pub(crate) struct Param<'a> {
    pub ident: &'a Ident,
    pub field_ty: &'a Type,
    pub wire: &'a str,
    pub ty: ParamTy,
    pub presence: Presence,
    pub style: Style,
}

/// The statement adding `p` to the parameter list `var`.
pub(crate) fn write(p: &Param, var: &Ident) -> TokenStream {
    let value = value(p);
    let wire = p.wire;
    let span = p.field_ty.span();
    let option = paths::option();
    match p.ty.shape {
        Shape::Scalar(s) => scalar(s, var, wire, &value, span),
        Shape::Json => quote_spanned!(span=> #var.json(#wire, #value);),
        Shape::List(_) => {
            let add = list(p.style, var, wire, span);
            quote! {
                if let #option::Some(items) = #value {
                    #add
                }
            }
        }
    }
}

/// The parameter as `Option<&T>`: `None` when it is not to be sent.
fn value(p: &Param) -> TokenStream {
    let ident = p.ident;
    let (option, default) = (paths::option(), paths::default());
    let ty = p.field_ty;
    match p.presence {
        Presence::WhenSome => quote!(self.#ident.as_ref()),
        Presence::Always => quote!(#option::Some(&self.#ident)),
        Presence::UnlessDefault => quote! {
            #option::Some(&self.#ident)
                .filter(|v| **v != <#ty as #default>::default())
        },
    }
}

fn scalar(
    s: Scalar,
    var: &Ident,
    wire: &str,
    value: &TokenStream,
    span: proc_macro2::Span,
) -> TokenStream {
    match s {
        Scalar::Str => quote_spanned! {span=>
            #var.str(#wire, (#value).map(::core::convert::AsRef::<str>::as_ref));
        },
        Scalar::I64 => quote_spanned!(span=> #var.int(#wire, (#value).copied());),
        Scalar::Int => quote_spanned! {span=>
            #var.int(#wire, (#value).copied().map(::core::primitive::i64::from));
        },
        Scalar::Bool => quote_spanned!(span=> #var.bool(#wire, (#value).copied());),
        Scalar::F64 => quote_spanned!(span=> #var.float(#wire, (#value).copied());),
        Scalar::F32 => quote_spanned! {span=>
            #var.str(#wire, (#value).map(::std::string::ToString::to_string).as_deref());
        },
    }
}

/// Adds the list `items` (a `&Vec<T>`).
fn list(style: Style, var: &Ident, wire: &str, span: proc_macro2::Span) -> TokenStream {
    let (string, vec, list_style, option) = (
        paths::string(),
        paths::vec(),
        paths::list_style(),
        paths::option(),
    );
    let flattened = |kind: TokenStream| {
        quote_spanned! {span=>
            let items: #vec<#string> = items.iter().map(::std::string::ToString::to_string).collect();
            #var.list(#wire, &items, #list_style::#kind);
        }
    };
    match style {
        Style::RepeatList => flattened(quote!(RepeatList)),
        Style::Simple => flattened(quote!(Simple)),
        Style::Json => quote_spanned! {span=>
            if !items.is_empty() {
                #var.json(#wire, #option::Some(&::core::convert::Into::into(::core::clone::Clone::clone(items))));
            }
        },
    }
}
