//! `#[derive(Action)]`: validate the struct into an action definition, then emit its
//! inherent `OPERATION`, `params`, `send` and `send_with`.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{DeriveInput, Ident, LitStr, Type};

use super::ast::{self, FieldDef};
use super::attr::{self, Derive};
use super::fallback;
use super::params::{self, Param, Presence};
use super::ty::{self, Shape};
use crate::generate::combine;
use crate::paths;

/// A validated action.
struct ActionDef<'a> {
    action: LitStr,
    method: &'static str,
    idempotent: bool,
    output: Type,
    params: Vec<Param<'a>>,
}

/// Expands the derive, or a `compile_error!` plus stub methods when the input is invalid.
pub(crate) fn derive(input: &DeriveInput) -> TokenStream {
    let mut errors = Vec::new();
    let attrs = attr::container(&input.attrs, Derive::Action, &mut errors);
    let output = attrs.output.clone();
    let fields = match ast::fields(input, Derive::Action, &mut errors) {
        Ok(fields) => fields,
        Err(e) => return fallback::action(input, output.as_ref(), &e),
    };
    let def = validate(input, attrs, &fields, &mut errors);
    match (combine(errors), def) {
        (None, Some(def)) => expand(input, &def),
        (error, _) => {
            let error =
                error.unwrap_or_else(|| syn::Error::new(input.ident.span(), "invalid action"));
            fallback::action(input, output.as_ref(), &error)
        }
    }
}

fn validate<'a>(
    input: &DeriveInput,
    attrs: attr::ContainerAttrs,
    fields: &'a [FieldDef<'a>],
    errors: &mut Vec<syn::Error>,
) -> Option<ActionDef<'a>> {
    let ident = &input.ident;
    let action = attrs.action.or_else(|| {
        let msg = "missing `#[dts(action = \"...\")]`: the action name to send, like `DescribeFoo`";
        errors.push(syn::Error::new(ident.span(), msg));
        None
    });
    if let Some(lit) = &action {
        check_action_name(lit, errors);
    }
    let output = attrs.output.or_else(|| {
        let msg = "missing `#[dts(output = Type)]`: the response type, which implements `Decode`";
        errors.push(syn::Error::new(ident.span(), msg));
        None
    });
    let method = attrs
        .method
        .as_ref()
        .map_or(Some("POST"), |lit| method(lit, errors));
    ast::check_wire_names(fields, "parameter", errors);
    check_common_params(fields, errors);
    let mut params = Vec::new();
    for f in fields {
        if f.attrs.skip.is_some() {
            check_skip(f, errors);
            continue;
        }
        match param(f) {
            Ok(p) => params.push(p),
            Err(e) => errors.push(e),
        }
    }
    Some(ActionDef {
        action: action?,
        method: method?,
        idempotent: attrs.idempotent.is_some(),
        output: output?,
        params,
    })
}

fn check_action_name(lit: &LitStr, errors: &mut Vec<syn::Error>) {
    let name = lit.value();
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric()) {
        let msg = format!("action name `{name}` must be letters and digits, like `DescribeFoo`");
        errors.push(syn::Error::new(lit.span(), msg));
    }
}

fn method(lit: &LitStr, errors: &mut Vec<syn::Error>) -> Option<&'static str> {
    match lit.value().as_str() {
        "POST" => Some("POST"),
        "GET" => Some("GET"),
        other => {
            let msg = format!("unknown HTTP method `{other}`, expected `POST` or `GET`");
            errors.push(syn::Error::new(lit.span(), msg));
            None
        }
    }
}

/// A skipped field takes no other attribute.
fn check_skip(f: &FieldDef, errors: &mut Vec<syn::Error>) {
    let a = &f.attrs;
    let other = [
        a.rename.as_ref().map(|_| "rename"),
        a.style.as_ref().map(|_| "style"),
        a.required.map(|_| "required"),
        a.optional.map(|_| "optional"),
    ];
    if let Some(key) = other.into_iter().flatten().next() {
        let msg = format!("`skip` cannot be combined with `{key}`: a skipped field is not sent");
        errors.push(syn::Error::new(
            a.skip.unwrap_or_else(|| f.ident.span()),
            msg,
        ));
    }
}

/// One field as a parameter: its type, when it is sent, and how a list is flattened.
fn param<'a>(f: &'a FieldDef<'a>) -> syn::Result<Param<'a>> {
    let ty = ty::param(f.ty)?;
    let a = &f.attrs;
    if let (Some(_), Some(span)) = (a.required, a.optional) {
        return Err(syn::Error::new(
            span,
            "a parameter cannot be both `required` and `optional`",
        ));
    }
    if let Some(span) = a.required {
        if ty.option {
            let msg = format!(
                "`required` parameter `{}` cannot be an `Option`: give it the plain type so it \
                 cannot be left out",
                f.ident
            );
            return Err(syn::Error::new(span, msg));
        }
        if matches!(ty.shape, Shape::List(_)) {
            let msg = "`required` does not apply to a `Vec` field: an empty list sends nothing";
            return Err(syn::Error::new(span, msg));
        }
    }
    let style = style(f, ty.shape)?;
    let presence = match (ty.option, ty.shape, a.optional) {
        (true, _, _) => Presence::WhenSome,
        (false, Shape::List(_), _) | (false, _, None) => Presence::Always,
        (false, _, Some(_)) => Presence::UnlessDefault,
    };
    Ok(Param {
        ident: f.ident,
        field_ty: f.ty,
        wire: &f.wire,
        presence,
        style,
    })
}

