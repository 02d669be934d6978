//! The metadata importer: Alibaba Cloud's API metadata ("api-docs" JSON) to spec entries.
//!
//! [`parse_metadata`] reads one metadata file into an [`Import`]: one [`Action`] per API and a
//! [`Service`]. Only facts are kept (names, locations, styles, types, valid values, examples,
//! defaults, limits, error codes); the metadata's descriptions are upstream prose and are left
//! out. Anything the importer does not understand, or has to correct, becomes a [`Warning`]
//! with the API and a JSON pointer into the file; malformed input never panics.
//!
//! # Mapping
//!
//! - `in`: `query` -> query, `formData`/`body` -> body. `style`: `repeatList` -> `Name.N`,
//!   `json` -> one JSON string, `flat`, `simple`.
//! - `type`/`format`: `string`, `integer` (`int32` -> Integer, `int64` -> Long), `number`
//!   (`float` -> Float, else Double), `boolean`, `array` (`items`), `object` (`properties`, at
//!   any depth), `any`. An object without properties is `Any` (raw JSON).
//! - A parameter is `required` (enforced: a positional argument) when the metadata's `required`
//!   says so, and `doc_required` (documented as required, an optional setter whose docs say so)
//!   when only `docRequired` does; the report lists the latter, so an override can correct them.
//! - `minimum`/`maximum` (strings in the metadata) are parsed; `maxLength`, `maxItems`,
//!   `pattern`, `enum`, `example`, `default` and `deprecated` are kept.
//! - Read-style actions (`Describe*`, `List*`, `Query*`, `Get*`, `Count*`, `Summary*`) are
//!   idempotent unless the metadata tags them as writing.
//! - The access class (`read_only`, `write`, `destructive`) comes from `systemTags.operationType`
//!   (`delete` destructive; `create`/`update` write; `get`/`list`/`none` read-only unless the
//!   top-level `operationType` is `write`), else from the top-level tag (`read` read-only,
//!   `write`/`readAndWrite` write). A snapshot without tags leaves it to an older one or to the
//!   override file.
//! - `Success`, `HttpStatusCode` and `DynamicCode` keep their documented type and accept the
//!   other one they are known to arrive as.
//! - Error codes every API lists go to `service.json` as common errors; each action keeps the
//!   rest.
//! - Inline objects get stable `struct_name`s, unique within the action (see `naming`);
//!   wire names that cannot become distinct Rust identifiers get a `rust_name`.
//!
//! # Precedence
//!
//! From strongest to weakest:
//!
//! 1. **Entries already in the target directory** (such as the hand-written seed entries): they
//!    are authoritative for everything they say: required flags, valid values, defaults, prose,
//!    names. The metadata only adds the parameters, response fields and error codes they lack
//!    ([`merge_into_existing`]). An existing `service.json` is kept unless replacing it is asked
//!    for. (Inline objects in an entry that have no `struct_name` are given one, so that the
//!    names stay unique once fields are added.)
//! 2. **The override file** (`overrides.json` in the target directory, or one given
//!    explicitly; format in [`Overrides`]): corrects the metadata where it is wrong or only
//!    prose (valid values, required flags, types, names, defaults, idempotency), and adds the
//!    parameters the snapshots predate (`add_params`).
//! 3. **The newest snapshot** for the request side of each action: which parameters exist,
//!    their types, locations, styles, valid values, `required`; the methods (`POST` first
//!    whenever accepted: the official SDKs send it); deprecation.
//! 4. **Older snapshots** for the response side (fields, error codes) when the newer one has
//!    no responses, and for facts the newer one's format dropped: examples, defaults and
//!    `docRequired` ([`merge_catalog`]). Actions only an older snapshot has are kept.

mod action;
mod build;
mod error;
mod merge;
mod naming;
mod overrides;
mod read;
mod schema;
mod write;

use std::collections::{BTreeMap, BTreeSet};

