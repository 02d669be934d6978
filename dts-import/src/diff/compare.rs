//! Walking two specs side by side and recording each difference with its impact.

use std::collections::BTreeMap;

use dts_spec::{names, Action, EnumValue, ErrorCode, Field, Items, Param, Spec, Type};

use super::{Change, ChangeKind, Diff, Impact, Subject};

use ChangeKind as K;
use Impact::{Breaking, Compatible};

struct Cx {
    action: String,
    changes: Vec<Change>,
}

impl Cx {
    fn push(&mut self, subject: Subject, path: &str, kind: ChangeKind, impact: Impact) {
        self.changes.push(Change {
            action: self.action.clone(),
            subject,
            path: path.to_owned(),
            kind,
            impact,
        });
    }
}

pub(super) fn specs(old: &Spec, new: &Spec) -> Diff {
    let mut cx = Cx {
        action: String::new(),
        changes: Vec::new(),
    };
    endpoints(&mut cx, &old.service.endpoints, &new.service.endpoints);
    errors(
        &mut cx,
        Subject::CommonError,
        &old.service.common_errors,
        &new.service.common_errors,
    );
    let olds: BTreeMap<&str, &Action> = old.actions.iter().map(|a| (a.name.as_str(), a)).collect();
    let news: BTreeMap<&str, &Action> = new.actions.iter().map(|a| (a.name.as_str(), a)).collect();
    for (name, o) in &olds {
        cx.action = (*name).to_owned();
        match news.get(name) {
            Some(n) => action(&mut cx, o, n),
            None => cx.push(Subject::Action, "", K::Removed, Breaking),
        }
    }
    for name in news.keys().filter(|n| !olds.contains_key(*n)) {
        cx.action = (*name).to_owned();
        cx.push(Subject::Action, "", K::Added { required: None }, Compatible);
    }
    let mut changes = cx.changes;
    changes.sort();
    Diff { changes }
}

fn endpoints(cx: &mut Cx, old: &BTreeMap<String, String>, new: &BTreeMap<String, String>) {
    for (region, host) in old {
        match new.get(region) {
            None => cx.push(Subject::Endpoint, region, K::Removed, Compatible),
            Some(h) if h != host => cx.push(
                Subject::Endpoint,
                region,
                K::EndpointChanged {
                    from: host.clone(),
                    to: h.clone(),
                },
                Compatible,
            ),
            Some(_) => {}
        }
    }
    for region in new.keys().filter(|r| !old.contains_key(*r)) {
        cx.push(
            Subject::Endpoint,
            region,
            K::Added { required: None },
            Compatible,
        );
    }
}

fn errors(cx: &mut Cx, subject: Subject, old: &[ErrorCode], new: &[ErrorCode]) {
    for e in old.iter().filter(|e| !new.iter().any(|n| n.code == e.code)) {
        cx.push(subject, &e.code, K::Removed, Breaking);
    }
    for e in new.iter().filter(|e| !old.iter().any(|o| o.code == e.code)) {
        cx.push(subject, &e.code, K::Added { required: None }, Compatible);
    }
}

fn action(cx: &mut Cx, o: &Action, n: &Action) {
    if o.methods != n.methods {
        let list = |a: &Action| {
            a.methods
                .iter()
                .map(|m| m.as_str())
                .collect::<Vec<_>>()
                .join(",")
        };
        cx.push(
            Subject::Action,
            "",
            K::MethodsChanged {
                from: list(o),
                to: list(n),
            },
            Compatible,
        );
    }
    if o.idempotent != n.idempotent {
        cx.push(
            Subject::Action,
            "",
            K::IdempotentChanged { to: n.idempotent },
            Compatible,
        );
    }
    if o.deprecated != n.deprecated {
        cx.push(
            Subject::Action,
            "",
            K::DeprecatedChanged { to: n.deprecated },
            Compatible,
        );
    }
    params(cx, &o.request, &n.request);
    fields(cx, Subject::Response, "", &o.response, &n.response);
    errors(cx, Subject::Error, &o.errors, &n.errors);
}

fn params(cx: &mut Cx, old: &[Param], new: &[Param]) {
    for o in old {
        match new.iter().find(|n| n.name == o.name) {
            Some(n) => param(cx, o, n),
            None => cx.push(Subject::Request, &o.name, K::Removed, Breaking),
        }
    }
    for n in new.iter().filter(|n| !old.iter().any(|o| o.name == n.name)) {
        let impact = if n.required { Breaking } else { Compatible };
        cx.push(
            Subject::Request,
            &n.name,
            K::Added {
                required: Some(n.required),
            },
            impact,
        );
    }
}

fn param(cx: &mut Cx, o: &Param, n: &Param) {
    let path = o.name.as_str();
    if o.required != n.required {
        cx.push(
            Subject::Request,
            path,
            K::RequiredChanged {
                from: o.required,
                to: n.required,
            },
            Breaking,
        );
    }
    rust_name(
        cx,
        Subject::Request,
        path,
        (&o.name, &o.rust_name),
        (&n.name, &n.rust_name),
    );
    let shape_changed = shape(cx, Subject::Request, path, View::param(o), View::param(n));
    if !shape_changed && !o.enum_values.is_empty() && !n.enum_values.is_empty() {
        let (a, b) = (enum_name(o), enum_name(n));
        if a != b {
            cx.push(
                Subject::Request,
                path,
                K::TypeNameChanged { from: a, to: b },
                Breaking,
            );
        }
    }
    if o.default != n.default {
        cx.push(
            Subject::Request,
            path,
            K::DefaultChanged {
                from: o.default.clone(),
                to: n.default.clone(),
            },
            Compatible,
        );
    }
    if o.location != n.location {
        let (from, to) = (
            format!("{:?}", o.location).to_lowercase(),
            format!("{:?}", n.location).to_lowercase(),
        );
        cx.push(
            Subject::Request,
            path,
            K::LocationChanged { from, to },
            Compatible,
        );
    }
    if o.style != n.style {
        let (from, to) = (format!("{:?}", o.style), format!("{:?}", n.style));
        cx.push(
            Subject::Request,
            path,
            K::StyleChanged { from, to },
            Compatible,
        );
    }
    if o.deprecated != n.deprecated {
        cx.push(
            Subject::Request,
            path,
            K::DeprecatedChanged { to: n.deprecated },
            Compatible,
        );
    }
}

