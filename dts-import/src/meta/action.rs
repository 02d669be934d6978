//! One API of the metadata to one spec action: methods, idempotency, request parameters,
//! response fields and error codes.

use std::collections::BTreeSet;

use dts_spec::diagnostic::Pointer;
use dts_spec::{
    names, Access, Action, Constraints, ErrorCode, Examples, Field, HttpMethod, Location, Param,
    Style, Type,
};
use serde_json::{Map, Value};

use super::read::{kind, Cx};
use super::schema::{self, SCHEMA_IGNORED, SCHEMA_KEYS};

/// API keys the importer reads.
const API_KEYS: &[&str] = &[
    "methods",
    "operationType",
    "systemTags",
    "deprecated",
    "parameters",
    "responses",
    "errorCodes",
];

/// API keys that carry prose, samples or console hints the spec does not keep.
const API_IGNORED: &[&str] = &[
    "schemes",
    "security",
    "title",
    "summary",
    "description",
    "requestParamsDescription",
    "responseParamsDescription",
    "extraInfo",
    "responseDemo",
    "staticInfo",
];

/// Name prefixes of actions that only read.
const READ_VERBS: &[&str] = &["Describe", "List", "Query", "Get", "Count", "Summary"];

/// One API as read from the metadata, with what the spec format cannot say.
pub(crate) struct Parsed {
    pub action: Action,
    /// Parameters required only through `docRequired` (the metadata's `required` is false).
    pub doc_only: Vec<String>,
    /// Whether any parameter had a `docRequired` key.
    pub has_doc_required: bool,
    /// Whether the API had a `responses` key.
    pub has_responses: bool,
}

/// Reads one API. `cx.api` names it.
pub(crate) fn parse(cx: &mut Cx<'_>, at: &Pointer, name: &str, api: &Map<String, Value>) -> Parsed {
    cx.check_keys(at, api, API_KEYS, API_IGNORED);
    let mut parsed = Parsed {
        action: Action {
            name: name.to_owned(),
            summary: None,
            notes: Vec::new(),
            methods: methods(cx, at, api),
            idempotent: false,
            deprecated: cx.bool(at, api, "deprecated").unwrap_or(false),
            access: None,
            request: Vec::new(),
            response: Vec::new(),
            errors: Vec::new(),
            examples: Examples::default(),
            paginator: None,
            waiters: Vec::new(),
        },
        doc_only: Vec::new(),
        has_doc_required: false,
        has_responses: api.contains_key("responses"),
    };
    let tags = tags(cx, at, api);
    parsed.action.idempotent = idempotent(name, tags);
    parsed.action.access = access(tags);
    params(cx, at, api, &mut parsed);
    if let Some(responses) = cx.object(at, api, "responses") {
        parsed.action.response = response(cx, &at.join("responses"), responses);
    }
    if let Some(codes) = cx.object(at, api, "errorCodes") {
        parsed.action.errors = errors(cx, &at.join("errorCodes"), codes);
    }
    parsed
}

/// The methods the metadata allows, POST first when it is one of them: the client sends the
/// first, and every official SDK sends POST to an action that accepts both (the metadata's
/// order, `["GET", "POST"]` on a few actions, says nothing about preference).
fn methods(cx: &mut Cx<'_>, at: &Pointer, api: &Map<String, Value>) -> Vec<HttpMethod> {
    let mut out = Vec::new();
    let list = cx.array(at, api, "methods").unwrap_or_default();
    for (i, m) in list.iter().enumerate() {
        let method = match m.as_str().map(str::to_ascii_lowercase).as_deref() {
            Some("post") => HttpMethod::Post,
            Some("get") => HttpMethod::Get,
            _ => {
                cx.warn(
                    &at.join("methods").join(i),
                    format!("unsupported method {m}, ignored"),
                );
                continue;
            }
        };
        if !out.contains(&method) {
            out.push(method);
        }
    }
    if out.is_empty() {
        cx.warn(
            &at.join("methods"),
            "no usable `methods`, assuming POST and GET",
        );
        out = vec![HttpMethod::Post, HttpMethod::Get];
    }
    out.sort_by_key(|m| *m != HttpMethod::Post);
    out
}

