//! Turning placed rows into spec parameters and fields: shapes, valid values, defaults,
//! request styles, Rust names and the types the JSON sample shows besides the documented one.

use std::collections::{BTreeMap, BTreeSet};

use dts_spec::{names, validate::scalar_parses, EnumValue, Field, Items, Param, Style, Type};

use super::describe::{describe, Described};
use super::sample::{Kind, QueryHints, Sample};
use super::table::{Elem, RowType};
use super::tree::Tree;
use super::Warnings;

/// Builds spec parameters and fields from placed rows.
pub(crate) struct Convert<'h> {
    hints: &'h QueryHints,
    /// Item type names (`Array of X`) that can name their generated struct.
    struct_names: BTreeSet<String>,
}

impl<'h> Convert<'h> {
    /// A converter for the trees of one page.
    pub fn new(hints: &'h QueryHints, trees: &[&Tree<'_, '_>]) -> Self {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        let mut taken = BTreeSet::new();
        for node in trees.iter().flat_map(|t| t.nodes.iter()) {
            if let RowType::Array(Elem::Object(Some(n))) = &node.row.ty {
                *counts.entry(n.clone()).or_default() += 1;
            }
            if node.row.ty.is_container() {
                taken.insert(names::camel(&node.row.name));
            }
        }
        let struct_names = counts
            .into_iter()
            .filter(|(n, c)| *c == 1 && !taken.contains(n) && is_type_name(n))
            .map(|(n, _)| n)
            .collect();
        Convert {
            hints,
            struct_names,
        }
    }

    /// The request parameters.
    pub fn params(&self, tree: &Tree<'_, '_>, w: &mut Warnings) -> Vec<Param> {
        let rust = rust_names(tree, &tree.roots, w);
        tree.roots
            .iter()
            .zip(rust)
            .filter_map(|(&i, r)| self.param(tree, i, r, w))
            .collect()
    }

    /// The response fields.
    pub fn fields(&self, tree: &Tree<'_, '_>, w: &mut Warnings) -> Vec<Field> {
        self.children(tree, &tree.roots, true, 0, w)
    }

    fn param(
        &self,
        tree: &Tree<'_, '_>,
        idx: usize,
        rust_name: Option<String>,
        w: &mut Warnings,
    ) -> Option<Param> {
        let node = tree.nodes.get(idx)?;
        let row = &node.row;
        let mut d = describe(&row.desc, enum_ty(&row.ty), w);
        let values = std::mem::take(&mut d.values);
        let shape = self.shape(tree, idx, values, false, 0, w);
        let mut p = Param {
            name: row.name.clone(),
            rust_name,
            ty: shape.ty,
            items: shape.items,
            fields: shape.fields,
            // A page cannot tell enforced from documented: "Yes" is taken as enforced.
            required: row.required,
            doc_required: false,
            example: row.example.clone(),
            description: None,
            enum_values: shape.values,
            enum_name: None,
            default: None,
            constraints: Default::default(),
            location: Default::default(),
            style: Style::Flat,
            deprecated: d.deprecated,
        };
        self.style(&mut p, &d);
        let mut text = d.text.take();
        if let Some((line, value)) = d.default.take() {
            match default_problem(&p, &value) {
                None => p.default = Some(value),
                Some(why) => {
                    w.push(
                        line,
                        format!(
                            "default `{value}` of `{}` {why}; kept in the description only",
                            p.name
                        ),
                    );
                    append(&mut text, &format!("Default value: {value}."));
                }
            }
        }
        p.description = text;
        Some(p)
    }

    fn style(&self, p: &mut Param, d: &Described) {
        let json = d.json_string || self.hints.json.contains(&p.name);
        p.style = match p.ty {
            Type::Array if json => Style::Json,
            Type::Array => Style::RepeatList,
            Type::Object | Type::Any if json => Style::Json,
            Type::Any => Style::Json,
            Type::String
                if json
                    && p.enum_values.is_empty()
                    && p.example.as_deref().is_none_or(looks_like_json) =>
            {
                p.ty = Type::Any;
                Style::Json
            }
            _ => Style::Flat,
        };
    }

    fn children(
        &self,
        tree: &Tree<'_, '_>,
        of: &[usize],
        response: bool,
        depth: usize,
        w: &mut Warnings,
    ) -> Vec<Field> {
        let rust = rust_names(tree, of, w);
        of.iter()
            .zip(rust)
            .filter_map(|(&i, r)| self.field(tree, i, r, response, depth, w))
            .collect()
    }