use dts_spec::diagnostic::Pointer;
use dts_spec::{names, Action, ErrorCode, Service};
use serde_json::{Map, Value};

pub use build::{build, Built};
pub use error::{MetaError, Warning};
pub use merge::{merge_catalog, merge_into_existing};
pub use overrides::{ActionOverride, FieldOverride, Overrides, ParamOverride};
pub use write::{run_import, ImportOptions, ImportReport};

use read::{kind, Cx};

/// The name of the override file [`run_import`] looks for in the target directory.
pub const OVERRIDES_FILE: &str = "overrides.json";

/// One or more metadata snapshots read into spec form, before overrides and existing entries
/// are applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Import {
    /// The metadata's file name or label (`a.json + b.json` after a merge).
    pub source: String,
    /// The service: product, version, endpoints, common error codes.
    pub service: Service,
    /// One action per API, sorted by name.
    pub actions: Vec<Action>,
    /// `(action, parameter)` pairs that are required only because of `docRequired`.
    pub doc_only_required: BTreeSet<(String, String)>,
    /// Whether the metadata describes responses at all.
    pub carries_responses: bool,
    /// Whether the metadata uses `docRequired` at all.
    pub carries_doc_required: bool,
    /// What the importer worked around.
    pub warnings: Vec<Warning>,
}

/// Reads one metadata file's text. `source` names it in warnings and errors.
///
/// Fails only when the text is not JSON or has no `info` and `apis` objects; everything else
/// the importer cannot use is skipped with a warning.
pub fn parse_metadata(text: &str, source: &str) -> Result<Import, MetaError> {
    let shape = |message: String| MetaError::Shape {
        source_name: source.to_owned(),
        message,
    };
    let root: Value = serde_json::from_str(text).map_err(|error| MetaError::Json {
        source_name: source.to_owned(),
        error,
    })?;
    let Value::Object(root) = root else {
        return Err(shape(format!(
            "the top level is {}, not an object",
            kind(&root)
        )));
    };
    let mut warnings = Vec::new();
    let mut cx = Cx {
        source,
        api: None,
        warnings: &mut warnings,
    };
    let at = Pointer::root();
    cx.check_keys(
        &at,
        &root,
        &["info", "apis", "endpoints", "components"],
        &["version", "directories"],
    );
    let info = cx
        .object(&at, &root, "info")
        .ok_or_else(|| shape("no `info` object".to_owned()))?;
    let mut service = service(&mut cx, info).map_err(shape)?;
    components(&mut cx, &root);
    service.endpoints = endpoints(&mut cx, &root);
    let apis = cx
        .object(&at, &root, "apis")
        .ok_or_else(|| shape("no `apis` object".to_owned()))?;
    let mut import = Import {
        source: source.to_owned(),
        service,
        actions: Vec::new(),
        doc_only_required: BTreeSet::new(),
        carries_responses: false,
        carries_doc_required: false,
        warnings: Vec::new(),
    };
    let mut methods = BTreeMap::new();
    for (name, api) in apis {
        let here = at.join("apis").join(name);
        if let Some(problem) = action_name_problem(name, &mut methods) {
            cx.warn(&here, format!("API `{name}` skipped: {problem}"));
            continue;
        }
        let Value::Object(api) = api else {
            cx.warn(
                &here,
                format!("expected an API, found {}, skipped", kind(api)),
            );
            continue;
        };
        cx.api = Some(name.clone());
        let parsed = action::parse(&mut cx, &here, name, api);
        cx.api = None;
        import.carries_responses |= parsed.has_responses;
        import.carries_doc_required |= parsed.has_doc_required;
        import
            .doc_only_required
            .extend(parsed.doc_only.into_iter().map(|p| (name.clone(), p)));
        import.actions.push(parsed.action);
    }
    import.service.common_errors = common_errors(&import.actions);
    for action in &mut import.actions {
        remove_common(&mut action.errors, &import.service.common_errors);
    }
    import.actions.sort_by(|a, b| a.name.cmp(&b.name));
    import.warnings = warnings;
    Ok(import)
}

