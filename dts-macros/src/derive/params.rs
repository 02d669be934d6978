//! How each parameter of a derived action is written into the runtime's `Params`: with the
//! runtime's one encoder (`Params::add`), as the generator's request types are.

use proc_macro2::{Ident, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::Type;

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

/// One validated parameter.
pub(crate) struct Param<'a> {
    pub ident: &'a Ident,
    pub field_ty: &'a Type,
    pub wire: &'a str,
    pub presence: Presence,
    /// The variant of the runtime's `Style` the parameter is sent with.
    pub style: &'static str,
}

/// The statement adding `p` to the parameter list `var`: the runtime's encoder, given the
/// value and its style, as generated request types call it.
pub(crate) fn write(p: &Param, var: &Ident) -> TokenStream {
    let value = value(p);
    let wire = p.wire;
    let span = p.field_ty.span();
    let style = Ident::new(p.style, span);
    let style_ty = paths::style();
    quote_spanned!(span=> #var.add(#wire, &(#value), #style_ty::#style);)
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
