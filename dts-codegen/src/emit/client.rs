//! The client methods, one per action: required parameters are arguments, so leaving one out
//! does not compile. In-crate they extend the runtime's `Client`; downstream they sit on a
//! wrapping `Client` struct. Each is emitted in its action's module, next to the request it
//! returns, where short names are in scope.

use proc_macro2::TokenStream;
use quote::quote;

use super::builder::{arg_ty, convert, converts};
use super::{docs, ident};
use crate::ir::{ActionIr, Ir, ParamIr, ParamTy, Scalar};
use crate::options::Target;
use crate::paths::Paths;

/// For [`Target::Wrapper`], the client struct at the generated root; in-crate, nothing.
pub(crate) fn emit(ir: &Ir, p: &Paths) -> TokenStream {
    match ir.target {
        Target::InCrate => TokenStream::new(),
        Target::Wrapper => wrapper(ir, p),
    }
}

/// The client method of `a`, in an `impl` block of its own, for `a`'s module.
pub(crate) fn method_impl(ir: &Ir, a: &ActionIr, p: &Paths) -> TokenStream {
    let (client, runtime) = match ir.target {
        Target::InCrate => (p.client(), quote!(self.clone())),
        Target::Wrapper => (quote!(super::super::Client), quote!(self.inner.clone())),
    };
    let method = method(ir, a, runtime, p);
    quote! {
        impl #client {
            #method
        }
    }
}

fn wrapper(ir: &Ir, p: &Paths) -> TokenStream {
    let (client, from) = (p.client(), p.trait_from());
    let doc = docs::attrs(&[
        format!(
            "A client for the `{}` actions of this spec.",
            ir.service.product
        ),
        String::new(),
        format!(
            "Wraps the runtime's [`Client`]({}), which does the signing, sending and retrying; \
             create one with `From`.",
            p.doc_path(&client)
        ),
    ]);
    let inner_doc = docs::line("The runtime client this one wraps.");
    let from_doc = docs::line("Wraps a runtime client.");
    quote! {
        #doc
        #[derive(Debug, Clone)]
        pub struct Client {
            inner: #client,
        }

        impl Client {
            #inner_doc
            #[inline]
            pub fn inner(&self) -> &#client {
                &self.inner
            }
        }

        impl #from<#client> for Client {
            #from_doc
            #[inline]
            fn from(inner: #client) -> Self {
                Client { inner }
            }
        }
    }
}

