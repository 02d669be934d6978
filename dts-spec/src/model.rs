//! The spec data model: what `service.json` and `actions/<Action>.json` contain.
//!
//! Every struct denies unknown fields, so a misspelt key is a diagnostic rather than a silently
//! ignored line. Optional keys default to "absent" and are skipped when serializing, so a
//! hand-written entry stays short and a round trip through this model keeps a file's shape.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The name of the service file inside a spec directory.
pub const SERVICE_FILE: &str = "service.json";
/// The folder holding one file per action inside a spec directory.
pub const ACTIONS_DIR: &str = "actions";

/// The service-wide part of a spec: `service.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Product code, `Dts`.
    pub product: String,
    /// API version, `2020-01-01`.
    pub version: String,
    /// API style; only `RPC` is supported.
    pub style: String,
    /// Host used when a region has no entry in `endpoints`.
    pub default_endpoint: String,
    /// Region id to host name, for example `cn-hangzhou` to `dts.cn-hangzhou.aliyuncs.com`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub endpoints: BTreeMap<String, String>,
    /// Error codes any action can return (gateway, throttling, authentication).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub common_errors: Vec<ErrorCode>,
}

/// One action: `actions/<Action>.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// The action name as sent in `Action=`, PascalCase (`StartSynchronizationJob`).
    pub name: String,
    /// One-sentence summary of what the action does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Usage notes: preconditions, side effects, billing remarks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// HTTP methods the action accepts; the client sends the first.
    #[serde(
        default = "default_methods",
        skip_serializing_if = "is_default_methods"
    )]
    pub methods: Vec<HttpMethod>,
    /// Whether repeating the call has no further effect, so it is safe to retry after an
    /// ambiguous failure (a timeout once the request may have reached the service).
    #[serde(default, skip_serializing_if = "is_false")]
    pub idempotent: bool,
    /// Whether the service marks the action as deprecated.
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
    /// What the action does to the account's resources: reads only, changes them, or destroys
    /// them. Clients that let others act on a user's behalf (the MCP server) gate on it; absent
    /// means unknown, which such clients treat as destructive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access: Option<Access>,
    /// Request parameters, in documentation order, without the common ones (`Action`,
    /// `Version`, signature parameters).
    #[serde(default)]
    pub request: Vec<Param>,
    /// Fields of the JSON response body.
    #[serde(default)]
    pub response: Vec<Field>,
    /// Error codes documented for this action.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ErrorCode>,
    /// Sample request and responses from the documentation.
    #[serde(default, skip_serializing_if = "Examples::is_empty")]
    pub examples: Examples,
    /// How the action pages through a long result, when it does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paginator: Option<Paginator>,
    /// Conditions a caller can wait for by calling this action repeatedly.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub waiters: Vec<Waiter>,
}

/// How an action pages: which parameters select a page and where the items are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Paginator {
    /// Page numbers (`PageNumber=1, 2, ...`) or continuation tokens (`NextToken`).
    pub style: PaginationStyle,
    /// The request parameter selecting the page: `PageNumber` or `NextToken`.
    pub input_token: String,
    /// The response field carrying the token of the next page (token style only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_token: Option<String>,
    /// The request parameter setting how many items a page holds: `PageSize`, `MaxResults`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_size: Option<String>,
    /// The response field counting the items of all pages: `TotalRecordCount`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<String>,
    /// Dotted path of the response field holding a page's items: `DtsJobList`,
    /// `TagResources.TagResource`.
    pub items: String,
}

/// The two ways DTS actions page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaginationStyle {
    /// `PageNumber` counts from 1; a page shorter than the page size is the last.
    PageNumber,
    /// Each response names the next page's token; an absent or empty token ends the listing.
    NextToken,
}

/// A condition a caller waits for by polling the action: `wait_until_<name>` in the client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Waiter {
    /// snake_case name of the condition: `dts_job_synchronizing` gives
    /// `wait_until_dts_job_synchronizing`.
    pub name: String,
    /// Optional request parameters the `wait_until_` method takes as arguments, after the
    /// action's required ones: the parameters that name the resource waited for (`DtsJobId`,
    /// which `DescribeDtsJobDetail` documents as required without enforcing it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<String>,
    /// Dotted path of the response field the acceptors compare: `Status`.
    pub path: String,
    /// Values of `path` that end the wait successfully.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub success: Vec<String>,
    /// Values of `path` from which the awaited state can no longer be reached.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failure: Vec<String>,
    /// Error codes that end the wait successfully (waiting for a resource to be gone).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub success_errors: Vec<String>,
    /// Error codes to keep polling through instead of failing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retry_errors: Vec<String>,
    /// Default seconds before the first retry and the floor of the backoff.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_delay_secs: Option<u64>,
    /// Default ceiling of the backoff between polls, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_delay_secs: Option<u64>,
    /// Default time the whole wait may take, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_wait_secs: Option<u64>,
}

