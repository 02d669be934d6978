//! The glue between an action that pages or is waited on and the runtime's paginator and
//! waiter loops: a small `Call` impl (send a copy, read the body), a `Paged` impl (read and set
//! the page, find the items) and `into_paginator`. The loops themselves live in the runtime.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, ident, scalar};
use crate::ir::{ActionIr, Ir, PaginatorIr, ParamIr, ParamTy, Scalar, ValueTy};
use crate::paths::Paths;

/// The `Call` impl of `a` when it has a paginator or a waiter, and its `Paged` impl and
/// `into_paginator` when it pages.
pub(crate) fn emit(ir: &Ir, a: &ActionIr, p: &Paths) -> TokenStream {
    if a.paginator.is_none() && a.waiters.is_empty() {
        return TokenStream::new();
    }
    let (request, output, error) = (ident(&a.request), ident(&a.output), ident(&a.error));
    let (call, future, json) = (p.call(), p.call_future(), p.json_value());
    let paged = a
        .paginator
        .as_ref()
        .map(|pg| paged(ir, a, pg, p))
        .unwrap_or_default();
    quote! {
        impl #call for #request {
            type Output = #output;
            type Error = #error;

            #[inline]
            fn send_boxed(self) -> #future<#output, #error> {
                Box::pin(self.send())
            }

            #[inline]
            fn body(output: &#output) -> &#json {
                output.raw()
            }
        }

        #paged
    }
}