    fn field(
        &self,
        tree: &Tree<'_, '_>,
        idx: usize,
        rust_name: Option<String>,
        response: bool,
        depth: usize,
        w: &mut Warnings,
    ) -> Option<Field> {
        let node = tree.nodes.get(idx)?;
        let row = &node.row;
        let mut d = describe(&row.desc, enum_ty(&row.ty), w);
        let values = std::mem::take(&mut d.values);
        let shape = self.shape(tree, idx, values, response, depth, w);
        let accepts = match (response, node.sample) {
            (true, sample) if shape.ty.is_scalar() => accepts(&row.name, shape.ty, sample),
            _ => Vec::new(),
        };
        let mut text = d.text.take();
        if let Some((_, value)) = &d.default {
            append(&mut text, &format!("Default value: {value}."));
        }
        if !response && row.required {
            append(&mut text, "Required.");
        }
        Some(Field {
            name: row.name.clone(),
            rust_name,
            ty: shape.ty,
            accepts,
            items: shape.items,
            fields: shape.fields,
            struct_name: None,
            example: row.example.clone(),
            description: text,
            enum_values: shape.values,
        })
    }

    fn shape(
        &self,
        tree: &Tree<'_, '_>,
        idx: usize,
        values: Vec<EnumValue>,
        response: bool,
        depth: usize,
        w: &mut Warnings,
    ) -> Shape {
        let Some(node) = tree.nodes.get(idx) else {
            return Shape::scalar(Type::Any, Vec::new());
        };
        let kids = |w: &mut Warnings| self.children(tree, &node.children, response, depth + 1, w);
        match &node.row.ty {
            RowType::Scalar(t) => Shape::scalar(*t, values),
            RowType::Any => Shape::scalar(Type::Any, Vec::new()),
            RowType::Object => Shape {
                ty: Type::Object,
                items: None,
                fields: kids(w),
                values: Vec::new(),
            },
            RowType::Array(elem) => {
                let items = match elem {
                    Elem::Scalar(t) => Items {
                        enum_values: values,
                        ..items(*t)
                    },
                    Elem::Object(name) => Items {
                        fields: kids(w),
                        struct_name: name.clone().filter(|n| self.struct_names.contains(n)),
                        ..items(Type::Object)
                    },
                    Elem::Unknown if !node.children.is_empty() => Items {
                        fields: kids(w),
                        ..items(Type::Object)
                    },
                    Elem::Unknown => {
                        let t = node.sample.and_then(|s| s.kinds.first()).map(kind_type);
                        if t.is_none() {
                            w.push(
                                node.row.line,
                                format!("array `{}` does not say what it holds; items imported as String", node.row.name),
                            );
                        }
                        items(t.unwrap_or(Type::String))
                    }
                };
                Shape {
                    ty: Type::Array,
                    items: Some(Box::new(items)),
                    fields: Vec::new(),
                    values: Vec::new(),
                }
            }
        }
    }
}

struct Shape {
    ty: Type,
    items: Option<Box<Items>>,
    fields: Vec<Field>,
    values: Vec<EnumValue>,
}

impl Shape {
    fn scalar(ty: Type, values: Vec<EnumValue>) -> Self {
        Shape {
            ty,
            items: None,
            fields: Vec::new(),
            values,
        }
    }
}

fn items(ty: Type) -> Items {
    Items {
        ty,
        items: None,
        fields: Vec::new(),
        struct_name: None,
        enum_values: Vec::new(),
    }
}

/// The scalar type valid values of a row would have.
fn enum_ty(ty: &RowType) -> Option<Type> {
    match ty {
        RowType::Scalar(t) | RowType::Array(Elem::Scalar(t)) => Some(*t),
        _ => None,
    }
}

fn append(text: &mut Option<String>, more: &str) {
    match text {
        Some(t) => {
            t.push_str("\n\n");
            t.push_str(more);
        }
        None => *text = Some(more.to_owned()),
    }
}

fn looks_like_json(example: &str) -> bool {
    example.trim_start().starts_with(['[', '{'])
}

