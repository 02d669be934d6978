//! Infallible functions from IR to tokens, one file per output item.

mod builder;
mod client;
pub(crate) mod docs;
mod enums;
mod error;
mod request;
mod response;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{ActionIr, Ir, Scalar};
use crate::paths::Paths;

/// The whole generated source.
pub(crate) fn file(ir: &Ir) -> TokenStream {
    let p = Paths::new(ir.root.clone());
    let service = service(ir, &p);
    let actions = ir.actions.iter().map(|a| action_module(a, &p));
    let types = enums::module(&ir.enums, &p);
    let client = client::emit(ir, &p);
    let flatten = if ir.needs_flatten {
        flatten(&p)
    } else {
        TokenStream::new()
    };
    let body = quote! {
        #service
        /// One module per action: its input, request builder, output and error types.
        pub mod operation {
            #(#actions)*
        }
        #types
        #client
        #flatten
    };
    match &ir.module {
        Some(module) => {
            let module = ident(module);
            let doc = docs::line(format!(
                "The `{}` API, generated from its spec.",
                ir.service.product
            ));
            quote!(#doc pub mod #module { #body })
        }
        None => body,
    }
}

fn action_module(a: &ActionIr, p: &Paths) -> TokenStream {
    let module = ident(&a.module);
    let summary = a.summary.as_deref().map(docs::inline).unwrap_or_default();
    let doc = docs::line(
        format!("`{}`: {summary}", a.wire)
            .trim_end_matches(": ")
            .to_owned(),
    );
    let operation = operation(a, p);
    let input = request::emit(a, p);
    let builder = builder::emit(a, p);
    let output = response::emit(a, p);
    let error = error::emit(a, p);
    quote! {
        #doc
        pub mod #module {
            #operation
            #input
            #builder
            #output
            #error
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

/// The private helper that flattens a JSON value into `Name.1.Key=value` pairs.
fn flatten(p: &Paths) -> TokenStream {
    let (params, value, to_string) = (p.params(), p.json_value(), p.trait_to_string());
    let doc = docs::line(
        "Adds `value` as `name=value` pairs: arrays as `name.1`, objects as `name.Key`.",
    );
    quote! {
        #doc
        fn flatten(p: &mut #params, name: &str, value: &#value) {
            match value {
                #value::Null => {}
                #value::Array(items) => {
                    for (i, v) in items.iter().enumerate() {
                        flatten(p, &::std::format!("{name}.{}", i + 1), v);
                    }
                }
                #value::Object(map) => {
                    for (k, v) in map {
                        flatten(p, &::std::format!("{name}.{k}"), v);
                    }
                }
                #value::String(s) => p.push(name, s.as_str()),
                other => p.push(name, #to_string::to_string(other)),
            }
        }
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

/// Where generated code refers to the `types` module from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// The generated root (client methods).
    Root,
    /// An action's module, `operation::<action>`.
    Action,
}

/// The Rust type of a scalar, seen from `scope`.
pub(crate) fn scalar(s: &Scalar, p: &Paths, scope: Scope) -> TokenStream {
    match s {
        Scalar::Str => p.string(),
        Scalar::I32 => quote!(i32),
        Scalar::I64 => quote!(i64),
        Scalar::Bool => quote!(bool),
        Scalar::F32 => quote!(f32),
        Scalar::F64 => quote!(f64),
        Scalar::Enum(name) => {
            let name = ident(name);
            match scope {
                Scope::Root => quote!(types::#name),
                Scope::Action => quote!(super::super::types::#name),
            }
        }
    }
}
