//! Rust types of request parameters and response fields, and the nested response structs.

use std::collections::BTreeSet;

use dts_spec::diagnostic::Pointer;
use dts_spec::{Constraints, EnumValue, Field, Items, Param, Style, Type};

use super::enums::{EnumName, EnumTable};
use super::{names, Diags, FieldIr, FieldTy, ParamIr, ParamTy, Scalar, StructIr};
use super::{ValueDoc, ValueTy};

const OPTIONAL: &str = "Every field is optional: the service may leave any of them out.";

const ENVELOPE: &str =
    "The envelope (`Success`, `ErrCode`, `ErrMessage`, ...) is not here: the client \
     reads it and turns a failure into an error. The whole body, members the spec does not list \
     included, is [`raw`](Self::raw).";

/// The private field of an output that keeps the body it was read from.
pub(crate) const RAW_FIELD: &str = "raw";

/// Resolves the types of one action.
pub(crate) struct Resolver<'a> {
    action: &'a str,
    file: &'a str,
    enums: &'a mut EnumTable,
    diags: &'a mut Diags,
    /// Type names used in the action's module.
    taken: BTreeSet<String>,
    structs: Vec<StructIr>,
    /// The structs of array-of-objects parameters.
    input_structs: Vec<StructIr>,
    /// Whether a parameter or field of the action has a type of the `types` module.
    uses_types: bool,
}

impl<'a> Resolver<'a> {
    pub(crate) fn new(
        action: &'a str,
        file: &'a str,
        enums: &'a mut EnumTable,
        diags: &'a mut Diags,
    ) -> Self {
        let own = ["Input", "Request", "Required", "Output", "Error"]
            .iter()
            .map(|s| format!("{action}{s}"));
        let taken = names::RESERVED_TYPES
            .iter()
            .map(|s| (*s).to_owned())
            .chain(own)
            .collect();
        Resolver {
            action,
            file,
            enums,
            diags,
            taken,
            structs: Vec::new(),
            input_structs: Vec::new(),
            uses_types: false,
        }
    }

    /// Reports a problem; the item it concerns is left out.
    fn fail<T>(&mut self, at: &Pointer, message: String) -> Option<T> {
        self.diags.error(self.file, at, message);
        None
    }

    /// The request parameter at index `i`, or `None` after reporting why it cannot be one.
    pub(crate) fn param(&mut self, i: usize, p: &Param) -> Option<ParamIr> {
        let at = Pointer::root().join("request").join(i);
        let ident = match names::value_ident(&p.name, p.rust_name.as_deref()) {
            Ok(ident) => ident,
            Err(msg) => return self.fail(&at.join("name"), msg),
        };
        let enum_base = match &p.enum_name {
            Some(name) => names::type_ident(name).map(EnumName::Declared),
            None => names::type_from_wire(&p.name).map(EnumName::Field),
        };
        let used_by = format!("`{}` parameter `{}`", self.action, p.name);
        let mut doc = value_doc(
            p.description.as_ref(),
            p.example.as_ref(),
            p.ty,
            p.items.as_deref(),
        );
        doc.default = p.default.clone();
        doc.constraints = constraints(&p.constraints);
        doc.doc_required = p.doc_required;
        let ty = match (p.ty, p.items.as_deref()) {
            (Type::Array, Some(items))
                if items.ty == Type::Object
                    && !items.fields.is_empty()
                    && items.fields.iter().all(|f| f.ty.is_scalar())
                    && matches!(p.style, Style::Flat | Style::RepeatList) =>
            {
                let name = self.input_struct(&p.name, items, &at.join("items"))?;
                ParamTy::List(Scalar::Struct(name), Style::RepeatList)
            }
            (Type::Array, Some(items)) if items.ty.is_scalar() => {
                doc.values = values(&items.enum_values);
                let item = self.scalar(
                    &at.join("items"),
                    items.ty,
                    &items.enum_values,
                    enum_base,
                    used_by,
                )?;
                let kind = match p.style {
                    Style::Flat => Style::RepeatList,
                    other => other,
                };
                ParamTy::List(item, kind)
            }
            (Type::Array, None) => return self.fail(&at, "an `Array` needs `items`".into()),
            (Type::Any, _) => ParamTy::Json,
            (Type::Array | Type::Object, _) if p.style == Style::Json => ParamTy::Json,
            (Type::Array | Type::Object, _) => ParamTy::Flat,
            (ty, _) => {
                doc.values = values(&p.enum_values);
                ParamTy::Scalar(self.scalar(&at, ty, &p.enum_values, enum_base, used_by)?)
            }
        };
        doc.encoding = encoding(&ty, &p.name);
        if p.location == dts_spec::Location::Body {
            let body = "Sent in the form body.";
            doc.encoding = Some(doc.encoding.map_or(body.into(), |e| format!("{e} {body}")));
        }
        Some(ParamIr {
            wire: p.name.clone(),
            ident,
            required: p.required,
            deprecated: p.deprecated,
            in_body: p.location == dts_spec::Location::Body,
            ty,
            doc,
        })
    }

