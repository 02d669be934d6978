//! What a derive expands to when its input is invalid: the error, plus stub items with the
//! real signatures so that code using them reports nothing more (as thiserror's fallback).

use proc_macro2::TokenStream;
use quote::quote;
use syn::{DeriveInput, Type};

use crate::paths;

/// `compile_error!` plus `OPERATION`, `params`, `send` and `send_with` stubs. Without a known
/// output type, `send` is generic over it, so that the caller's use decides it.
pub(crate) fn action(
    input: &DeriveInput,
    output: Option<&Type>,
    error: &syn::Error,
) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let error = error.to_compile_error();
    let (client, err, call_options, operation, params, result) = (
        paths::client(),
        paths::error(),
        paths::call_options(),
        paths::operation(),
        paths::params(),
        paths::result(),
    );
    let (generic, output) = match output {
        Some(ty) => (quote!(), quote!(#ty)),
        None => (quote!(<__DtsOutput>), quote!(__DtsOutput)),
    };
    quote! {
        #error
        #[allow(unused_variables, clippy::unused_async)]
        impl #impl_generics #ident #ty_generics #where_clause {
            /// Not generated: the derive failed.
            pub const OPERATION: #operation = #operation { action: "", method: "POST", idempotent: false };
            /// Not generated: the derive failed.
            pub fn params(&self) -> #params {
                ::core::unreachable!()
            }
            /// Not generated: the derive failed.
            pub async fn send #generic(&self, client: &#client) -> #result<#output, #err> {
                ::core::unreachable!()
            }
            /// Not generated: the derive failed.
            pub async fn send_with #generic(
                &self,
                client: &#client,
                options: #call_options,
            ) -> #result<#output, #err> {
                ::core::unreachable!()
            }
        }
    }
}

/// `compile_error!` plus a `Decode` impl that is never called.
pub(crate) fn decode(input: &DeriveInput, error: &syn::Error) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let error = error.to_compile_error();
    let (decode, json, option) = (paths::decode(), paths::json_value(), paths::option());
    quote! {
        #error
        #[allow(unused_variables)]
        impl #impl_generics #decode for #ident #ty_generics #where_clause {
            fn decode(value: &#json) -> #option<Self> {
                ::core::unreachable!()
            }
        }
    }
}