impl Waiter {
    /// The first delay of a waiter that declares none, in seconds.
    pub const DEFAULT_MIN_DELAY_SECS: u64 = 3;
    /// The ceiling of the backoff of a waiter that declares none, in seconds.
    pub const DEFAULT_MAX_DELAY_SECS: u64 = 30;
    /// The longest wait of a waiter that declares none, in seconds.
    pub const DEFAULT_MAX_WAIT_SECS: u64 = 600;

    /// The first delay and floor of the backoff: the declared one, or the default.
    pub fn min_delay(&self) -> u64 {
        self.min_delay_secs.unwrap_or(Self::DEFAULT_MIN_DELAY_SECS)
    }

    /// The ceiling of the backoff: the declared one, or the default.
    pub fn max_delay(&self) -> u64 {
        self.max_delay_secs.unwrap_or(Self::DEFAULT_MAX_DELAY_SECS)
    }

    /// The longest wait: the declared one, or the default.
    pub fn max_wait(&self) -> u64 {
        self.max_wait_secs.unwrap_or(Self::DEFAULT_MAX_WAIT_SECS)
    }
}

/// An HTTP method an action accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum HttpMethod {
    /// `POST /` with the parameters in the query string or form body.
    #[serde(rename = "POST")]
    Post,
    /// `GET /` with the parameters in the query string.
    #[serde(rename = "GET")]
    Get,
}

impl HttpMethod {
    /// The method as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Post => "POST",
            HttpMethod::Get => "GET",
        }
    }
}

fn default_methods() -> Vec<HttpMethod> {
    vec![HttpMethod::Post, HttpMethod::Get]
}

fn is_default_methods(m: &[HttpMethod]) -> bool {
    m == default_methods().as_slice()
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// What an action does to the resources it names, from least to most harmful.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    /// Only reads: describe, list, count.
    ReadOnly,
    /// Changes resources in a way that can be undone or repeated: create, configure, modify,
    /// start, suspend, tag.
    Write,
    /// Removes resources or their state, or interrupts them: delete, reset, stop, release.
    Destructive,
}

impl Access {
    /// Every class, from least to most harmful.
    pub const ALL: [Access; 3] = [Access::ReadOnly, Access::Write, Access::Destructive];

    /// The name as written in a spec file.
    pub fn as_str(self) -> &'static str {
        match self {
            Access::ReadOnly => "read_only",
            Access::Write => "write",
            Access::Destructive => "destructive",
        }
    }
}

impl std::fmt::Display for Access {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The wire type of a parameter, a field or an array's items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Type {
    /// A UTF-8 string.
    String,
    /// A 32-bit signed integer.
    Integer,
    /// A 64-bit signed integer.
    Long,
    /// `true` or `false`.
    Boolean,
    /// A 32-bit float.
    Float,
    /// A 64-bit float.
    Double,
    /// A list; `items` says of what.
    Array,
    /// A structure; `fields` lists its members.
    Object,
    /// Any JSON value, kept as is.
    Any,
}

impl Type {
    /// Every type name, in the order the spec format documents them.
    pub const ALL: [Type; 9] = [
        Type::String,
        Type::Integer,
        Type::Long,
        Type::Boolean,
        Type::Float,
        Type::Double,
        Type::Array,
        Type::Object,
        Type::Any,
    ];

    /// The name as written in a spec file.
    pub fn as_str(self) -> &'static str {
        match self {
            Type::String => "String",
            Type::Integer => "Integer",
            Type::Long => "Long",
            Type::Boolean => "Boolean",
            Type::Float => "Float",
            Type::Double => "Double",
            Type::Array => "Array",
            Type::Object => "Object",
            Type::Any => "Any",
        }
    }

    /// Whether the type is a single value rather than an array or object.
    pub fn is_scalar(self) -> bool {
        !matches!(self, Type::Array | Type::Object | Type::Any)
    }
}

impl std::fmt::Display for Type {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a request parameter travels.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Location {
    /// In the query string (the default for RPC actions).
    #[default]
    Query,
    /// In an `application/x-www-form-urlencoded` body.
    Body,
}

/// How a non-scalar request parameter is flattened into `name=value` pairs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Style {
    /// Scalars as they are; arrays of scalars as `Name.1`, `Name.2`; objects as
    /// `Name.Field`. This is the RPC default.
    #[default]
    Flat,
    /// Arrays as `Name.1`, `Name.2` (the metadata's `repeatList`).
    RepeatList,
    /// The value serialized as one JSON string (`Name=[{"a":1}]`).
    Json,
    /// Arrays of scalars joined with commas (`Name=a,b`).
    Simple,
}

/// One documented valid value of a parameter or field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumValue {
    /// The value as sent on the wire.
    pub value: String,
    /// What the value means.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Documented limits on a parameter's value.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Constraints {
    /// Smallest allowed number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<f64>,
    /// Largest allowed number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<f64>,
    /// Shortest allowed string, in characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    /// Longest allowed string, in characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    /// Most items an array may hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u64>,
    /// A regular expression the value matches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
}

