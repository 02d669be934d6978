//! The one table of paths the expanded code names: the runtime's items and the standard
//! library's, always absolute so that no item of the calling crate can shadow them.

use proc_macro2::{Group, Span, TokenStream, TokenTree};
use quote::quote;

/// The runtime crate as the generator is told to name it.
pub(crate) const RUNTIME: &str = "::dts_client";

/// The runtime client.
pub(crate) fn client() -> TokenStream {
    quote!(::dts_client::Client)
}

/// The runtime's error.
pub(crate) fn error() -> TokenStream {
    quote!(::dts_client::Error)
}

/// Static facts about an action.
pub(crate) fn operation() -> TokenStream {
    quote!(::dts_client::rt::Operation)
}

/// Per-call overrides.
pub(crate) fn call_options() -> TokenStream {
    quote!(::dts_client::rt::CallOptions)
}

/// The request parameter list.
pub(crate) fn params() -> TokenStream {
    quote!(::dts_client::rt::Params)
}

/// How a parameter is flattened.
pub(crate) fn style() -> TokenStream {
    quote!(::dts_client::rt::Style)
}

/// The lenient decoding trait.
pub(crate) fn decode() -> TokenStream {
    quote!(::dts_client::rt::decode::Decode)
}

/// Reads one member of a JSON object.
pub(crate) fn decode_field() -> TokenStream {
    quote!(::dts_client::rt::decode::field)
}

/// Reads one member of a JSON object as a list.
pub(crate) fn decode_list() -> TokenStream {
    quote!(::dts_client::rt::decode::list)
}

/// A JSON document, through the runtime's re-export, so a crate deriving `Decode` needs no
/// `serde_json` dependency of its own.
pub(crate) fn json_value() -> TokenStream {
    quote!(::dts_client::rt::Value)
}

/// `Option`.
pub(crate) fn option() -> TokenStream {
    quote!(::core::option::Option)
}

/// `Result`.
pub(crate) fn result() -> TokenStream {
    quote!(::core::result::Result)
}

/// `Default`.
pub(crate) fn default() -> TokenStream {
    quote!(::core::default::Default)
}

/// `tokens` with every token spanned at `span`, so that an error about a path taken from this
/// table points at the user's code that caused it.
pub(crate) fn spanned(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|tt| match tt {
            TokenTree::Group(g) => {
                let mut group = Group::new(g.delimiter(), spanned(g.stream(), span));
                group.set_span(span);
                TokenTree::Group(group)
            }
            mut other => {
                other.set_span(span);
                other
            }
        })
        .collect()
}
