//! The arguments of `generate!`: `"specs", actions = ["A", "B"], module = name,
//! relative_to = file`.

use proc_macro2::Span;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{bracketed, Ident, LitStr, Token};

/// What a relative spec path is resolved against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Base {
    /// The calling crate's `CARGO_MANIFEST_DIR` (the default).
    Manifest,
    /// The directory of the source file holding the call, as `include_str!` does.
    File,
}

/// Parsed `generate!` arguments.
pub(crate) struct Args {
    /// The spec directory as written.
    pub path: LitStr,
    /// `actions = [...]`: the names as written, and the brackets' span.
    pub actions: Option<(Vec<LitStr>, Span)>,
    /// `module = name`.
    pub module: Option<Ident>,
    /// `relative_to = manifest | file`.
    pub base: Base,
}

const OPTIONS: &str = "expected `actions`, `module` or `relative_to`";

impl Parse for Args {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        if !input.peek(LitStr) {
            let span = if input.is_empty() {
                Span::call_site()
            } else {
                input.span()
            };
            let msg =
                "expected the spec directory as a string literal, like `generate!(\"specs\")`";
            return Err(syn::Error::new(span, msg));
        }
        let path: LitStr = input.parse()?;
        let mut args = Args {
            path,
            actions: None,
            module: None,
            base: Base::Manifest,
        };
        let mut seen: Vec<String> = Vec::new();
        while !input.is_empty() {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            let key: Ident = input.parse()?;
            let name = key.to_string();
            if seen.contains(&name) {
                return Err(syn::Error::new(
                    key.span(),
                    format!("duplicate option `{name}`"),
                ));
            }
            input.parse::<Token![=]>()?;
            match name.as_str() {
                "actions" => args.actions = Some(parse_actions(input)?),
                "module" => args.module = Some(input.parse()?),
                "relative_to" => args.base = parse_base(input)?,
                _ => {
                    let msg = format!("unknown option `{name}`, {OPTIONS}");
                    return Err(syn::Error::new(key.span(), msg));
                }
            }
            seen.push(name);
        }
        Ok(args)
    }
}

fn parse_actions(input: ParseStream) -> syn::Result<(Vec<LitStr>, Span)> {
    let content;
    let brackets = bracketed!(content in input);
    let names = Punctuated::<LitStr, Token![,]>::parse_terminated(&content)?;
    Ok((names.into_iter().collect(), brackets.span.join()))
}

fn parse_base(input: ParseStream) -> syn::Result<Base> {
    let value: Ident = input.parse()?;
    match value.to_string().as_str() {
        "manifest" => Ok(Base::Manifest),
        "file" => Ok(Base::File),
        other => Err(syn::Error::new(
            value.span(),
            format!("unknown `relative_to` value `{other}`, expected `manifest` or `file`"),
        )),
    }
}