impl Constraints {
    /// Whether no constraint is set.
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

/// The shape of an array's items (and, recursively, of their items or fields).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Items {
    /// The items' type.
    #[serde(rename = "type")]
    pub ty: Type,
    /// For arrays of arrays: the inner items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<Items>>,
    /// For arrays of objects: the objects' fields.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
    /// For object items: the Rust name of the generated struct (derived from the field name
    /// when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub struct_name: Option<String>,
    /// Valid values of scalar items.
    #[serde(default, rename = "enum", skip_serializing_if = "Vec::is_empty")]
    pub enum_values: Vec<EnumValue>,
}

/// A request parameter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Param {
    /// Name on the wire (`SynchronizationJobId`).
    pub name: String,
    /// Rust identifier to use instead of the snake_case form of `name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust_name: Option<String>,
    /// Wire type.
    #[serde(rename = "type")]
    pub ty: Type,
    /// For arrays: the items' shape.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<Items>>,
    /// For objects: the fields.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
    /// Whether the API enforces it: a call without it is refused. Required parameters are
    /// positional arguments of the generated method, and the emulator refuses calls without them.
    #[serde(default)]
    pub required: bool,
    /// Whether the documentation marks it as required although the API does not enforce it
    /// (Alibaba's metadata: `required: false, docRequired: true`). Usually one of several ways
    /// to name a resource (`DtsJobId` or `DtsInstanceId`). An optional setter whose docs say so;
    /// never together with `required`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub doc_required: bool,
    /// Example value from the documentation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// What the parameter means.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Documented valid values; the generator turns them into an enum.
    #[serde(default, rename = "enum", skip_serializing_if = "Vec::is_empty")]
    pub enum_values: Vec<EnumValue>,
    /// Rust name of the generated enum, shared by every parameter declaring it (with the same
    /// values); when absent, the action's own enum `<Action><Name>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enum_name: Option<String>,
    /// Value the service assumes when the parameter is not sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// Documented limits.
    #[serde(default, skip_serializing_if = "Constraints::is_empty")]
    pub constraints: Constraints,
    /// Where the parameter travels.
    #[serde(default, rename = "in", skip_serializing_if = "is_default")]
    pub location: Location,
    /// How a non-scalar value is flattened.
    #[serde(default, skip_serializing_if = "is_default")]
    pub style: Style,
    /// Whether the service marks the parameter as deprecated.
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
}

/// A response field (or a field of a nested object).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// Name in the JSON body (`RequestId`).
    pub name: String,
    /// Rust identifier to use instead of the snake_case form of `name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust_name: Option<String>,
    /// Documented type.
    #[serde(rename = "type")]
    pub ty: Type,
    /// Other JSON types the field has been documented or seen with; the client accepts them
    /// too (`Success` is a String on some pages and a Boolean on others).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accepts: Vec<Type>,
    /// For arrays: the items' shape.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<Items>>,
    /// For objects: the fields.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
    /// For objects: the Rust name of the generated struct (derived from `name` when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub struct_name: Option<String>,
    /// Example value from the documentation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// What the field means.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Documented values the field takes.
    #[serde(default, rename = "enum", skip_serializing_if = "Vec::is_empty")]
    pub enum_values: Vec<EnumValue>,
}

/// A documented error code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorCode {
    /// The code in the error body (`Throttling.User`).
    pub code: String,
    /// HTTP status the service answers with.
    pub http_status: u16,
    /// The error message the service sends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// What the error means and what to do about it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether retrying the same call later can succeed; when absent the client decides from
    /// the code and status (throttling and 5xx retry).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retryable: Option<bool>,
}

/// Sample request and responses from the documentation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    /// The sample request as the page shows it (a URL with query parameters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<String>,
    /// The sample JSON response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_json: Option<serde_json::Value>,
    /// The sample XML response, as text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_xml: Option<String>,
}

impl Examples {
    /// Whether no example is present.
    pub fn is_empty(&self) -> bool {
        self.request.is_none() && self.response_json.is_none() && self.response_xml.is_none()
    }
}

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

/// A loaded spec: the service plus every action, sorted by action name.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    /// `service.json`.
    pub service: Service,
    /// The actions, sorted by name.
    pub actions: Vec<Action>,
}

impl Spec {
    /// The action with this wire name.
    pub fn action(&self, name: &str) -> Option<&Action> {
        self.actions.iter().find(|a| a.name == name)
    }
}

impl Action {
    /// The request parameter with this wire name.
    pub fn param(&self, name: &str) -> Option<&Param> {
        self.request.iter().find(|p| p.name == name)
    }

    /// The method the client sends: the first listed, `POST` when none is.
    pub fn preferred_method(&self) -> HttpMethod {
        self.methods.first().copied().unwrap_or(HttpMethod::Post)
    }

    /// The response field a dotted path (`TagResources.TagResource`) names, descending through
    /// objects only; `None` when a segment is missing or crosses a non-object.
    pub fn response_field(&self, path: &str) -> Option<&Field> {
        let mut fields = self.response.as_slice();
        let mut found = None;
        for segment in path.split('.') {
            if found.is_some_and(|f: &Field| f.ty != Type::Object) {
                return None;
            }
            let field = fields.iter().find(|f| f.name == segment)?;
            fields = field.fields.as_slice();
            found = Some(field);
        }
        found
    }
}
