//! The `wait_until_<name>` client methods: a `static` declaration per waiter and a method that
//! builds the action's request and hands both to the runtime's waiter.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::builder::arg_ty;
use super::paginator::example_call;
use super::{docs, ident};
use crate::ir::{ActionIr, Ir, ParamIr, WaiterIr};
use crate::options::Target;
use crate::paths::Paths;

/// Every waiter of `a`: declarations and methods, in one `impl` of the client.
pub(crate) fn emit(ir: &Ir, a: &ActionIr, p: &Paths) -> TokenStream {
    if a.waiters.is_empty() {
        return TokenStream::new();
    }
    let client = match ir.target {
        Target::InCrate => p.client(),
        Target::Wrapper => quote!(super::super::Client),
    };
    let statics = a.waiters.iter().map(|w| declaration(w, p));
    let methods = a.waiters.iter().map(|w| method(ir, a, w, p));
    quote! {
        #(#statics)*

        impl #client {
            #(#methods)*
        }
    }
}

fn declaration(w: &WaiterIr, p: &Paths) -> TokenStream {
    let spec = p.waiter_info();
    let name = ident(&w.static_name);
    let doc = format!(" The `{}` waiter's declaration.", w.name);
    let (waiter, path) = (&w.name, &w.path);
    let (success, failure) = (&w.success, &w.failure);
    let (gone, retry) = (&w.success_errors, &w.retry_errors);
    let (min, max, wait) = (
        Literal::u64_unsuffixed(w.min_delay),
        Literal::u64_unsuffixed(w.max_delay),
        Literal::u64_unsuffixed(w.max_wait),
    );
    quote! {
        #[doc = #doc]
        pub static #name: #spec = #spec {
            name: #waiter,
            path: #path,
            success: &[#(#success),*],
            failure: &[#(#failure),*],
            success_errors: &[#(#gone),*],
            retry_errors: &[#(#retry),*],
            min_delay_secs: #min,
            max_delay_secs: #max,
            max_wait_secs: #wait,
        };
    }
}

fn method(ir: &Ir, a: &ActionIr, w: &WaiterIr, p: &Paths) -> TokenStream {
    let (name, request, action) = (ident(&w.method), ident(&a.request), ident(&a.method));
    let extra: Vec<&ParamIr> = w.args.iter().filter_map(|&i| a.params.get(i)).collect();
    let (mut params, mut passed) = (Vec::new(), Vec::new());
    match &a.required_struct {
        Some(ty) => {
            let ty = ident(ty);
            params.push(quote!(required: #ty));
            passed.push(quote!(required));
        }
        None => {
            for prm in a.required() {
                let (arg, ty) = (ident(&prm.ident), arg_ty(prm, p));
                params.push(quote!(#arg: #ty));
                passed.push(quote!(#arg));
            }
        }
    }
    let setters = extra.iter().map(|prm| {
        let arg = ident(&prm.ident);
        quote!(.#arg(#arg))
    });
    params.extend(extra.iter().map(|prm| {
        let (arg, ty) = (ident(&prm.ident), arg_ty(prm, p));
        quote!(#arg: #ty)
    }));
    let waiter = p.waiter(w.gone());
    let spec = ident(&w.static_name);
    let deprecated = a.deprecated || extra.iter().any(|prm| prm.deprecated);
    let allow = if deprecated {
        quote!(#[allow(deprecated)])
    } else {
        TokenStream::new()
    };
    let doc = docs::attrs(&method_doc(ir, a, w, &extra));
    quote! {
        #doc
        #allow
        #[inline]
        pub fn #name(&self, #(#params),*) -> #waiter<#request> {
            #waiter::new(self.#action(#(#passed),*)#(#setters)*, &#spec)
        }
    }
}

fn method_doc(ir: &Ir, a: &ActionIr, w: &WaiterIr, extra: &[&ParamIr]) -> Vec<String> {
    let code = |v: &[String]| {
        v.iter()
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut first = format!("Waits until `{}` of `{}`", w.path, a.wire);
    if w.success.is_empty() {
        first.push_str(" reports that the resource is gone.");
    } else {
        first.push_str(&format!(" is one of {}.", code(&w.success)));
    }
    let mut lines = vec![first, String::new()];
    lines.push(format!(
        "Calls [`{}`](Self::{}) until then, waiting {} s at first and up to {} s between \
         calls, for at most {} s (change these on the returned waiter).",
        a.method, a.method, w.min_delay, w.max_delay, w.max_wait
    ));
    if !w.failure.is_empty() {
        lines.push(String::new());
        lines.push(format!(
            "Fails with `WaitError::FailureState` naming the state when it is one of {}.",
            code(&w.failure)
        ));
    }
    if w.gone() {
        lines.push(String::new());
        lines.push(format!(
            "The error codes {} mean the resource is gone: the wait then ends with `None` \
             (with `Some` of the last output when a success state showed).",
            code(&w.success_errors)
        ));
    }
    if !w.retry_errors.is_empty() {
        lines.push(String::new());
        lines.push(format!(
            "The error codes {} are polled through.",
            code(&w.retry_errors)
        ));
    }
    let call = example_call(ir, a, extra);
    lines.extend([
        String::new(),
        "# Example".to_owned(),
        String::new(),
        call.fence.to_owned(),
        format!(
            "# async fn example(client: &{}) -> Result<(), Box<dyn std::error::Error>> {{",
            call.client
        ),
        format!("let output = client.{}({})", w.method, call.args),
        "    .max_wait(std::time::Duration::from_secs(300))".to_owned(),
        "    .send()".to_owned(),
        "    .await?;".to_owned(),
        "println!(\"{output:?}\");".to_owned(),
        "# Ok(())".to_owned(),
        "# }".to_owned(),
        "```".to_owned(),
    ]);
    lines
}