/// The metadata's two operation tags: the top-level `operationType` (`read`, `write`,
/// `readAndWrite`) and the finer `systemTags.operationType` (`get`, `list`, `none`, `create`,
/// `update`, `delete`).
#[derive(Clone, Copy)]
struct Tags<'a> {
    top: Option<&'a str>,
    system: Option<&'a str>,
}

fn tags<'a>(cx: &mut Cx<'_>, at: &Pointer, api: &'a Map<String, Value>) -> Tags<'a> {
    let top = cx.str(at, api, "operationType");
    let system = match cx.object(at, api, "systemTags") {
        Some(tags) => {
            let tat = at.join("systemTags");
            cx.check_keys(
                &tat,
                tags,
                &["operationType"],
                &[
                    "abilityTreeCode",
                    "abilityTreeNodes",
                    "chargeType",
                    "riskType",
                ],
            );
            cx.str(&tat, tags, "operationType")
        }
        None => None,
    };
    Tags { top, system }
}

/// Read-style names (`Describe*`, `List*`...) are idempotent unless the metadata's tags say
/// the API writes (`systemTags.operationType` create/update/delete, `operationType` write).
fn idempotent(name: &str, tags: Tags<'_>) -> bool {
    let read_name = READ_VERBS.iter().any(|verb| {
        name.strip_prefix(verb)
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase()))
    });
    read_name
        && tags.top != Some("write")
        && !matches!(tags.system, Some("create" | "update" | "delete"))
}

/// The access class from the tags: `systemTags.operationType` first (`delete` destroys,
/// `create`/`update` write, `get`/`list`/`none` read unless the top-level tag says `write`),
/// then the top-level tag alone (`read`, else write). The tags are coarse (stops are tagged
/// `update`, some creates `get`): `overrides.json` corrects them.
fn access(tags: Tags<'_>) -> Option<Access> {
    match (tags.system, tags.top) {
        (Some("delete"), _) => Some(Access::Destructive),
        (Some("create" | "update"), _) | (_, Some("write")) => Some(Access::Write),
        (Some("get" | "list" | "none"), _) | (_, Some("read")) => Some(Access::ReadOnly),
        (_, Some("readAndWrite")) => Some(Access::Write),
        _ => None,
    }
}

fn params(cx: &mut Cx<'_>, at: &Pointer, api: &Map<String, Value>, parsed: &mut Parsed) {
    let Some(list) = cx.array(at, api, "parameters") else {
        return;
    };
    let at = at.join("parameters");
    let mut seen = BTreeSet::new();
    for (i, p) in list.iter().enumerate() {
        let here = at.join(i);
        let Value::Object(p) = p else {
            cx.warn(
                &here,
                format!("expected a parameter, found {}, skipped", kind(p)),
            );
            continue;
        };
        let Some((param, doc_only)) = param(cx, &here, p, parsed) else {
            continue;
        };
        if !seen.insert(param.name.clone()) {
            cx.warn(
                &here.join("name"),
                format!("parameter `{}` listed twice, first kept", param.name),
            );
            continue;
        }
        if doc_only {
            parsed.doc_only.push(param.name.clone());
        }
        parsed.action.request.push(param);
    }
}

