//! The table of operations: every action of the spec with its parameters, as data.
//!
//! The generator writes [`CATALOG`](crate::CATALOG) from the same spec as the typed client, so
//! a tool that offers every action (the `dts` command line, its MCP server) reads names,
//! types, styles and valid values from here instead of loading and interpreting the spec at
//! run time, and sends with the same [`Operation`]s and the same encoder
//! ([`Params::add`](crate::rt::Params::add)) as the typed client.
//!
//! The texts (summaries, notes, parameter and field descriptions) are only kept with the
//! `descriptions` feature (off by default); without it they are `None` or empty, so that a
//! program using only the typed client does not carry them.

use crate::call::Operation;
pub use crate::params::Style;

/// One action: how it is sent, what it does and what it takes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ActionInfo {
    /// How the runtime sends it (name, HTTP method, idempotence).
    pub operation: &'static Operation,
    /// The name of its method on the typed client (`start_synchronization_job`); the command
    /// line's subcommand is the same in kebab case.
    pub method: &'static str,
    /// The summary line of its page (`descriptions` feature).
    pub summary: Option<&'static str>,
    /// The notes of its page (`descriptions` feature).
    pub notes: &'static [&'static str],
    /// Whether the action is deprecated.
    pub deprecated: bool,
    /// What the action does to the resources it names; `None` when the spec does not say.
    pub access: Option<Access>,
    /// Its request parameters, in spec order.
    pub params: &'static [ParamInfo],
    /// How it pages, when it does.
    pub paginator: Option<&'static PaginatorInfo>,
    /// The conditions a caller can wait for by calling it repeatedly.
    pub waiters: &'static [&'static WaiterInfo],
}

impl ActionInfo {
    /// The action's name, as sent in `Action=`.
    pub fn name(&self) -> &'static str {
        self.operation.action
    }

    /// The parameter with the wire name `name`.
    pub fn param(&self, name: &str) -> Option<&'static ParamInfo> {
        self.params.iter().find(|p| p.name == name)
    }
}

/// What an action does to the resources it names, from least to most harmful.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Access {
    /// Only reads.
    ReadOnly,
    /// Changes resources in a way that can be undone or repeated.
    Write,
    /// Removes resources or their state, or interrupts them.
    Destructive,
}

impl Access {
    /// Every class, from least to most harmful.
    pub const ALL: [Access; 3] = [Access::ReadOnly, Access::Write, Access::Destructive];

    /// The name as the spec writes it (`read_only`, `write`, `destructive`).
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
    /// Any JSON value.
    Any,
}

impl Type {
    /// The name as the spec writes it (`String`, `Integer`, ...).
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

    /// Whether the type is a single value rather than an array, object or any JSON value.
    pub fn is_scalar(self) -> bool {
        !matches!(self, Type::Array | Type::Object | Type::Any)
    }

    /// Whether `text` is a value of this scalar type as the wire writes it (`true`/`false`,
    /// decimal numbers, integers in range); always true for strings and non-scalar types.
    /// The same test as `dts_spec::validate::scalar_parses`.
    pub fn parses(self, text: &str) -> bool {
        match self {
            Type::Integer => text.parse::<i32>().is_ok(),
            Type::Long => text.parse::<i64>().is_ok(),
            Type::Boolean => text == "true" || text == "false",
            Type::Float | Type::Double => text.parse::<f64>().is_ok(),
            Type::String | Type::Array | Type::Object | Type::Any => true,
        }
    }
}

impl std::fmt::Display for Type {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One request parameter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParamInfo {
    /// Its wire name (`DtsJobId`).
    pub name: &'static str,
    /// Its command-line flag, without the dashes (`dts-job-id`).
    pub flag: &'static str,
    /// Its Rust name in the typed client (`dts_job_id`).
    pub rust_name: &'static str,
    /// Its wire type.
    pub ty: Type,
    /// What an array holds.
    pub items: Option<&'static ItemInfo>,
    /// The fields of an object.
    pub fields: &'static [FieldInfo],
    /// How it is flattened into pairs.
    pub style: Style,
    /// Whether it travels in the form body rather than the query string.
    pub in_body: bool,
    /// Whether the API refuses a call without it.
    pub required: bool,
    /// Whether the documentation says it is required although the API does not enforce it.
    pub doc_required: bool,
    /// Whether it is deprecated.
    pub deprecated: bool,
    /// Its documented valid values (empty when any value goes).
    pub enum_values: &'static [&'static str],
    /// The value the service assumes when it is absent.
    pub default: Option<&'static str>,
    /// An example value.
    pub example: Option<&'static str>,
    /// Limits the documentation gives.
    pub constraints: Constraints,
    /// Its description (`descriptions` feature).
    pub description: Option<&'static str>,
}