fn enum_name(p: &Param) -> String {
    p.enum_name.clone().unwrap_or_else(|| names::camel(&p.name))
}

fn rust_name(
    cx: &mut Cx,
    subject: Subject,
    path: &str,
    o: (&str, &Option<String>),
    n: (&str, &Option<String>),
) {
    let ident =
        |(wire, rust): (&str, &Option<String>)| rust.clone().unwrap_or_else(|| names::snake(wire));
    let (a, b) = (ident(o), ident(n));
    if a != b {
        cx.push(
            subject,
            path,
            K::RustNameChanged { from: a, to: b },
            Breaking,
        );
    }
}

/// The parts of a parameter, field or items that make up its Rust type.
struct View<'a> {
    ty: Type,
    items: Option<&'a Items>,
    fields: &'a [Field],
    values: &'a [EnumValue],
    struct_name: Option<&'a str>,
}

impl<'a> View<'a> {
    fn param(p: &'a Param) -> Self {
        View {
            ty: p.ty,
            items: p.items.as_deref(),
            fields: &p.fields,
            values: &p.enum_values,
            struct_name: None,
        }
    }

    fn field(f: &'a Field) -> Self {
        let struct_name = f.struct_name.as_deref();
        View {
            ty: f.ty,
            items: f.items.as_deref(),
            fields: &f.fields,
            values: &f.enum_values,
            struct_name,
        }
    }

    fn items(i: &'a Items) -> Self {
        let struct_name = i.struct_name.as_deref();
        View {
            ty: i.ty,
            items: i.items.as_deref(),
            fields: &i.fields,
            values: &i.enum_values,
            struct_name,
        }
    }
}

/// Compares two shapes; returns whether the type itself changed (then nothing below it is
/// compared).
fn shape(cx: &mut Cx, subject: Subject, path: &str, o: View<'_>, n: View<'_>) -> bool {
    if o.ty != n.ty {
        let kind = K::TypeChanged {
            from: o.ty.to_string(),
            to: n.ty.to_string(),
        };
        cx.push(subject, path, kind, Breaking);
        return true;
    }
    values(cx, subject, path, o.values, n.values);
    if let (Some(a), Some(b)) = (o.struct_name, n.struct_name) {
        if a != b {
            cx.push(
                subject,
                path,
                K::TypeNameChanged {
                    from: a.to_owned(),
                    to: b.to_owned(),
                },
                Breaking,
            );
        }
    }
    match (o.ty, o.items, n.items) {
        (Type::Array, Some(a), Some(b)) => {
            shape(
                cx,
                subject,
                &format!("{path}[]"),
                View::items(a),
                View::items(b),
            );
        }
        (Type::Object, _, _) => fields(cx, subject, path, o.fields, n.fields),
        _ => {}
    }
    false
}

fn values(cx: &mut Cx, subject: Subject, path: &str, old: &[EnumValue], new: &[EnumValue]) {
    match (old.is_empty(), new.is_empty()) {
        (true, true) => return,
        (true, false) => {
            return cx.push(
                subject,
                path,
                K::EnumIntroduced { values: new.len() },
                Breaking,
            )
        }
        (false, true) => return cx.push(subject, path, K::EnumDropped, Breaking),
        (false, false) => {}
    }
    for v in old
        .iter()
        .filter(|v| !new.iter().any(|n| n.value == v.value))
    {
        cx.push(
            subject,
            path,
            K::ValueRemoved {
                value: v.value.clone(),
            },
            Breaking,
        );
    }
    for v in new
        .iter()
        .filter(|v| !old.iter().any(|o| o.value == v.value))
    {
        cx.push(
            subject,
            path,
            K::ValueAdded {
                value: v.value.clone(),
            },
            Compatible,
        );
    }
}

fn fields(cx: &mut Cx, subject: Subject, prefix: &str, old: &[Field], new: &[Field]) {
    let join = |name: &str| {
        if prefix.is_empty() {
            name.to_owned()
        } else {
            format!("{prefix}.{name}")
        }
    };
    for o in old {
        let path = join(&o.name);
        match new.iter().find(|n| n.name == o.name) {
            Some(n) => {
                rust_name(
                    cx,
                    subject,
                    &path,
                    (&o.name, &o.rust_name),
                    (&n.name, &n.rust_name),
                );
                shape(cx, subject, &path, View::field(o), View::field(n));
            }
            None => cx.push(subject, &path, K::Removed, Breaking),
        }
    }
    for n in new.iter().filter(|n| !old.iter().any(|o| o.name == n.name)) {
        cx.push(
            subject,
            &join(&n.name),
            K::Added { required: None },
            Compatible,
        );
    }
}