fn service(cx: &mut Cx<'_>, info: &Map<String, Value>) -> Result<Service, String> {
    let at = Pointer::root().join("info");
    cx.check_keys(&at, info, &["product", "version", "style"], &[]);
    let product = cx.str(&at, info, "product").ok_or("no `info.product`")?;
    let version = cx.str(&at, info, "version").ok_or("no `info.version`")?;
    let style = cx.str(&at, info, "style").unwrap_or("RPC");
    if style != "RPC" {
        return Err(format!("style `{style}` is not supported, only `RPC`"));
    }
    if !is_host_part(product) || version.trim().is_empty() {
        return Err(format!(
            "`{product}` `{version}` is not a product and version"
        ));
    }
    Ok(Service {
        product: product.to_owned(),
        version: version.to_owned(),
        style: style.to_owned(),
        default_endpoint: format!("{}.aliyuncs.com", product.to_ascii_lowercase()),
        endpoints: BTreeMap::new(),
        common_errors: Vec::new(),
    })
}

fn is_host_part(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
}

fn components(cx: &mut Cx<'_>, root: &Map<String, Value>) {
    let at = Pointer::root().join("components");
    let Some(components) = cx.object(&Pointer::root(), root, "components") else {
        return;
    };
    cx.check_keys(&at, components, &["schemas"], &[]);
    let shared = match components.get("schemas") {
        Some(Value::Object(m)) => !m.is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        _ => false,
    };
    if shared {
        cx.warn(
            &at.join("schemas"),
            "shared schemas are not supported, ignored",
        );
    }
}

fn endpoints(cx: &mut Cx<'_>, root: &Map<String, Value>) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let at = Pointer::root().join("endpoints");
    for (i, e) in cx
        .array(&Pointer::root(), root, "endpoints")
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let here = at.join(i);
        let Value::Object(e) = e else {
            cx.warn(
                &here,
                format!("expected an endpoint, found {}, skipped", kind(e)),
            );
            continue;
        };
        cx.check_keys(&here, e, &["regionId", "endpoint"], &[]);
        match (cx.str(&here, e, "regionId"), cx.str(&here, e, "endpoint")) {
            (Some(region), Some(host)) if !region.is_empty() && is_host_part(host) => {
                out.insert(region.to_owned(), host.to_owned());
            }
            _ => cx.warn(
                &here,
                "endpoint without a usable `regionId` and `endpoint`, skipped",
            ),
        }
    }
    out
}

/// Why an API name cannot be an action, if it cannot.
fn action_name_problem(name: &str, methods: &mut BTreeMap<String, String>) -> Option<String> {
    let pascal = name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric());
    if !pascal {
        return Some("the name is not PascalCase ASCII".to_owned());
    }
    let method = names::method(name);
    if let Some(other) = methods.insert(method.clone(), name.to_owned()) {
        methods.insert(method.clone(), other.clone());
        return Some(format!("method `{method}` is also generated by `{other}`"));
    }
    None
}

/// Error codes every API lists (when at least two list any), in the first API's order.
fn common_errors(actions: &[Action]) -> Vec<ErrorCode> {
    let listing: Vec<&Action> = actions.iter().filter(|a| !a.errors.is_empty()).collect();
    if listing.len() < 2 {
        return Vec::new();
    }
    listing[0]
        .errors
        .iter()
        .filter(|e| {
            listing
                .iter()
                .all(|a| a.errors.iter().any(|o| o.code == e.code))
        })
        .cloned()
        .collect()
}

fn remove_common(errors: &mut Vec<ErrorCode>, common: &[ErrorCode]) {
    errors.retain(|e| !common.iter().any(|c| c.code == e.code));
}