    fn scalar(
        &mut self,
        at: &Pointer,
        ty: Type,
        values: &[EnumValue],
        enum_base: Result<EnumName, String>,
        used_by: String,
    ) -> Option<Scalar> {
        Some(match ty {
            Type::String if !values.is_empty() => {
                let resolved = enum_base
                    .and_then(|base| self.enums.resolve(self.action, &base, values, used_by));
                match resolved {
                    Ok(name) => {
                        self.uses_types = true;
                        Scalar::Enum(name)
                    }
                    Err(msg) => return self.fail(&at.join("enum"), msg),
                }
            }
            Type::Integer => Scalar::I32,
            Type::Long => Scalar::I64,
            Type::Boolean => Scalar::Bool,
            Type::Float => Scalar::F32,
            Type::Double => Scalar::F64,
            _ => Scalar::Str,
        })
    }

    /// The struct of the items of array-of-objects parameter `wire`, whose fields are all
    /// scalars (documented values are kept as text: the struct is built by hand, not read).
    fn input_struct(&mut self, wire: &str, items: &Items, at: &Pointer) -> Option<String> {
        let base = match items.struct_name.as_deref() {
            Some(name) => names::type_ident(name),
            None => names::type_from_wire(wire),
        };
        let base = match base {
            Ok(base) => base,
            Err(msg) => return self.fail(&at.join("struct_name"), msg),
        };
        let name = self.struct_name(&format!("{}Input", self.action), &base);
        let mut fields = Vec::new();
        for (i, f) in items.fields.iter().enumerate() {
            let ident = match names::value_ident(&f.name, f.rust_name.as_deref()) {
                Ok(ident) => ident,
                Err(msg) => return self.fail(&at.join("fields").join(i).join("name"), msg),
            };
            let scalar = match f.ty {
                Type::Integer => Scalar::I32,
                Type::Long => Scalar::I64,
                Type::Boolean => Scalar::Bool,
                Type::Float => Scalar::F32,
                Type::Double => Scalar::F64,
                _ => Scalar::Str,
            };
            let mut doc = value_doc(f.description.as_ref(), f.example.as_ref(), f.ty, None);
            doc.values = values(&f.enum_values);
            fields.push(FieldIr {
                wire: f.name.clone(),
                ident,
                ty: FieldTy::One(ValueTy::Scalar(scalar)),
                doc,
            });
        }
        let doc = vec![
            format!("An item of the `{wire}` parameter of `{}`.", self.action),
            String::new(),
            format!("Sent as `{wire}.1.{{Field}}`, `{wire}.2.{{Field}}`, ...; fields left `None` are not sent."),
        ];
        self.input_structs.push(StructIr {
            name: name.clone(),
            member: wire.to_owned(),
            doc,
            fields,
        });
        Some(name)
    }

