//! The client against a real loopback HTTP server (`tests/support`): what it sends, how it
//! retries, how it reports errors and timeouts, and what it keeps secret.

#[path = "../support/mod.rs"]
mod support;

mod errors;
mod redaction;
mod requests;
mod retries;
mod timeouts;

pub use support::fixtures::*;
