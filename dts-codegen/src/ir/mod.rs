//! The intermediate representation: every name, type and enum resolved once, with all
//! fallible work done here so that emitting is infallible.

mod enums;
mod errors;
mod flows;
pub(crate) mod names;
mod types;

use std::collections::BTreeSet;

use dts_spec::diagnostic::Pointer;
use dts_spec::{Action, Diagnostic, Spec};

use crate::options::{Options, Target};

pub(crate) use enums::EnumIr;
pub(crate) use errors::ActionErrors;
pub(crate) use flows::{PaginatorIr, WaiterIr};
pub(crate) use names::UNKNOWN_VALUE;
pub(crate) use types::RAW_FIELD;

/// Everything the emitters need, resolved.
#[derive(Debug)]
pub(crate) struct Ir {
    /// The runtime's path, checked to parse as a Rust path. Kept as text so that the IR can be
    /// shared between the threads that emit and format actions.
    pub root: String,
    pub target: Target,
    pub module: Option<String>,
    pub example_client: Option<String>,
    pub service: ServiceIr,
    pub actions: Vec<ActionIr>,
    pub enums: Vec<EnumIr>,
    /// The variants of `CommonError`: the service's common error codes.
    pub common_errors: Vec<ErrorIr>,
    /// The spec entries of `actions`, in the same order, when the table of operations is
    /// generated ([`Options::catalog`]).
    pub catalog: Option<Vec<Action>>,
}

/// `service.json` facts the runtime uses.
#[derive(Debug)]
pub(crate) struct ServiceIr {
    pub product: String,
    pub version: String,
    pub default_endpoint: String,
    pub endpoints: Vec<(String, String)>,
}

/// One action, named and typed.
#[derive(Debug)]
pub(crate) struct ActionIr {
    pub wire: String,
    pub module: String,
    pub method: String,
    pub input: String,
    pub request: String,
    /// The struct of the required parameters, when there are more than
    /// [`MAX_POSITIONAL`] of them (the client method then takes it as its one argument).
    pub required_struct: Option<String>,
    pub output: String,
    pub error: String,
    pub summary: Option<String>,
    pub notes: Vec<String>,
    pub deprecated: bool,
    pub http_method: &'static str,
    pub idempotent: bool,
    pub params: Vec<ParamIr>,
    /// The output struct first, then the nested structs it uses, depth first.
    pub structs: Vec<StructIr>,
    /// The structs of array-of-objects parameters, in parameter order.
    pub input_structs: Vec<StructIr>,
    pub errors: ActionErrors,
    /// Whether the action's module names a type of the `types` module.
    pub uses_types: bool,
    pub paginator: Option<PaginatorIr>,
    pub waiters: Vec<WaiterIr>,
}

impl ActionIr {
    /// The parameters the client method takes as arguments.
    pub(crate) fn required(&self) -> impl Iterator<Item = &ParamIr> {
        self.params.iter().filter(|p| p.required)
    }

    /// The parameters set on the request builder.
    pub(crate) fn optional(&self) -> impl Iterator<Item = &ParamIr> {
        self.params.iter().filter(|p| !p.required)
    }
}

/// A scalar Rust type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Scalar {
    Str,
    I32,
    I64,
    Bool,
    F32,
    F64,
    /// An enum of the `types` module.
    Enum(String),
    /// A request struct of the action's module (the items of an array-of-objects parameter),
    /// whose scalar fields the runtime flattens as `Name.1.Field`.
    Struct(String),
}

/// How a request parameter is held and written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ParamTy {
    /// One value.
    Scalar(Scalar),
    /// A `Vec` of scalars (or of request structs), sent in the spec's style: `RepeatList`
    /// (which a list's `Flat` is), `Simple` or `Json`.
    List(Scalar, dts_spec::Style),
    /// A JSON value sent as one JSON string.
    Json,
    /// A JSON value flattened into `Name.1.Key=value` pairs.
    Flat,
}

/// One request parameter.
#[derive(Debug)]
pub(crate) struct ParamIr {
    pub wire: String,
    pub ident: String,
    pub required: bool,
    pub deprecated: bool,
    /// Sent in the form body (`"in": "body"`) rather than the query string.
    pub in_body: bool,
    pub ty: ParamTy,
    pub doc: ValueDoc,
}