    /// The output struct `name` of `fields` and every struct nested in it, the structs of
    /// array-of-objects parameters, and whether the action names a type of the `types` module
    /// (in these or in its parameters).
    pub(crate) fn output(
        mut self,
        name: &str,
        fields: &[Field],
    ) -> (Vec<StructIr>, Vec<StructIr>, bool) {
        let doc = vec![
            format!("The response of `{}`.", self.action),
            String::new(),
            OPTIONAL.into(),
            String::new(),
            ENVELOPE.into(),
        ];
        let at = Pointer::root().join("response");
        for (i, f) in fields.iter().enumerate() {
            let ident = names::value_ident(&f.name, f.rust_name.as_deref());
            if ident.as_deref() == Ok(RAW_FIELD) && !dts_spec::names::is_envelope(&f.name) {
                let msg = format!(
                    "response field `{}` becomes `{RAW_FIELD}`, which the output keeps the \
                     body it was read from in; set `rust_name`",
                    f.name
                );
                self.diags.error(self.file, &at.join(i).join("name"), msg);
            }
        }
        self.structure(name.to_owned(), String::new(), doc, fields, &at);
        // The envelope is the runtime's business: a failure is an error, not an output.
        self.structs[0]
            .fields
            .retain(|f| !dts_spec::names::is_envelope(&f.wire));
        (self.structs, self.input_structs, self.uses_types)
    }

    fn structure(
        &mut self,
        name: String,
        member: String,
        doc: Vec<String>,
        fields: &[Field],
        at: &Pointer,
    ) {
        let index = self.structs.len();
        self.structs.push(StructIr {
            name: name.clone(),
            member,
            doc,
            fields: Vec::new(),
        });
        let mut resolved = Vec::new();
        for (i, f) in fields.iter().enumerate() {
            if let Some(field) = self.field(&name, f, &at.join(i)) {
                resolved.push(field);
            }
        }
        self.structs[index].fields = resolved;
    }

    fn field(&mut self, parent: &str, f: &Field, at: &Pointer) -> Option<FieldIr> {
        let ident = match names::value_ident(&f.name, f.rust_name.as_deref()) {
            Ok(ident) => ident,
            Err(msg) => return self.fail(&at.join("name"), msg),
        };
        let mut doc = value_doc(
            f.description.as_ref(),
            f.example.as_ref(),
            f.ty,
            f.items.as_deref(),
        );
        let ty = match (f.ty, f.items.as_deref()) {
            (Type::Array, Some(items)) => {
                doc.values = values(&items.enum_values);
                FieldTy::Many(self.items(parent, &f.name, items, &at.join("items"))?)
            }
            (Type::Array, None) => return self.fail(at, "an `Array` needs `items`".into()),
            (ty, _) => {
                doc.values = values(&f.enum_values);
                let name = f.struct_name.as_deref();
                FieldTy::One(self.value(
                    parent,
                    &f.name,
                    name,
                    ty,
                    &f.enum_values,
                    &f.fields,
                    at,
                )?)
            }
        };
        if !f.accepts.is_empty() {
            let others: Vec<&str> = f.accepts.iter().map(|t| t.as_str()).collect();
            doc.wire_type = format!("{} (also read from {})", doc.wire_type, others.join(", "));
        }
        Some(FieldIr {
            wire: f.name.clone(),
            ident,
            ty,
            doc,
        })
    }

    fn items(&mut self, parent: &str, wire: &str, items: &Items, at: &Pointer) -> Option<ValueTy> {
        if let (Type::Array, Some(inner)) = (items.ty, items.items.as_deref()) {
            let inner = self.items(parent, wire, inner, &at.join("items"))?;
            return Some(ValueTy::Many(Box::new(inner)));
        }
        if items.ty == Type::Array {
            return self.fail(at, "an `Array` needs `items`".into());
        }
        let name = items.struct_name.as_deref();
        self.value(
            parent,
            wire,
            name,
            items.ty,
            &items.enum_values,
            &items.fields,
            at,
        )
    }

