//! Facts of an imported entry (names, nesting, types, required flags, examples, error codes)
//! as lines, for the markdown page tests: what a page must import to, without its prose.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use dts_import::doc::{import_page, Imported};
use dts_spec::{Action, Field, Items, Style, Type};

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
