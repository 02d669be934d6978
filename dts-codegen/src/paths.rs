//! The one table of paths the generated code names: the runtime's items, built from its root
//! path (`crate` inside `dts-client`, `::dts_client` downstream), and the standard library's,
//! always absolute so that no generated or user item can shadow them.

use proc_macro2::TokenStream;
use quote::quote;

/// Paths of the runtime and standard items generated code refers to.
#[derive(Debug, Clone)]
pub(crate) struct Paths {
    root: TokenStream,
}

impl Paths {
    /// A table for the runtime found at `root`.
    pub(crate) fn new(root: TokenStream) -> Self {
        Paths { root }
    }

    fn rt(&self, item: TokenStream) -> TokenStream {
        let root = &self.root;
        quote!(#root::#item)
    }

    /// `path` as an intra-doc link target (`crate::Client`, `dts_client::Client`).
    pub(crate) fn doc_path(&self, path: &TokenStream) -> String {
        let path = path.to_string().replace(' ', "");
        path.trim_start_matches("::").to_owned()
    }

    /// The runtime client (`Client`).
    pub(crate) fn client(&self) -> TokenStream {
        self.rt(quote!(Client))
    }

    /// The runtime's opaque error (`Error`).
    pub(crate) fn error(&self) -> TokenStream {
        self.rt(quote!(Error))
    }

    /// The trait per-action errors implement (`ActionError`).
    pub(crate) fn action_error(&self) -> TokenStream {
        self.rt(quote!(ActionError))
    }

    /// Static facts about an action (`rt::Operation`).
    pub(crate) fn operation(&self) -> TokenStream {
        self.rt(quote!(rt::Operation))
    }

    /// Per-call overrides (`rt::CallOptions`).
    pub(crate) fn call_options(&self) -> TokenStream {
        self.rt(quote!(rt::CallOptions))
    }

    /// The request parameter list (`rt::Params`).
    pub(crate) fn params(&self) -> TokenStream {
        self.rt(quote!(rt::Params))
    }

    /// How arrays are flattened (`rt::ListStyle`).
    pub(crate) fn list_style(&self) -> TokenStream {
        self.rt(quote!(rt::ListStyle))
    }

    /// Service facts from `service.json` (`rt::ServiceInfo`).
    pub(crate) fn service_info(&self) -> TokenStream {
        self.rt(quote!(rt::ServiceInfo))
    }

    /// The lenient decoding trait (`rt::decode::Decode`).
    pub(crate) fn decode(&self) -> TokenStream {
        self.rt(quote!(rt::decode::Decode))
    }

    /// Reads one member of a JSON object (`rt::decode::field`).
    pub(crate) fn decode_field(&self) -> TokenStream {
        self.rt(quote!(rt::decode::field))
    }

    /// Reads one member of a JSON object as a list (`rt::decode::list`).
    pub(crate) fn decode_list(&self) -> TokenStream {
        self.rt(quote!(rt::decode::list))
    }

    /// A JSON document.
    pub(crate) fn json_value(&self) -> TokenStream {
        quote!(::serde_json::Value)
    }

    /// `Option`.
    pub(crate) fn option(&self) -> TokenStream {
        quote!(::core::option::Option)
    }

    /// `Result`.
    pub(crate) fn result(&self) -> TokenStream {
        quote!(::core::result::Result)
    }

    /// `String`.
    pub(crate) fn string(&self) -> TokenStream {
        quote!(::std::string::String)
    }

    /// `Vec`.
    pub(crate) fn vec(&self) -> TokenStream {
        quote!(::std::vec::Vec)
    }

    /// `Duration`.
    pub(crate) fn duration(&self) -> TokenStream {
        quote!(::core::time::Duration)
    }

    /// `Into`.
    pub(crate) fn trait_into(&self) -> TokenStream {
        quote!(::core::convert::Into)
    }

    /// `From`.
    pub(crate) fn trait_from(&self) -> TokenStream {
        quote!(::core::convert::From)
    }

    /// `IntoIterator`.
    pub(crate) fn trait_into_iterator(&self) -> TokenStream {
        quote!(::core::iter::IntoIterator)
    }

    /// `Default`.
    pub(crate) fn trait_default(&self) -> TokenStream {
        quote!(::core::default::Default)
    }

    /// `ToString`.
    pub(crate) fn trait_to_string(&self) -> TokenStream {
        quote!(::std::string::ToString)
    }

    /// The `fmt` module.
    pub(crate) fn fmt(&self) -> TokenStream {
        quote!(::core::fmt)
    }

    /// `std::error::Error`.
    pub(crate) fn std_error(&self) -> TokenStream {
        quote!(::std::error::Error)
    }
}
