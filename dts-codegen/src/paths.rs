//! The one table of paths the generated code names: the runtime's items, built from its root
//! path (`crate` inside `dts-client`, `::dts_client` downstream), and the standard library's.
//!
//! Code at the generated root may land in a user's module (the proc-macro expands in place), so
//! it names everything absolutely (`::core::option::Option`). Code inside the generated
//! modules (`operation::<action>`, `types`) starts with [`Paths::imports`] and uses short
//! names: the prelude's (`Option`, `String`), which no generated type may shadow (see
//! `ir::names::RESERVED_TYPES`), and the runtime's through the lowercase module `rt`, which no
//! generated type can shadow either. Short names keep the output small, which is most of what
//! it costs to generate and to compile.

use proc_macro2::TokenStream;
use quote::quote;

/// Paths of the runtime and standard items generated code refers to.
#[derive(Debug, Clone)]
pub(crate) struct Paths {
    root: TokenStream,
    local: bool,
}

impl Paths {
    /// A table for code at the generated root, for the runtime found at `root` (a path the IR
    /// has checked).
    pub(crate) fn new(root: &str) -> Self {
        let root = root.parse().unwrap_or_default();
        Paths { root, local: false }
    }

    /// The table for code inside a generated module that starts with [`Self::imports`].
    pub(crate) fn local(&self) -> Self {
        Paths {
            root: self.root.clone(),
            local: true,
        }
    }