/// What the docs say about a parameter or field.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct ValueDoc {
    pub description: Option<String>,
    /// The documented wire type (`String`, `Array of Object`).
    pub wire_type: String,
    pub values: Vec<(String, Option<String>)>,
    pub default: Option<String>,
    pub example: Option<String>,
    /// Readable limits (`at most 64 characters`).
    pub constraints: Vec<String>,
    /// How a non-scalar parameter goes on the wire.
    pub encoding: Option<String>,
    /// The page marks the parameter required, but the API accepts calls without it.
    pub doc_required: bool,
}

/// A response struct.
#[derive(Debug)]
pub(crate) struct StructIr {
    pub name: String,
    /// The wire name of the member it is the type of (`SourceEndpoint`); empty for the output.
    pub member: String,
    pub doc: Vec<String>,
    pub fields: Vec<FieldIr>,
}

/// One response field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FieldIr {
    pub wire: String,
    pub ident: String,
    pub ty: FieldTy,
    pub doc: ValueDoc,
}

/// A response field's shape: `Option<T>` or `Vec<T>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FieldTy {
    One(ValueTy),
    Many(ValueTy),
}

/// A value in a response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ValueTy {
    Scalar(Scalar),
    Json,
    Struct(String),
    Many(Box<ValueTy>),
}

/// One variant of an action's error enum.
#[derive(Debug)]
pub(crate) struct ErrorIr {
    pub variant: String,
    pub code: String,
    pub http_status: u16,
    pub message: Option<String>,
    pub description: Option<String>,
    pub retryable: Option<bool>,
}

/// Collects diagnostics while the IR is built.
#[derive(Debug, Default)]
pub(crate) struct Diags {
    items: Vec<Diagnostic>,
}

impl Diags {
    pub(crate) fn error(&mut self, file: &str, at: &Pointer, message: impl Into<String>) {
        self.items
            .push(Diagnostic::error(file, at.to_string(), message));
    }
}

/// The most required parameters a client method takes as positional arguments; with more, it
/// takes one struct with a named field per parameter, so none can be swapped.
pub(crate) const MAX_POSITIONAL: usize = 3;

/// Setter names the request builder already uses for itself.
const BUILDER_METHODS: &[&str] = &["send", "timeout", "max_attempts"];

/// Resolves `spec` for `options`, or reports everything that cannot be generated.
pub(crate) fn build(spec: &Spec, options: &Options) -> Result<Ir, Vec<Diagnostic>> {
    let mut diags = Diags::default();
    let root = runtime_path(&options.runtime, &mut diags);
    if let Some(module) = &options.module {
        if names::value_ident(module, None).as_deref() != Ok(module.as_str()) {
            let msg = format!("module name `{module}` is not a snake_case Rust identifier");
            diags.error("options", &Pointer::root().join("module"), msg);
        }
    }
    let selected = select(spec, options.actions.as_deref(), &mut diags);
    let mut enums = enums::EnumTable::default();
    let common_errors = errors::common(&spec.service, &mut diags);
    let mut methods = BTreeSet::new();
    let mut actions = Vec::new();
    for a in &selected {
        let file = format!("actions/{}.json", a.name);
        if names::type_ident(&a.name).is_err() {
            let msg = format!("action name `{}` is not PascalCase ASCII", a.name);
            diags.error(&file, &Pointer::root().join("name"), msg);
            continue;
        }
        let method = dts_spec::names::method(&a.name);
        if options.target == Target::Wrapper && method == "inner" {
            let msg = "action `Inner` gives method `inner`, which the wrapping client already has";
            diags.error(&file, &Pointer::root().join("name"), msg);
        }
        if !methods.insert(method) {
            let msg = format!("action `{}` gives a method name already used", a.name);
            diags.error(&file, &Pointer::root().join("name"), msg);
        }
        let mut cx = types::Resolver::new(&a.name, &file, &mut enums, &mut diags);
        let params = a
            .request
            .iter()
            .enumerate()
            .filter_map(|(i, p)| cx.param(i, p))
            .collect();
        let (mut structs, input_structs, uses_types) =
            cx.output(&format!("{}Output", a.name), &a.response);
        structs[0].doc.extend(example_response(a));
        let errors = errors::resolve(a, &common_errors, &file, &mut diags);
        let mut action = action(a, params, structs, errors);
        action.uses_types = uses_types;
        action.input_structs = input_structs;
        flows::resolve(a, &mut action, &file, &mut diags);
        check_setters(&action, &file, &mut diags);
        actions.push(action);
    }
    if !diags.items.is_empty() {
        return Err(diags.items);
    }
    Ok(Ir {
        root,
        target: options.target,
        module: options.module.clone(),
        example_client: options.example_client.clone(),
        service: service(spec),
        actions,
        enums: enums.into_vec(),
        common_errors,
        catalog: options
            .catalog
            .then(|| selected.iter().map(|a| (*a).clone()).collect()),
    })
}

