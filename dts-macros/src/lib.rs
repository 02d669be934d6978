//! Procedural macros for crates that call Alibaba Cloud DTS through `dts-client`.
//!
//! - [`generate!`] turns a spec directory of your own (`service.json` plus
//!   `actions/<Action>.json`, the format of `dts-spec`) into a typed client at compile time,
//!   with the same generator that builds `dts-client`'s own methods.
//! - [`derive@Action`] declares one action by hand, for an action no spec describes yet;
//!   [`derive@Decode`] reads its response. The call goes through the same runtime client, so
//!   it is signed, retried and turned into `dts_client::Error`s like every generated call.
//!
//! Both need `dts-client` among the calling crate's dependencies, and nothing else: generated
//! code reaches JSON through `dts_client::rt::Value`.
//!
//! # `generate!`
//!
//! A crate keeps its spec directory beside its `Cargo.toml` (`specs/`) and writes
//! `dts_macros::generate!("specs")`. This example uses the spec directory of the repository's
//! downstream test crate, which holds `DescribeDtsServiceLog`:
//!
//! ```no_run
//! dts_macros::generate!("../tests/downstream/specs", module = dts_ops);
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! // `dts_ops::SERVICE` carries the spec's API version and endpoints.
//! let runtime = dts_client::ClientBuilder::new(&dts_ops::SERVICE)
//!     .region("cn-hangzhou")
//!     .credentials(dts_client::Credentials::from_env()?)
//!     .build()?;
//! let client = dts_ops::Client::from(runtime);
//! let out = client
//!     .describe_dts_service_log("c1yr56py103****") // the required `DtsJobId`
//!     .page_size(20)
//!     .send()
//!     .await?;
//! for entry in &out.service_log_contexts {
//!     println!("{:?} {:?}", entry.time, entry.context);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! More compiled uses are in the repository's `tests/ui/pass/` and `tests/downstream/`.
//!
//! # `#[derive(Action)]` and `#[derive(Decode)]`
//!
//! ```no_run
//! use dts_macros::{Action, Decode};
//!
//! /// `DescribePreCheckStatus`: the progress of a task's precheck.
//! #[derive(Action)]
//! #[dts(action = "DescribePreCheckStatus", output = PreCheckStatus, idempotent)]
//! struct DescribePreCheckStatus {
//!     dts_job_id: String,              // required: sent as `DtsJobId`
//!     job_code: String,                // `JobCode`
//!     page_size: Option<i32>,          // optional: sent when `Some`
//!     #[dts(rename = "StructType")]
//!     kind: Option<String>,
//! }
//!
//! #[derive(Debug, Decode)]
//! struct PreCheckStatus {
//!     request_id: Option<String>,      // read from `RequestId`
//!     state: Option<String>,
//!     total: i32,                      // absent or unreadable: 0
//!     job_progress: Vec<ProgressItem>, // a list of nested objects
//! }
//!
//! #[derive(Debug, Decode)]
//! struct ProgressItem {
//!     item: Option<String>,
//!     state: Option<String>,
//! }
//!
//! # async fn run(client: dts_client::Client) -> Result<(), dts_client::Error> {
//! let status = DescribePreCheckStatus {
//!     dts_job_id: "i03e3zty16i****".into(),
//!     job_code: "01".into(),
//!     page_size: Some(30),
//!     kind: None,
//! }
//! .send(&client)
//! .await?;
//! println!("{:?}: {} checks", status.state, status.total);
//! # Ok(())
//! # }
//! ```

#![deny(missing_docs)]

mod derive;
mod generate;
mod paths;

use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

