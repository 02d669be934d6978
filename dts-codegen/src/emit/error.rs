//! The error enums: `CommonError` once, with a variant per common code of the service, and per
//! action `<Action>Error`, with a variant per code only it documents, `Common` and a fallback.
//! Every variant wraps the runtime's error.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, ident};
use crate::ir::{ActionIr, ErrorIr};
use crate::paths::Paths;

/// The `CommonError` enum at the generated root, when the service has common codes.
pub(crate) fn common(errors: &[ErrorIr], p: &Paths) -> TokenStream {
    if errors.is_empty() {
        return TokenStream::new();
    }
    let (rt_error, result, ok, err) = (p.error(), p.result(), p.ok(), p.err());
    let variants: Vec<_> = errors.iter().map(|e| ident(&e.variant)).collect();
    let variant_docs = errors.iter().map(variant_doc);
    let codes = errors.iter().map(|e| &e.code);
    let doc = docs::attrs(&[
        "An error code any action can return, as `service.json` lists them: throttling, \
         credentials, signatures, parameters."
            .to_owned(),
        String::new(),
        "Each action's error enum wraps it in its `Common` variant.".to_owned(),
    ]);
    let classify_doc = docs::line(
        "`e` as a common error when its code is one of them, else `e` itself, unchanged.",
    );
    let impls = p.error_impls();
    quote! {
        #doc
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum CommonError {
            #(#variant_docs #variants(#rt_error),)*
        }

        impl CommonError {
            #classify_doc
            pub fn classify(e: #rt_error) -> #result<Self, #rt_error> {
                #ok(match e.code().unwrap_or_default() {
                    #(#codes => Self::#variants(e),)*
                    _ => return #err(e),
                })
            }
        }

        #impls!(CommonError, [#(#variants),*]);
    }
}

/// The error enum of `a`; its impls come from the runtime's `action_error` macro.
pub(crate) fn emit(a: &ActionIr, p: &Paths) -> TokenStream {
    let errors = &a.errors;
    let name = ident(&a.error);
    let rt_error = p.error();
    let variants: Vec<_> = errors.own.iter().map(|e| ident(&e.variant)).collect();
    let variant_docs = errors.own.iter().map(variant_doc);
    let codes = errors.own.iter().map(|e| &e.code);
    let unhandled = ident(&errors.unhandled);
    let unhandled_doc = docs::line(
        "Any other error code, or a failure to send the request, to receive the response in \
         time or to decode it.",
    );
    let (common_variant, common_arg) = match &errors.common {
        Some(common) => {
            let common = ident(common);
            let doc = docs::line(format!(
                "One of the service's common error codes, which any action can return: see \
                 [`CommonError`]({COMMON_ERROR})."
            ));
            (
                quote!(#doc #common(super::super::CommonError),),
                quote!(, #common(super::super::CommonError)),
            )
        }
        None => (TokenStream::new(), TokenStream::new()),
    };
    let doc = docs::attrs(&enum_doc(a, p));
    let impls = p.action_error_impls();
    quote! {
        #doc
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_docs #variants(#rt_error),)*
            #common_variant
            #unhandled_doc
            #unhandled(#rt_error),
        }

        #impls!(#name, #unhandled, [#(#variants(#codes)),*] #common_arg);
    }
}

/// `CommonError` seen from an action module.
const COMMON_ERROR: &str = "super::super::CommonError";

fn enum_doc(a: &ActionIr, p: &Paths) -> Vec<String> {
    let variants = match &a.errors.common {
        Some(common) => format!(
            "A variant per error code only this action documents, `{common}` for the service's \
             common codes, and `{}` for the rest.",
            a.errors.unhandled
        ),
        None => format!(
            "A variant per error code this action documents, and `{}` for the rest.",
            a.errors.unhandled
        ),
    };
    let mut lines = vec![
        format!("An error from `{}`.", a.wire),
        String::new(),
        format!(
            "{variants} Every variant wraps the client's error; [`ActionError`]({}) reads its \
             code, message, request id and whether it is retryable.",
            p.doc_path(&p.action_error())
        ),
    ];
    if !a.errors.documented_common.is_empty() {
        lines.extend([
            String::new(),
            "The action also documents these common codes:".to_owned(),
            String::new(),
        ]);
        lines.extend(
            a.errors
                .documented_common
                .iter()
                .map(|e| format!("- {}", summary(e))),
        );
    }
    lines
}

/// The first doc line of an error code: code, status and message.
fn summary(e: &ErrorIr) -> String {
    let mut line = format!("`{}` (HTTP {})", e.code, e.http_status);
    if let Some(m) = &e.message {
        line.push_str(": ");
        line.push_str(&docs::inline(m));
    }
    line
}

fn variant_doc(e: &ErrorIr) -> TokenStream {
    let mut lines = vec![summary(e)];
    if let Some(d) = &e.description {
        lines.push(String::new());
        lines.extend(docs::prose(d));
    }
    match e.retryable {
        Some(true) => lines.extend([String::new(), "Retrying later can succeed.".to_owned()]),
        Some(false) => lines.extend([
            String::new(),
            "Retrying the same call does not help.".to_owned(),
        ]),
        None => {}
    }
    docs::attrs(&lines)
}
