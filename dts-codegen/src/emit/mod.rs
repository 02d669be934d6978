//! Infallible functions from IR to tokens, one file per output item.

mod builder;
mod client;
pub(crate) mod docs;
mod enums;
mod error;
mod paginator;
mod request;
mod response;
mod waiter;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{ActionIr, Ir, Scalar};
use crate::paths::Paths;

/// The doc of the `operation` module.
pub(crate) const OPERATION_DOC: &str =
    " One module per action: its input, request builder, output and error types.";

/// The whole generated source.
pub(crate) fn file(ir: &Ir) -> TokenStream {
    let p = Paths::new(&ir.root);
    let head = head(ir, &p);
    let actions = ir.actions.iter().map(|a| action(ir, a, &p));
    let body = quote! {
        #head
        #[doc = #OPERATION_DOC]
        pub mod operation {
            #(#actions)*
        }
    };
    match &ir.module {
        Some(module) => {
            let module = ident(module);
            let doc = docs::line(module_doc(ir));
            quote!(#doc pub mod #module { #body })
        }
        None => body,
    }
}

/// The doc of the module the output is wrapped in, when it is.
pub(crate) fn module_doc(ir: &Ir) -> String {
    format!("The `{}` API, generated from its spec.", ir.service.product)
}

/// The items before the `operation` module: `SERVICE`, `types`, `CommonError` and, for a
/// wrapper, `Client`.
pub(crate) fn head(ir: &Ir, p: &Paths) -> TokenStream {
    let service = service(ir, p);
    let types = enums::module(&ir.enums, p);
    let common = error::common(&ir.common_errors, p);
    let client = client::emit(ir, p);
    quote! {
        #service
        #types
        #common
        #client
    }
}

/// The module of one action, as it goes in `operation`.
pub(crate) fn action(ir: &Ir, a: &ActionIr, root: &Paths) -> TokenStream {
    let p = &root.local();
    let module = ident(&a.module);
    let summary = a.summary.as_deref().map(docs::inline).unwrap_or_default();
    let doc = docs::line(
        format!("`{}`: {summary}", a.wire)
            .trim_end_matches(": ")
            .to_owned(),
    );
    let imports = p.imports();
    let types = if a.uses_types {
        quote!(
            use super::super::types;
        )
    } else {
        TokenStream::new()
    };
    let operation = operation(a, p);
    let input = request::emit(a, p);
    let builder = builder::emit(a, p);
    let output = response::emit(a, p);
    let error = error::emit(a, p);
    let method = client::method_impl(ir, a, p);
    let flows = paginator::emit(ir, a, p);
    let waiters = waiter::emit(ir, a, p);
    quote! {
        #doc
        pub mod #module {
            #imports
            #types
            #operation
            #input
            #builder
            #output
            #error
            #method
            #flows
            #waiters
        }
    }
}

fn operation(a: &ActionIr, p: &Paths) -> TokenStream {
    let ty = p.operation();
    let (action, method, idempotent) = (&a.wire, a.http_method, a.idempotent);
    let doc = docs::line(format!("How the runtime sends `{action}`."));
    quote! {
        #doc
        pub static OPERATION: #ty = #ty {
            action: #action,
            method: #method,
            idempotent: #idempotent,
        };
    }
}

fn service(ir: &Ir, p: &Paths) -> TokenStream {
    let ty = p.service_info();
    let s = &ir.service;
    let (version, default) = (&s.version, &s.default_endpoint);
    let regions = s.endpoints.iter().map(|(r, _)| r);
    let hosts = s.endpoints.iter().map(|(_, h)| h);
    let doc = docs::attrs(&[
        format!(
            "The `{}` service as `service.json` describes it: API version and endpoints.",
            s.product
        ),
        String::new(),
        "Endpoints are sorted by region id.".to_owned(),
    ]);
    quote! {
        #doc
        pub static SERVICE: #ty = #ty {
            version: #version,
            default_endpoint: #default,
            endpoints: &[#((#regions, #hosts)),*],
        };
    }
}

/// An identifier, raw when it is a keyword.
pub(crate) fn ident(name: &str) -> Ident {
    if dts_spec::names::needs_raw(name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// The Rust type of a scalar; enums are named through `types`, which the generated root has
/// and action modules import.
pub(crate) fn scalar(s: &Scalar, p: &Paths) -> TokenStream {
    match s {
        Scalar::Str => p.string(),
        Scalar::I32 => quote!(i32),
        Scalar::I64 => quote!(i64),
        Scalar::Bool => quote!(bool),
        Scalar::F32 => quote!(f32),
        Scalar::F64 => quote!(f64),
        Scalar::Enum(name) => {
            let name = ident(name);
            quote!(types::#name)
        }
        Scalar::Struct(name) => {
            let name = ident(name);
            quote!(#name)
        }
    }
}