/// Generates a typed client from a spec directory, at compile time.
///
/// ```no_run
/// // Every action of the spec (usually `generate!("specs")`, a directory beside Cargo.toml).
/// dts_macros::generate!("../tests/downstream/specs");
///
/// // Only some actions, inside `pub mod dts_ops`.
/// dts_macros::generate!(
///     "../tests/downstream/specs",
///     actions = ["DescribeDtsServiceLog"],
///     module = dts_ops,
/// );
///
/// // A path relative to this file rather than to the crate's manifest directory.
/// dts_macros::generate!("../../tests/downstream/specs", relative_to = file, module = near);
/// # fn main() {}
/// ```
///
/// The path is relative to the calling crate's `CARGO_MANIFEST_DIR`, or with
/// `relative_to = file` to the directory of the file holding the call (as `include_str!`
/// reads paths). The output is `dts-codegen`'s wrapper target bound to `::dts_client`:
/// `SERVICE` (the spec's version and endpoints), the `operation` and `types` modules, and a
/// `Client` that wraps a `dts_client::Client` (`Client::from(runtime)`) with one method per
/// action.
///
/// Options:
/// - `actions = ["A", "B"]`: generate only these actions (an unknown name is an error listing
///   the spec's actions);
/// - `module = name`: wrap everything in `pub mod name` (needed for two calls in one module).
///
/// Every spec file is read with `include_str!`, so editing one rebuilds the crate. A file
/// added to `actions/` is not seen until something else changes; a build script printing
/// `cargo:rerun-if-changed=specs` covers that too. A spec error is a compile error naming the
/// file and the JSON pointer of the problem, pointing at the path literal.
#[proc_macro]
pub fn generate(input: TokenStream) -> TokenStream {
    let args = parse_macro_input!(input as generate::Args);
    let call_file = proc_macro::Span::call_site().local_file();
    generate::expand(&args, call_file)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Declares an action by hand: the struct's fields are its parameters.
///
/// On the struct: `#[dts(action = "Name", output = Type)]`, both required, plus
/// `method = "GET"` (default `"POST"`) and `idempotent` (safe to retry after an ambiguous
/// failure). The output type implements `dts_client::rt::decode::Decode` (see
/// [`derive@Decode`]; `serde_json::Value` works too).
///
/// Each field is a parameter whose wire name is the field's name in UpperCamelCase
/// (`dts_job_id` -> `DtsJobId`). Supported types: `String`, `&str`, `i32`, `i64` (and the
/// smaller integers), `bool`, `f32`, `f64`, `serde_json::Value` (sent as a JSON string),
/// `Vec` of those scalars, and `Option` of any of them. Field attributes:
/// - `rename = "WireName"`: the wire name;
/// - `required` / `optional`: a plain field is required and always sent; an `Option` is sent
///   when `Some`; a list when not empty. `optional` on a plain field sends it only when it
///   differs from its type's default. `required` on an `Option` or a `Vec` is refused;
/// - `style = "repeat_list" | "simple" | "json"`: how a `Vec` goes on the wire
///   (`Name.1=a&Name.2=b`, the default; `Name=a,b`; `Name=["a","b"]`);
/// - `skip`: not a parameter.
///
/// The derive adds inherent items: `OPERATION` (a `dts_client::rt::Operation`),
/// `params(&self) -> Params`, `async send(&self, &dts_client::Client) -> Result<Output,
/// dts_client::Error>` and `send_with(&self, &Client, CallOptions)`. A generated wrapper
/// client passes its runtime client with `client.inner()`.
#[proc_macro_derive(Action, attributes(dts))]
pub fn derive_action(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    derive::action::derive(&input).into()
}

/// Implements `dts_client::rt::decode::Decode` for a response struct, leniently.
///
/// Each field reads the member named by its UpperCamelCase name, or `#[dts(rename =
/// "Name")]`: an `Option` field is `None` when the member is absent or unreadable, a `Vec`
/// field accepts an array, a single value or a wrapped array (`{"Item": [...]}`), and any
/// other field falls back to its type's `Default`. Numbers and booleans sent as strings are
/// read, unknown members are ignored, as in generated responses. `#[dts(skip)]` leaves a field
/// at its default. Field types implement `Decode` themselves: scalars, `String`,
/// `serde_json::Value`, or another struct deriving it.
#[proc_macro_derive(Decode, attributes(dts))]
pub fn derive_decode(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    derive::decode::derive(&input).into()
}
