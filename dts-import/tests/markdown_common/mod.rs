//! Facts of an imported entry (names, nesting, types, required flags, examples, error codes)
//! as lines, for the markdown page tests: what a page must import to, without its prose.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use dts_import::doc::{import_page, Imported};
use dts_spec::{Action, Field, Items, Style, Type};
use serde_json::Value;

/// The directory of the markdown pages and what they import to.
pub const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/markdown");

/// The pages, in file name order.
pub fn pages() -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = std::fs::read_dir(Path::new(DIR).join("pages"))
        .expect("the pages directory")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    pages.sort();
    assert!(
        !pages.is_empty(),
        "the markdown pages are missing: {pages:?}"
    );
    pages
}

/// Imports one page; a page that does not import fails the test.
pub fn import(page: &Path) -> Imported {
    let text = std::fs::read_to_string(page).unwrap_or_else(|e| panic!("{}: {e}", page.display()));
    import_page(page, &text).unwrap_or_else(|e| panic!("{}: {e}", page.display()))
}

/// One fact of an entry: a parameter, field or error code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    /// `request`, `response` or `error`.
    pub side: &'static str,
    /// The dotted path; `[]` marks an array's items (`Tag[].Key`).
    pub path: String,
    /// The type (`Array<String>`), or the HTTP status of an error code.
    pub ty: String,
    /// For request parameters at the top: whether the API enforces them.
    pub required: bool,
    /// How a request parameter is sent, when not flat (`repeat list`, `json`).
    pub style: Option<&'static str>,
    /// The example value, if any.
    pub example: Option<String>,
    /// The documented valid values.
    pub values: Vec<String>,
}

impl std::fmt::Display for Fact {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}: {}", self.side, self.path, self.ty)?;
        if let Some(s) = self.style {
            write!(f, " ({s})")?;
        }
        if self.required {
            f.write_str(" required")?;
        }
        if let Some(e) = &self.example {
            write!(f, " = {e:?}")?;
        }
        if !self.values.is_empty() {
            write!(f, " of [{}]", self.values.join(", "))?;
        }
        Ok(())
    }
}

/// The facts of an entry, in its order.
pub fn facts(a: &Action) -> Vec<Fact> {
    let mut out = Vec::new();
    for p in &a.request {
        out.push(Fact {
            side: "request",
            path: p.name.clone(),
            ty: type_name(p.ty, p.items.as_deref()),
            required: p.required,
            style: match p.style {
                Style::RepeatList => Some("repeat list"),
                Style::Json => Some("json"),
                _ => None,
            },
            example: p.example.clone(),
            values: p.enum_values.iter().map(|v| v.value.clone()).collect(),
        });
        members("request", &p.name, &p.fields, p.items.as_deref(), &mut out);
    }
    for f in &a.response {
        field("response", "", f, &mut out);
    }
    for e in &a.errors {
        out.push(Fact {
            side: "error",
            path: e.code.clone(),
            ty: e.http_status.to_string(),
            required: false,
            style: None,
            example: None,
            values: Vec::new(),
        });
    }
    out
}

fn field(side: &'static str, prefix: &str, f: &Field, out: &mut Vec<Fact>) {
    let path = if prefix.is_empty() {
        f.name.clone()
    } else {
        format!("{prefix}.{}", f.name)
    };
    out.push(Fact {
        side,
        path: path.clone(),
        ty: type_name(f.ty, f.items.as_deref()),
        required: false,
        style: None,
        example: f.example.clone(),
        values: f.enum_values.iter().map(|v| v.value.clone()).collect(),
    });
    members(side, &path, &f.fields, f.items.as_deref(), out);
}

fn members(
    side: &'static str,
    path: &str,
    fields: &[Field],
    items: Option<&Items>,
    out: &mut Vec<Fact>,
) {
    for f in fields {
        field(side, path, f, out);
    }
    if let Some(items) = items {
        let inner = format!("{path}[]");
        members(side, &inner, &items.fields, items.items.as_deref(), out);
    }
}

/// `String`, `Array<String>`, `Array<Object>`.
pub fn type_name(ty: Type, items: Option<&Items>) -> String {
    match (ty, items) {
        (Type::Array, Some(i)) => format!("Array<{}>", type_name(i.ty, i.items.as_deref())),
        (t, _) => format!("{t:?}"),
    }
}

/// The facts and warnings of an import, as the expectation files hold them.
pub fn render(imp: &Imported) -> String {
    let mut s = String::new();
    for f in facts(&imp.action) {
        let _ = writeln!(s, "{f}");
    }
    for w in &imp.warnings {
        let line = w.line.map_or_else(|| "-".to_owned(), |l| l.to_string());
        let _ = writeln!(s, "warning {line}: {}", w.message);
    }
    s
}

/// The type a fact has on the wire: a parameter sent as JSON text is a String there, which
/// is what the metadata says (the spec types it `Any` with the `json` style).
pub fn wire_type(f: &Fact) -> String {
    if f.style == Some("json") {
        "String".to_owned()
    } else {
        f.ty.clone()
    }
}

/// A metadata schema's type, written as [`type_name`] writes it.
pub fn meta_type(s: &Value) -> String {
    let fmt = s.get("format").and_then(Value::as_str).unwrap_or_default();
    match s.get("type").and_then(Value::as_str).unwrap_or_default() {
        "string" => "String".into(),
        "boolean" => "Boolean".into(),
        "integer" if fmt == "int64" => "Long".into(),
        "integer" => "Integer".into(),
        "number" if fmt == "float" => "Float".into(),
        "number" => "Double".into(),
        "array" => format!(
            "Array<{}>",
            meta_type(s.get("items").unwrap_or(&Value::Null))
        ),
        "object" => "Object".into(),
        other => format!("?{other}"),
    }
}

/// (side, path, type, required) of every parameter and field the metadata lists.
pub fn metadata_facts(api: &Value) -> Vec<(String, String, String, bool)> {
    let mut out = Vec::new();
    for p in api["parameters"].as_array().into_iter().flatten() {
        let name = p["name"].as_str().unwrap_or_default();
        let schema = &p["schema"];
        let required = schema["required"].as_bool().unwrap_or(false);
        out.push((
            "request".into(),
            name.to_owned(),
            // A parameter sent as JSON text is a String on the wire, whatever its schema.
            if p["style"] == "json" {
                "String".to_owned()
            } else {
                meta_type(schema)
            },
            required,
        ));
        meta_members("request", name, schema, &mut out);
    }
    let response = &api["responses"]["200"]["schema"];
    for (k, v) in response["properties"].as_object().into_iter().flatten() {
        out.push(("response".into(), k.clone(), meta_type(v), false));
        meta_members("response", k, v, &mut out);
    }
    out
}

fn meta_members(side: &str, path: &str, s: &Value, out: &mut Vec<(String, String, String, bool)>) {
    for (k, v) in s["properties"].as_object().into_iter().flatten() {
        let p = format!("{path}.{k}");
        out.push((side.to_owned(), p.clone(), meta_type(v), false));
        meta_members(side, &p, v, out);
    }
    if s["type"] == "array" {
        meta_members(side, &format!("{path}[]"), &s["items"], out);
    }
}
