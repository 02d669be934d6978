//! Rust names the importer must choose itself: `rust_name` for wire names that cannot become
//! (distinct) identifiers, and `struct_name` for every inline object.
//!
//! Struct names are derived from the path to the object, not from the order of the document:
//! each object first tries its own name (array items use the singular of the array's name:
//! `DtsJobList` -> `DtsJob`, `Details` -> `Detail`); when names clash, the object nearest to
//! the root keeps its name and the others are qualified with their parent's name
//! (`ReverseJobSourceEndpoint`), and again, until the names are unique within the action. Adding a field elsewhere therefore renames nothing unless it
//! clashes. Names already set (by a hand-written entry or an override) are kept and reserved.

use std::collections::{BTreeMap, BTreeSet};

use dts_spec::{names, Action, Field, Items, Param, Type};

/// Assigns every missing `rust_name` and `struct_name` in `action`.
pub(crate) fn assign(action: &mut Action) {
    rust_names_params(&mut action.request);
    rust_names_fields(&mut action.response);
    struct_names(action);
}

fn rust_names_params(params: &mut [Param]) {
    let mut entries: Vec<(&str, &mut Option<String>)> = params
        .iter_mut()
        .map(|p| (p.name.as_str(), &mut p.rust_name))
        .collect();
    rust_names(&mut entries);
    for p in params {
        if let Some(items) = p.items.as_deref_mut() {
            rust_names_items(items);
        }
        rust_names_fields(&mut p.fields);
    }
}

fn rust_names_fields(fields: &mut [Field]) {
    let mut entries: Vec<(&str, &mut Option<String>)> = fields
        .iter_mut()
        .map(|f| (f.name.as_str(), &mut f.rust_name))
        .collect();
    rust_names(&mut entries);
    for f in fields {
        if let Some(items) = f.items.as_deref_mut() {
            rust_names_items(items);
        }
        rust_names_fields(&mut f.fields);
    }
}

fn rust_names_items(items: &mut Items) {
    rust_names_fields(&mut items.fields);
    if let Some(inner) = items.items.as_deref_mut() {
        rust_names_items(inner);
    }
}

/// Gives a `rust_name` to each wire name whose snake_case form is not an identifier, is
/// reserved, or clashes with an earlier one in the same list (`Flow` and `FLOW`).
fn rust_names(entries: &mut [(&str, &mut Option<String>)]) {
    let mut taken: BTreeSet<String> = entries.iter().filter_map(|(_, r)| (**r).clone()).collect();
    for (wire, rust) in entries.iter_mut() {
        if rust.is_some() {
            continue;
        }
        let ident = names::snake(wire);
        let fine = names::is_identifier(wire) && is_field_ident(&ident);
        if fine && taken.insert(ident.clone()) {
            continue;
        }
        let base = sanitized(wire);
        let first = (!fine).then(|| base.clone());
        let chosen = first
            .into_iter()
            .chain((2..1000).map(|n| format!("{base}_{n}")))
            .find(|c| is_field_ident(c) && !taken.contains(c))
            .unwrap_or_else(|| format!("field_{}", taken.len()));
        taken.insert(chosen.clone());
        **rust = Some(chosen);
    }
}

/// Whether `s` is accepted as a `rust_name` by spec validation.
fn is_field_ident(s: &str) -> bool {
    names::is_identifier(s) && !names::is_reserved(s) && s == names::snake(s)
}

/// A snake_case identifier built from the letters and digits of a wire name.
fn sanitized(wire: &str) -> String {
    let cleaned: String = wire
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let mut s = names::snake(cleaned.trim());
    if s.is_empty() {
        s = "field".to_owned();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert_str(0, "n_");
    }
    if !is_field_ident(&s) {
        s.push_str("_value");
    }
    s
}

/// Type names the generated module already uses or that would shadow the prelude.
const RESERVED_TYPES: &[&str] = &[
    "Option", "Result", "String", "Vec", "Box", "Some", "None", "Ok", "Err", "Self", "Client",
    "Error", "Value",
];

/// An inline object that needs a struct name: where it sits and where its name goes.
struct Node<'a> {
    /// Names from the root: field names, with array items as the array's singular.
    path: Vec<String>,
    /// `Request` or `Response`, the last resort for qualifying.
    root: &'static str,
    slot: &'a mut Option<String>,
}

fn struct_names(action: &mut Action) {
    let mut reserved: BTreeSet<String> = RESERVED_TYPES.iter().map(|s| (*s).to_owned()).collect();
    for suffix in ["Input", "Request", "Output", "Response", "Error", "Builder"] {
        reserved.insert(format!("{}{suffix}", action.name));
    }
    for p in &action.request {
        if !p.enum_values.is_empty() {
            reserved.insert(p.enum_name.clone().unwrap_or_else(|| names::camel(&p.name)));
        }
        if p.ty == Type::Object && !p.fields.is_empty() {
            reserved.insert(names::camel(&p.name));
        }
    }
    let mut nodes = Vec::new();
    for p in &mut action.request {
        let path = vec![p.name.clone()];
        collect(
            &mut nodes,
            "Request",
            path,
            p.ty,
            p.items.as_deref_mut(),
            &mut p.fields,
            None,
        );
    }
    for f in &mut action.response {
        let path = vec![f.name.clone()];
        collect(
            &mut nodes,
            "Response",
            path,
            f.ty,
            f.items.as_deref_mut(),
            &mut f.fields,
            Some(&mut f.struct_name),
        );
    }
    let mut pending = Vec::new();
    for node in nodes {
        match node.slot.as_ref() {
            Some(name) => {
                reserved.insert(name.clone());
            }
            None => pending.push(node),
        }
    }
    let names = choose(&pending, &reserved);
    for (node, name) in pending.into_iter().zip(names) {
        *node.slot = Some(name);
    }
}