fn param(
    cx: &mut Cx<'_>,
    at: &Pointer,
    p: &Map<String, Value>,
    parsed: &mut Parsed,
) -> Option<(Param, bool)> {
    cx.check_keys(
        at,
        p,
        &["name", "in", "schema", "style"],
        &["allowEmptyValue"],
    );
    if p.contains_key("allowEmptyValue") {
        cx.warn(
            &at.join("allowEmptyValue"),
            "`allowEmptyValue` is not supported by the spec format, ignored",
        );
    }
    let Some(name) = cx.str(at, p, "name").filter(|n| !n.trim().is_empty()) else {
        cx.warn(at, "parameter without a `name`, skipped");
        return None;
    };
    if dts_spec::names::is_common_param(name) {
        cx.warn(
            &at.join("name"),
            format!("`{name}` is a common parameter the client sends itself, skipped"),
        );
        return None;
    }
    let location = match cx.str(at, p, "in") {
        None | Some("query") => Location::Query,
        Some("formData" | "body") => Location::Body,
        Some(other) => {
            cx.warn(
                &at.join("in"),
                format!("unsupported location `{other}`, sent in the query"),
            );
            Location::Query
        }
    };
    let sat = at.join("schema");
    let empty = Map::new();
    let schema = cx.object(at, p, "schema").unwrap_or_else(|| {
        cx.warn(&sat, "parameter without a `schema`, imported as String");
        &empty
    });
    let mut keys = SCHEMA_KEYS.to_vec();
    keys.push("isFileTransferUrl");
    cx.check_keys(&sat, schema, &keys, SCHEMA_IGNORED);
    if schema.contains_key("isFileTransferUrl") {
        let message = "file upload parameters (`isFileTransferUrl`) are not supported, imported as a plain value";
        cx.warn(&sat.join("isFileTransferUrl"), message);
    }
    let shape = schema::shape(cx, &sat, schema, 0, Type::String);
    let style = style(cx, at, p, shape.ty, shape.items.as_deref().map(|i| i.ty));
    let required = cx.bool(&sat, schema, "required").unwrap_or(false);
    parsed.has_doc_required |= schema.contains_key("docRequired");
    let doc_required = cx.bool(&sat, schema, "docRequired").unwrap_or(false);
    let param = Param {
        name: name.to_owned(),
        rust_name: None,
        ty: shape.ty,
        items: shape.items,
        fields: shape.fields,
        required,
        doc_required: doc_required && !required,
        example: cx.scalar(&sat, schema, "example"),
        description: None,
        enum_values: shape.values,
        enum_name: None,
        default: cx.scalar(&sat, schema, "default"),
        constraints: constraints(cx, &sat, schema),
        location,
        style,
        deprecated: cx.bool(&sat, schema, "deprecated").unwrap_or(false),
    };
    Some((param, doc_required && !required))
}

fn style(
    cx: &mut Cx<'_>,
    at: &Pointer,
    p: &Map<String, Value>,
    ty: Type,
    items: Option<Type>,
) -> Style {
    let Some(name) = cx.str(at, p, "style") else {
        return Style::Flat;
    };
    let (style, fits) = match name {
        "flat" => (Style::Flat, true),
        "repeatList" => (Style::RepeatList, ty == Type::Array),
        "json" => (Style::Json, !ty.is_scalar()),
        "simple" => (
            Style::Simple,
            ty == Type::Array && items.is_some_and(Type::is_scalar),
        ),
        other => {
            cx.warn(
                &at.join("style"),
                format!("unknown style `{other}`, imported as flat"),
            );
            return Style::Flat;
        }
    };
    if !fits {
        cx.warn(
            &at.join("style"),
            format!("style `{name}` does not apply to a {ty}, imported as flat"),
        );
        return Style::Flat;
    }
    style
}

fn constraints(cx: &mut Cx<'_>, at: &Pointer, schema: &Map<String, Value>) -> Constraints {
    let mut c = Constraints {
        minimum: cx.number(at, schema, "minimum"),
        maximum: cx.number(at, schema, "maximum"),
        min_length: cx.count(at, schema, "minLength"),
        max_length: cx.count(at, schema, "maxLength"),
        max_items: cx.count(at, schema, "maxItems"),
        pattern: cx.str(at, schema, "pattern").map(str::to_owned),
    };
    if let (Some(min), Some(max)) = (c.minimum, c.maximum) {
        if min > max {
            cx.warn(
                at,
                format!("minimum {min} is above maximum {max}, both ignored"),
            );
            (c.minimum, c.maximum) = (None, None);
        }
    }
    if let (Some(min), Some(max)) = (c.min_length, c.max_length) {
        if min > max {
            cx.warn(
                at,
                format!("minLength {min} is above maxLength {max}, both ignored"),
            );
            (c.min_length, c.max_length) = (None, None);
        }
    }
    c
}