    #[allow(
        clippy::too_many_arguments,
        reason = "the parts of a field or of array items"
    )]
    fn value(
        &mut self,
        parent: &str,
        wire: &str,
        struct_name: Option<&str>,
        ty: Type,
        values: &[EnumValue],
        fields: &[Field],
        at: &Pointer,
    ) -> Option<ValueTy> {
        match ty {
            Type::Any => Some(ValueTy::Json),
            Type::Object if fields.is_empty() => Some(ValueTy::Json),
            Type::Object => {
                let base = match struct_name {
                    Some(name) => names::type_ident(name),
                    None => names::type_from_wire(wire),
                };
                let base = match base {
                    Ok(base) => base,
                    Err(msg) => return self.fail(&at.join("struct_name"), msg),
                };
                let name = self.struct_name(parent, &base);
                let doc = vec![
                    format!("The `{wire}` member of [`{parent}`]."),
                    String::new(),
                    OPTIONAL.into(),
                ];
                self.structure(
                    name.clone(),
                    wire.to_owned(),
                    doc,
                    fields,
                    &at.join("fields"),
                );
                Some(ValueTy::Struct(self.shared(name, wire, parent)))
            }
            _ => {
                let used_by = format!("`{}` response field `{wire}`", self.action);
                let base = names::type_from_wire(wire).map(EnumName::Field);
                Some(ValueTy::Scalar(self.scalar(at, ty, values, base, used_by)?))
            }
        }
    }

    /// The struct just built as `name`, or an earlier nested struct of the same action for a
    /// member of the same wire name with the same fields (wire names, Rust names, types,
    /// descriptions), which then stands for both (a `DestinationEndpoint` shaped like a
    /// `SourceEndpoint` keeps its own struct, so that its type says what it is): `DescribeDtsJobs` lists a job's endpoints, statuses and reverse job in several
    /// places, each with the same shape, and one struct per shape keeps the generated code
    /// (and its compile time) proportional to the shapes, not to the places.
    ///
    /// Fields of the struct just built already name their own shared structs, so equal shapes
    /// compare equal at every depth. Examples are not compared: the first struct's are kept.
    fn shared(&mut self, name: String, wire: &str, parent: &str) -> String {
        let Some(built) = self.structs.last().filter(|s| s.name == name) else {
            // Nested structs of its own are still after it: it has a shape of its own.
            return name;
        };
        let same = |a: &FieldIr, b: &FieldIr| {
            (&a.wire, &a.ident, &a.ty, &a.doc.description)
                == (&b.wire, &b.ident, &b.ty, &b.doc.description)
        };
        let last = self.structs.len() - 1;
        // The output struct (index 0) is never shared.
        let earlier = self.structs[1..last].iter().position(|s| {
            s.member == built.member
                && s.fields.len() == built.fields.len()
                && s.fields.iter().zip(&built.fields).all(|(a, b)| same(a, b))
        });
        let Some(i) = earlier.map(|i| i + 1) else {
            return name;
        };
        self.structs.pop();
        let shared = &mut self.structs[i];
        // After the first line ("The `X` member of [`Parent`].") and the uses added before.
        let at = shared.doc.iter().position(String::is_empty).unwrap_or(1);
        shared
            .doc
            .insert(at, format!("Also the `{wire}` member of [`{parent}`]."));
        // The name that goes: the docs of the structs nested in it (shared with those of
        // the struct that stays) name their parent by it.
        let (gone, kept) = if name.len() < shared.name.len() {
            // The shorter name is the less nested one (`JobSourceEndpoint` rather than
            // `JobReverseJobSourceEndpoint`): the shared struct takes it.
            (std::mem::replace(&mut shared.name, name.clone()), name)
        } else {
            (name, shared.name.clone())
        };
        self.retarget(&gone, &kept);
        kept
    }

    /// Makes every type and doc link that names struct `old` name `new` instead, and drops
    /// the doc lines that then say twice which member a struct is.
    fn retarget(&mut self, old: &str, new: &str) {
        let (old_link, new_link) = (format!("[`{old}`]"), format!("[`{new}`]"));
        for s in &mut self.structs {
            for f in &mut s.fields {
                let (FieldTy::One(ty) | FieldTy::Many(ty)) = &mut f.ty;
                rename(ty, old, new);
            }
            let mut said = BTreeSet::new();
            let doc = std::mem::take(&mut s.doc);
            for line in doc {
                let line = line.replace(&old_link, &new_link);
                let member = line.strip_prefix("Also the ").unwrap_or(
                    line.strip_prefix("The ")
                        .filter(|l| l.contains(" member of [`"))
                        .unwrap_or(""),
                );
                if member.is_empty() || said.insert(member.to_owned()) {
                    s.doc.push(line);
                }
            }
        }
    }

    /// `base`, or `base` prefixed with its parent when the module already has that name.
    fn struct_name(&mut self, parent: &str, base: &str) -> String {
        let name = if self.taken.contains(base) {
            format!("{parent}{base}")
        } else {
            base.to_owned()
        };
        names::unique(&name, &mut self.taken)
    }
}