fn default_problem(p: &Param, value: &str) -> Option<&'static str> {
    if p.required {
        Some("is given for a required parameter")
    } else if !p.enum_values.is_empty() && !p.enum_values.iter().any(|v| v.value == value) {
        Some("is not one of the valid values")
    } else if !scalar_parses(p.ty, value) {
        Some("does not fit the parameter's type")
    } else {
        None
    }
}

fn is_type_name(n: &str) -> bool {
    names::is_identifier(n)
        && n.starts_with(|c: char| c.is_ascii_uppercase())
        && !names::is_reserved(n)
}

/// Rust names for siblings whose snake_case forms are not usable or collide.
fn rust_names(tree: &Tree<'_, '_>, of: &[usize], w: &mut Warnings) -> Vec<Option<String>> {
    let mut used = BTreeSet::new();
    let mut out = Vec::with_capacity(of.len());
    for node in of.iter().filter_map(|&i| tree.nodes.get(i)) {
        let wire = node.row.name.as_str();
        let snake = names::snake(wire);
        let usable = names::is_identifier(wire)
            && names::is_identifier(&snake)
            && !names::is_reserved(&snake);
        let base = if usable {
            snake.clone()
        } else {
            sanitize(&snake)
        };
        let mut candidate = base.clone();
        let mut n = 2;
        while used.contains(&candidate) {
            candidate = format!("{base}_{n}");
            n += 1;
        }
        if candidate != base {
            w.push(
                node.row.line,
                format!("`{wire}` has the same Rust name as another row; named `{candidate}`"),
            );
        }
        used.insert(candidate.clone());
        out.push((!usable || candidate != snake).then_some(candidate));
    }
    out
}

fn sanitize(snake: &str) -> String {
    let mut s: String = snake
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    s = names::snake(&s);
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert_str(0, "n_");
    }
    if names::is_reserved(&s) {
        s.push_str("_value");
    }
    s
}

fn kind_type(k: &Kind) -> Type {
    match k {
        Kind::Bool => Type::Boolean,
        Kind::Str => Type::String,
        Kind::Int => Type::Integer,
        Kind::Long => Type::Long,
        Kind::Float => Type::Double,
    }
}

fn compatible(ty: Type, k: Kind) -> bool {
    matches!(
        (ty, k),
        (Type::String, Kind::Str)
            | (Type::Boolean, Kind::Bool)
            | (Type::Integer, Kind::Int)
            | (Type::Long, Kind::Int | Kind::Long)
            | (
                Type::Float | Type::Double,
                Kind::Int | Kind::Long | Kind::Float
            )
    )
}

/// Other types a scalar field arrives as: the documented drift of `Success`,
/// `HttpStatusCode` and `DynamicCode` (String on some pages, Boolean or Integer on others),
/// and whatever the JSON sample shows that differs from the documented type.
fn accepts(name: &str, ty: Type, sample: Option<&Sample>) -> Vec<Type> {
    let mut out = Vec::new();
    let drift = match (name, ty) {
        ("Success", Type::Boolean) => Some(Type::String),
        ("Success", Type::String) => Some(Type::Boolean),
        ("HttpStatusCode" | "DynamicCode", Type::Integer | Type::Long) => Some(Type::String),
        ("HttpStatusCode" | "DynamicCode", Type::String) => Some(Type::Integer),
        _ => None,
    };
    out.extend(drift);
    for k in sample.map_or(&[][..], |s| s.kinds.as_slice()) {
        let t = kind_type(k);
        if !compatible(ty, *k) && !out.contains(&t) && t != ty {
            out.push(t);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drift_and_sample_types() {
        let s = Sample::from_json(&serde_json::json!(true));
        assert_eq!(accepts("Success", Type::String, Some(&s)), [Type::Boolean]);
        assert_eq!(accepts("Success", Type::Boolean, Some(&s)), [Type::String]);
        assert_eq!(accepts("DynamicCode", Type::String, None), [Type::Integer]);
        let n = Sample::from_json(&serde_json::json!(7));
        assert_eq!(accepts("Delay", Type::String, Some(&n)), [Type::Integer]);
        assert!(accepts("Delay", Type::Long, Some(&n)).is_empty());
    }

    #[test]
    fn sanitized_names_are_valid() {
        for n in ["self", "9lives", "a-b"] {
            let s = sanitize(n);
            assert!(
                names::is_identifier(&s) && !names::is_reserved(&s) && s == names::snake(&s),
                "{s}"
            );
        }
    }
}
