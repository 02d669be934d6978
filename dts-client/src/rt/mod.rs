//! Support for generated code: the small, non-generic pieces every generated action uses.
//!
//! Generated request types write their parameters into [`Params`], describe themselves with a
//! static [`Operation`], decode responses with the lenient readers in [`decode`], and are sent
//! as a [`Pending`] call. Keeping this logic here, not in each action, is what keeps the
//! generated code small.

pub mod decode;
mod macros;
mod pending;
mod raw;

pub use pending::Pending;
/// The JSON document type generated response readers take: re-exported so that a crate using
/// generated or derived code needs no `serde_json` dependency of its own.
pub use serde_json::Value;

/// What generated paginators and waiters implement and return.
#[doc(no_inline)]
pub use crate::catalog::{PaginationStyle, PaginatorInfo, WaiterInfo};
#[doc(no_inline)]
pub use crate::paginate::{Call, CallFuture, Paged, Paginator};
#[doc(no_inline)]
pub use crate::waiter::{GoneWaiter, Waiter};

/// The runtime items generated code names, re-exported so that generated modules reach every
/// runtime item through `rt` (a lowercase name no generated type can shadow).
#[doc(no_inline)]
pub use crate::{ActionError, Client, Error};

pub use crate::call::{CallOptions, Operation};
/// The core types generated code names, re-exported from where they are defined.
pub use crate::catalog;
pub use crate::params::{Encode, FlatObject, Params, Style};
pub use crate::service::ServiceInfo;

/// The impls every action's error enum shares (`From<Error>`, `ActionError`, `Display`,
/// `std::error::Error`), for generated code.
pub use crate::__action_error as action_error;
/// A text of the table of operations, kept only with the `descriptions` feature.
pub use crate::__catalog_text as catalog_text;
/// `ActionError`, `Display` and `std::error::Error` for an error enum, for generated code.
pub use crate::__error_impls as error_impls;
/// `FlatObject` for a request struct, for generated code.
pub use crate::__flat_object as flat_object;
/// `Decode`, `PartialEq` and the body accessors of an output, for generated code.
pub use crate::__output as output;
/// The methods every request builder shares (`timeout`, `max_attempts`, `send`), for
/// generated code.
pub use crate::__request_methods as request_methods;
/// `Decode` for a response struct, for generated code.
pub use crate::__response as response;
pub use raw::RawBody;

/// The top-level response members the client reads itself to tell a failure from a success
/// (see [`Error`]), and which generated outputs therefore leave out. A copy of
/// `dts_spec::names::ENVELOPE` (the runtime does not depend on `dts-spec`); a test holds the
/// two equal.
pub const ENVELOPE: [&str; 6] = [
    "DynamicCode",
    "DynamicMessage",
    "ErrCode",
    "ErrMessage",
    "HttpStatusCode",
    "Success",
];
