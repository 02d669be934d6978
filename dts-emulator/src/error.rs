//! Why the emulator could not start.

use std::net::SocketAddr;

use crate::faults::FaultSpecError;
use crate::seed::SeedError;

/// An error starting the emulator.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The listening socket could not be opened.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The seed is malformed.
    #[error("invalid seed: {0}")]
    Seed(#[from] SeedError),
    /// The fault spec is out of range.
    #[error("invalid fault spec: {0}")]
    Faults(#[from] FaultSpecError),
    /// The spec to serve does not validate.
    #[error("invalid spec: {0}")]
    Spec(String),
}