fn paged(ir: &Ir, a: &ActionIr, pg: &PaginatorIr, p: &Paths) -> TokenStream {
    let request = ident(&a.request);
    let (paged, paging, paginator) = (p.paged(), p.paging(), p.paginator());
    let (option, some, none, string) = (p.option(), p.some(), p.none(), p.string());
    let info = paginator_info(&pg.decl, &paging, &p.page_style(), p);
    let item = match &pg.item {
        ValueTy::Struct(name) => {
            let name = ident(name);
            quote!(#name)
        }
        ValueTy::Scalar(s) => scalar(s, p),
        _ => p.json_value(),
    };
    let token = ident(&pg.token.0);
    let read_token = match pg.token.1 {
        Scalar::Str => quote!(self.input.#token.clone()),
        _ => quote!(self.input.#token.map(|v| v.to_string())),
    };
    let write_token = match pg.token.1 {
        Scalar::Str => quote!(#some(token.into())),
        _ => quote!(token.parse().ok()),
    };
    let page_size = match &pg.page_size {
        None => none.clone(),
        Some((field, s)) => {
            let field = ident(field);
            match s {
                Scalar::I32 => quote!(self.input.#field.map(i64::from)),
                Scalar::I64 => quote!(self.input.#field),
                _ => quote!(self.input.#field.as_deref().and_then(|v| v.parse().ok())),
            }
        }
    };
    let items = items_expr(&pg.items_path);
    let doc = docs::attrs(&paginator_doc(ir, a));
    quote! {
        /// How this action pages.
        pub static PAGING: #paging = #info;

        impl #paged for #request {
            type Item = #item;

            #[inline]
            fn paging() -> &'static #paging {
                &PAGING
            }

            #[inline]
            fn input_token(&self) -> #option<#string> {
                #read_token
            }

            #[inline]
            fn set_input_token(&mut self, token: &str) {
                self.input.#token = #write_token;
            }

            #[inline]
            fn page_size(&self) -> #option<i64> {
                #page_size
            }

            #[inline]
            fn items(output: &Self::Output) -> &[#item] {
                #items
            }
        }

        impl #request {
            #doc
            #[inline]
            pub fn into_paginator(self) -> #paginator<Self> {
                #paginator::new(self)
            }
        }
    }
}

/// The `PaginatorInfo` literal of a declaration: the value of an action's `PAGING` static,
/// which the table of operations refers to.
fn paginator_info(
    decl: &dts_spec::Paginator,
    ty: &TokenStream,
    style: &TokenStream,
    p: &Paths,
) -> TokenStream {
    let (some, none) = (p.some(), p.none());
    let opt = |v: &Option<String>| match v {
        Some(v) => quote!(#some(#v)),
        None => none.clone(),
    };
    let variant = match decl.style {
        dts_spec::PaginationStyle::PageNumber => quote!(PageNumber),
        dts_spec::PaginationStyle::NextToken => quote!(NextToken),
    };
    let (input, items) = (&decl.input_token, &decl.items);
    let (output, size, total) = (
        opt(&decl.output_token),
        opt(&decl.page_size),
        opt(&decl.total),
    );
    quote! {
        #ty {
            style: #style::#variant,
            input_token: #input,
            output_token: #output,
            page_size: #size,
            total: #total,
            items: #items,
        }
    }
}

/// `&output.list`, or for a nested list the chain through the `Option`s of the structs
/// holding it.
fn items_expr(path: &[String]) -> TokenStream {
    let Some((last, outer)) = path.split_last() else {
        return quote!(&[]);
    };
    let last = ident(last);
    let Some((first, middle)) = outer.split_first() else {
        return quote!(&output.#last);
    };
    let first = ident(first);
    let middle = middle.iter().map(|m| ident(m));
    quote! {
        output.#first.as_ref()
            #(.and_then(|v| v.#middle.as_ref()))*
            .map_or(&[][..], |v| v.#last.as_slice())
    }
}

fn paginator_doc(ir: &Ir, a: &ActionIr) -> Vec<String> {
    let mut lines = vec![
        format!(
            "Pages through `{}`: `.send()` yields each page, `.items()` each item of every page.",
            a.wire
        ),
        String::new(),
        "The listing starts at the page this request asks for (the first by default) and ends \
         on an empty or short page, when the reported total is reached, or when the next token \
         is absent, empty or repeated."
            .to_owned(),
        String::new(),
        "# Example".to_owned(),
        String::new(),
    ];
    let call = example_call(ir, a, &[]);
    lines.extend([
        call.fence.to_owned(),
        format!(
            "# async fn example(client: &{}) -> Result<(), Box<dyn std::error::Error>> {{",
            call.client
        ),
        format!(
            "let mut items = client.{}.into_paginator().items();",
            call.call
        ),
        "while let Some(item) = items.next().await {".to_owned(),
        "    println!(\"{:?}\", item?);".to_owned(),
        "}".to_owned(),
        "# Ok(())".to_owned(),
        "# }".to_owned(),
        "```".to_owned(),
    ]);
    lines
}

/// A call of an action's client method (with `extra` optional parameters as arguments, as a
/// `wait_until_` method takes them) for a doc example.
pub(crate) struct ExampleCall {
    pub fence: &'static str,
    pub client: String,
    /// `describe_dts_jobs()`.
    pub call: String,
    /// The arguments alone: `"l3m1213ye7l1234"`.
    pub args: String,
}

pub(crate) fn example_call(ir: &Ir, a: &ActionIr, extra: &[&ParamIr]) -> ExampleCall {
    let client = ir.example_client.clone();
    let krate = client.as_deref().and_then(|c| c.strip_suffix("::Client"));
    let required: Option<Vec<String>> = match (&a.required_struct, krate) {
        (Some(ty), Some(krate)) => a
            .required()
            .map(|p| {
                let value = example_arg(p)?;
                let value = match p.ty {
                    ParamTy::Scalar(Scalar::Str) => format!("{value}.into()"),
                    _ => value,
                };
                Some(format!("{}: {value}", p.ident))
            })
            .collect::<Option<Vec<_>>>()
            .map(|fields| {
                let path = format!("{krate}::operation::{}::{ty}", a.module);
                vec![format!("{path} {{ {} }}", fields.join(", "))]
            }),
        (Some(_), None) => None,
        (None, _) => a.required().map(example_arg).collect(),
    };
    let extra: Option<Vec<String>> = extra.iter().map(|p| example_arg(p)).collect();
    let runs = client.is_some() && required.is_some() && extra.is_some();
    let required = required.unwrap_or_default();
    let all: Vec<String> = required
        .iter()
        .cloned()
        .chain(extra.unwrap_or_default())
        .collect();
    ExampleCall {
        fence: if runs { "```no_run" } else { "```ignore" },
        client: client.unwrap_or_else(|| "Client".to_owned()),
        call: format!("{}({})", a.method, required.join(", ")),
        args: all.join(", "),
    }
}

/// A literal for a scalar parameter, from its documented example.
fn example_arg(prm: &ParamIr) -> Option<String> {
    let example = prm.doc.example.as_deref();
    match &prm.ty {
        ParamTy::Scalar(Scalar::Str) => Some(format!("{:?}", example.unwrap_or(&prm.wire))),
        ParamTy::Scalar(Scalar::I32) => Some(
            example
                .and_then(|e| e.parse::<i32>().ok())
                .unwrap_or(0)
                .to_string(),
        ),
        ParamTy::Scalar(Scalar::I64) => Some(
            example
                .and_then(|e| e.parse::<i64>().ok())
                .unwrap_or(0)
                .to_string(),
        ),
        ParamTy::Scalar(Scalar::Bool) => Some((example == Some("true")).to_string()),
        _ => None,
    }
}
