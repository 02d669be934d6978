//! Helpers for the generator's tests: small specs from JSON text, and items picked out of the
//! generated source.

#![allow(dead_code, reason = "each test file uses a different subset")]

use dts_spec::{load_sources, SourceFile, Spec};

/// A `service.json` with two common errors.
pub const SERVICE: &str = r#"{
  "product": "Demo", "version": "2024-01-01", "style": "RPC",
  "default_endpoint": "demo.example.com",
  "common_errors": [
    { "code": "Throttling.User", "http_status": 400, "message": "Slow down.", "retryable": true },
    { "code": "InternalError", "http_status": 500 }
  ]
}"#;

/// Loads a spec of `SERVICE` plus one action per JSON text, panicking on diagnostics.
pub fn spec(actions: &[&str]) -> Spec {
    let mut files = vec![SourceFile {
        path: "service.json".into(),
        contents: SERVICE.into(),
    }];
    for a in actions {
        let value: serde_json::Value = serde_json::from_str(a).expect("test JSON parses");
        let name = value["name"].as_str().expect("the action has a name");
        files.push(SourceFile {
            path: format!("actions/{name}.json"),
            contents: (*a).to_owned(),
        });
    }
    match load_sources(&files) {
        Ok(loaded) => loaded.spec,
        Err(diags) => panic!("test spec does not validate: {diags:#?}"),
    }
}

/// The items named `name` (and the impls and runtime macro calls for them) inside the module
/// at `module`, without their docs, formatted.
pub fn items(source: &str, module: &[&str], name: &str) -> String {
    let file = syn::parse_file(source).expect("generated source parses");
    let mut items = file.items;
    for m in module {
        items = items
            .into_iter()
            .find_map(|i| match i {
                syn::Item::Mod(md) if md.ident == m => md.content.map(|(_, items)| items),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no module `{m}` in the generated source"));
    }
    let mut picked: Vec<syn::Item> = items.into_iter().filter(|i| is_named(i, name)).collect();
    assert!(!picked.is_empty(), "no item `{name}` in module {module:?}");
    for item in &mut picked {
        strip_docs(item);
    }
    prettyplease::unparse(&syn::File {
        shebang: None,
        attrs: Vec::new(),
        items: picked,
    })
}

fn is_named(item: &syn::Item, name: &str) -> bool {
    match item {
        syn::Item::Struct(s) => s.ident == name,
        syn::Item::Enum(e) => e.ident == name,
        syn::Item::Fn(f) => f.sig.ident == name,
        syn::Item::Static(s) => s.ident == name,
        syn::Item::Macro(m) => m
            .mac
            .tokens
            .clone()
            .into_iter()
            .next()
            .is_some_and(|t| t.to_string() == name),
        syn::Item::Impl(i) => match &*i.self_ty {
            syn::Type::Path(p) => p.path.segments.last().is_some_and(|s| s.ident == name),
            _ => false,
        },
        _ => false,
    }
}

fn strip_docs(item: &mut syn::Item) {
    let no_docs = |attrs: &mut Vec<syn::Attribute>| attrs.retain(|a| !a.path().is_ident("doc"));
    match item {
        syn::Item::Struct(s) => {
            no_docs(&mut s.attrs);
            s.fields.iter_mut().for_each(|f| no_docs(&mut f.attrs));
        }
        syn::Item::Enum(e) => {
            no_docs(&mut e.attrs);
            e.variants.iter_mut().for_each(|v| no_docs(&mut v.attrs));
        }
        syn::Item::Impl(i) => {
            no_docs(&mut i.attrs);
            for item in &mut i.items {
                if let syn::ImplItem::Fn(f) = item {
                    no_docs(&mut f.attrs);
                }
            }
        }
        syn::Item::Fn(f) => no_docs(&mut f.attrs),
        syn::Item::Static(s) => no_docs(&mut s.attrs),
        _ => {}
    }
}

/// The lines of `source` that are code: no blank lines, no comments, no doc comments.
pub fn code_lines(source: &str) -> usize {
    source
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("//"))
        .count()
}