fn runtime_path(path: &str, diags: &mut Diags) -> String {
    if syn::parse_str::<syn::Path>(path).is_err() {
        let msg = format!("runtime path `{path}` is not a Rust path");
        diags.error("options", &Pointer::root().join("runtime"), msg);
    }
    path.to_owned()
}

/// The actions to generate, sorted by name; unknown names in the filter are diagnostics.
fn select<'s>(spec: &'s Spec, filter: Option<&[String]>, diags: &mut Diags) -> Vec<&'s Action> {
    let mut actions: Vec<&Action> = match filter {
        None => spec.actions.iter().collect(),
        Some(names) => {
            for (i, name) in names.iter().enumerate() {
                if spec.action(name).is_none() {
                    let msg = format!("unknown action `{name}` in the action filter");
                    diags.error("options", &Pointer::root().join("actions").join(i), msg);
                }
            }
            spec.actions
                .iter()
                .filter(|a| names.contains(&a.name))
                .collect()
        }
    };
    actions.sort_by(|a, b| a.name.cmp(&b.name));
    actions
}

fn service(spec: &Spec) -> ServiceIr {
    let s = &spec.service;
    ServiceIr {
        product: s.product.clone(),
        version: s.version.clone(),
        default_endpoint: s.default_endpoint.clone(),
        endpoints: s
            .endpoints
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    }
}

fn action(
    a: &Action,
    params: Vec<ParamIr>,
    structs: Vec<StructIr>,
    errors: ActionErrors,
) -> ActionIr {
    ActionIr {
        wire: a.name.clone(),
        module: dts_spec::names::snake(&a.name),
        method: dts_spec::names::method(&a.name),
        input: format!("{}Input", a.name),
        request: format!("{}Request", a.name),
        required_struct: (a.request.iter().filter(|p| p.required).count() > MAX_POSITIONAL)
            .then(|| format!("{}Required", a.name)),
        output: format!("{}Output", a.name),
        error: format!("{}Error", a.name),
        summary: a.summary.clone(),
        notes: a.notes.clone(),
        deprecated: a.deprecated,
        http_method: a.preferred_method().as_str(),
        idempotent: a.idempotent,
        params,
        structs,
        errors,
        input_structs: Vec::new(),
        uses_types: false,
        paginator: None,
        waiters: Vec::new(),
    }
}

/// The documented sample response as doc lines.
fn example_response(a: &Action) -> Vec<String> {
    let Some(json) = &a.examples.response_json else {
        return Vec::new();
    };
    // Keys sorted whether or not `serde_json` keeps documents in their own order (a feature
    // another crate of the build may switch on), so the output is the same in every build.
    let Ok(pretty) = serde_json::to_string_pretty(&sorted(json)) else {
        return Vec::new();
    };
    let mut lines = vec![
        String::new(),
        "A sample response body:".to_owned(),
        String::new(),
    ];
    lines.push("```json".to_owned());
    lines.extend(pretty.lines().map(str::to_owned));
    lines.push("```".to_owned());
    lines
}

/// `value` with the members of every object in key order.
fn sorted(value: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let mut members: Vec<_> = map.iter().collect();
            members.sort_by(|a, b| a.0.cmp(b.0));
            Value::Object(
                members
                    .into_iter()
                    .map(|(k, v)| (k.clone(), sorted(v)))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

/// Optional parameters become builder methods, which must not shadow the builder's own.
fn check_setters(action: &ActionIr, file: &str, diags: &mut Diags) {
    for (i, p) in action.params.iter().enumerate() {
        if !p.required && BUILDER_METHODS.contains(&p.ident.as_str()) {
            let at = Pointer::root().join("request").join(i).join("name");
            let msg = format!(
                "parameter `{}` becomes setter `{}`, which the request builder already has; \
                 set `rust_name`",
                p.wire, p.ident
            );
            diags.error(file, &at, msg);
        }
    }
}
