//! `#[dts(...)]` attributes on the struct and on its fields, parsed with duplicates and
//! unknown keys reported at the offending token.

use proc_macro2::Span;
use syn::meta::ParseNestedMeta;
use syn::{Attribute, LitStr, Token, Type};

/// Which derive is reading the attributes: it decides which keys are allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Derive {
    Action,
    Decode,
}

impl Derive {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Derive::Action => "Action",
            Derive::Decode => "Decode",
        }
    }

    fn container_keys(self) -> &'static [&'static str] {
        match self {
            Derive::Action => &["action", "output", "method", "idempotent"],
            Derive::Decode => &[],
        }
    }

    fn field_keys(self) -> &'static [&'static str] {
        match self {
            Derive::Action => &["rename", "required", "optional", "style", "skip"],
            Derive::Decode => &["rename", "skip"],
        }
    }
}

/// `#[dts(...)]` on the struct.
#[derive(Default)]
pub(crate) struct ContainerAttrs {
    pub action: Option<LitStr>,
    pub output: Option<Type>,
    pub method: Option<LitStr>,
    pub idempotent: Option<Span>,
}

/// `#[dts(...)]` on a field.
#[derive(Default)]
pub(crate) struct FieldAttrs {
    pub rename: Option<LitStr>,
    pub required: Option<Span>,
    pub optional: Option<Span>,
    pub style: Option<LitStr>,
    pub skip: Option<Span>,
}

/// Reads the struct's `#[dts(...)]` attributes, pushing every problem to `errors`.
pub(crate) fn container(
    attrs: &[Attribute],
    derive: Derive,
    errors: &mut Vec<syn::Error>,
) -> ContainerAttrs {
    let mut out = ContainerAttrs::default();
    each(attrs, errors, |meta| {
        let key = key_of(&meta, derive.container_keys(), derive, "the struct")?;
        match key.as_str() {
            "action" => set(&meta, &mut out.action, meta.value()?.parse()?),
            "output" => set(&meta, &mut out.output, meta.value()?.parse()?),
            "method" => set(&meta, &mut out.method, meta.value()?.parse()?),
            _ => set(&meta, &mut out.idempotent, flag(&meta)?),
        }
    });
    out
}

/// Reads one field's `#[dts(...)]` attributes, pushing every problem to `errors`.
pub(crate) fn field(
    attrs: &[Attribute],
    derive: Derive,
    errors: &mut Vec<syn::Error>,
) -> FieldAttrs {
    let mut out = FieldAttrs::default();
    each(attrs, errors, |meta| {
        let key = key_of(&meta, derive.field_keys(), derive, "a field")?;
        match key.as_str() {
            "rename" => set(&meta, &mut out.rename, meta.value()?.parse()?),
            "style" => set(&meta, &mut out.style, meta.value()?.parse()?),
            "required" => set(&meta, &mut out.required, flag(&meta)?),
            "optional" => set(&meta, &mut out.optional, flag(&meta)?),
            _ => set(&meta, &mut out.skip, flag(&meta)?),
        }
    });
    out
}

/// Runs `f` on every item of every `#[dts(...)]` attribute.
fn each(
    attrs: &[Attribute],
    errors: &mut Vec<syn::Error>,
    mut f: impl FnMut(ParseNestedMeta) -> syn::Result<()>,
) {
    for attr in attrs.iter().filter(|a| a.path().is_ident("dts")) {
        if let Err(e) = attr.parse_nested_meta(&mut f) {
            errors.push(e);
        }
    }
}

/// The item's key if it is one of `allowed`.
fn key_of(
    meta: &ParseNestedMeta,
    allowed: &[&str],
    derive: Derive,
    on: &str,
) -> syn::Result<String> {
    let key = meta
        .path
        .get_ident()
        .map(ToString::to_string)
        .unwrap_or_default();
    if allowed.contains(&key.as_str()) {
        return Ok(key);
    }
    let shown = if key.is_empty() {
        "this".to_owned()
    } else {
        format!("`{key}`")
    };
    let expected = match allowed {
        [] => format!("`#[derive({})]` takes none on {on}", derive.name()),
        _ => {
            let keys: Vec<String> = allowed.iter().map(|k| format!("`{k}`")).collect();
            format!("expected one of {}", keys.join(", "))
        }
    };
    Err(meta.error(format!("unknown attribute {shown} on {on}, {expected}")))
}

/// Stores `value` unless the key was already given.
fn set<T>(meta: &ParseNestedMeta, slot: &mut Option<T>, value: T) -> syn::Result<()> {
    if slot.is_some() {
        let key = meta
            .path
            .get_ident()
            .map(ToString::to_string)
            .unwrap_or_default();
        return Err(meta.error(format!("duplicate `{key}` attribute")));
    }
    *slot = Some(value);
    Ok(())
}

/// A key that takes no value (`idempotent`).
fn flag(meta: &ParseNestedMeta) -> syn::Result<Span> {
    if meta.input.peek(Token![=]) || !meta.input.is_empty() && !meta.input.peek(Token![,]) {
        let key = meta
            .path
            .get_ident()
            .map(ToString::to_string)
            .unwrap_or_default();
        return Err(meta.error(format!("`{key}` takes no value: write `{key}` alone")));
    }
    Ok(meta
        .path
        .get_ident()
        .map_or_else(Span::call_site, |i| i.span()))
}