fn response(cx: &mut Cx<'_>, at: &Pointer, responses: &Map<String, Value>) -> Vec<Field> {
    for status in responses.keys().filter(|s| *s != "200") {
        cx.warn(
            &at.join(status),
            format!("response for status {status} ignored, only 200 is read"),
        );
    }
    let Some(ok) = cx.object(at, responses, "200") else {
        return Vec::new();
    };
    let at = at.join("200");
    cx.check_keys(&at, ok, &["schema"], &["headers"]);
    let Some(schema) = cx.object(&at, ok, "schema") else {
        cx.warn(&at, "response without a `schema`");
        return Vec::new();
    };
    let root = schema::field(cx, &at.join("schema"), "Response", schema, 0);
    if root.ty != Type::Any && root.ty != Type::Object {
        cx.warn(
            &at.join("schema"),
            format!("response body is a {}, not an object, ignored", root.ty),
        );
        return Vec::new();
    }
    let mut fields = root.fields;
    known_drift(&mut fields);
    fields
}

/// Envelope fields documented with one type on some pages and another on others; the client
/// accepts both, as the hand-written entries do.
fn known_drift(fields: &mut [Field]) {
    for f in fields {
        let other = match (f.name.as_str(), f.ty) {
            ("Success", Type::Boolean) => Type::String,
            ("Success", Type::String) => Type::Boolean,
            ("HttpStatusCode", Type::Integer | Type::Long) => Type::String,
            ("HttpStatusCode", Type::String) => Type::Integer,
            ("DynamicCode", Type::String) => Type::Integer,
            ("DynamicCode", Type::Integer) => Type::String,
            _ => continue,
        };
        if !f.accepts.contains(&other) {
            f.accepts.push(other);
        }
    }
}

fn errors(cx: &mut Cx<'_>, at: &Pointer, codes: &Map<String, Value>) -> Vec<dts_spec::ErrorCode> {
    let mut out: Vec<ErrorCode> = Vec::new();
    for (status, list) in codes {
        let sat = at.join(status);
        let Some(http_status) = status
            .parse::<u16>()
            .ok()
            .filter(|s| (100..=599).contains(s))
        else {
            cx.warn(
                &sat,
                format!("`{status}` is not an HTTP status, its error codes skipped"),
            );
            continue;
        };
        let Value::Array(list) = list else {
            cx.warn(
                &sat,
                format!("expected a list of error codes, found {}", kind(list)),
            );
            continue;
        };
        for (i, e) in list.iter().enumerate() {
            let here = sat.join(i);
            let Value::Object(e) = e else {
                cx.warn(
                    &here,
                    format!("expected an error code, found {}, skipped", kind(e)),
                );
                continue;
            };
            cx.check_keys(&here, e, &["errorCode", "errorMessage"], &["description"]);
            let Some(code) = cx.str(&here, e, "errorCode") else {
                cx.warn(&here, "error without `errorCode`, skipped");
                continue;
            };
            if names::variant(code).is_none() {
                cx.warn(
                    &here.join("errorCode"),
                    format!("error code `{code}` cannot become a variant, skipped"),
                );
                continue;
            }
            if out.iter().any(|o| o.code == code) {
                cx.warn(
                    &here.join("errorCode"),
                    format!("error code `{code}` listed twice, first kept"),
                );
                continue;
            }
            out.push(ErrorCode {
                code: code.to_owned(),
                http_status,
                message: cx.str(&here, e, "errorMessage").map(str::to_owned),
                description: None,
                retryable: None,
            });
        }
    }
    out
}
