//! The `types` module: an enum per set of documented valid values, with a fallback variant
//! for values the service adds later.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, ident};
use crate::ir::{EnumIr, UNKNOWN_VALUE};
use crate::paths::Paths;

/// The `types` module holding `enums`.
pub(crate) fn module(enums: &[EnumIr], root: &Paths) -> TokenStream {
    let p = &root.local();
    let imports = if enums.is_empty() {
        TokenStream::new()
    } else {
        p.imports()
    };
    let unknown = if enums.is_empty() {
        TokenStream::new()
    } else {
        unknown_value(p)
    };
    let enums = enums.iter().map(|e| emit(e, p));
    quote! {
        /// Enums for the documented valid values of parameters and response fields.
        pub mod types {
            #imports
            #unknown
            #(#enums)*
        }
    }
}

/// The value an enum's fallback variant holds. Its field is private to the `types` module, so
/// only the enums' `From<&str>`, which maps every documented value to its variant first, makes
/// one: a fallback never stands for a documented value, and `==` never tells two spellings of
/// one value apart.
fn unknown_value(p: &Paths) -> TokenStream {
    let ident = ident(UNKNOWN_VALUE);
    let (string, fmt) = (p.string(), p.fmt());
    let doc = docs::attrs(&[
        "A value that no variant of its enum documents, as the service wrote it.".to_owned(),
        String::new(),
        "Only the enums' `From<&str>` makes one, and only for a value none of their variants \
         stands for, so the fallback variant never equals a documented one."
            .to_owned(),
    ]);
    let as_str_doc = docs::line("The value as the service writes it.");
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct #ident(#string);

        impl #ident {
            #as_str_doc
            #[inline]
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl #fmt::Display for #ident {
            #[inline]
            fn fmt(&self, f: &mut #fmt::Formatter<'_>) -> #fmt::Result {
                f.write_str(&self.0)
            }
        }
    }
}

fn emit(e: &EnumIr, p: &Paths) -> TokenStream {
    let name = ident(&e.name);
    let fallback = ident(&e.fallback);
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.ident)).collect();
    let wires: Vec<_> = e.variants.iter().map(|v| &v.wire).collect();
    let variant_docs = e.variants.iter().map(|v| {
        let mut line = docs::code(&v.wire);
        if let Some(d) = &v.description {
            line = format!("{line}: {}", docs::inline(d));
        }
        docs::line(line)
    });
    let mut lines = vec![format!(
        "The documented values of {}.",
        e.used_by.join(", ")
    )];
    lines.push(String::new());
    lines.push(format!(
        "`{}` holds any other value, so a value the service adds later still reads.",
        e.fallback
    ));
    let doc = docs::attrs(&lines);
    let (string, from, fmt, decode, json, option, encode) = (
        p.string(),
        p.trait_from(),
        p.fmt(),
        p.decode(),
        p.json_value(),
        p.option(),
        p.encode(),
    );
    let fallback_doc = docs::line("A value this version of the client does not know.");
    let unknown = ident(UNKNOWN_VALUE);
    let as_str_doc = docs::line("The value as the service writes it.");
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_docs #variants,)*
            #fallback_doc
            #fallback(#unknown),
        }

        impl #name {
            #as_str_doc
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #wires,)*
                    Self::#fallback(v) => v.as_str(),
                }
            }
        }

        impl AsRef<str> for #name {
            #[inline]
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl #from<&str> for #name {
            #[inline]
            fn from(v: &str) -> Self {
                match v {
                    #(#wires => Self::#variants,)*
                    other => Self::#fallback(#unknown(#string::from(other))),
                }
            }
        }

        impl #from<#string> for #name {
            #[inline]
            fn from(v: #string) -> Self {
                Self::from(v.as_str())
            }
        }

        impl #fmt::Display for #name {
            #[inline]
            fn fmt(&self, f: &mut #fmt::Formatter<'_>) -> #fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl #encode for #name {
            #[inline]
            fn text(&self) -> #option<::std::borrow::Cow<'_, str>> {
                #option::Some(::std::borrow::Cow::Borrowed(self.as_str()))
            }
        }

        #[diagnostic::do_not_recommend]
        impl #decode for #name {
            #[inline]
            fn decode(value: &#json) -> #option<Self> {
                <#string as #decode>::decode(value).map(Self::from)
            }
        }
    }
}
