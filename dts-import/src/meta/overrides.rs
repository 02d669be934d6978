//! The override layer: `overrides.json`, corrections for what the metadata gets wrong.
//!
//! ```json
//! {
//!   "actions": {
//!     "StartSynchronizationJob": {
//!       "note": "why these corrections are needed, in the project's own words",
//!       "idempotent": false,
//!       "access": "write",
//!       "params": {
//!         "SynchronizationDirection": { "enum": ["Forward", "Reverse"], "default": "Forward" },
//!         "SynchronizationJobId": { "required": true }
//!       },
//!       "fields": {
//!         "SynchronizationObjects.TableIncludes": { "struct_name": "IncludedTable" }
//!       },
//!       "add_params": [
//!         { "name": "DbObjectOutputType", "type": "String", "description": "in our own words" }
//!       ]
//!     }
//!   }
//! }
//! ```
//!
//! Parameters are named by wire name; response fields by their dotted path from the response
//! root, where a segment naming an array continues into its items (`DtsJobList.SourceEndpoint`;
//! `DtsJobList[].SourceEndpoint` is accepted too). Every key is optional; unknown keys are
//! errors, and an override naming an action, parameter or field the metadata does not have is a
//! warning. `add_params` lists parameters the metadata lacks (the official SDK, newer than the
//! snapshots, sends them), in the spec's own parameter format; they are appended after the
//! metadata's parameters, and one the metadata already has is a warning and not added.

use std::collections::BTreeMap;
use std::path::Path;

use dts_spec::diagnostic::Pointer;
use dts_spec::{Access, Action, Field, Items, Param, Style, Type};
use serde::{Deserialize, Serialize};

use super::error::{MetaError, Warning};
use super::schema::valid_values;

/// The whole override file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overrides {
    /// Free text for readers of the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Corrections per action, by action name.
    #[serde(default)]
    pub actions: BTreeMap<String, ActionOverride>,
    /// The file name, for warnings.
    #[serde(skip)]
    source: String,
}

/// Corrections to one action.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionOverride {
    /// Why the corrections are needed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Whether the action is safe to retry after an ambiguous failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idempotent: Option<bool>,
    /// Whether the action is deprecated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<bool>,
    /// What the action does to resources (`read_only`, `write`, `destructive`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access: Option<Access>,
    /// Corrections per request parameter, by wire name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, ParamOverride>,
    /// Corrections per response field, by dotted path.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, FieldOverride>,
    /// Parameters the metadata lacks, in the spec's format, appended after its own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub add_params: Vec<Param>,
}

/// Corrections to one request parameter.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParamOverride {
    /// Why the corrections are needed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Whether the API enforces the parameter; `false` also drops a documented-only requirement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// The wire type.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub ty: Option<Type>,
    /// The valid values, replacing any the metadata lists.
    #[serde(default, rename = "enum", skip_serializing_if = "Option::is_none")]
    pub enum_values: Option<Vec<String>>,
    /// Rust name of the generated enum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enum_name: Option<String>,
    /// Rust name of the parameter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust_name: Option<String>,
    /// The value the service assumes when the parameter is not sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
}

/// Corrections to one response field.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldOverride {
    /// Why the corrections are needed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The documented type (scalar fields only).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub ty: Option<Type>,
    /// Other scalar types the field arrives as.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepts: Option<Vec<Type>>,
    /// Rust name of the field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust_name: Option<String>,
    /// Rust name of the field's struct (objects) or of its items' struct (arrays of objects).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub struct_name: Option<String>,
    /// The values the field takes.
    #[serde(default, rename = "enum", skip_serializing_if = "Option::is_none")]
    pub enum_values: Option<Vec<String>>,
}

impl Overrides {
    /// Reads and parses an override file.
    pub fn load(path: &Path) -> Result<Overrides, MetaError> {
        let text = std::fs::read_to_string(path).map_err(|source| MetaError::Read {
            path: path.to_owned(),
            source,
        })?;
        Overrides::parse(&text, path)
    }