    /// The `use` items a generated module needs for the short names of [`Self::local`].
    pub(crate) fn imports(&self) -> TokenStream {
        let root = &self.root;
        quote!(use #root::rt;)
    }

    fn rt(&self, item: TokenStream) -> TokenStream {
        if self.local {
            quote!(rt::#item)
        } else {
            let root = &self.root;
            quote!(#root::rt::#item)
        }
    }

    /// An item of the runtime's root, which `rt` re-exports for local code.
    fn rt_root(&self, item: TokenStream) -> TokenStream {
        if self.local {
            quote!(rt::#item)
        } else {
            let root = &self.root;
            quote!(#root::#item)
        }
    }

    /// A prelude item: short in local code, absolute at the root.
    fn prelude(&self, short: TokenStream, absolute: TokenStream) -> TokenStream {
        if self.local {
            short
        } else {
            absolute
        }
    }

    /// `path` as an intra-doc link target (`crate::Client`, `rt::ActionError`).
    pub(crate) fn doc_path(&self, path: &TokenStream) -> String {
        let path = path.to_string().replace(' ', "");
        path.trim_start_matches("::").to_owned()
    }

    /// The runtime client (`Client`).
    pub(crate) fn client(&self) -> TokenStream {
        self.rt_root(quote!(Client))
    }

    /// The runtime's opaque error (`Error`).
    pub(crate) fn error(&self) -> TokenStream {
        self.rt_root(quote!(Error))
    }

    /// The trait per-action errors implement (`ActionError`).
    pub(crate) fn action_error(&self) -> TokenStream {
        self.rt_root(quote!(ActionError))
    }

    /// Static facts about an action (`rt::Operation`).
    pub(crate) fn operation(&self) -> TokenStream {
        self.rt(quote!(Operation))
    }

    /// The macro implementing `timeout`, `max_attempts` and `send` (`rt::request_methods`).
    pub(crate) fn request_methods(&self) -> TokenStream {
        self.rt(quote!(request_methods))
    }

    /// The macro implementing an action error's traits (`rt::action_error`).
    pub(crate) fn action_error_impls(&self) -> TokenStream {
        self.rt(quote!(action_error))
    }

    /// The macro implementing a response struct's `Decode` and `Debug` (`rt::response`).
    pub(crate) fn response(&self) -> TokenStream {
        self.rt(quote!(response))
    }

    /// The macro implementing an output's `Decode`, `PartialEq` and body accessors
    /// (`rt::output`).
    pub(crate) fn output(&self) -> TokenStream {
        self.rt(quote!(output))
    }

    /// The macro flattening a request struct (`rt::flat_object`).
    pub(crate) fn flat_object(&self) -> TokenStream {
        self.rt(quote!(flat_object))
    }

    /// The body an output keeps (`rt::RawBody`).
    pub(crate) fn raw_body(&self) -> TokenStream {
        self.rt(quote!(RawBody))
    }

    /// The macro implementing an error enum's traits (`rt::error_impls`).
    pub(crate) fn error_impls(&self) -> TokenStream {
        self.rt(quote!(error_impls))
    }

    /// Per-call overrides (`rt::CallOptions`).
    pub(crate) fn call_options(&self) -> TokenStream {
        self.rt(quote!(CallOptions))
    }

    /// The request parameter list (`rt::Params`).
    pub(crate) fn params(&self) -> TokenStream {
        self.rt(quote!(Params))
    }

    /// How a parameter is flattened (`rt::Style`).
    pub(crate) fn style(&self) -> TokenStream {
        self.rt(quote!(Style))
    }

    /// The runtime's types of the table of operations (`rt::catalog`).
    pub(crate) fn catalog(&self) -> TokenStream {
        self.rt(quote!(catalog))
    }

    /// The macro keeping a text of the table only with the `descriptions` feature
    /// (`rt::catalog_text`).
    pub(crate) fn catalog_text(&self) -> TokenStream {
        self.rt(quote!(catalog_text))
    }

    /// The value trait of the runtime's encoder (`rt::Encode`).
    pub(crate) fn encode(&self) -> TokenStream {
        self.rt(quote!(Encode))
    }

    /// Service facts from `service.json` (`rt::ServiceInfo`).
    pub(crate) fn service_info(&self) -> TokenStream {
        self.rt(quote!(ServiceInfo))
    }

    /// The lenient decoding trait (`rt::decode::Decode`).
    pub(crate) fn decode(&self) -> TokenStream {
        self.rt(quote!(decode::Decode))
    }

    /// A JSON document (`rt::Value`, the runtime's re-export of `serde_json::Value`).
    pub(crate) fn json_value(&self) -> TokenStream {
        self.rt(quote!(Value))
    }

    /// The trait of requests paginators and waiters repeat (`rt::Call`).
    pub(crate) fn call(&self) -> TokenStream {
        self.rt(quote!(Call))
    }

    /// The boxed future of one such call (`rt::CallFuture`).
    pub(crate) fn call_future(&self) -> TokenStream {
        self.rt(quote!(CallFuture))
    }

    /// The trait of paged requests (`rt::Paged`).
    pub(crate) fn paged(&self) -> TokenStream {
        self.rt(quote!(Paged))
    }

    /// How an action pages (`rt::PaginatorInfo`).
    pub(crate) fn paging(&self) -> TokenStream {
        self.rt(quote!(PaginatorInfo))
    }

    /// Page numbers or tokens (`rt::PaginationStyle`).
    pub(crate) fn page_style(&self) -> TokenStream {
        self.rt(quote!(PaginationStyle))
    }

    /// The paginator `into_paginator` returns (`rt::Paginator`).
    pub(crate) fn paginator(&self) -> TokenStream {
        self.rt(quote!(Paginator))
    }

    /// A waiter's declaration (`rt::WaiterInfo`).
    pub(crate) fn waiter_info(&self) -> TokenStream {
        self.rt(quote!(WaiterInfo))
    }

    /// The waiter `wait_until_` methods return (`rt::Waiter`, or `rt::GoneWaiter` when a
    /// "gone" error ends the wait well).
    pub(crate) fn waiter(&self, gone: bool) -> TokenStream {
        if gone {
            self.rt(quote!(GoneWaiter))
        } else {
            self.rt(quote!(Waiter))
        }
    }

    /// `Option`.
    pub(crate) fn option(&self) -> TokenStream {
        self.prelude(quote!(Option), quote!(::core::option::Option))
    }

    /// `Some`.
    pub(crate) fn some(&self) -> TokenStream {
        self.prelude(quote!(Some), quote!(::core::option::Option::Some))
    }

    /// `None`.
    pub(crate) fn none(&self) -> TokenStream {
        self.prelude(quote!(None), quote!(::core::option::Option::None))
    }

    /// `Ok`.
    pub(crate) fn ok(&self) -> TokenStream {
        self.prelude(quote!(Ok), quote!(::core::result::Result::Ok))
    }

    /// `Err`.
    pub(crate) fn err(&self) -> TokenStream {
        self.prelude(quote!(Err), quote!(::core::result::Result::Err))
    }

    /// `Result`.
    pub(crate) fn result(&self) -> TokenStream {
        self.prelude(quote!(Result), quote!(::core::result::Result))
    }

    /// `String`.
    pub(crate) fn string(&self) -> TokenStream {
        self.prelude(quote!(String), quote!(::std::string::String))
    }

    /// `Vec`.
    pub(crate) fn vec(&self) -> TokenStream {
        self.prelude(quote!(Vec), quote!(::std::vec::Vec))
    }

    /// `Into`.
    pub(crate) fn trait_into(&self) -> TokenStream {
        self.prelude(quote!(Into), quote!(::core::convert::Into))
    }

    /// `From`.
    pub(crate) fn trait_from(&self) -> TokenStream {
        self.prelude(quote!(From), quote!(::core::convert::From))
    }

    /// `IntoIterator`.
    pub(crate) fn trait_into_iterator(&self) -> TokenStream {
        self.prelude(quote!(IntoIterator), quote!(::core::iter::IntoIterator))
    }

    /// `Default`.
    pub(crate) fn trait_default(&self) -> TokenStream {
        self.prelude(quote!(Default), quote!(::core::default::Default))
    }

    /// The `fmt` module.
    pub(crate) fn fmt(&self) -> TokenStream {
        quote!(::core::fmt)
    }
}
