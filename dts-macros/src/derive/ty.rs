//! Which Rust field types a derived action can send, read from the type's syntax, and how
//! each goes on the wire (as the generator's parameters do).

use syn::{GenericArgument, PathArguments, Type};

/// A single value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scalar {
    /// `String` or `&str`.
    Str,
    /// `i64`.
    I64,
    /// A smaller integer, widened to `i64` (`i32`, `u32`...).
    Int,
    Bool,
    F32,
    F64,
}

/// What a parameter holds once a possible `Option` is peeled off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    Scalar(Scalar),
    /// `serde_json::Value`, sent as one JSON string.
    Json,
    /// `Vec` of scalars.
    List(Scalar),
}

/// A parameter's type: its shape and whether it is wrapped in `Option`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ParamTy {
    pub shape: Shape,
    pub option: bool,
}

const EXPECTED: &str = "expected `String`, `&str`, `i32`, `i64`, `bool`, `f32`, `f64`, \
                        `serde_json::Value`, a `Vec` of those scalars, or an `Option` of any of \
                        them";

/// Classifies a parameter's type, or explains what is supported.
pub(crate) fn param(ty: &Type) -> syn::Result<ParamTy> {
    let unsupported =
        || syn::Error::new_spanned(ty, format!("unsupported parameter type, {EXPECTED}"));
    let (option, inner) = match generic_arg(ty, "Option") {
        Some(inner) => (true, inner),
        None => (false, ty),
    };
    let shape = if let Some(item) = generic_arg(inner, "Vec") {
        Shape::List(scalar(item).ok_or_else(unsupported)?)
    } else if is_named(inner, "Value") {
        Shape::Json
    } else {
        Shape::Scalar(scalar(inner).ok_or_else(unsupported)?)
    };
    Ok(ParamTy { shape, option })
}

/// Whether the type is `Option<_>`.
pub(crate) fn is_option(ty: &Type) -> bool {
    generic_arg(ty, "Option").is_some()
}

/// Whether the type is `Vec<_>`.
pub(crate) fn is_vec(ty: &Type) -> bool {
    generic_arg(ty, "Vec").is_some()
}

fn scalar(ty: &Type) -> Option<Scalar> {
    let ty = ungroup(ty);
    if let Type::Reference(r) = ty {
        return (r.mutability.is_none() && is_named(&r.elem, "str")).then_some(Scalar::Str);
    }
    let name = last_ident(ty)?;
    Some(match name.as_str() {
        "String" => Scalar::Str,
        "i64" => Scalar::I64,
        "i8" | "i16" | "i32" | "u8" | "u16" | "u32" => Scalar::Int,
        "bool" => Scalar::Bool,
        "f32" => Scalar::F32,
        "f64" => Scalar::F64,
        _ => return None,
    })
}

/// The single type argument of `name<T>` (matched on the path's last segment).
fn generic_arg<'a>(ty: &'a Type, name: &str) -> Option<&'a Type> {
    let Type::Path(p) = ungroup(ty) else {
        return None;
    };
    let last = p.path.segments.last()?;
    if p.qself.is_some() || last.ident != name {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.iter().collect::<Vec<_>>().as_slice() {
        [GenericArgument::Type(inner)] => Some(inner),
        _ => None,
    }
}

/// Whether the type's path ends in `name` with no generic arguments.
fn is_named(ty: &Type, name: &str) -> bool {
    last_ident(ty).is_some_and(|n| n == name)
}

fn last_ident(ty: &Type) -> Option<String> {
    let Type::Path(p) = ungroup(ty) else {
        return None;
    };
    let last = p.path.segments.last()?;
    (p.qself.is_none() && last.arguments.is_none()).then(|| last.ident.to_string())
}

/// Types from `macro_rules!` fragments arrive wrapped in invisible groups.
fn ungroup(ty: &Type) -> &Type {
    match ty {
        Type::Group(g) => ungroup(&g.elem),
        Type::Paren(p) => ungroup(&p.elem),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(src: &str) -> syn::Result<ParamTy> {
        param(&syn::parse_str(src).unwrap())
    }

    #[test]
    fn scalars_lists_options_and_json_are_recognised() {
        let str_ty = Shape::Scalar(Scalar::Str);
        assert_eq!(
            of("String").unwrap(),
            ParamTy {
                shape: str_ty,
                option: false
            }
        );
        assert_eq!(
            of("&'a str").unwrap(),
            ParamTy {
                shape: str_ty,
                option: false
            }
        );
        assert_eq!(
            of("Option<i64>").unwrap(),
            ParamTy {
                shape: Shape::Scalar(Scalar::I64),
                option: true
            }
        );
        assert_eq!(
            of("std::option::Option<Vec<&str>>").unwrap(),
            ParamTy {
                shape: Shape::List(Scalar::Str),
                option: true
            }
        );
        assert_eq!(of("u32").unwrap().shape, Shape::Scalar(Scalar::Int));
        assert_eq!(of("serde_json::Value").unwrap().shape, Shape::Json);
        assert_eq!(of("f32").unwrap().shape, Shape::Scalar(Scalar::F32));
    }

    #[test]
    fn other_types_are_refused() {
        for src in [
            "u64",
            "Vec<Vec<String>>",
            "Option<Option<i32>>",
            "&mut str",
            "HashMap<String, String>",
            "Vec<Value>",
        ] {
            assert!(of(src).is_err(), "{src}");
        }
    }
}