fn method(ir: &Ir, a: &ActionIr, runtime: TokenStream, p: &Paths) -> TokenStream {
    let (name, request, input) = (ident(&a.method), ident(&a.request), ident(&a.input));
    let default = p.trait_default();
    let by_struct = a.required_struct.as_deref().map(ident);
    let args: Vec<TokenStream> = match &by_struct {
        Some(ty) => vec![quote!(required: #ty)],
        None => a
            .required()
            .map(|prm| {
                let (arg, ty) = (ident(&prm.ident), arg_ty(prm, p));
                quote!(#arg: #ty)
            })
            .collect(),
    };
    let unpack = by_struct.as_ref().map(|ty| {
        let names = a.required().map(|prm| ident(&prm.ident));
        quote!(let #ty { #(#names),* } = required;)
    });
    let fields = a.params.iter().map(|prm| {
        let field = ident(&prm.ident);
        let value = match (&prm.ty, prm.required) {
            (_, true) if by_struct.is_some() || !converts(prm) => return quote!(#field),
            (_, true) => convert(prm, &quote!(#field), p),
            (ParamTy::List(..), false) => {
                let vec = p.vec();
                quote!(#vec::new())
            }
            (_, false) => p.none(),
        };
        quote!(#field: #value)
    });
    let doc = docs::attrs(&method_doc(ir, a));
    let deprecated = if a.deprecated {
        quote!(#[deprecated(note = "the service marks this action as deprecated")])
    } else {
        TokenStream::new()
    };
    quote! {
        #doc
        #deprecated
        #[inline]
        pub fn #name(&self, #(#args),*) -> #request {
            #unpack
            #request {
                client: #runtime,
                input: #input { #(#fields),* },
                options: #default::default(),
            }
        }
    }
}

fn method_doc(ir: &Ir, a: &ActionIr) -> Vec<String> {
    let mut lines = match &a.summary {
        Some(s) => docs::prose(s),
        None => vec![format!("Calls `{}`.", a.wire)],
    };
    lines.push(String::new());
    let request = &a.request;
    lines.push(format!(
        "Calls the `{}` action: set optional parameters on the returned [`{}`]({request}), \
         then `send` it.",
        a.wire, a.request
    ));
    let optional: Vec<String> = a
        .optional()
        .map(|p| format!("[`{}`]({request}::{})", p.ident, p.ident))
        .collect();
    if !optional.is_empty() {
        lines.push(String::new());
        lines.push(format!("Optional parameters: {}.", optional.join(", ")));
    }
    if !a.notes.is_empty() {
        lines.extend([String::new(), "# Notes".to_owned(), String::new()]);
        lines.extend(a.notes.iter().map(|n| format!("- {}", docs::inline(n))));
    }
    let required: Vec<&ParamIr> = a.required().collect();
    if !required.is_empty() {
        lines.extend([String::new(), "# Arguments".to_owned(), String::new()]);
        lines.extend(required.iter().map(|p| docs::argument(p)));
    }
    lines.extend([String::new(), "# Example".to_owned(), String::new()]);
    lines.extend(example(ir, a, &required));
    lines
}

fn example(ir: &Ir, a: &ActionIr, required: &[&ParamIr]) -> Vec<String> {
    // The struct is named by its full path in the example's crate (the crate of the example's
    // client), so the example compiles.
    let crate_path = ir
        .example_client
        .as_deref()
        .and_then(|c| c.strip_suffix("::Client"));
    let args: Vec<String> = match &a.required_struct {
        Some(ty) => {
            let fields: Vec<String> = required
                .iter()
                .map(|p| format!("{}: {}", p.ident, example_field(p)))
                .collect();
            let path = match crate_path {
                Some(krate) => format!("{krate}::operation::{}::{ty}", a.module),
                None => ty.clone(),
            };
            vec![format!("{path} {{ {} }}", fields.join(", "))]
        }
        None => required.iter().map(|p| example_arg(p)).collect(),
    };
    let (fence, client) = match (&ir.example_client, crate_path) {
        (Some(client), Some(_)) => ("```no_run", client.as_str()),
        (Some(client), None) if a.required_struct.is_none() => ("```no_run", client.as_str()),
        (Some(client), None) => ("```ignore", client.as_str()),
        (None, _) => ("```ignore", "Client"),
    };
    vec![
        fence.to_owned(),
        format!(
            "# async fn example(client: &{client}) -> Result<(), Box<dyn std::error::Error>> {{"
        ),
        "let output = client".to_owned(),
        format!("    .{}({})", a.method, args.join(", ")),
        "    .send()".to_owned(),
        "    .await?;".to_owned(),
        "println!(\"{output:?}\");".to_owned(),
        "# Ok(())".to_owned(),
        "# }".to_owned(),
        "```".to_owned(),
    ]
}

/// A Rust expression for a field of the required-parameters struct (its stored type).
fn example_field(prm: &ParamIr) -> String {
    let arg = example_arg(prm);
    match &prm.ty {
        ParamTy::Scalar(Scalar::Str | Scalar::Enum(_)) => format!("{arg}.into()"),
        ParamTy::List(Scalar::Str | Scalar::Enum(_), _) => {
            format!(
                "vec![{}.into()]",
                arg.trim_start_matches('[').trim_end_matches(']')
            )
        }
        ParamTy::List(..) => format!("vec!{arg}"),
        _ => arg,
    }
}

/// A Rust expression for a required parameter, from its documented example.
fn example_arg(prm: &ParamIr) -> String {
    let example = prm.doc.example.as_deref().unwrap_or("");
    let one = |s: &Scalar| match s {
        Scalar::Str => format!("{example:?}"),
        Scalar::Enum(_) => {
            let valid = prm.doc.values.iter().any(|(v, _)| v == example);
            let value = if valid {
                example
            } else {
                prm.doc.values.first().map_or("", |(v, _)| v)
            };
            format!("{value:?}")
        }
        Scalar::I32 => example.parse::<i32>().unwrap_or(0).to_string(),
        Scalar::I64 => example.parse::<i64>().unwrap_or(0).to_string(),
        Scalar::Bool => (example == "true").to_string(),
        Scalar::Struct(_) => "Default::default()".to_owned(),
        Scalar::F32 | Scalar::F64 => {
            let f = example
                .parse::<f64>()
                .ok()
                .filter(|f| f.is_finite())
                .unwrap_or(0.0);
            format!("{f:?}")
        }
    };
    match &prm.ty {
        ParamTy::Scalar(s) => one(s),
        ParamTy::List(s, _) => format!("[{}]", one(s)),
        ParamTy::Json | ParamTy::Flat => "serde_json::Value::Null".to_owned(),
    }
}
