//! Typed async client for Alibaba Cloud Data Transmission Service (DTS), API version
//! `2020-01-01`.
//!
//! The runtime here signs requests (RPC signature V1 by default, or V3 `ACS3-HMAC-SHA256`, see
//! [`signing`]), finds credentials, sends over HTTPS with reqwest, retries what is worth
//! retrying and turns every failure into one [`Error`]. The per-action methods are generated
//! from the spec files in `dts-spec/specs/`, and so is [`CATALOG`], the same actions as data
//! (see [`catalog`]) for tools that offer every action.
//!
//! ```no_run
//! use dts_client::prelude::*;
//! use dts_client::rt::{CallOptions, Params};
//!
//! # async fn run() -> Result<(), Error> {
//! let client = Client::builder()
//!     .region("cn-hangzhou")
//!     .credentials(Credentials::from_env()?)
//!     .build()?;
//!
//! let mut params = Params::default();
//! params.push("SynchronizationJobId", "dtsf19100l2186****");
//! match client.call("StartSynchronizationJob", params, CallOptions::new()).await {
//!     Ok(body) => println!("request id {}", body["RequestId"]),
//!     Err(e) if e.is_retryable() => eprintln!("try again later: {e}"),
//!     Err(e) => eprintln!("error: {e}"),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! Signatures can be checked offline with [`signing::v1::sign`]:
//!
//! ```
//! let signed = dts_client::signing::v1::sign("GET", [("Action", "DescribeRegions")], "secret");
//! assert_eq!(signed.string_to_sign, "GET&%2F&Action%3DDescribeRegions");
//! ```

#![deny(missing_docs)]

mod builder;
mod call;
pub mod catalog;
mod client;
pub mod config;
pub mod credentials;
mod error;
pub mod paginate;
mod params;
mod response;
pub mod retry;
pub mod rt;
mod service;
pub mod signing;
pub mod sources;
pub mod sts;
mod transport;
pub mod waiter;

pub use client::{Client, SignedRequest};
pub use config::ClientBuilder;
pub use credentials::{Credentials, ProvideCredentials};
pub use error::{ActionError, Error, ErrorKind};
#[doc(hidden)]
pub use response::{classify_response, classify_typed};

/// The names most programs need: `use dts_client::prelude::*;`.
pub mod prelude {
    pub use crate::{
        ActionError, Client, ClientBuilder, Credentials, Error, ErrorKind, ProvideCredentials,
    };
}

mod generated;
pub use generated::*;