impl ParamInfo {
    /// An optional string parameter with nothing else set, to build entries from
    /// (`ParamInfo { name, flag, rust_name, ty, ..ParamInfo::BLANK }`).
    pub const BLANK: ParamInfo = ParamInfo {
        name: "",
        flag: "",
        rust_name: "",
        ty: Type::String,
        items: None,
        fields: &[],
        style: Style::Flat,
        in_body: false,
        required: false,
        doc_required: false,
        deprecated: false,
        enum_values: &[],
        default: None,
        example: None,
        constraints: Constraints {
            minimum: None,
            maximum: None,
            min_length: None,
            max_length: None,
            max_items: None,
            pattern: None,
        },
        description: None,
    };
}

/// What an array holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItemInfo {
    /// The items' type.
    pub ty: Type,
    /// What the items hold, when they are arrays.
    pub items: Option<&'static ItemInfo>,
    /// The items' fields, when they are objects.
    pub fields: &'static [FieldInfo],
    /// The items' documented valid values.
    pub enum_values: &'static [&'static str],
}

/// One field of an object parameter (or of the objects an array holds).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FieldInfo {
    /// Its wire name.
    pub name: &'static str,
    /// Its type.
    pub ty: Type,
    /// What it holds, when it is an array.
    pub items: Option<&'static ItemInfo>,
    /// Its fields, when it is an object.
    pub fields: &'static [FieldInfo],
    /// Its description (`descriptions` feature).
    pub description: Option<&'static str>,
}

/// Documented limits of a parameter's value.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Constraints {
    /// Smallest value.
    pub minimum: Option<f64>,
    /// Largest value.
    pub maximum: Option<f64>,
    /// Shortest length.
    pub min_length: Option<u64>,
    /// Longest length.
    pub max_length: Option<u64>,
    /// Most items.
    pub max_items: Option<u64>,
    /// A regular expression the value matches.
    pub pattern: Option<&'static str>,
}

/// The two ways actions page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaginationStyle {
    /// `PageNumber` counts from 1; a page shorter than the page size is the last.
    PageNumber,
    /// Each response names the next page's token; an absent or empty token ends the listing.
    NextToken,
}

/// How an action pages: which parameters select a page and where the items are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaginatorInfo {
    /// Page numbers or continuation tokens.
    pub style: PaginationStyle,
    /// The request parameter selecting the page.
    pub input_token: &'static str,
    /// The response field carrying the next page's token (token style only).
    pub output_token: Option<&'static str>,
    /// The request parameter setting the page size.
    pub page_size: Option<&'static str>,
    /// The response field counting the items of all pages.
    pub total: Option<&'static str>,
    /// Dotted path of the response field holding a page's items.
    pub items: &'static str,
}

/// A condition a caller waits for by polling an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaiterInfo {
    /// snake_case name of the condition.
    pub name: &'static str,
    /// Dotted path of the response field compared.
    pub path: &'static str,
    /// Values of `path` that end the wait successfully.
    pub success: &'static [&'static str],
    /// Values of `path` from which the awaited state can no longer be reached.
    pub failure: &'static [&'static str],
    /// Error codes that end the wait successfully.
    pub success_errors: &'static [&'static str],
    /// Error codes to keep polling through.
    pub retry_errors: &'static [&'static str],
    /// Default first delay and lower bound of every delay, in seconds (the spec's, or the
    /// generator's default).
    pub min_delay_secs: u64,
    /// Default upper bound of every delay, in seconds.
    pub max_delay_secs: u64,
    /// Default longest wait, in seconds.
    pub max_wait_secs: u64,
}

/// The action named `name` (its wire name) in `catalog`.
pub fn find(catalog: &'static [ActionInfo], name: &str) -> Option<&'static ActionInfo> {
    catalog.iter().find(|a| a.operation.action == name)
}

/// A text of the table: `Some` with the `descriptions` feature, `None` without (`@list`: the
/// slice of texts, or an empty one).
#[cfg(feature = "descriptions")]
#[doc(hidden)]
#[macro_export]
macro_rules! __catalog_text {
    (@list $($s:literal),* $(,)?) => {
        &[$($s),*]
    };
    ($s:literal) => {
        ::core::option::Option::Some($s)
    };
}

/// A text of the table: `Some` with the `descriptions` feature, `None` without (`@list`: the
/// slice of texts, or an empty one).
#[cfg(not(feature = "descriptions"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __catalog_text {
    (@list $($s:literal),* $(,)?) => {
        &[]
    };
    ($s:literal) => {
        ::core::option::Option::None
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalar_texts_parse_as_their_type() {
        assert!(Type::Integer.parses("-5"));
        assert!(!Type::Integer.parses("3000000000"));
        assert!(Type::Long.parses("3000000000"));
        assert!(Type::Boolean.parses("true") && !Type::Boolean.parses("yes"));
        assert!(Type::Double.parses("1.5") && !Type::Double.parses("1,5"));
        assert!(Type::String.parses("anything"));
    }
}
