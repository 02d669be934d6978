//! The `<Action>Input` struct: every parameter, documented, and how each goes on the wire.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, ident, scalar};
use crate::ir::{ActionIr, FieldTy, ListKind, ParamIr, ParamTy, Scalar, StructIr, ValueTy};
use crate::paths::Paths;

/// The input struct of `a` with its private `write` method.
pub(crate) fn emit(a: &ActionIr, p: &Paths) -> TokenStream {
    let name = ident(&a.input);
    let doc = docs::attrs(&[
        format!("The parameters of `{}`.", a.wire),
        String::new(),
        format!(
            "Built by [`{}`]; required parameters are never `None`.",
            a.request
        ),
    ]);
    let fields = a.params.iter().map(|prm| {
        let doc = if prm.required {
            docs::attrs(&docs::value(&prm.wire, &prm.doc))
        } else {
            docs::line(format!(
                "The {} parameter, set with [`{ident}`]({req}::{ident}).",
                docs::code(&prm.wire),
                req = a.request,
                ident = prm.ident,
            ))
        };
        let (field, ty) = (ident(&prm.ident), ty(prm, p));
        quote!(#doc pub #field: #ty,)
    });
    let params = p.params();
    // Query parameters first; then, after `start_body`, the ones the form body carries.
    let mut writes: Vec<TokenStream> = a
        .params
        .iter()
        .filter(|prm| !prm.in_body)
        .map(|prm| write(prm, p))
        .collect();
    if a.params.iter().any(|prm| prm.in_body) {
        writes.push(quote!(p.start_body();));
        writes.extend(
            a.params
                .iter()
                .filter(|prm| prm.in_body)
                .map(|prm| write(prm, p)),
        );
    }
    let body = if writes.is_empty() {
        quote!(let _ = p;)
    } else {
        quote!(#(#writes)*)
    };
    let write_doc = docs::line("Adds the parameters that are set to `p`.");
    let structs = a.input_structs.iter().map(|s| input_struct(s, p));
    let required = required_struct(a, p);
    quote! {
        #(#structs)*
        #required
        #doc
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #write_doc
            #[inline]
            pub(crate) fn write(&self, p: &mut #params) {
                #body
            }
        }
    }
}

/// The struct of the required parameters, when the client method takes one: a public field
/// per parameter and no `Default`, so each must be given, by name.
fn required_struct(a: &ActionIr, p: &Paths) -> TokenStream {
    let Some(name) = &a.required_struct else {
        return TokenStream::new();
    };
    let name = ident(name);
    let doc = docs::attrs(&[
        format!(
            "The required parameters of `{}`, the one argument of `Client::{}`.",
            a.wire, a.method
        ),
        String::new(),
        "Every field must be given, by name: leaving one out does not compile, and no two can \
         be swapped."
            .to_owned(),
    ]);
    let fields = a.required().map(|prm| {
        let doc = docs::attrs(&docs::value(&prm.wire, &prm.doc));
        let (field, ty) = (ident(&prm.ident), ty(prm, p));
        quote!(#doc pub #field: #ty,)
    });
    quote! {
        #doc
        #[derive(Debug, Clone)]
        pub struct #name {
            #(#fields)*
        }
    }
}

/// The struct of an array-of-objects parameter's items, built by hand (every field public
/// and optional) and flattened by the runtime.
fn input_struct(s: &StructIr, p: &Paths) -> TokenStream {
    let name = ident(&s.name);
    let doc = docs::attrs(&s.doc);
    let option = p.option();
    let fields = s.fields.iter().map(|f| {
        let doc = docs::attrs(&docs::value(&f.wire, &f.doc));
        let field = ident(&f.ident);
        let ty = match &f.ty {
            FieldTy::One(ValueTy::Scalar(s)) | FieldTy::Many(ValueTy::Scalar(s)) => scalar(s, p),
            _ => p.string(),
        };
        quote!(#doc pub #field: #option<#ty>,)
    });
    let members = s.fields.iter().map(|f| {
        let (field, wire) = (ident(&f.ident), &f.wire);
        quote!(#field(#wire))
    });
    let flat = p.flat_object();
    quote! {
        #doc
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct #name {
            #(#fields)*
        }

        #flat!(#name #(, #members)*);
    }
}

/// The field type of a parameter: `T` when required, `Option<T>` when not, `Vec<T>` for lists.
pub(crate) fn ty(prm: &ParamIr, p: &Paths) -> TokenStream {
    let one = match &prm.ty {
        ParamTy::Scalar(s) => scalar(s, p),
        ParamTy::List(s, _) => {
            let (vec, item) = (p.vec(), scalar(s, p));
            return quote!(#vec<#item>);
        }
        ParamTy::Json | ParamTy::Flat => p.json_value(),
    };
    if prm.required {
        one
    } else {
        let option = p.option();
        quote!(#option<#one>)
    }
}

fn write(prm: &ParamIr, p: &Paths) -> TokenStream {
    let (wire, field) = (&prm.wire, ident(&prm.ident));
    let some = p.some();
    let value = quote!(self.#field);
    match &prm.ty {
        ParamTy::Scalar(s) => write_scalar(s, wire, &value, prm.required),
        ParamTy::List(Scalar::Struct(_), _) => quote!(p.objects(#wire, &#value);),
        ParamTy::List(s, ListKind::Json) => {
            let (json, vec) = (p.json_value(), p.vec());
            let items = match s {
                Scalar::Enum(_) => quote!(#value.iter().map(|v| v.as_str()).collect::<#vec<_>>()),
                _ => quote!(#value.clone()),
            };
            quote! {
                if !#value.is_empty() {
                    p.json(#wire, #some(&#json::from(#items)));
                }
            }
        }
        ParamTy::List(s, kind) => {
            let style = match kind {
                ListKind::Simple => quote!(Simple),
                _ => quote!(RepeatList),
            };
            let list_style = p.list_style();
            let strings = match s {
                Scalar::Str => quote!(&#value),
                _ => {
                    let (vec, to_string) = (p.vec(), p.trait_to_string());
                    quote!(&#value.iter().map(#to_string::to_string).collect::<#vec<_>>())
                }
            };
            quote!(p.list(#wire, #strings, #list_style::#style);)
        }
        ParamTy::Json if prm.required => quote!(p.json(#wire, #some(&#value));),
        ParamTy::Json => quote!(p.json(#wire, #value.as_ref());),
        ParamTy::Flat if prm.required => quote!(p.flat(#wire, #some(&#value));),
        ParamTy::Flat => quote!(p.flat(#wire, #value.as_ref());),
    }
}

/// The `Params` call that adds a scalar parameter.
fn write_scalar(s: &Scalar, wire: &str, value: &TokenStream, required: bool) -> TokenStream {
    match (s, required) {
        // Never built: a request struct is only ever the item of a list.
        (Scalar::Struct(_), _) => TokenStream::new(),
        (Scalar::Str, true) => quote!(p.push(#wire, &#value);),
        (Scalar::Enum(_), true) => quote!(p.push(#wire, #value.as_str());),
        (_, true) => quote!(p.push(#wire, #value.to_string());),
        (Scalar::Str, false) => quote!(p.str(#wire, #value.as_deref());),
        (Scalar::Enum(_), false) => quote!(p.text(#wire, #value.as_ref());),
        (Scalar::I32, false) => quote!(p.int(#wire, #value.map(i64::from));),
        (Scalar::I64, false) => quote!(p.int(#wire, #value);),
        (Scalar::Bool, false) => quote!(p.bool(#wire, #value);),
        (Scalar::F64, false) => quote!(p.float(#wire, #value);),
        // Through `f64` an `f32` would print as 0.10000000149011612.
        (Scalar::F32, false) => quote!(p.str(#wire, #value.map(|v| v.to_string()).as_deref());),
    }
}