    /// Parses override text; `path` is only used in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Overrides, MetaError> {
        let mut de = serde_json::Deserializer::from_str(text);
        let error = |pointer: String, message: String| MetaError::Overrides {
            path: path.to_owned(),
            pointer,
            message,
        };
        let overrides =
            serde_path_to_error::deserialize::<_, Overrides>(&mut de).map_err(|err| {
                let pointer = err
                    .path()
                    .iter()
                    .fold(Pointer::root(), |p, seg| p.join(seg))
                    .to_string();
                error(pointer, err.into_inner().to_string())
            })?;
        de.end().map_err(|e| error(String::new(), e.to_string()))?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        Ok(Overrides {
            source: name.unwrap_or_default(),
            ..overrides
        })
    }

    /// The file the overrides came from, as warnings name it (`overrides.json` by default).
    pub fn source(&self) -> &str {
        if self.source.is_empty() {
            super::OVERRIDES_FILE
        } else {
            &self.source
        }
    }

    /// Applies the corrections to `actions`, warning (into `warnings`) about overrides that
    /// name nothing or cannot apply.
    pub fn apply(&self, actions: &mut [Action], warnings: &mut Vec<Warning>) {
        let source = self.source();
        for (name, o) in &self.actions {
            let mut w = Sink {
                source,
                api: name,
                warnings,
            };
            let at = Pointer::root().join("actions").join(name);
            let Some(action) = actions.iter_mut().find(|a| a.name == *name) else {
                w.warn(
                    &at,
                    format!("override for action `{name}`, which the metadata does not have"),
                );
                continue;
            };
            if let Some(idempotent) = o.idempotent {
                action.idempotent = idempotent;
            }
            if let Some(deprecated) = o.deprecated {
                action.deprecated = deprecated;
            }
            if o.access.is_some() {
                action.access = o.access;
            }
            for (i, param) in o.add_params.iter().enumerate() {
                if action.param(&param.name).is_some() {
                    w.warn(
                        &at.join("add_params").join(i),
                        format!(
                            "`{name}` already has parameter `{}` in the metadata: not added",
                            param.name
                        ),
                    );
                } else {
                    action.request.push(param.clone());
                }
            }
            for (pname, po) in &o.params {
                let pat = at.join("params").join(pname);
                match action.request.iter_mut().find(|p| p.name == *pname) {
                    Some(param) => apply_param(param, po, &pat, &mut w),
                    None => w.warn(
                        &pat,
                        format!("override for parameter `{pname}`, which `{name}` does not have"),
                    ),
                }
            }
            for (path, fo) in &o.fields {
                let fat = at.join("fields").join(path);
                match find_field(&mut action.response, path) {
                    Some(field) => apply_field(field, fo, &fat, &mut w),
                    None => w.warn(
                        &fat,
                        format!(
                            "override for response field `{path}`, which `{name}` does not have"
                        ),
                    ),
                }
            }
        }
    }
}

struct Sink<'a> {
    source: &'a str,
    api: &'a str,
    warnings: &'a mut Vec<Warning>,
}

impl Sink<'_> {
    fn warn(&mut self, at: &Pointer, message: String) {
        self.warnings.push(Warning {
            source: self.source.to_owned(),
            api: Some(self.api.to_owned()),
            pointer: at.to_string(),
            message,
        });
    }
}

