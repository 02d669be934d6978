//! What changed between an existing entry and its re-import, for the overwrite summary.

use std::fmt;

use dts_spec::{Action, EnumValue, ErrorCode, Field, Items, Param};

/// Whether something was added, removed or changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// Present only in the new entry.
    Added,
    /// Present only in the old entry.
    Removed,
    /// Present in both, with different facts.
    Changed,
}

/// One difference between two entries of the same action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Added, removed or changed.
    pub kind: ChangeKind,
    /// What it is about: ``parameter `DtsJobId` ``, ``response field `Items.Name` ``,
    /// ``error `Throttling.User` ``, `summary`.
    pub subject: String,
    /// For changes, which facts differ (`type String -> Integer, required`).
    pub detail: Option<String>,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        };
        write!(f, "{kind} {}", self.subject)?;
        if let Some(d) = &self.detail {
            write!(f, ": {d}")?;
        }
        Ok(())
    }
}

/// The differences between an old and a new entry, parameters first, then response fields,
/// errors and the rest.
pub fn diff(old: &Action, new: &Action) -> Vec<Change> {
    let mut out = Vec::new();
    keyed(
        &old.request,
        &new.request,
        |p| &p.name,
        "parameter",
        "",
        &mut out,
        param_facts,
    );
    for (o, n) in pairs(&old.request, &new.request, |p| &p.name) {
        nested(
            &o.fields,
            o.items.as_deref(),
            &n.fields,
            n.items.as_deref(),
            "parameter",
            &n.name,
            &mut out,
        );
    }
    field_list(&old.response, &new.response, "response field", "", &mut out);
    keyed(
        &old.errors,
        &new.errors,
        |e| &e.code,
        "error",
        "",
        &mut out,
        error_facts,
    );
    let mut top = Vec::new();
    check(&mut top, "name", &old.name, &new.name);
    check(&mut top, "summary", &old.summary, &new.summary);
    check(&mut top, "notes", &old.notes, &new.notes);
    check(&mut top, "methods", &old.methods, &new.methods);
    check(&mut top, "deprecated", &old.deprecated, &new.deprecated);
    check(&mut top, "idempotent", &old.idempotent, &new.idempotent);
    check(
        &mut top,
        "sample request",
        &old.examples.request,
        &new.examples.request,
    );
    check(
        &mut top,
        "JSON sample",
        &old.examples.response_json,
        &new.examples.response_json,
    );
    check(
        &mut top,
        "XML sample",
        &old.examples.response_xml,
        &new.examples.response_xml,
    );
    out.extend(top.into_iter().map(|what| Change {
        kind: ChangeKind::Changed,
        subject: what.to_owned(),
        detail: None,
    }));
    out
}

fn check<T: PartialEq>(out: &mut Vec<&'static str>, what: &'static str, a: &T, b: &T) {
    if a != b {
        out.push(what);
    }
}

fn pairs<'x, T>(old: &'x [T], new: &'x [T], key: fn(&T) -> &String) -> Vec<(&'x T, &'x T)> {
    new.iter()
        .filter_map(|n| old.iter().find(|o| key(o) == key(n)).map(|o| (o, n)))
        .collect()
}

fn keyed<T>(
    old: &[T],
    new: &[T],
    key: fn(&T) -> &String,
    what: &str,
    prefix: &str,
    out: &mut Vec<Change>,
    facts: fn(&T, &T) -> Vec<String>,
) {
    let subject = |k: &str| format!("{what} `{prefix}{k}`");
    for n in new.iter().filter(|n| !old.iter().any(|o| key(o) == key(n))) {
        out.push(Change {
            kind: ChangeKind::Added,
            subject: subject(key(n)),
            detail: None,
        });
    }
    for o in old.iter().filter(|o| !new.iter().any(|n| key(o) == key(n))) {
        out.push(Change {
            kind: ChangeKind::Removed,
            subject: subject(key(o)),
            detail: None,
        });
    }
    for (o, n) in pairs(old, new, key) {
        let f = facts(o, n);
        if !f.is_empty() {
            out.push(Change {
                kind: ChangeKind::Changed,
                subject: subject(key(n)),
                detail: Some(f.join(", ")),
            });
        }
    }
}

