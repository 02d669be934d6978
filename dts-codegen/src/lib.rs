//! The DTS client generator: spec -> IR -> tokens -> formatted Rust source.
//!
//! `dts-client`'s build script, the `dts-macros` proc-macros and the `dts-codegen` command are
//! thin front ends over this library. Resolving the spec into an intermediate representation does
//! all fallible work (names, types, enums, error variants) and reports every problem as a
//! located [`Diagnostic`]; the emitters then turn it into tokens and cannot fail; `prettyplease`
//! formats the result.
//!
//! # What is generated
//!
//! For each action `Foo`, a module `operation::foo` holding `FooInput` (the parameters),
//! `FooRequest` (the builder `send` is called on), `FooOutput` (the response, with nested
//! structs), `FooError` (a variant per error code only `Foo` documents, `Common` wrapping a
//! `CommonError` for the service's common codes, and a fallback),
//! `OPERATION`, and the client method `foo(&self, <required parameters>)`. Shared by all
//! actions: the `types` module (an enum per set of documented valid values, with a fallback
//! variant), `CommonError` (a variant per common error code of `service.json`) and `SERVICE`
//! (version and endpoints from `service.json`).
//!
//! All shared behaviour lives in the runtime (`dts-client`'s `rt` module), which the code names
//! through [`Options::runtime`]: the call itself (`rt::Pending`, one boxed future for every
//! action), lenient decoding, and the impls every action has (`rt::request_methods!`,
//! `rt::action_error!`, `rt::response!`). Generated functions are `#[inline]`, so a crate
//! compiles only the ones it calls; the rest costs type checking, not code generation.
//!
//! ```
//! let spec = dts_spec::bundled().unwrap();
//! let source = dts_codegen::generate(spec, &dts_codegen::Options::in_crate());
//! assert!(source.contains("pub fn start_synchronization_job("));
//! ```

#![deny(missing_docs)]

mod emit;
mod format;
mod ir;
mod options;
mod paths;
mod surface;

use std::path::Path;

use dts_spec::Spec;

pub use dts_spec::Diagnostic;
pub use format::HEADER;
pub use options::{Options, Target};
pub use proc_macro2::TokenStream;
pub use surface::{ApiDiff, ApiSurface};

/// Generates the client for `spec` as formatted Rust source.
///
/// Anything the generator cannot name (possible only for a spec that did not go through
/// [`dts_spec::load_dir`]'s validation) becomes one `compile_error!` per problem, so the
/// output always says what is wrong. Use [`try_generate`] to get the diagnostics instead.
pub fn generate(spec: &Spec, options: &Options) -> String {
    match try_generate(spec, options) {
        Ok(source) => source,
        Err(diags) => format::format(compile_errors(&diags)),
    }
}

/// Generates the client for `spec` as formatted Rust source, or every problem found.
pub fn try_generate(spec: &Spec, options: &Options) -> Result<String, Vec<Diagnostic>> {
    ir::build(spec, options).map(|ir| format::source(&ir))
}

/// Generates the client for `spec` as tokens, for proc-macros, or every problem found.
pub fn generate_tokens(spec: &Spec, options: &Options) -> Result<TokenStream, Vec<Diagnostic>> {
    ir::build(spec, options).map(|ir| emit::file(&ir))
}

/// Loads and validates the spec directory `dir`, then generates its client as formatted Rust
/// source; on failure returns every diagnostic (spec errors and generator errors alike).
pub fn generate_dir(dir: &Path, options: &Options) -> Result<String, Vec<Diagnostic>> {
    let loaded = dts_spec::load_dir(dir)?;
    try_generate(&loaded.spec, options)
}

/// `compile_error!("...")` for each error among `diags` (warnings are left out).
pub fn compile_errors(diags: &[Diagnostic]) -> TokenStream {
    let messages = diags.iter().filter(|d| d.is_error()).map(|d| d.to_string());
    quote::quote!(#(::core::compile_error!(#messages);)*)
}