/// Makes `ty` name struct `new` where it named `old`.
fn rename(ty: &mut ValueTy, old: &str, new: &str) {
    match ty {
        ValueTy::Struct(name) if name == old => *name = new.to_owned(),
        ValueTy::Many(inner) => rename(inner, old, new),
        _ => {}
    }
}

fn value_doc(
    description: Option<&String>,
    example: Option<&String>,
    ty: Type,
    items: Option<&Items>,
) -> ValueDoc {
    ValueDoc {
        description: description.cloned(),
        wire_type: wire_type(ty, items),
        example: example.cloned(),
        ..ValueDoc::default()
    }
}

fn wire_type(ty: Type, items: Option<&Items>) -> String {
    match (ty, items) {
        (Type::Array, Some(items)) => {
            format!("Array of {}", wire_type(items.ty, items.items.as_deref()))
        }
        (ty, _) => ty.as_str().to_owned(),
    }
}

fn values(values: &[EnumValue]) -> Vec<(String, Option<String>)> {
    values
        .iter()
        .map(|v| (v.value.clone(), v.description.clone()))
        .collect()
}

fn constraints(c: &Constraints) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(min) = c.minimum {
        out.push(format!("at least {min}"));
    }
    if let Some(max) = c.maximum {
        out.push(format!("at most {max}"));
    }
    if let Some(n) = c.min_length {
        out.push(format!("at least {n} characters"));
    }
    if let Some(n) = c.max_length {
        out.push(format!("at most {n} characters"));
    }
    if let Some(n) = c.max_items {
        out.push(format!("at most {n} items"));
    }
    if let Some(p) = &c.pattern {
        out.push(format!("matches `{p}`"));
    }
    out
}

fn encoding(ty: &ParamTy, wire: &str) -> Option<String> {
    match ty {
        ParamTy::Scalar(_) => None,
        ParamTy::List(Scalar::Struct(_), _) => {
            Some(format!("Flattened into `{wire}.1.Key`-style pairs."))
        }
        ParamTy::List(_, Style::Flat | Style::RepeatList) => {
            Some(format!("Sent as `{wire}.1`, `{wire}.2`, ..."))
        }
        ParamTy::List(_, Style::Simple) => Some(format!("Sent as one comma-separated `{wire}`.")),
        ParamTy::List(_, Style::Json) | ParamTy::Json => Some("Sent as a JSON string.".into()),
        ParamTy::Flat => Some(format!("Flattened into `{wire}.1.Key`-style pairs.")),
    }
}