fn field_list(old: &[Field], new: &[Field], what: &str, prefix: &str, out: &mut Vec<Change>) {
    keyed(old, new, |f| &f.name, what, prefix, out, field_facts);
    for (o, n) in pairs(old, new, |f| &f.name) {
        let path = format!("{prefix}{}", n.name);
        nested(
            &o.fields,
            o.items.as_deref(),
            &n.fields,
            n.items.as_deref(),
            what,
            &path,
            out,
        );
    }
}

fn nested(
    old_fields: &[Field],
    old_items: Option<&Items>,
    new_fields: &[Field],
    new_items: Option<&Items>,
    what: &str,
    path: &str,
    out: &mut Vec<Change>,
) {
    let prefix = format!("{path}.");
    field_list(old_fields, new_fields, what, &prefix, out);
    if let (Some(o), Some(n)) = (old_items, new_items) {
        nested(
            &o.fields,
            o.items.as_deref(),
            &n.fields,
            n.items.as_deref(),
            what,
            path,
            out,
        );
    }
}

fn values(v: &[EnumValue]) -> Vec<&str> {
    v.iter().map(|e| e.value.as_str()).collect()
}

fn shape(items: Option<&Items>) -> String {
    match items {
        None => String::new(),
        Some(i) => format!(
            "{}<{}>{:?}",
            i.ty,
            shape(i.items.as_deref()),
            values(&i.enum_values)
        ),
    }
}

fn param_facts(o: &Param, n: &Param) -> Vec<String> {
    let mut f = Vec::new();
    if o.ty != n.ty {
        f.push(format!("type {} -> {}", o.ty, n.ty));
    }
    if shape(o.items.as_deref()) != shape(n.items.as_deref()) {
        f.push("items".to_owned());
    }
    if o.required != n.required {
        f.push(format!("required {} -> {}", o.required, n.required));
    }
    if values(&o.enum_values) != values(&n.enum_values) {
        f.push("valid values".to_owned());
    }
    let rest = [
        ("default", o.default != n.default),
        ("example", o.example != n.example),
        ("style", o.style != n.style),
        ("deprecated", o.deprecated != n.deprecated),
        (
            "description",
            o.description != n.description || o.enum_values != n.enum_values,
        ),
        ("rust name", o.rust_name != n.rust_name),
        ("constraints", o.constraints != n.constraints),
    ];
    f.extend(
        rest.iter()
            .filter(|(_, d)| *d)
            .map(|(s, _)| (*s).to_owned()),
    );
    f
}

fn field_facts(o: &Field, n: &Field) -> Vec<String> {
    let mut f = Vec::new();
    if o.ty != n.ty {
        f.push(format!("type {} -> {}", o.ty, n.ty));
    }
    if shape(o.items.as_deref()) != shape(n.items.as_deref()) {
        f.push("items".to_owned());
    }
    if values(&o.enum_values) != values(&n.enum_values) {
        f.push("valid values".to_owned());
    }
    let rest = [
        ("accepts", o.accepts != n.accepts),
        ("example", o.example != n.example),
        (
            "description",
            o.description != n.description || o.enum_values != n.enum_values,
        ),
        ("rust name", o.rust_name != n.rust_name),
        ("struct name", o.struct_name != n.struct_name),
    ];
    f.extend(
        rest.iter()
            .filter(|(_, d)| *d)
            .map(|(s, _)| (*s).to_owned()),
    );
    f
}

fn error_facts(o: &ErrorCode, n: &ErrorCode) -> Vec<String> {
    let mut f = Vec::new();
    if o.http_status != n.http_status {
        f.push(format!(
            "http status {} -> {}",
            o.http_status, n.http_status
        ));
    }
    let rest = [
        ("message", o.message != n.message),
        ("description", o.description != n.description),
        ("retryable", o.retryable != n.retryable),
    ];
    f.extend(
        rest.iter()
            .filter(|(_, d)| *d)
            .map(|(s, _)| (*s).to_owned()),
    );
    f
}