/// Collects the objects at and below one value. Request parameters have no `struct_name`
/// slot of their own (only their array items do), so `own` is `None` for them.
fn collect<'a>(
    nodes: &mut Vec<Node<'a>>,
    root: &'static str,
    path: Vec<String>,
    ty: Type,
    items: Option<&'a mut Items>,
    fields: &'a mut [Field],
    own: Option<&'a mut Option<String>>,
) {
    if ty == Type::Object && !fields.is_empty() {
        if let Some(slot) = own {
            nodes.push(Node {
                path: path.clone(),
                root,
                slot,
            });
        }
        for f in fields.iter_mut() {
            let mut sub = path.clone();
            sub.push(f.name.clone());
            collect(
                nodes,
                root,
                sub,
                f.ty,
                f.items.as_deref_mut(),
                &mut f.fields,
                Some(&mut f.struct_name),
            );
        }
    }
    if let (Type::Array, Some(items)) = (ty, items) {
        let mut sub = path;
        let last = sub.pop().unwrap_or_default();
        sub.push(singular(&last));
        collect(
            nodes,
            root,
            sub,
            items.ty,
            items.items.as_deref_mut(),
            &mut items.fields,
            Some(&mut items.struct_name),
        );
    }
}

/// Unique names for `nodes`, qualifying clashing ones with more of their path.
fn choose(nodes: &[Node<'_>], reserved: &BTreeSet<String>) -> Vec<String> {
    let mut depth = vec![0usize; nodes.len()];
    let candidate = |i: usize, d: usize| qualified(&nodes[i], d);
    // Each round lengthens at least one name by one segment, so this ends.
    loop {
        let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, d) in depth.iter().enumerate() {
            groups.entry(candidate(i, *d)).or_default().push(i);
        }
        let mut changed = false;
        for (name, members) in &groups {
            let is_reserved = reserved.contains(name);
            if members.len() < 2 && !is_reserved {
                continue;
            }
            let keep = if is_reserved {
                None
            } else {
                shallowest(nodes, members)
            };
            for &i in members.iter().filter(|i| Some(**i) != keep) {
                if depth[i] < nodes[i].path.len() {
                    depth[i] += 1;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    let mut taken = reserved.clone();
    (0..nodes.len())
        .map(|i| {
            let base = candidate(i, depth[i]);
            let name = (1..)
                .map(|n| {
                    if n == 1 {
                        base.clone()
                    } else {
                        format!("{base}{n}")
                    }
                })
                .find(|c| !taken.contains(c))
                .unwrap_or(base);
            taken.insert(name.clone());
            name
        })
        .collect()
}

/// The one member of a clashing group nearest to the root, which keeps the plain name; `None`
/// when several are equally near.
fn shallowest(nodes: &[Node<'_>], members: &[usize]) -> Option<usize> {
    let min = members.iter().map(|&i| nodes[i].path.len()).min()?;
    let mut at_min = members.iter().filter(|&&i| nodes[i].path.len() == min);
    let first = *at_min.next()?;
    at_min.next().is_none().then_some(first)
}

/// The node's name with `depth` extra path segments in front; past the whole path, the root
/// (`Request`/`Response`) goes in front.
fn qualified(node: &Node<'_>, depth: usize) -> String {
    let len = node.path.len();
    let take = (depth + 1).min(len);
    let mut name: String = node.path[len - take..]
        .iter()
        .map(|s| type_part(s))
        .collect();
    if depth >= len {
        name.insert_str(0, node.root);
    }
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "Struct");
    }
    name
}

/// One path segment as part of an UpperCamelCase type name.
fn type_part(segment: &str) -> String {
    let cleaned: String = segment
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    names::camel(cleaned.trim())
}

/// The singular of an array's name, for the name of its items' struct: `DtsJobList` ->
/// `DtsJob`, `Entries` -> `Entry`, `Details` -> `Detail`; names that do not look plural are
/// kept (`Data`, `Status`, `MigrationJob`).
pub(crate) fn singular(name: &str) -> String {
    let stripped = if let Some(s) = name.strip_suffix("List").filter(|s| !s.is_empty()) {
        s.to_owned()
    } else if let Some(s) = name.strip_suffix("ies").filter(|s| !s.is_empty()) {
        format!("{s}y")
    } else if ["sses", "shes", "ches", "xes"]
        .iter()
        .any(|suf| name.ends_with(suf))
    {
        name[..name.len() - 2].to_owned()
    } else if name.ends_with('s')
        && !["ss", "us", "is"].iter().any(|suf| name.ends_with(suf))
        && name.len() > 1
    {
        name[..name.len() - 1].to_owned()
    } else {
        name.to_owned()
    };
    stripped
}
