//! `generate!`: load a spec directory, check the options against it, and hand it to
//! `dts-codegen`, turning every problem into an error spanned at the offending token.

mod args;

use std::path::{Path, PathBuf};

use dts_codegen::{Diagnostic, Options};
use dts_spec::Spec;
use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::{Ident, LitStr};

pub(crate) use args::{Args, Base};

/// Expands `generate!`; `call_file` is the source file holding the call, when known.
pub(crate) fn expand(args: &Args, call_file: Option<PathBuf>) -> syn::Result<TokenStream> {
    let written = args.path.value();
    let dir = spec_dir(args, &written, call_file)?;
    let shown = |message: &str| message.replace(&dir.display().to_string(), &written);
    let spec = dts_spec::load_dir(&dir)
        .map_err(|diags| spec_errors(&args.path, &written, &diags, &shown))?
        .spec;
    let mut options = Options::wrapper().with_runtime(crate::paths::RUNTIME);
    if let Some((names, brackets)) = &args.actions {
        check_actions(&spec, names, *brackets)?;
        options = options.with_actions(names.iter().map(LitStr::value));
    }
    if let Some(module) = &args.module {
        check_module(module)?;
        options = options.with_module(module.to_string());
    }
    let code = dts_codegen::generate_tokens(&spec, &options)
        .map_err(|diags| spec_errors(&args.path, &written, &diags, &shown))?;
    let tracked = tracked(&dir);
    Ok(quote!(#code #tracked))
}

/// The spec directory, resolved and checked to exist.
fn spec_dir(args: &Args, written: &str, call_file: Option<PathBuf>) -> syn::Result<PathBuf> {
    let span = args.path.span();
    let (base, against) = match args.base {
        Base::Manifest => match std::env::var_os("CARGO_MANIFEST_DIR") {
            Some(dir) => (PathBuf::from(dir), "the crate's `CARGO_MANIFEST_DIR`"),
            None => {
                let msg = "`CARGO_MANIFEST_DIR` is not set: build with cargo, or add \
                           `relative_to = file`";
                return Err(syn::Error::new(span, msg));
            }
        },
        Base::File => match call_file.as_deref().and_then(Path::parent) {
            Some(dir) => (dir.to_owned(), "the calling file's directory"),
            None => {
                let msg = "the calling file's path is unknown: use `relative_to = manifest`";
                return Err(syn::Error::new(span, msg));
            }
        },
    };
    let dir = base.join(written);
    if !dir.is_dir() {
        let msg = format!("spec directory `{written}` not found, relative to {against}");
        return Err(syn::Error::new(span, msg));
    }
    Ok(std::fs::canonicalize(&dir).unwrap_or(dir))
}

/// One error per diagnostic, each naming the file (as the caller wrote the directory), the
/// JSON pointer and the problem.
fn spec_errors(
    at: &LitStr,
    written: &str,
    diags: &[Diagnostic],
    shown: &dyn Fn(&str) -> String,
) -> syn::Error {
    let messages = diags.iter().filter(|d| d.is_error()).map(|d| {
        let message = shown(&d.message);
        match (d.file.as_str(), d.pointer.as_str()) {
            ("options", _) => format!("invalid `generate!` options: {message}"),
            (file, "") => format!("{}: {message}", join(written, file)),
            (file, pointer) => format!("{}: {pointer}: {message}", join(written, file)),
        }
    });
    combine(
        messages
            .map(|m| syn::Error::new(at.span(), m))
            .collect::<Vec<_>>(),
    )
    .unwrap_or_else(|| syn::Error::new(at.span(), "the spec could not be generated"))
}

fn join(dir: &str, file: &str) -> String {
    format!("{}/{file}", dir.trim_end_matches('/'))
}

/// Every name in `actions = [...]` must be an action of the spec, once.
fn check_actions(spec: &Spec, names: &[LitStr], brackets: Span) -> syn::Result<()> {
    if names.is_empty() {
        let msg = "`actions` is empty: name at least one action, or leave `actions` out to \
                   generate them all";
        return Err(syn::Error::new(brackets, msg));
    }
    let mut errors = Vec::new();
    for (i, lit) in names.iter().enumerate() {
        let name = lit.value();
        if names[..i].iter().any(|earlier| earlier.value() == name) {
            errors.push(syn::Error::new(
                lit.span(),
                format!("action `{name}` is listed twice"),
            ));
        } else if spec.action(&name).is_none() {
            errors.push(syn::Error::new(lit.span(), unknown_action(spec, &name)));
        }
    }
    combine(errors).map_or(Ok(()), Err)
}

/// Lists the valid names, or for a large spec suggests the closest one.
fn unknown_action(spec: &Spec, name: &str) -> String {
    const LISTED: usize = 12;
    let valid: Vec<&str> = spec.actions.iter().map(|a| a.name.as_str()).collect();
    if valid.len() <= LISTED {
        let list: Vec<String> = valid.iter().map(|n| format!("`{n}`")).collect();
        return format!(
            "unknown action `{name}`, expected one of {}",
            list.join(", ")
        );
    }
    let closest = valid
        .iter()
        .map(|v| (distance(&v.to_lowercase(), &name.to_lowercase()), *v))
        .min();
    match closest {
        Some((d, v)) if d <= name.len().max(4) / 3 => format!(
            "unknown action `{name}`, did you mean `{v}`? (the spec has {} actions)",
            valid.len()
        ),
        _ => format!(
            "unknown action `{name}`: the spec has {} actions, from `{}` to `{}`",
            valid.len(),
            valid[0],
            valid[valid.len() - 1]
        ),
    }
}

/// Levenshtein distance, for suggestions.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (prev + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// The module name must be a plain snake_case identifier.
fn check_module(module: &Ident) -> syn::Result<()> {
    let name = module.to_string();
    let plain = dts_spec::names::is_identifier(&name)
        && !dts_spec::names::needs_raw(&name)
        && !dts_spec::names::is_reserved(&name);
    if plain && dts_spec::names::snake(&name) == name {
        return Ok(());
    }
    let msg = format!(
        "module name `{name}` must be a snake_case identifier, like `{}`",
        dts_spec::names::snake(name.trim_start_matches("r#"))
    );
    Err(syn::Error::new(module.span(), msg))
}

/// `include_str!` of every spec file, so that editing one rebuilds the calling crate.
fn tracked(dir: &Path) -> TokenStream {
    let files = dts_spec::spec_files(dir).unwrap_or_default();
    let files = files
        .iter()
        .filter(|f| f.is_file())
        .filter_map(|f| f.to_str());
    quote!(#(const _: &str = ::core::include_str!(#files);)*)
}

/// All of `errors` as one, or `None` when there are none.
pub(crate) fn combine(errors: Vec<syn::Error>) -> Option<syn::Error> {
    errors.into_iter().reduce(|mut all, e| {
        all.combine(e);
        all
    })
}

#[cfg(test)]
mod tests;
