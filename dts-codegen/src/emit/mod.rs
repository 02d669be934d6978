//! Infallible functions from IR to tokens, one file per output item.

mod builder;
mod catalog;
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
    "One module per action: its input, request builder, output and error types.";

/// A writer of the generated file: [`layout`] gives it the file's items and modules in
/// order, so the file's layout is written in one place whether the output is tokens (for the
/// proc-macros) or formatted text (for the build script and the command).
pub(crate) trait Sink {
    /// Opens `pub mod <name>`, documented with `doc`; what follows goes inside it.
    fn open(&mut self, doc: &str, name: &str);
    /// Adds items to the open module (or the file).
    fn items(&mut self, items: TokenStream);
    /// Adds `n` items to the open module, the `i`th made by `item(i)` (the text writer
    /// formats them on several threads).
    fn each(&mut self, n: usize, item: &(dyn Fn(usize) -> TokenStream + Sync));
    /// Closes the module opened last.
    fn close(&mut self);
}

/// The generated file, item by item: the wrapping module when there is one, the items before
/// `operation`, the `operation` module with one module per action, then the table of
/// operations when the options ask for it.
pub(crate) fn layout(ir: &Ir, sink: &mut dyn Sink) {
    let p = Paths::new(&ir.root);
    if let Some(module) = &ir.module {
        sink.open(&module_doc(ir), module);
    }
    sink.items(head(ir, &p));
    sink.open(OPERATION_DOC, "operation");
    sink.each(ir.actions.len(), &|i| {
        action(ir, &ir.actions[i], &Paths::new(&ir.root))
    });
    sink.close();
    sink.items(catalog::emit(ir, &p));
    if ir.module.is_some() {
        sink.close();
    }
}

/// The whole generated source, as tokens.
pub(crate) fn file(ir: &Ir) -> TokenStream {
    let mut sink = Tokens::default();
    layout(ir, &mut sink);
    sink.done.pop().map(|(_, _, t)| t).unwrap_or_default()
}

/// The token writer: modules nest their items.
struct Tokens {
    /// The open modules (doc, name, items so far), the file first.
    done: Vec<(String, String, TokenStream)>,
}

impl Default for Tokens {
    fn default() -> Self {
        Tokens {
            done: vec![(String::new(), String::new(), TokenStream::new())],
        }
    }
}

impl Sink for Tokens {
    fn open(&mut self, doc: &str, name: &str) {
        self.done
            .push((doc.to_owned(), name.to_owned(), TokenStream::new()));
    }

    fn items(&mut self, items: TokenStream) {
        if let Some((_, _, t)) = self.done.last_mut() {
            t.extend(items);
        }
    }

    fn each(&mut self, n: usize, item: &(dyn Fn(usize) -> TokenStream + Sync)) {
        for i in 0..n {
            self.items(item(i));
        }
    }

    fn close(&mut self) {
        if self.done.len() < 2 {
            return;
        }
        if let Some((doc, name, body)) = self.done.pop() {
            let (doc, name) = (docs::line(doc), ident(&name));
            self.items(quote!(#doc pub mod #name { #body }));
        }
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
