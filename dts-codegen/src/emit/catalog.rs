//! The table of operations, `CATALOG`: every action's `OPERATION` with its parameters (names,
//! types, styles, valid values, ...), access class, paginator and waiters, as the runtime's
//! `catalog` types, so that tools offering every action need not read the spec at run time.
//!
//! Texts (summaries, notes, descriptions) go through the runtime's `catalog_text!`, which
//! keeps them only when the runtime's `descriptions` feature is on.

use dts_spec::{Access, Field, Items, Param, Style, Type};
use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, ident};
use crate::ir::{ActionIr, Ir};
use crate::paths::Paths;

/// The `CATALOG` static, or nothing when the options do not ask for it.
pub(crate) fn emit(ir: &Ir, p: &Paths) -> TokenStream {
    let Some(specs) = &ir.catalog else {
        return TokenStream::new();
    };
    let catalog = p.catalog();
    let text = p.catalog_text();
    let entries = ir
        .actions
        .iter()
        .zip(specs)
        .map(|(a, spec)| action(a, spec));
    let doc = docs::attrs(&[
        "The table of operations: every action with its parameters, as data, in the order \
         of the `operation` module."
            .to_owned(),
        String::new(),
        "Texts are kept only with the `descriptions` feature.".to_owned(),
    ]);
    quote! {
        #doc
        pub static CATALOG: &[#catalog::ActionInfo] = {
            #[allow(unused_imports, reason = "the table of another spec may use them")]
            use #catalog::{
                Access, ActionInfo, Constraints, FieldInfo, ItemInfo, ParamInfo, Style, Type,
            };
            use #text as text;
            use ::core::option::Option::{None, Some};
            &[#(#entries),*]
        };
    }
}

fn action(a: &ActionIr, spec: &dts_spec::Action) -> TokenStream {
    let (module, method) = (ident(&a.module), &a.method);
    let summary = opt_text(spec.summary.as_deref());
    let notes = &spec.notes;
    let deprecated = spec.deprecated;
    let access = match spec.access {
        None => quote!(None),
        Some(access) => {
            let v = ident(match access {
                Access::ReadOnly => "ReadOnly",
                Access::Write => "Write",
                Access::Destructive => "Destructive",
            });
            quote!(Some(Access::#v))
        }
    };
    let params = spec.request.iter().map(|prm| {
        let rust = a
            .params
            .iter()
            .find(|ir| ir.wire == prm.name)
            .map_or_else(|| dts_spec::names::snake(&prm.name), |ir| ir.ident.clone());
        param(prm, &rust)
    });
    // The action module's own statics: one declaration serves the paginator, the waiters and
    // this table.
    let paginator = match &a.paginator {
        None => quote!(None),
        Some(_) => quote!(Some(&operation::#module::PAGING)),
    };
    let waiters = a.waiters.iter().map(|w| {
        let name = ident(&w.static_name);
        quote!(&operation::#module::#name)
    });
    quote! {
        ActionInfo {
            operation: &operation::#module::OPERATION,
            method: #method,
            summary: #summary,
            notes: text!(@list #(#notes),*),
            deprecated: #deprecated,
            access: #access,
            params: &[#(#params),*],
            paginator: #paginator,
            waiters: &[#(#waiters),*],
        }
    }
}

/// One parameter; what is absent or false is left to `ParamInfo::BLANK`.
fn param(prm: &Param, rust: &str) -> TokenStream {
    let (name, flag) = (&prm.name, dts_spec::names::kebab(&prm.name));
    let ty = ty(prm.ty);
    let mut set = Vec::new();
    if let Some(items) = &prm.items {
        let items = items_info(items);
        set.push(quote!(items: Some(&#items),));
    }
    if !prm.fields.is_empty() {
        let fields = fields(&prm.fields);
        set.push(quote!(fields: #fields,));
    }
    let style = ident(match prm.style {
        Style::Flat => "Flat",
        Style::RepeatList => "RepeatList",
        Style::Json => "Json",
        Style::Simple => "Simple",
    });
    if prm.style != Style::Flat {
        set.push(quote!(style: Style::#style,));
    }
    let flags = [
        ("in_body", prm.location == dts_spec::Location::Body),
        ("required", prm.required),
        ("doc_required", prm.doc_required),
        ("deprecated", prm.deprecated),
    ];
    for (field, on) in flags {
        if on {
            let field = ident(field);
            set.push(quote!(#field: true,));
        }
    }
    if !prm.enum_values.is_empty() {
        let values = prm.enum_values.iter().map(|v| &v.value);
        set.push(quote!(enum_values: &[#(#values),*],));
    }
    if let Some(d) = &prm.default {
        set.push(quote!(default: Some(#d),));
    }
    if let Some(e) = &prm.example {
        set.push(quote!(example: Some(#e),));
    }
    if !prm.constraints.is_empty() {
        let c = &prm.constraints;
        let (min, max) = (opt_f64(c.minimum), opt_f64(c.maximum));
        let (min_len, max_len, max_items) = (
            opt_u64(c.min_length),
            opt_u64(c.max_length),
            opt_u64(c.max_items),
        );
        let pattern = opt_str(c.pattern.as_deref());
        set.push(quote!(constraints: Constraints {
            minimum: #min,
            maximum: #max,
            min_length: #min_len,
            max_length: #max_len,
            max_items: #max_items,
            pattern: #pattern,
        },));
    }
    if let Some(d) = &prm.description {
        set.push(quote!(description: text!(#d),));
    }
    quote! {
        ParamInfo {
            name: #name,
            flag: #flag,
            rust_name: #rust,
            ty: #ty,
            #(#set)*
            ..ParamInfo::BLANK
        }
    }
}

fn items_info(items: &Items) -> TokenStream {
    let ty = ty(items.ty);
    let inner = match &items.items {
        Some(inner) => {
            let inner = items_info(inner);
            quote!(Some(&#inner))
        }
        None => quote!(None),
    };
    let fields = fields(&items.fields);
    let values = items.enum_values.iter().map(|v| &v.value);
    quote! {
        ItemInfo {
            ty: #ty,
            items: #inner,
            fields: #fields,
            enum_values: &[#(#values),*],
        }
    }
}

fn fields(fields: &[Field]) -> TokenStream {
    let fields = fields.iter().map(|f| {
        let (name, ty) = (&f.name, ty(f.ty));
        let items = match &f.items {
            Some(items) => {
                let items = items_info(items);
                quote!(Some(&#items))
            }
            None => quote!(None),
        };
        let nested = self::fields(&f.fields);
        let description = opt_text(f.description.as_deref());
        quote! {
            FieldInfo {
                name: #name,
                ty: #ty,
                items: #items,
                fields: #nested,
                description: #description,
            }
        }
    });
    quote!(&[#(#fields),*])
}

fn ty(ty: Type) -> TokenStream {
    let v = ident(ty.as_str());
    quote!(Type::#v)
}

fn opt_text(text: Option<&str>) -> TokenStream {
    match text {
        Some(t) => quote!(text!(#t)),
        None => quote!(None),
    }
}

fn opt_str(s: Option<&str>) -> TokenStream {
    match s {
        Some(s) => quote!(Some(#s)),
        None => quote!(None),
    }
}

fn opt_u64(v: Option<u64>) -> TokenStream {
    match v {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    }
}

fn opt_f64(v: Option<f64>) -> TokenStream {
    match v {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    }
}
