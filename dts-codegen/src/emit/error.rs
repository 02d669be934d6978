//! The `<Action>Error` enum: a variant per documented error code, each wrapping the runtime's
//! error, plus a fallback for everything else.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, ident};
use crate::ir::{ActionIr, ErrorIr};
use crate::paths::Paths;

/// The error enum of `a` and its trait impls.
pub(crate) fn emit(a: &ActionIr, p: &Paths) -> TokenStream {
    let name = ident(&a.error);
    let unhandled = ident(&a.unhandled);
    let (rt_error, action_error, fmt, std_error) =
        (p.error(), p.action_error(), p.fmt(), p.std_error());
    let (option, from) = (p.option(), p.trait_from());
    let variants: Vec<_> = a.errors.iter().map(|e| ident(&e.variant)).collect();
    let variant_docs = a.errors.iter().map(variant_doc);
    let codes = a.errors.iter().map(|e| &e.code);
    let doc = docs::attrs(&[
        format!("An error from `{}`.", a.wire),
        String::new(),
        format!(
            "One variant per documented error code. Every variant wraps the client's error; \
             [`ActionError`]({}) reads its code, message, request id and whether it is retryable.",
            p.doc_path(&action_error)
        ),
    ]);
    let unhandled_doc = docs::line(
        "Any other error code, or a failure to send the request, to receive the response in \
         time or to decode it.",
    );
    let patterns = variants
        .iter()
        .chain([&unhandled])
        .map(|v| quote!(Self::#v(e)));
    let from_body = if variants.is_empty() {
        quote!(Self::#unhandled(e))
    } else {
        quote! {
            match e.code().unwrap_or_default() {
                #(#codes => Self::#variants(e),)*
                _ => Self::#unhandled(e),
            }
        }
    };
    quote! {
        #doc
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_docs #variants(#rt_error),)*
            #unhandled_doc
            #unhandled(#rt_error),
        }

        impl #from<#rt_error> for #name {
            fn from(e: #rt_error) -> Self {
                #from_body
            }
        }

        impl #action_error for #name {
            fn inner(&self) -> &#rt_error {
                match self {
                    #(#patterns)|* => e,
                }
            }
        }

        impl #fmt::Display for #name {
            fn fmt(&self, f: &mut #fmt::Formatter<'_>) -> #fmt::Result {
                #fmt::Display::fmt(#action_error::inner(self), f)
            }
        }

        impl #std_error for #name {
            fn source(&self) -> #option<&(dyn #std_error + 'static)> {
                #std_error::source(#action_error::inner(self))
            }
        }
    }
}

fn variant_doc(e: &ErrorIr) -> TokenStream {
    let mut first = format!("`{}` (HTTP {})", e.code, e.http_status);
    if let Some(m) = &e.message {
        first.push_str(": ");
        first.push_str(&docs::inline(m));
    }
    let mut lines = vec![first];
    if let Some(d) = &e.description {
        lines.push(String::new());
        lines.extend(docs::prose(d));
    }
    let mut facts = Vec::new();
    if e.common {
        facts.push("Any action can return it.");
    }
    match e.retryable {
        Some(true) => facts.push("Retrying later can succeed."),
        Some(false) => facts.push("Retrying the same call does not help."),
        None => {}
    }
    if !facts.is_empty() {
        lines.push(String::new());
        lines.push(facts.join(" "));
    }
    docs::attrs(&lines)
}