fn apply_param(param: &mut Param, o: &ParamOverride, at: &Pointer, w: &mut Sink<'_>) {
    if let Some(required) = o.required {
        // An override settles the question: enforced, or not required at all (it overrides the
        // metadata's `docRequired` too).
        param.required = required;
        param.doc_required = false;
    }
    if let Some(ty) = o.ty {
        retype_param(param, ty);
        if !param.enum_values.is_empty() {
            let values: Vec<String> = param.enum_values.iter().map(|v| v.value.clone()).collect();
            if let Err(message) = valid_values(ty, &values) {
                w.warn(
                    &at.join("type"),
                    format!("{message}: the metadata's valid values dropped"),
                );
                param.enum_values.clear();
            }
        }
    }
    if let Some(values) = &o.enum_values {
        match valid_values(param.ty, values) {
            Ok(values) => param.enum_values = values,
            Err(message) => w.warn(&at.join("enum"), format!("{message}, override not applied")),
        }
    }
    if let Some(name) = &o.enum_name {
        param.enum_name = Some(name.clone());
    }
    if let Some(name) = &o.rust_name {
        param.rust_name = Some(name.clone());
    }
    if let Some(default) = &o.default {
        param.default = Some(default.clone());
    }
}

/// Changes a parameter's type, dropping the parts of its shape the new type cannot have.
fn retype_param(param: &mut Param, ty: Type) {
    param.ty = ty;
    if ty != Type::Object {
        param.fields.clear();
    }
    if ty == Type::Array {
        let scalar = Items {
            ty: Type::String,
            items: None,
            fields: Vec::new(),
            struct_name: None,
            enum_values: Vec::new(),
        };
        param.items.get_or_insert_with(|| Box::new(scalar));
    } else {
        param.items = None;
    }
    let fits = match param.style {
        Style::Flat => true,
        Style::RepeatList => ty == Type::Array,
        Style::Simple => {
            ty == Type::Array && param.items.as_ref().is_some_and(|i| i.ty.is_scalar())
        }
        Style::Json => !ty.is_scalar(),
    };
    if !fits {
        param.style = Style::Flat;
    }
}

fn apply_field(field: &mut Field, o: &FieldOverride, at: &Pointer, w: &mut Sink<'_>) {
    if let Some(ty) = o.ty {
        if ty.is_scalar() && field.ty.is_scalar() {
            field.ty = ty;
            field.accepts.retain(|t| *t != ty);
        } else {
            w.warn(
                &at.join("type"),
                format!(
                    "only scalar fields can be retyped, not {} to {ty}",
                    field.ty
                ),
            );
        }
    }
    if let Some(accepts) = &o.accepts {
        field.accepts = accepts.iter().copied().filter(|t| *t != field.ty).collect();
    }
    if let Some(name) = &o.rust_name {
        field.rust_name = Some(name.clone());
    }
    if let Some(name) = &o.struct_name {
        match (field.ty, field.items.as_deref_mut()) {
            (Type::Object, _) => field.struct_name = Some(name.clone()),
            (Type::Array, Some(items)) if items.ty == Type::Object => {
                items.struct_name = Some(name.clone())
            }
            _ => w.warn(
                &at.join("struct_name"),
                format!("a {} field has no struct to name", field.ty),
            ),
        }
    }
    if let Some(values) = &o.enum_values {
        match valid_values(field.ty, values) {
            Ok(values) => field.enum_values = values,
            Err(message) => w.warn(&at.join("enum"), format!("{message}, override not applied")),
        }
    }
}

/// The field at a dotted path; array segments continue into their items.
pub(crate) fn find_field<'a>(fields: &'a mut [Field], path: &str) -> Option<&'a mut Field> {
    let mut segments = path
        .split(['.', '/'])
        .map(|s| s.trim_end_matches("[]"))
        .filter(|s| !s.is_empty());
    let mut current = fields
        .iter_mut()
        .find(|f| Some(f.name.as_str()) == segments.clone().next())?;
    segments.next();
    for segment in segments {
        let children = children(current)?;
        current = children.iter_mut().find(|f| f.name == segment)?;
    }
    Some(current)
}

fn children(field: &mut Field) -> Option<&mut Vec<Field>> {
    if field.ty == Type::Object {
        return Some(&mut field.fields);
    }
    let mut items = field.items.as_deref_mut()?;
    while items.ty == Type::Array {
        items = items.items.as_deref_mut()?;
    }
    (items.ty == Type::Object).then_some(&mut items.fields)
}