/// The variant of the runtime's `Style` the field is sent with: a `Vec` as `repeat_list`
/// unless `style` says otherwise, a JSON value as one JSON string, a scalar as it is.
fn style(f: &FieldDef, shape: Shape) -> syn::Result<&'static str> {
    let Some(lit) = &f.attrs.style else {
        return Ok(match shape {
            Shape::List(_) => "RepeatList",
            Shape::Json => "Json",
            Shape::Scalar(_) => "Flat",
        });
    };
    let style = match lit.value().as_str() {
        "repeat_list" => "RepeatList",
        "simple" => "Simple",
        "json" => "Json",
        other => {
            let msg =
                format!("unknown style `{other}`, expected `repeat_list`, `simple` or `json`");
            return Err(syn::Error::new(lit.span(), msg));
        }
    };
    match (shape, style) {
        (Shape::List(_), _) | (Shape::Json, "Json") => Ok(style),
        _ => Err(syn::Error::new(
            lit.span(),
            "`style` applies to `Vec` fields only: other values have one wire form",
        )),
    }
}

fn expand(input: &DeriveInput, def: &ActionDef) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let operation_ty = paths::operation();
    let operation = operation_value(def);
    let action = def.action.value();
    let params_fn = params_fn(def);
    let sends = sends(def, &action);
    let const_doc =
        format!("How the runtime sends `{action}`: its name, HTTP method and idempotency.");
    quote! {
        #[automatically_derived]
        impl #impl_generics #ident #ty_generics #where_clause {
            #[doc = #const_doc]
            pub const OPERATION: #operation_ty = #operation;
            #params_fn
            #sends
        }
    }
}

fn operation_value(def: &ActionDef) -> TokenStream {
    let operation = paths::operation();
    let (action, method, idempotent) = (&def.action, def.method, def.idempotent);
    quote!(#operation { action: #action, method: #method, idempotent: #idempotent })
}

fn params_fn(def: &ActionDef) -> TokenStream {
    let (params_ty, default) = (paths::params(), paths::default());
    let var = Ident::new("params", proc_macro2::Span::call_site());
    let body = if def.params.is_empty() {
        quote!(<#params_ty as #default>::default())
    } else {
        let n = def.params.len();
        let writes = def.params.iter().map(|p| params::write(p, &var));
        quote! {
            let mut #var = #params_ty::with_capacity(#n);
            #(#writes)*
            #var
        }
    };
    quote! {
        /// The request's parameters as they go on the wire, in field order.
        pub fn params(&self) -> #params_ty {
            #body
        }
    }
}

fn sends(def: &ActionDef, action: &str) -> TokenStream {
    let (client, error, call_options, operation_ty) = (
        paths::client(),
        paths::error(),
        paths::call_options(),
        paths::operation(),
    );
    let result = paths::result();
    let output = &def.output;
    let operation = operation_value(def);
    let call = quote_spanned! {output.span()=>
        client.invoke_decode::<#output>(&OPERATION, params, options).await
    };
    let send_doc = format!(
        "Sends `{action}` through `client` (signed, retried and checked like every call) and \
         reads the response."
    );
    let send_with_doc =
        format!("Sends `{action}` like [`send`](Self::send), with per-call overrides.");
    quote! {
        #[doc = #send_doc]
        pub async fn send(&self, client: &#client) -> #result<#output, #error> {
            self.send_with(client, #call_options::new()).await
        }
        #[doc = #send_with_doc]
        pub async fn send_with(
            &self,
            client: &#client,
            options: #call_options,
        ) -> #result<#output, #error> {
            static OPERATION: #operation_ty = #operation;
            let params = self.params();
            #call
        }
    }
}

/// A field sent under the name of a common parameter (`Timestamp`, `SignatureNonce`...) would
/// make every call fail: the client sets those itself.
fn check_common_params(fields: &[FieldDef], errors: &mut Vec<syn::Error>) {
    for f in fields.iter().filter(|f| f.attrs.skip.is_none()) {
        if dts_spec::names::is_common_param(&f.wire) {
            let msg = format!(
                "`{}` is a common parameter the client sends itself; no action can declare it",
                f.wire
            );
            errors.push(syn::Error::new(f.wire_span, msg));
        }
    }
}
